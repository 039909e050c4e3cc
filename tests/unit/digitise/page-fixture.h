/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test pages made at test time: an A4 page of Vietnamese text rendered
 * with pango, optionally with a red seal and a black box at known places,
 * in colour, grey or black and white, written as PNG. */
#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

typedef enum {
  PAGE_COLOR,
  PAGE_GRAY,
  PAGE_BILEVEL,
} PageKind;

/* Where the fixture draws, in fractions of the page width and height. */
#define SEAL_X 0.70
#define SEAL_Y 0.80
#define BOX_X0 0.10
#define BOX_Y0 0.85
#define BOX_X1 0.30
#define BOX_Y1 0.92

/* The words the text page holds, with their tones. */
extern const char *const page_fixture_words[];
/* The whole text of a text page. */
extern const char page_fixture_text[];

void  page_fixture_write  (const char *path,
                           PageKind    kind,
                           int         dpi,
                           double      skew_degrees,
                           gboolean    seal,
                           gboolean    blank);

/* The same page as a Leptonica image (32, 8 or 1 bpp). */
PIX  *page_fixture_render (PageKind    kind,
                           int         dpi,
                           double      skew_degrees,
                           gboolean    seal,
                           gboolean    blank);

G_END_DECLS
