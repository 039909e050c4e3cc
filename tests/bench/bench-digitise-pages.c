/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes the pages bench-digitise measures on: A4 at 300 dpi, Vietnamese
 * text drawn by the unit tests' page fixture, page i skewed a little and
 * every other page with a red seal; prints the text they hold (the ground
 * truth for character accuracy) on stdout. With --dialog OUT.pdf PAGE…,
 * writes the pages as the scan dialog does (mc_digitise_write(): cleaned,
 * turned upright by Tesseract's orientation check, no OCR), for the
 * bench to time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib.h>

#include "digitise/mc-digitise.h"
#include "digitise/mc-page-pdf.h"
#include "page-fixture.h"

int
main (int    argc,
      char **argv)
{
  int count = argc > 2 ? atoi (argv[2]) : 5;

  if (argc > 3 && g_str_equal (argv[1], "--dialog"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) pages = mc_page_load_files ((const char * const *) argv + 3, &error);

      if (pages == NULL || !mc_digitise_write (pages, TRUE, FALSE, argv[2], NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc < 2)
    {
      g_printerr ("usage: %s DIR [COUNT]\n", argv[0]);
      return 2;
    }
  for (int i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("page%02d.png", i + 1);
      g_autofree char *path = g_build_filename (argv[1], name, NULL);

      page_fixture_write (path, i % 2 ? PAGE_COLOR : PAGE_GRAY, 300, (i % 3 - 1) * 1.2, i % 2, FALSE);
    }
  fputs (page_fixture_text, stdout);
  return 0;
}
