/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli scan and digitise: scanning from a SANE device straight to a
 * PDF, and turning image files into one PDF. Neither touches the
 * workspace; attaching the PDF to a dossier is a separate step. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "digitise/mc-page-clean.h"
#include "digitise/mc-page-ocr.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-pdfa.h"
#include "digitise/mc-scanner.h"
#include "mc-cli-digitise.h"
#include "store/mc-desk-files.h"

static gboolean
parse_mode (const char  *text,
            McScanMode  *mode,
            GError     **error)
{
  if (text == NULL || g_str_equal (text, "color"))
    *mode = MC_SCAN_MODE_COLOR;
  else if (g_str_equal (text, "gray"))
    *mode = MC_SCAN_MODE_GRAY;
  else if (g_str_equal (text, "lineart"))
    *mode = MC_SCAN_MODE_LINEART;
  else
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("--mode must be color, gray or lineart, not “%s”."), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_source (const char    *text,
              McScanSource  *source,
              GError       **error)
{
  if (text == NULL || g_str_equal (text, "flatbed"))
    *source = MC_SCAN_SOURCE_FLATBED;
  else if (g_str_equal (text, "adf"))
    *source = MC_SCAN_SOURCE_ADF;
  else
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("--source must be flatbed or adf, not “%s”."), text);
      return FALSE;
    }
  return TRUE;
}

/* Cleans the pages unless asked not to, and says which blank pages were
 * left out (numbered from 1, as the official counts them). */
static GPtrArray *
clean_pages (GPtrArray  *pages,
             gboolean    raw,
             GError    **error)
{
  g_autoptr(GArray) removed = NULL;
  GPtrArray *kept;

  if (raw)
    return g_ptr_array_ref (pages);
  kept = mc_page_clean_all (pages, &removed, NULL, error);
  for (guint i = 0; kept != NULL && i < removed->len; i++)
    g_printerr (_("Page %u is blank and was left out.\n"), g_array_index (removed, guint, i) + 1);
  return kept;
}

/* Writes the PDF, reading the text of the pages first when asked. */
static gboolean
write_pdf (GPtrArray   *pages,
           gboolean     ocr,
           gboolean     pdfa,
           const char  *output,
           GError     **error)
{
  g_autoptr(GPtrArray) texts = NULL;

  if (ocr && (texts = mc_page_ocr_all (pages, 0, NULL, error)) == NULL)
    return FALSE;
  if (!mc_page_pdf_write_with_text (pages, texts, output, NULL, error))
    return FALSE;
  return !pdfa || mc_pdfa_finish (output, NULL, error);
}

gboolean
mc_cli_scan (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *device = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *source = NULL;
  g_autofree char *output = NULL;
  gboolean list = FALSE;
  gboolean raw = FALSE;
  gboolean ocr = FALSE;
  gboolean pdfa = FALSE;
  int resolution = 300;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the scanners that can be reached"), NULL },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("Scanner to use (a name from --list)"), N_("NAME") },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &resolution, N_("Resolution in dpi (default 300)"), N_("N") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("color, gray or lineart (default color)"), N_("MODE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("flatbed or adf (default flatbed)"), N_("SOURCE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { "no-clean", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Keep the pages as scanned: no deskew, cropping or blank page removal"), NULL },
    { "ocr", 0, 0, G_OPTION_ARG_NONE, &ocr, N_("Recognise the text so that the PDF can be searched"), NULL },
    { "pdfa", 0, 0, G_OPTION_ARG_NONE, &pdfa, N_("Write an archival PDF (PDF/A-2b)"), NULL },
    { NULL }
  };
  McScanSettings settings = { 0 };
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) clean = NULL;

  if (!mc_cli_parse (entries, "scan", "--device NAME -o OUT.pdf | --list", &argc, &argv, error))
    return FALSE;

  if (list)
    {
      g_autoptr(GPtrArray) devices = mc_scanner_list_devices (error);

      if (devices == NULL)
        return FALSE;
      for (guint i = 0; i < devices->len; i++)
        {
          McScannerDevice *d = g_ptr_array_index (devices, i);

          g_print ("%s\t%s %s (%s)\n", d->name, d->vendor, d->model, d->type);
        }
      return TRUE;
    }

  if (device == NULL || output == NULL || argc > 1)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("scan needs a scanner and an output file: --device NAME -o OUT.pdf."));
      return FALSE;
    }
  if (resolution < 50 || resolution > 1200)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("--resolution must be between 50 and 1200 dpi."));
      return FALSE;
    }
  settings.resolution = resolution;
  if (!parse_mode (mode, &settings.mode, error) || !parse_source (source, &settings.source, error))
    return FALSE;

  pages = mc_scanner_scan_sync (device, &settings, NULL, NULL, NULL, error);
  if (pages == NULL || (clean = clean_pages (pages, raw, error)) == NULL
      || !write_pdf (clean, ocr, pdfa, output, error))
    return FALSE;
  if (!cli->json)
    g_print (ngettext ("%u page scanned to %s\n", "%u pages scanned to %s\n", clean->len), clean->len, output);
  else
    g_print ("{\"pages\": %u}\n", clean->len);
  return TRUE;
}

gboolean
mc_cli_digitise (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *output = NULL;
  gboolean raw = FALSE;
  gboolean ocr = FALSE;
  gboolean pdfa = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { "no-clean", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Keep the pages as they are: no deskew, cropping or blank page removal"), NULL },
    { "ocr", 0, 0, G_OPTION_ARG_NONE, &ocr, N_("Recognise the text so that the PDF can be searched"), NULL },
    { "pdfa", 0, 0, G_OPTION_ARG_NONE, &pdfa, N_("Write an archival PDF (PDF/A-2b)"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GPtrArray) clean = NULL;

  if (!mc_cli_parse (entries, "digitise", "IN… -o OUT.pdf [--ocr] [--pdfa] [--no-clean]", &argc, &argv, error))
    return FALSE;
  if (output == NULL || argc < 2)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("digitise needs image files and an output file: IN… -o OUT.pdf."));
      return FALSE;
    }
  for (int i = 1; i < argc; i++)
    {
      McScannedPage *page = mc_page_load_file (argv[i], error);

      if (page == NULL)
        return FALSE;
      g_ptr_array_add (pages, page);
    }
  clean = clean_pages (pages, raw, error);
  if (clean == NULL || !write_pdf (clean, ocr, pdfa, output, error))
    return FALSE;
  if (!cli->json)
    g_print (ngettext ("%u page written to %s\n", "%u pages written to %s\n", clean->len), clean->len, output);
  else
    g_print ("{\"pages\": %u}\n", clean->len);
  return TRUE;
}

/* attach CODE COMPONENT FILE: a PDF as a new version of the file of a
 * received dossier's component (mc_desk_attach_component_file()). */
gboolean
mc_cli_attach (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *as = NULL;
  GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Act as this officer"), "LOGIN" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autofree char *op_id = NULL;

  if (!mc_cli_parse (entries, "attach", "CODE COMPONENT FILE", &argc, &argv, error))
    return FALSE;
  if (argc != 4)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("attach needs a dossier code, a component code and a PDF file, e.g. “attach H40.12.03.X05-250701-0001 TP1 to-khai.pdf”."));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_DEFAULT, as, error);
  if (desk == NULL)
    return FALSE;
  op_id = mc_desk_attach_component_file (desk, argv[1], argv[2], argv[3], NULL, error);
  if (op_id == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, op_id);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", op_id);

  return TRUE;
}
