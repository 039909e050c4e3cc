/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Laying a template out on pages. The same walk runs twice: once to count
 * the pages (so "Trang 2/5" can be printed) and once to draw. Paragraphs
 * break between lines, tables between rows with their header repeated on
 * each page, and the header columns and signature blocks are kept whole.
 * Text is shaped by pango (HarfBuzz), which places Vietnamese stacked
 * diacritics correctly; cairo embeds the font subsets in the PDF. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mc-slip-private.h"

#define PS ((double) PANGO_SCALE)
#define CELL_PAD_X (1.5 * MC_SLIP_MM)
#define CELL_PAD_Y (1.0 * MC_SLIP_MM)
#define RULE_GAP 1.5      /* pt between a text and its underline */
#define BORDER 0.6        /* pt */
#define FILL_MARK "\xe2\x81\xa0"   /* U+2060 WORD JOINER: invisible probe */

/* Letters every Vietnamese text needs; a font lacking one would fall back to
 * another font in the middle of a word. */
static const char vietnamese_probe[] =
  "ĂÂĐÊÔƠƯăâđêôơư"
  "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ"
  "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
  "ÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúý…";

typedef struct {
  McSlipTemplate *tmpl;
  McSlipData *data;
  cairo_t *cr;
  PangoContext *pango;
  const char *family;
  GCancellable *cancellable;
  GDateTime *now;

  gboolean draw;     /* FALSE on the counting pass */
  int page;          /* 1-based */
  int pages;         /* known on the drawing pass */

  double x0;         /* content box */
  double width;
  double top;
  double bottom;
  double y;          /* where the next thing goes */
} Layout;

static void
init_context (const Layout  *L,
              McSlipContext *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->tmpl = L->tmpl;
  ctx->data = L->data;
  ctx->page = L->draw ? L->page : 0;
  ctx->pages = L->draw ? L->pages : 0;
  ctx->now = L->now;
}

static PangoLayout *
new_layout (Layout      *L,
            double       size,
            gboolean     bold,
            gboolean     italic,
            double       width,
            McSlipAlign  align,
            double       indent)
{
  PangoLayout *layout = pango_layout_new (L->pango);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  pango_font_description_set_family (desc, L->family);
  pango_font_description_set_absolute_size (desc, size * PS);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);

  pango_layout_set_width (layout, (int) (MAX (width, 1) * PS));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_indent (layout, (int) (indent * PS));
  if (L->tmpl->line_spacing > 0)
    pango_layout_set_line_spacing (layout, (float) L->tmpl->line_spacing);

  switch (align)
    {
    case MC_SLIP_ALIGN_CENTER:
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      break;
    case MC_SLIP_ALIGN_RIGHT:
      pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
      break;
    case MC_SLIP_ALIGN_JUSTIFY:
      pango_layout_set_justify (layout, TRUE);
      break;
    case MC_SLIP_ALIGN_LEFT:
    default:
      break;
    }

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return h / PS;
}

/* Sets the expanded markup, turning the fill point (if any) into as many
 * dots as fit between it and the end of its line. */
static void
set_markup_with_fill (Layout         *L,
                      PangoLayout    *layout,
                      McSlipExpanded *expanded,
                      double          indent)
{
  g_autofree char *before = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *dots = NULL;
  g_autofree char *final = NULL;
  g_autoptr(PangoLayout) dot_layout = NULL;
  const char *text, *mark;
  int line_no = 0, x = 0, dot_w, dot_h, count;
  double width, remaining;

  if (expanded->fill_at < 0)
    {
      if (pango_layout_get_alignment (layout) == PANGO_ALIGN_CENTER && !pango_layout_get_justify (layout))
        mc_slip_break_centred (layout, expanded->markup);
      else
        pango_layout_set_markup (layout, expanded->markup, -1);
      return;
    }

  before = g_strndup (expanded->markup, expanded->fill_at);
  probe = g_strconcat (before, FILL_MARK, expanded->markup + expanded->fill_at, NULL);
  pango_layout_set_markup (layout, probe, -1);

  text = pango_layout_get_text (layout);
  mark = strstr (text, FILL_MARK);
  if (mark != NULL)
    pango_layout_index_to_line_x (layout, (int) (mark - text), FALSE, &line_no, &x);

  dot_layout = pango_layout_copy (layout);
  pango_layout_set_width (dot_layout, -1);
  pango_layout_set_indent (dot_layout, 0);
  pango_layout_set_text (dot_layout, "\xe2\x80\xa6", -1);
  pango_layout_get_size (dot_layout, &dot_w, &dot_h);

  width = pango_layout_get_width (layout) / PS;
  remaining = width - x / PS - (line_no == 0 ? MAX (indent, 0) : 0);
  count = dot_w > 0 ? (int) (remaining / (dot_w / PS)) - 1 : 3;
  if (count < 3)
    count = (int) ((width / (MAX (dot_w, 1) / PS)) * 0.9);  /* a whole next line */
  count = CLAMP (count, 3, 200);

  dots = mc_slip_dots (count);
  final = g_strconcat (before, dots, expanded->markup + expanded->fill_at, NULL);
  pango_layout_set_markup (layout, final, -1);
}

