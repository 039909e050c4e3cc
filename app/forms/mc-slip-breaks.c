/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where centred lines break. The national header names administrative
 * units ("Ủy ban nhân dân tỉnh Đồng Nai"), and a name cut in two
 * ("TỈNH ĐỒNG / NAI") reads as a mistake on an official paper. So a centred
 * text that needs more than one line keeps each unit's name together when
 * it fits on a line, breaks before a unit's name when that costs no extra
 * line, and otherwise has its lines balanced (the narrowest width that
 * keeps the same number of lines), the way a typist would centre it. The
 * breaks are written into the markup as newlines, so the layout keeps its
 * full width and stays centred where the caller draws it. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "mc-slip-private.h"

#define PS ((double) PANGO_SCALE)
#define WORD_JOINER "\xe2\x81\xa0"   /* U+2060: no break on either side */

/* The words that open the name of an administrative unit (two-level
 * government since 1 July 2025, and the older ones still on papers). */
#define UNIT_WORD "(?:thành phố|tỉnh|đặc khu|thị xã|thị trấn|xã|phường|huyện|quận)"

static GRegex *
unit_name_regex (void)
{
  static gsize once;
  static GRegex *regex;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) error = NULL;
      /* A unit word at the start of a word, then up to four words of its
       * name, stopping at punctuation, markup or the next unit word. */
      regex = g_regex_new ("(?<![^\\s>])" UNIT_WORD
                                      "(?: (?!" UNIT_WORD "(?:[\\s,;]|$))[^\\s<>&,;()]+){1,5}",
                                      G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);

      g_assert_no_error (error);
      g_once_init_leave (&once, 1);
    }
  return regex;
}

/* Sets @markup and counts its lines; 0 when a line had to be broken
 * inside a word (the wrap mode's last resort), which never counts as a
 * good layout. */
static int
line_count (PangoLayout *layout,
            const char  *markup)
{
  const PangoLogAttr *attrs;
  const char *text;
  int n_attrs;
  GSList *lines;

  pango_layout_set_markup (layout, markup, -1);
  text = pango_layout_get_text (layout);
  attrs = pango_layout_get_log_attrs_readonly (layout, &n_attrs);
  lines = pango_layout_get_lines_readonly (layout);
  for (GSList *l = lines != NULL ? lines->next : NULL; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      glong offset = g_utf8_pointer_to_offset (text, text + line->start_index);

      if (offset > 0 && offset < n_attrs && !attrs[offset].is_line_break
          && text[line->start_index - 1] != '\n')
        return 0;
    }
  return pango_layout_get_line_count (layout);
}

/* Joins the words of each unit name that fits on one line. */
static char *
glue_unit_names (PangoLayout *layout,
                 const char  *markup)
{
  g_autoptr(PangoLayout) probe = pango_layout_copy (layout);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int width = pango_layout_get_width (layout);
  int last = 0;

  g_regex_match (unit_name_regex (), markup, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 0);
      int start, end, w, h;

      g_match_info_fetch_pos (match, 0, &start, &end);
      g_string_append_len (out, markup + last, start - last);

      pango_layout_set_width (probe, -1);
      pango_layout_set_text (probe, name, -1);
      pango_layout_get_size (probe, &w, &h);
      if (w <= width)
        {
          for (const char *p = name; *p != '\0'; p++)
            {
              g_string_append_c (out, *p);
              if (*p == ' ')
                g_string_append (out, WORD_JOINER);
            }
        }
      else
        g_string_append (out, name);

      last = end;
      g_match_info_next (match, NULL);
    }
  g_string_append (out, markup + last);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The byte offset in @markup of the character at byte @text_index of the
 * text pango made of it (tags skipped, entities counted as what they
 * stand for). */
static gsize
markup_offset (const char *markup,
               int         text_index)
{
  const char *p = markup;
  int seen = 0;

  while (*p != '\0' && seen < text_index)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          p = end != NULL ? end + 1 : p + strlen (p);
        }
      else if (*p == '&')
        {
          const char *end = strchr (p, ';');
          gunichar c = '?';

          if (end == NULL)
            return strlen (markup);
          if (p[1] == '#')
            c = p[2] == 'x' ? (gunichar) g_ascii_strtoull (p + 3, NULL, 16)
                            : (gunichar) g_ascii_strtoull (p + 2, NULL, 10);
          seen += c < 0x80 ? 1 : g_unichar_to_utf8 (c, NULL);
          p = end + 1;
        }
      else
        {
          seen++;
          p++;
        }
    }
  /* Tags opening at the break belong to the next line. */
  return p - markup;
}

/* @markup with a newline in place of the space before each line that
 * @layout (already set from @markup) starts. */
static char *
freeze_breaks (PangoLayout *layout,
               const char  *markup)
{
  g_autoptr(GString) out = g_string_new (markup);
  GSList *lines = pango_layout_get_lines_readonly (layout);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (GSList *l = lines != NULL ? lines->next : NULL; l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      gsize at = markup_offset (markup, line->start_index);

      g_array_append_val (starts, at);
    }

  /* Backwards, so earlier offsets stay valid. */
  for (guint i = starts->len; i > 0; i--)
    {
      gsize at = g_array_index (starts, gsize, i - 1);

      /* The space the line broke at becomes the newline; after a hyphen
       * or a slash the newline is added. */
      if (at > 0 && out->str[at - 1] == ' ')
        out->str[at - 1] = '\n';
      else
        g_string_insert_c (out, at, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * mc_slip_break_centred:
 * @layout: a centred layout with its width set
 * @markup: the markup to show in it
 *
 * Sets @markup on @layout with its line breaks chosen as described above.
 */
void
mc_slip_break_centred (PangoLayout *layout,
                       const char  *markup)
{
  g_autofree char *glued = glue_unit_names (layout, markup);
  g_autoptr(GMatchInfo) match = NULL;
  int width = pango_layout_get_width (layout);
  int lines, low, high;

  lines = line_count (layout, glued);
  if (lines <= 1 || width <= 0)
    return;

  /* A break before a unit's name, if it costs no extra line. */
  g_regex_match (unit_name_regex (), glued, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;

      g_match_info_fetch_pos (match, 0, &start, &end);
      if (start > 0 && glued[start - 1] == ' ')
        {
          g_autofree char *candidate = g_strdup (glued);

          candidate[start - 1] = '\n';
          if (line_count (layout, candidate) == lines)
            return;
        }
      g_match_info_next (match, NULL);
    }

  /* Otherwise balanced lines: the narrowest width with as many lines. */
  low = width / lines;
  high = width;
  while (high - low > PANGO_SCALE / 2)
    {
      int mid = low + (high - low) / 2;

      pango_layout_set_width (layout, mid);
      if (line_count (layout, glued) == lines)
        high = mid;
      else
        low = mid;
    }
  pango_layout_set_width (layout, high);
  if (line_count (layout, glued) == lines)
    {
      g_autofree char *frozen = freeze_breaks (layout, glued);

      pango_layout_set_width (layout, width);
      if (line_count (layout, frozen) == lines)
        return;
    }
  pango_layout_set_width (layout, width);
  line_count (layout, glued);
}
