/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The background OCR of a desk: files attached as page images get their
 * searchable version while the official goes on working. */
#pragma once

#include <gio/gio.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_OCR_QUEUE (mc_ocr_queue_get_type ())
G_DECLARE_FINAL_TYPE (McOcrQueue, mc_ocr_queue, MC, OCR_QUEUE, GObject)

McOcrQueue *mc_ocr_queue_get_for_desk  (McDesk      *desk);
void        mc_ocr_queue_resume        (McOcrQueue  *self);
void        mc_ocr_queue_stop          (McOcrQueue  *self);
gboolean    mc_ocr_queue_get_busy      (McOcrQueue  *self);
guint       mc_ocr_queue_get_n_workers (McOcrQueue  *self);

/* For tests: a gate the workers wait at before each file, and how many
 * pages were read by OCR (not those whose text was already there). */
void        mc_ocr_queue_hold          (McOcrQueue  *self,
                                        gboolean     hold);
guint       mc_ocr_queue_get_pages_read (McOcrQueue *self);

G_END_DECLS
