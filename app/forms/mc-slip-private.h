/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the template reader, the text expander and the page layout share:
 * the parsed form of a template. Nothing outside app/forms includes this. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "mc-slip-data.h"
#include "mc-slip-template.h"

G_BEGIN_DECLS

#define MC_SLIP_MM (72.0 / 25.4)   /* points per millimetre */

typedef enum {
  MC_SLIP_ALIGN_LEFT,
  MC_SLIP_ALIGN_CENTER,
  MC_SLIP_ALIGN_RIGHT,
  MC_SLIP_ALIGN_JUSTIFY,
} McSlipAlign;

/* How a missing value prints. */
enum {
  MC_SLIP_BLANK_DEFAULT = -1,   /* the template's default run of dots */
  MC_SLIP_BLANK_FILL = -2,      /* dots to the end of the line */
};

/* One piece of a template text: literal markup, or a {placeholder}. */
typedef struct {
  char *literal;     /* markup, when not a field */
  char *field;       /* field or column name, "#", "page", "pages" */
  int blank;         /* dots when missing: MC_SLIP_BLANK_* or a count */
  char *format;      /* date format, or NULL */
} McSlipPart;

/* A text (or QR) item with its style. */
typedef struct {
  GPtrArray *parts;  /* of McSlipPart; NULL for a QR item */
  GPtrArray *qr;     /* of McSlipPart: the QR's value; NULL for text */
  double qr_size;    /* pt */
  double size;       /* pt; 0 = the block's or template's size */
  gboolean bold;
  gboolean italic;
  gboolean upper;
  gboolean optional; /* left out when every placeholder is empty */
  gboolean keep_with_next;
  McSlipAlign align;
  double indent;     /* first-line indent, pt */
  double left;       /* left indent, pt */
  double space_before;
  double space_after;
  double rule;       /* underline as a fraction of the text width; 0 = none */
  char *unless;      /* left out when this field has a value; NULL = never */
} McSlipText;

typedef struct {
  double width;      /* relative weight */
  GPtrArray *items;  /* of McSlipText */
} McSlipColumnBox;

typedef struct {
  GPtrArray *title;  /* of McSlipPart */
  char *group;       /* header spanning neighbours with the same group */
  double width;      /* relative weight */
  GPtrArray *parts;  /* cell text, of McSlipPart */
  McSlipAlign align;
  guint max_lines;   /* longer cell texts end with "…"; 0 = no limit */
} McSlipTableColumn;

typedef enum {
  MC_SLIP_BLOCK_TEXT,
  MC_SLIP_BLOCK_COLUMNS,
  MC_SLIP_BLOCK_TABLE,
  MC_SLIP_BLOCK_SPACER,
} McSlipBlockType;

typedef struct {
  McSlipBlockType type;
  McSlipText *text;          /* TEXT */
  GPtrArray *boxes;          /* COLUMNS: of McSlipColumnBox */
  char *table;               /* TABLE: the data table's name */
  GPtrArray *columns;        /* TABLE: of McSlipTableColumn */
  guint min_rows;            /* TABLE: blank rows added up to this count */
  double font_size;          /* TABLE: body size; COLUMNS: default size */
  double header_size;        /* TABLE */
  double row_min_height;     /* TABLE, pt */
  double cell_padding;       /* TABLE: above and below a cell's text, pt; < 0 = default */
  double space;              /* SPACER height; space after other blocks, pt */
} McSlipBlock;

struct _McSlipTemplate
{
  gatomicrefcount ref_count;
  char *path;
  char *kind;
  char *name;
  char *model;
  char *effective;

  double page_width;         /* pt */
  double page_height;
  double margin_top;
  double margin_bottom;
  double margin_left;
  double margin_right;

  char **fonts;              /* families to try, in order */
  double font_size;          /* pt */
  double line_spacing;       /* factor; 0 = the font's own */
  int blank_dots;            /* dots printed for a missing value */
  double paragraph_space;    /* default space after a paragraph, pt */

  GHashTable *values;        /* field → (raw value → printed value) */

  McSlipText *page_number;   /* NULL = no page numbers */
  gboolean page_number_top;
  gboolean page_number_first;

  GPtrArray *blocks;         /* of McSlipBlock */
};

/* Expanding placeholders against the data. */
typedef struct {
  McSlipTemplate *tmpl;
  McSlipData *data;
  const char *table;         /* row context, or NULL */
  guint row;
  gboolean blank_row;        /* a padding row: every cell empty */
  int page;
  int pages;
  GDateTime *now;
} McSlipContext;

/* A text once expanded: markup with escaped values, and at most one place
 * where dots fill the rest of the line (fill_at, a byte offset, or -1). */
typedef struct {
  char *markup;
  int fill_at;
  gboolean all_empty;        /* every placeholder was empty */
} McSlipExpanded;

GPtrArray *mc_slip_parse_text       (const char            *text,
                                     GError               **error);
gboolean   mc_slip_check_markup     (GPtrArray             *parts,
                                     GError               **error);
void       mc_slip_part_free        (gpointer               part);
gboolean   mc_slip_expand           (const McSlipContext   *ctx,
                                     GPtrArray             *parts,
                                     gboolean               upper,
                                     McSlipExpanded        *out);
char      *mc_slip_expand_plain     (const McSlipContext   *ctx,
                                     GPtrArray             *parts);
void       mc_slip_expanded_clear   (McSlipExpanded        *expanded);
char      *mc_slip_dots             (int                    count);

PangoContext *mc_slip_new_pango_context (cairo_t         *cr);
gboolean   mc_slip_layout_document  (McSlipTemplate        *tmpl,
                                     McSlipData            *data,
                                     cairo_t               *cr,
                                     PangoContext          *pango,
                                     const char            *font_family,
                                     GCancellable          *cancellable,
                                     GError               **error);

char      *mc_slip_find_font        (McSlipTemplate        *tmpl,
                                     PangoContext          *context,
                                     GError               **error);

gboolean   mc_slip_draw_qr          (cairo_t               *cr,
                                     const char            *value,
                                     double                 x,
                                     double                 y,
                                     double                 size,
                                     GError               **error);

void       mc_slip_break_centred    (PangoLayout           *layout,
                                     const char            *markup);

G_END_DECLS
