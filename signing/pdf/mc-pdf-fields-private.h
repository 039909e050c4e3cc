/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form and page helpers of the signature update (mc-pdf-fields.c). */
#pragma once

#include "mc-pdf-private.h"

G_BEGIN_DECLS

/* An empty signature field a template already placed on a page: the
 * field, and its widget (the same object, or its only kid). */
typedef struct
{
  McPdfObj *field_ref;
  McPdfObj *field;
  McPdfObj *widget_ref;
  McPdfObj *widget;
} McPdfExistingField;

void      mc_pdf_existing_field_clear  (McPdfExistingField *e);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McPdfExistingField, mc_pdf_existing_field_clear)

gboolean  mc_pdf_fields_check_docmdp   (McPdfDocument      *doc,
                                        McPdfObj           *cat,
                                        GError            **error);
/* The new field's name; or, when @wanted names an empty signature field,
 * that name with @existing filled. */
char     *mc_pdf_fields_pick_name      (McPdfDocument      *doc,
                                        const char         *wanted,
                                        McPdfExistingField *existing,
                                        GError            **error);
/* 0-based page of a widget, -1 if on none, -2 on error. */
int       mc_pdf_fields_page_of_widget (McPdfDocument      *doc,
                                        McPdfObj           *widget,
                                        guint32             widget_num,
                                        GError            **error);
gboolean  mc_pdf_fields_add_to_form    (McPdfDocument      *doc,
                                        McPdfUpdate        *up,
                                        McPdfObj           *cat,
                                        guint32             cat_num,
                                        guint16             cat_gen,
                                        McPdfObj           *widget_ref,
                                        gboolean            catalog_changed,
                                        GError            **error);
gboolean  mc_pdf_fields_add_to_page    (McPdfDocument      *doc,
                                        McPdfUpdate        *up,
                                        McPdfPage          *page,
                                        McPdfObj           *widget_ref,
                                        GError            **error);

G_END_DECLS
