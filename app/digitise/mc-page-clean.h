/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cleaning scanned pages before they become a PDF: dark scanner borders
 * cropped, skew corrected, blank pages found, and each page's colour
 * decided on its own (a red seal keeps a page in colour; a text-only page
 * becomes black and white, or grey when it holds shades). */
#pragma once

#include <gio/gio.h>

#include "digitise/mc-scanner.h"

G_BEGIN_DECLS

typedef enum {
  MC_PAGE_KIND_COLOR,
  MC_PAGE_KIND_GRAY,
  MC_PAGE_KIND_BILEVEL,
} McPageKind;

/**
 * McPageCleanInfo:
 * @blank: the page holds nothing but paper (and specks)
 * @skew_degrees: the skew found and corrected, 0 when none was
 * @kind: what the cleaned page was kept as
 * @cropped: a dark border was cut away
 */
typedef struct {
  gboolean   blank;
  double     skew_degrees;
  McPageKind kind;
  gboolean   cropped;
} McPageCleanInfo;

McScannedPage *mc_page_clean      (const McScannedPage  *page,
                                   McPageCleanInfo      *info);
gboolean       mc_page_is_blank   (const McScannedPage  *page);
GPtrArray     *mc_page_clean_all  (GPtrArray            *pages,
                                   gboolean              drop_blank,
                                   GArray              **removed,
                                   GCancellable         *cancellable,
                                   GError              **error);

G_END_DECLS