/* The layout of a text item, or NULL when it is optional and empty. */
static PangoLayout *
text_layout (Layout              *L,
             const McSlipContext *ctx,
             McSlipText          *item,
             double               default_size,
             double               width)
{
  McSlipExpanded expanded = { NULL, -1, FALSE };
  PangoLayout *layout;
  double size = item->size > 0 ? item->size : default_size;
  const char *other = item->unless != NULL ? mc_slip_data_get (ctx->data, item->unless) : NULL;

  if (other != NULL && *other != '\0')
    return NULL;
  mc_slip_expand (ctx, item->parts, item->upper, &expanded);
  if (item->optional && expanded.all_empty)
    {
      mc_slip_expanded_clear (&expanded);
      return NULL;
    }

  layout = new_layout (L, size, item->bold, item->italic, width - item->left,
                       item->align, item->indent);
  set_markup_with_fill (L, layout, &expanded, item->indent);
  mc_slip_expanded_clear (&expanded);
  return layout;
}

static void
finish_page (Layout *L)
{
  McSlipTemplate *tmpl = L->tmpl;

  if (!L->draw)
    return;

  if (tmpl->page_number != NULL && (L->page > 1 || tmpl->page_number_first))
    {
      McSlipContext ctx;
      g_autoptr(PangoLayout) layout = NULL;
      double h, y;

      init_context (L, &ctx);
      layout = text_layout (L, &ctx, tmpl->page_number, tmpl->font_size, L->width);
      if (layout != NULL)
        {
          h = layout_height (layout);
          if (tmpl->page_number_top)
            y = (tmpl->margin_top - h) / 2;
          else
            y = tmpl->page_height - (tmpl->margin_bottom + h) / 2;
          cairo_move_to (L->cr, L->x0, y);
          pango_cairo_show_layout (L->cr, layout);
        }
    }

  cairo_show_page (L->cr);
}

static void
new_page (Layout *L)
{
  finish_page (L);
  L->page++;
  L->y = L->top;
}

static gboolean
check_cancelled (Layout  *L,
                 GError **error)
{
  return g_cancellable_set_error_if_cancelled (L->cancellable, error);
}

/* ---- text items ---- */

static double
rule_height (McSlipText *item)
{
  return item->rule > 0 ? RULE_GAP + BORDER + RULE_GAP : 0;
}

/* Draws the underline below a layout: @fraction of its widest line,
 * placed like the text (centred for centred text). */
static void
draw_rule (Layout      *L,
           PangoLayout *layout,
           McSlipText  *item,
           double       x,
           double       y,
           double       width)
{
  PangoRectangle ink, logical;
  double line_w, lx;

  pango_layout_get_extents (layout, &ink, &logical);
  line_w = (ink.width / PS) * item->rule;
  switch (item->align)
    {
    case MC_SLIP_ALIGN_CENTER:
      lx = x + (ink.x / PS) + (ink.width / PS - line_w) / 2;
      break;
    case MC_SLIP_ALIGN_RIGHT:
      lx = x + width - line_w;
      break;
    default:
      lx = x + ink.x / PS;
      break;
    }

  cairo_save (L->cr);
  cairo_set_line_width (L->cr, BORDER);
  cairo_move_to (L->cr, lx, y + RULE_GAP + BORDER / 2);
  cairo_rel_line_to (L->cr, line_w, 0);
  cairo_stroke (L->cr);
  cairo_restore (L->cr);
}

