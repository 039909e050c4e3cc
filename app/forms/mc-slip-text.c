/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Template texts: split into literal markup and {placeholders} when a
 * template is read, and filled with data when a slip is drawn. Values are
 * escaped before they meet the template's markup, so a name with "<" or "&"
 * prints as written and can never change the layout. A missing value prints
 * as the dotted blank of the paper forms, never as "(null)". Dates are ISO
 * 8601 in the data and printed with the template's own format, in
 * Vietnamese words that live in the template, not here. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "mc-slip-private.h"

#define DOT "\xe2\x80\xa6"   /* U+2026 HORIZONTAL ELLIPSIS, as on the paper forms */

void
mc_slip_expanded_clear (McSlipExpanded *expanded)
{
  g_clear_pointer (&expanded->markup, g_free);
  expanded->fill_at = -1;
}

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return s[n] == '\0';
}

/* Accepts ISO 8601 (with or without a zone; a date alone; a space instead
 * of "T") and the portal's yyyyMMddHHmmss. A value without a zone is the
 * desk's local time. */
static GDateTime *
parse_time (const char *value)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *copy = g_strstrip (g_strdup (value));
  int y, mo, d, h = 0, mi = 0, s = 0;
  GDateTime *time;

  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';

  time = g_date_time_new_from_iso8601 (copy, local);
  if (time != NULL)
    return time;

  if (strlen (copy) == 10 && sscanf (copy, "%4d-%2d-%2d", &y, &mo, &d) == 3)
    return g_date_time_new (local, y, mo, d, 0, 0, 0);

  if (strlen (copy) == 14 && all_digits (copy, 14)
      && sscanf (copy, "%4d%2d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6)
    return g_date_time_new (local, y, mo, d, h, mi, s);

  return NULL;
}

/* strftime-like, plus %N: the month as Decree 30/2020 writes it in dates
 * (01 and 02 with a leading zero, 3 to 12 without). */
static char *
format_time (GDateTime  *time,
             const char *format)
{
  g_autoptr(GString) expanded = g_string_new (NULL);

  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'N')
        {
          int month = g_date_time_get_month (time);

          g_string_append_printf (expanded, month < 3 ? "%02d" : "%d", month);
          p++;
        }
      else if (p[0] == '%' && p[1] != '\0')
        {
          g_string_append_c (expanded, p[0]);
          g_string_append_c (expanded, p[1]);
          p++;
        }
      else
        g_string_append_c (expanded, *p);
    }

  return g_date_time_format (time, expanded->str);
}

/* The value of one placeholder, or NULL when it is missing. */
static char *
lookup (const McSlipContext *ctx,
        const McSlipPart    *part)
{
  const char *raw = NULL;
  g_autofree char *owned = NULL;
  GHashTable *map;

  if (g_str_equal (part->field, "#"))
    {
      if (ctx->table == NULL || ctx->blank_row)
        return NULL;
      return g_strdup_printf ("%u", ctx->row + 1);
    }
  if (g_str_equal (part->field, "page") && ctx->page > 0)
    return g_strdup_printf ("%d", ctx->page);
  if (g_str_equal (part->field, "pages") && ctx->pages > 0)
    return g_strdup_printf ("%d", ctx->pages);

  if (ctx->table != NULL)
    {
      if (!ctx->blank_row)
        raw = mc_slip_data_get_cell (ctx->data, ctx->table, ctx->row, part->field);
    }
  else
    {
      raw = mc_slip_data_get (ctx->data, part->field);
      if (is_blank (raw) && g_str_equal (part->field, "issued_at") && ctx->now != NULL)
        raw = owned = g_date_time_format_iso8601 (ctx->now);
    }

  if (is_blank (raw))
    return NULL;

  map = g_hash_table_lookup (ctx->tmpl->values, part->field);
  if (map != NULL && g_hash_table_contains (map, raw))
    raw = g_hash_table_lookup (map, raw);
  else if (map != NULL && g_hash_table_contains (map, "*"))
    {
      /* Any other value, printed through the pattern: "{} ngày làm việc". */
      g_auto(GStrv) pieces = g_strsplit (g_hash_table_lookup (map, "*"), "{}", -1);
      g_autofree char *patterned = g_strjoinv (raw, pieces);

      g_free (owned);
      raw = owned = g_steal_pointer (&patterned);
    }

  if (part->format != NULL)
    {
      g_autoptr(GDateTime) time = parse_time (raw);

      if (time != NULL)
        {
          char *formatted = format_time (time, part->format);

          if (formatted != NULL)
            return formatted;
        }
    }

  return g_strdup (raw);
}

/* Upper-cases the text of a piece of markup, leaving tags and entities. */
static void
append_upper_markup (GString    *out,
                     const char *markup)
{
  const char *p = markup;

  while (*p != '\0')
    {
      const char *end;

      if (*p == '<' || *p == '&')
        {
          end = strchr (p, *p == '<' ? '>' : ';');
          end = end != NULL ? end + 1 : p + strlen (p);
          g_string_append_len (out, p, end - p);
        }
      else
        {
          g_autofree char *upper = NULL;

          end = p + strcspn (p, "<&");
          upper = g_utf8_strup (p, end - p);
          g_string_append (out, upper);
        }
      p = end;
    }
}

static void
append_dots (GString *out,
             int      count)
{
  for (int i = 0; i < count; i++)
    g_string_append (out, DOT);
}

/* Expands @parts into markup. Returns TRUE when at least one placeholder
 * had a value (or there were none). */