static double
qr_x (McSlipText *item,
      double      x,
      double      width)
{
  switch (item->align)
    {
    case MC_SLIP_ALIGN_CENTER:
      return x + (width - item->qr_size) / 2;
    case MC_SLIP_ALIGN_RIGHT:
      return x + width - item->qr_size;
    default:
      return x + item->left;
    }
}

/* An item inside a column box: drawn whole at (x, y). Returns its height
 * (0 when left out). */
static double
place_item (Layout              *L,
            const McSlipContext *ctx,
            McSlipText          *item,
            double               default_size,
            double               x,
            double               y,
            double               width,
            gboolean             draw,
            GError             **error)
{
  g_autoptr(PangoLayout) layout = NULL;
  double h;

  if (item->qr != NULL)
    {
      g_autofree char *value = mc_slip_expand_plain (ctx, item->qr);

      if (*value == '\0')
        return 0;
      if (!mc_slip_draw_qr (draw ? L->cr : NULL, value, qr_x (item, x, width),
                            y + item->space_before, item->qr_size, error))
        return -1;
      return item->space_before + item->qr_size + item->space_after;
    }

  layout = text_layout (L, ctx, item, default_size, width);
  if (layout == NULL)
    return 0;

  h = layout_height (layout);
  if (draw)
    {
      cairo_move_to (L->cr, x + item->left, y + item->space_before);
      pango_cairo_show_layout (L->cr, layout);
      if (item->rule > 0)
        draw_rule (L, layout, item, x + item->left, y + item->space_before + h, width - item->left);
    }
  return item->space_before + h + rule_height (item) + item->space_after;
}

/* A paragraph in the flow: breaks between lines across pages. */
static gboolean
flow_text (Layout     *L,
           McSlipText *item,
           GError    **error)
{
  McSlipContext ctx;
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutIter *iter;
  double offset = 0, page_y, total, x;

  init_context (L, &ctx);

  if (item->qr != NULL)
    {
      double h = item->space_before + item->qr_size + item->space_after;

      if (L->y + h > L->bottom && L->y > L->top)
        new_page (L);
      h = place_item (L, &ctx, item, L->tmpl->font_size, L->x0, L->y, L->width, L->draw, error);
      if (h < 0)
        return FALSE;
      L->y += h;
      return TRUE;
    }

  layout = text_layout (L, &ctx, item, L->tmpl->font_size, L->width);
  if (layout == NULL)
    return TRUE;

  total = layout_height (layout);

  /* A heading is not left alone at the foot of a page. */
  if (item->keep_with_next)
    {
      double reserve = item->space_before + total + rule_height (item) + 3 * L->tmpl->font_size;

      if (L->y + reserve > L->bottom && L->y > L->top)
        new_page (L);
    }

  if (L->y > L->top)
    L->y += item->space_before;
  page_y = L->y;
  x = L->x0 + item->left;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;
      double top, bottom;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = logical.y / PS;
      bottom = (logical.y + logical.height) / PS;

      if (page_y + (bottom - offset) > L->bottom && top > offset - 0.01 && page_y > L->top)
        {
          new_page (L);
          offset = top;
          page_y = L->y;
        }

      if (L->draw)
        {
          PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
          double baseline = pango_layout_iter_get_baseline (iter) / PS;

          cairo_move_to (L->cr, x + logical.x / PS, page_y + baseline - offset);
          pango_cairo_show_layout_line (L->cr, line);
        }
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  L->y = page_y + (total - offset);
  if (item->rule > 0)
    {
      if (L->draw)
        draw_rule (L, layout, item, x, L->y, L->width - item->left);
      L->y += rule_height (item);
    }
  L->y += item->space_after;
  return TRUE;
}

/* ---- columns (header, signatures): kept whole ---- */

static gboolean
columns_block (Layout      *L,
               McSlipBlock *block,
               GError     **error)
{
  McSlipContext ctx;
  double total_weight = 0, height = 0;
  double size = block->font_size > 0 ? block->font_size : L->tmpl->font_size;

  init_context (L, &ctx);

  for (guint i = 0; i < block->boxes->len; i++)
    total_weight += ((McSlipColumnBox *) g_ptr_array_index (block->boxes, i))->width;

  /* Measure, then move to a new page if the block does not fit. */
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean draw = pass == 1 && L->draw;
      double x = L->x0;

      for (guint i = 0; i < block->boxes->len; i++)
        {
          McSlipColumnBox *box = g_ptr_array_index (block->boxes, i);
          double w = L->width * box->width / total_weight;
          double y = L->y;

          for (guint k = 0; k < box->items->len; k++)
            {
              double h = place_item (L, &ctx, g_ptr_array_index (box->items, k), size,
                                     x, y, w, draw, error);

              if (h < 0)
                return FALSE;
              y += h;
            }
          height = MAX (height, y - L->y);
          x += w;
        }

      if (pass == 0 && L->y + height > L->bottom && L->y > L->top)
        new_page (L);
    }

  L->y += height + block->space;
  return TRUE;
}

/* ---- tables ---- */

typedef struct {
  double *widths;
  double header_h;       /* whole header */
  double group_h;        /* first header row, when there are groups */
  gboolean has_groups;
  double header_size;
  double body_size;
} TableGeometry;

static gboolean
same_group (McSlipTableColumn *a,
            McSlipTableColumn *b)
{
  return a->group != NULL && b->group != NULL && g_str_equal (a->group, b->group);
}

static PangoLayout *
header_layout (Layout      *L,
               const char  *markup_or_null,
               GPtrArray   *parts,
               double       size,
               double       width)
{
  PangoLayout *layout = new_layout (L, size, TRUE, FALSE, width - 2 * CELL_PAD_X,
                                    MC_SLIP_ALIGN_CENTER, 0);

  if (markup_or_null != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (markup_or_null, -1);

      pango_layout_set_markup (layout, escaped, -1);
    }
  else
    {
      McSlipContext ctx;
      McSlipExpanded expanded = { NULL, -1, FALSE };

      init_context (L, &ctx);
      mc_slip_expand (&ctx, parts, FALSE, &expanded);
      pango_layout_set_markup (layout, expanded.markup, -1);
      mc_slip_expanded_clear (&expanded);
    }
  return layout;
}

static void
measure_header (Layout        *L,
                McSlipBlock   *block,
                TableGeometry *geo)
{
  GPtrArray *columns = block->columns;
  double single_h = 0, sub_h = 0, group_h = 0;

  for (guint i = 0; i < columns->len; i++)
    {
      McSlipTableColumn *column = g_ptr_array_index (columns, i);
      g_autoptr(PangoLayout) title = header_layout (L, NULL, column->title,
                                                    geo->header_size, geo->widths[i]);
      double h = layout_height (title) + 2 * CELL_PAD_Y;

      if (column->group == NULL)
        single_h = MAX (single_h, h);
      else
        {
          sub_h = MAX (sub_h, h);
          geo->has_groups = TRUE;
        }

      /* A group's title spans its columns: measure it at the first one. */
      if (column->group != NULL && (i == 0 || !same_group (g_ptr_array_index (columns, i - 1), column)))
        {
          double span = 0;
          g_autoptr(PangoLayout) group = NULL;

          for (guint k = i; k < columns->len && same_group (g_ptr_array_index (columns, k), column); k++)
            span += geo->widths[k];
          group = header_layout (L, column->group, NULL, geo->header_size, span);
          group_h = MAX (group_h, layout_height (group) + 2 * CELL_PAD_Y);
        }
    }

  geo->group_h = group_h;
  geo->header_h = geo->has_groups ? MAX (single_h, group_h + sub_h) : single_h;
}

static void
stroke_cell (Layout *L,
             double  x,
             double  y,
             double  w,
             double  h)
{
  cairo_rectangle (L->cr, x, y, w, h);
  cairo_stroke (L->cr);
}

static void
show_at (Layout      *L,
         PangoLayout *layout,
         double       x,
         double       y)
{
  cairo_move_to (L->cr, x, y);
  pango_cairo_show_layout (L->cr, layout);
}