gboolean
mc_slip_expand (const McSlipContext *ctx,
                GPtrArray           *parts,
                gboolean             upper,
                McSlipExpanded      *out)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  guint fields = 0, missing = 0;

  out->fill_at = -1;

  for (guint i = 0; i < parts->len; i++)
    {
      McSlipPart *part = g_ptr_array_index (parts, i);
      g_autofree char *value = NULL;

      if (part->literal != NULL)
        {
          if (upper)
            append_upper_markup (markup, part->literal);
          else
            g_string_append (markup, part->literal);
          continue;
        }

      fields++;
      value = lookup (ctx, part);
      if (value != NULL)
        {
          g_autofree char *escaped = NULL;

          if (upper)
            {
              char *up = g_utf8_strup (value, -1);

              g_free (value);
              value = up;
            }
          escaped = g_markup_escape_text (value, -1);
          g_string_append (markup, escaped);
          continue;
        }

      missing++;
      /* In a table the cell itself is the blank to write in. */
      if (ctx->blank_row || (ctx->table != NULL && part->blank == MC_SLIP_BLANK_DEFAULT))
        continue;
      if (part->blank == MC_SLIP_BLANK_FILL && out->fill_at < 0)
        out->fill_at = (int) markup->len;
      else if (part->blank == MC_SLIP_BLANK_FILL || part->blank == MC_SLIP_BLANK_DEFAULT)
        append_dots (markup, ctx->tmpl->blank_dots);
      else
        append_dots (markup, part->blank);
    }

  out->markup = g_string_free (g_steal_pointer (&markup), FALSE);
  out->all_empty = fields > 0 && missing == fields;
  return !out->all_empty;
}

/* Plain text (no markup, no dots), e.g. for the QR code's value. */
char *
mc_slip_expand_plain (const McSlipContext *ctx,
                      GPtrArray           *parts)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    {
      McSlipPart *part = g_ptr_array_index (parts, i);
      g_autofree char *value = NULL;

      if (part->literal != NULL)
        g_string_append (text, part->literal);
      else if ((value = lookup (ctx, part)) != NULL)
        g_string_append (text, value);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The string a fill point becomes: @count dots. */
char *
mc_slip_dots (int count)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_dots (out, count);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
mc_slip_part_free (gpointer p)
{
  McSlipPart *part = p;

  g_free (part->literal);
  g_free (part->field);
  g_free (part->format);
  g_free (part);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '#' || c == '-';
}

static void
add_literal (GPtrArray *parts,
             GString   *literal)
{
  McSlipPart *part;

  if (literal->len == 0)
    return;
  part = g_new0 (McSlipPart, 1);
  part->literal = g_strndup (literal->str, literal->len);
  g_ptr_array_add (parts, part);
  g_string_truncate (literal, 0);
}

/* Splits "Tên: {name:*|%d/%m/%Y} {{literal}}" into parts. The error message
 * is only the detail; the caller says which file and which key. */
GPtrArray *
mc_slip_parse_text (const char  *text,
                    GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (mc_slip_part_free);
  g_autoptr(GString) literal = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      McSlipPart *part;
      const char *start;

      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append_c (literal, '{');
          p += 2;
          continue;
        }
      if (p[0] == '}' && p[1] == '}')
        {
          g_string_append_c (literal, '}');
          p += 2;
          continue;
        }
      if (*p == '}')
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("a “}” without “{” in “%s” (write “}}” for a brace)"), text);
          return NULL;
        }
      if (*p != '{')
        {
          g_string_append_c (literal, *p++);
          continue;
        }

      add_literal (parts, literal);
      part = g_new0 (McSlipPart, 1);
      part->blank = MC_SLIP_BLANK_DEFAULT;
      g_ptr_array_add (parts, part);

      start = ++p;
      while (is_name_char (*p))
        p++;
      if (p == start)
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("a placeholder without a field name in “%s”"), text);
          return NULL;
        }
      part->field = g_strndup (start, p - start);

      if (*p == ':')
        {
          p++;
          if (*p == '*')
            {
              part->blank = MC_SLIP_BLANK_FILL;
              p++;
            }
          else if (g_ascii_isdigit (*p))
            {
              guint64 count = 0;

              while (g_ascii_isdigit (*p) && count < 1000)
                count = count * 10 + (guint64) (*p++ - '0');
              if (count > 200)
                {
                  g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                               _("too many dots for “%s” in “%s” (at most 200)"), part->field, text);
                  return NULL;
                }
              part->blank = (int) count;
            }
          else
            {
              g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                           _("“:” after “%s” must be followed by a number of dots or “*” in “%s”"),
                           part->field, text);
              return NULL;
            }
        }
      if (*p == '|')
        {
          start = ++p;
          while (*p != '\0' && *p != '}')
            p++;
          part->format = g_strndup (start, p - start);
        }
      if (*p != '}')
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("the placeholder “{%s” is not closed with “}” in “%s”"), part->field, text);
          return NULL;
        }
      p++;
    }
  add_literal (parts, literal);

  return g_steal_pointer (&parts);
}

/* The markup around the placeholders must be valid on its own: check it
 * with every placeholder standing in as plain text. */
gboolean
mc_slip_check_markup (GPtrArray  *parts,
                      GError    **error)
{
  g_autoptr(GString) probe = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < parts->len; i++)
    {
      McSlipPart *part = g_ptr_array_index (parts, i);

      g_string_append (probe, part->literal != NULL ? part->literal : "x");
    }

  if (!pango_parse_markup (probe->str, -1, 0, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                   _("bad markup in “%s”: %s"), probe->str, local_error->message);
      return FALSE;
    }
  return TRUE;
}