static void
draw_header (Layout        *L,
             McSlipBlock   *block,
             TableGeometry *geo)
{
  GPtrArray *columns = block->columns;
  double x = L->x0, y = L->y;

  if (L->draw)
    {
      cairo_save (L->cr);
      cairo_set_line_width (L->cr, BORDER);

      for (guint i = 0; i < columns->len; i++)
        {
          McSlipTableColumn *column = g_ptr_array_index (columns, i);
          double w = geo->widths[i];
          double cell_y = column->group != NULL ? y + geo->group_h : y;
          double cell_h = column->group != NULL ? geo->header_h - geo->group_h : geo->header_h;
          g_autoptr(PangoLayout) title = header_layout (L, NULL, column->title, geo->header_size, w);
          double text_h = layout_height (title);

          stroke_cell (L, x, cell_y, w, cell_h);
          show_at (L, title, x + CELL_PAD_X, cell_y + (cell_h - text_h) / 2);

          if (column->group != NULL && (i == 0 || !same_group (g_ptr_array_index (columns, i - 1), column)))
            {
              double span = 0;
              g_autoptr(PangoLayout) group = NULL;

              for (guint k = i; k < columns->len && same_group (g_ptr_array_index (columns, k), column); k++)
                span += geo->widths[k];
              group = header_layout (L, column->group, NULL, geo->header_size, span);
              stroke_cell (L, x, y, span, geo->group_h);
              show_at (L, group, x + CELL_PAD_X, y + (geo->group_h - layout_height (group)) / 2);
            }
          x += w;
        }
      cairo_restore (L->cr);
    }

  L->y += geo->header_h;
}

static gboolean
table_block (Layout      *L,
             McSlipBlock *block,
             GError     **error)
{
  GPtrArray *columns = block->columns;
  g_autofree double *widths = g_new0 (double, columns->len);
  guint n_rows = mc_slip_data_get_n_rows (L->data, block->table);
  guint total = MAX (n_rows, block->min_rows);
  TableGeometry geo = { 0 };
  double weight = 0;
  double pad_y = block->cell_padding >= 0 ? block->cell_padding : CELL_PAD_Y;
  double pad_x = block->cell_padding >= 0 ? block->cell_padding : CELL_PAD_X;

  for (guint i = 0; i < columns->len; i++)
    weight += ((McSlipTableColumn *) g_ptr_array_index (columns, i))->width;
  for (guint i = 0; i < columns->len; i++)
    widths[i] = L->width * ((McSlipTableColumn *) g_ptr_array_index (columns, i))->width / weight;

  geo.widths = widths;
  geo.body_size = block->font_size > 0 ? block->font_size : L->tmpl->font_size;
  geo.header_size = block->header_size > 0 ? block->header_size : geo.body_size;
  measure_header (L, block, &geo);

  /* The header never sits alone at the foot of a page. */
  if (L->y + geo.header_h + 2 * geo.body_size + 2 * CELL_PAD_Y > L->bottom && L->y > L->top)
    new_page (L);
  draw_header (L, block, &geo);

  for (guint r = 0; r < total; r++)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);
      McSlipContext ctx;
      double row_h = block->row_min_height;
      double x = L->x0;

      if (check_cancelled (L, error))
        return FALSE;

      init_context (L, &ctx);
      ctx.table = block->table;
      ctx.row = r;
      ctx.blank_row = r >= n_rows;

      for (guint i = 0; i < columns->len; i++)
        {
          McSlipTableColumn *column = g_ptr_array_index (columns, i);
          McSlipExpanded expanded = { NULL, -1, FALSE };
          PangoLayout *layout = new_layout (L, geo.body_size, FALSE, FALSE,
                                            widths[i] - 2 * pad_x, column->align, 0);

          if (column->max_lines > 0)
            {
              pango_layout_set_height (layout, -(int) column->max_lines);
              pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
            }
          mc_slip_expand (&ctx, column->parts, FALSE, &expanded);
          set_markup_with_fill (L, layout, &expanded, 0);
          mc_slip_expanded_clear (&expanded);
          row_h = MAX (row_h, layout_height (layout) + 2 * pad_y);
          g_ptr_array_add (cells, layout);
        }
      if (ctx.blank_row)
        row_h = MAX (row_h, geo.body_size * 1.6 + 2 * pad_y);

      if (L->y + row_h > L->bottom && L->y > L->top + geo.header_h + 0.01)
        {
          new_page (L);
          draw_header (L, block, &geo);
        }

      if (L->draw)
        {
          cairo_save (L->cr);
          cairo_set_line_width (L->cr, BORDER);
          for (guint i = 0; i < columns->len; i++)
            {
              stroke_cell (L, x, L->y, widths[i], row_h);
              show_at (L, g_ptr_array_index (cells, i), x + pad_x, L->y + pad_y);
              x += widths[i];
            }
          cairo_restore (L->cr);
        }
      L->y += row_h;
    }

  L->y += block->space;
  return TRUE;
}

/* ---- the document ---- */

static gboolean
walk (Layout  *L,
      GError **error)
{
  McSlipTemplate *tmpl = L->tmpl;

  L->page = 1;
  L->y = L->top;

  for (guint i = 0; i < tmpl->blocks->len; i++)
    {
      McSlipBlock *block = g_ptr_array_index (tmpl->blocks, i);
      gboolean ok = TRUE;

      if (check_cancelled (L, error))
        return FALSE;

      switch (block->type)
        {
        case MC_SLIP_BLOCK_TEXT:
          ok = flow_text (L, block->text, error);
          break;
        case MC_SLIP_BLOCK_COLUMNS:
          ok = columns_block (L, block, error);
          break;
        case MC_SLIP_BLOCK_TABLE:
          ok = table_block (L, block, error);
          break;
        case MC_SLIP_BLOCK_SPACER:
          if (L->y > L->top)
            L->y = MIN (L->y + block->space, L->bottom);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  finish_page (L);
  return TRUE;
}

/* Picks the first family of the template's list that is really installed
 * (fontconfig substitutes silently otherwise) and has every Vietnamese
 * letter, in regular and bold. */
char *
mc_slip_find_font (McSlipTemplate  *tmpl,
                   PangoContext    *context,
                   GError         **error)
{
  g_autofree char *tried = NULL;

  for (guint i = 0; tmpl->fonts[i] != NULL; i++)
    {
      gboolean usable = TRUE;

      for (int bold = 0; bold < 2 && usable; bold++)
        {
          g_autoptr(PangoFontDescription) desc = pango_font_description_new ();
          g_autoptr(PangoFontDescription) found = NULL;
          g_autoptr(PangoFont) font = NULL;
          const char *family;

          pango_font_description_set_family (desc, tmpl->fonts[i]);
          pango_font_description_set_absolute_size (desc, 12 * PS);
          pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
          font = pango_context_load_font (context, desc);
          if (font == NULL)
            {
              usable = FALSE;
              break;
            }
          found = pango_font_describe (font);
          family = pango_font_description_get_family (found);
          if (family == NULL || g_ascii_strcasecmp (family, tmpl->fonts[i]) != 0)
            {
              usable = FALSE;
              break;
            }
          for (const char *p = vietnamese_probe; *p != '\0' && usable; p = g_utf8_next_char (p))
            usable = pango_font_has_char (font, g_utf8_get_char (p));
        }

      if (usable)
        {
          g_debug ("Slips use the font “%s”", tmpl->fonts[i]);
          return g_strdup (tmpl->fonts[i]);
        }
    }

  tried = g_strjoinv (", ", tmpl->fonts);
  g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NO_FONT,
               _("No serif font with all Vietnamese letters is installed (tried %s). "
                 "Install the Liberation Serif font (Debian package fonts-liberation2) and try again."),
               tried);
  return NULL;
}

/* A pango context of its own (own font map: safe in a worker thread) set
 * up for exact PDF metrics: 72 units per inch, no hinting, no rounding. */
PangoContext *
mc_slip_new_pango_context (cairo_t *cr)
{
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  PangoContext *pango = pango_font_map_create_context (font_map);
  cairo_font_options_t *options;

  pango_cairo_update_context (cr, pango);
  pango_cairo_context_set_resolution (pango, 72);
  pango_context_set_round_glyph_positions (pango, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);

  return pango;
}

gboolean
mc_slip_layout_document (McSlipTemplate  *tmpl,
                         McSlipData      *data,
                         cairo_t         *cr,
                         PangoContext    *pango,
                         const char      *font_family,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Layout L = { 0 };

  L.tmpl = tmpl;
  L.data = data;
  L.cr = cr;
  L.pango = pango;
  L.family = font_family;
  L.cancellable = cancellable;
  L.now = now;
  L.x0 = tmpl->margin_left;
  L.width = tmpl->page_width - tmpl->margin_left - tmpl->margin_right;
  L.top = tmpl->margin_top;
  L.bottom = tmpl->page_height - tmpl->margin_bottom;

  /* First pass: count the pages; second: draw. */
  L.draw = FALSE;
  if (!walk (&L, error))
    return FALSE;
  L.pages = L.page;

  L.draw = TRUE;
  cairo_set_source_rgb (cr, 0, 0, 0);
  return walk (&L, error);
}
