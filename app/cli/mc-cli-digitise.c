/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli scan and digitise: scanning from a SANE device straight to a
 * PDF, and turning image files into one PDF. Neither touches the
 * workspace; attaching the PDF to a dossier is a separate step. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "digitise/mc-page-clean.h"
#include "digitise/mc-page-ocr.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-pdfa.h"
#include "digitise/mc-scanner.h"
#include "mc-cli-digitise.h"
#include "mc-pades-signer.h"
#include "mc-pkcs11.h"
#include "mc-signing-session.h"
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
  kept = mc_page_clean_all (pages, TRUE, &removed, NULL, error);
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


/* ---- the signed digital copy (Decree 45/2020/NĐ-CP) ---- */

/* An organisation's certificate has the organisation as its holder: its
 * common name is its organisation's name (how Vietnamese CAs issue seal
 * certificates); the token chooser prefers it for the seal likewise. */
static gboolean
is_organisation_certificate (McCertificate *cert)
{
  const char *cn = mc_certificate_get_subject_cn (cert);
  const char *org = mc_certificate_get_subject_org (cert);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (cn == NULL || org == NULL || *org == '\0')
    return FALSE;
  a = g_utf8_casefold (cn, -1);
  b = g_utf8_casefold (org, -1);
  return g_utf8_collate (a, b) == 0;
}

static gboolean
is_valid_now (McCertificate *cert)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *from = mc_certificate_get_not_before (cert);
  GDateTime *until = mc_certificate_get_not_after (cert);

  return (from == NULL || g_date_time_compare (from, now) <= 0)
         && (until == NULL || g_date_time_compare (now, until) <= 0);
}

/* --sign-with: a PKCS#11 address of a certificate, or a token's label;
 * on a token, the organisation's certificate valid today, else the first
 * certificate valid today. */
static McSigningIdentity *
find_copy_identity (const char  *sign_with,
                    GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  McSigningIdentity *fallback = NULL;
  gboolean token_found = FALSE;

  if (g_str_has_prefix (sign_with, "pkcs11:"))
    return mc_pades_find_identity_sync (sign_with, NULL, error);

  tokens = mc_pkcs11_list_tokens_sync (NULL, error);
  if (tokens == NULL)
    return NULL;
  for (guint i = 0; i < tokens->len; i++)
    {
      McToken *token = g_ptr_array_index (tokens, i);
      g_autoptr(GPtrArray) identities = NULL;

      if (g_strcmp0 (mc_token_get_label (token), sign_with) != 0)
        continue;
      token_found = TRUE;
      identities = mc_pkcs11_list_identities_sync (token, NULL, error);
      if (identities == NULL)
        {
          g_clear_object (&fallback);
          return NULL;
        }
      for (guint k = 0; k < identities->len; k++)
        {
          McSigningIdentity *identity = g_ptr_array_index (identities, k);
          McCertificate *cert = mc_signing_identity_get_certificate (identity);

          if (!is_valid_now (cert))
            continue;
          if (is_organisation_certificate (cert))
            {
              g_clear_object (&fallback);
              return g_object_ref (identity);
            }
          if (fallback == NULL)
            fallback = g_object_ref (identity);
        }
    }
  if (fallback != NULL)
    return fallback;
  if (token_found)
    g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                 _("No certificate on the token “%s” may sign today."), sign_with);
  else
    g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                 _("No token “%s” is inserted (see “motcua-cli tokens”)."), sign_with);
  return NULL;
}

/* Signs @unsigned_path into @output with @identity: one login for the
 * run, closed right after; the first signature certifies the copy. */
static gboolean
sign_copy (McSigningIdentity *identity,
           const char        *unsigned_path,
           const char        *output,
           GError           **error)
{
  g_autoptr(McTrustStore) trust = NULL;
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(McPadesSigner) signer = NULL;
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_batch_item_free);
  McBatchItem *item;
  char pin[MC_CLI_PIN_MAX];
  gboolean ok;

  trust = mc_cli_load_trust (NULL, error);
  if (trust == NULL)
    return FALSE;
  if (!mc_cli_read_pin (pin, error))
    return FALSE;
  session = mc_signing_session_open_sync (identity, pin, NULL, error);
  explicit_bzero (pin, sizeof pin);
  if (session == NULL)
    return FALSE;

  request->layout = MC_SIGNATURE_LAYOUT_INVISIBLE;
  request->level = MC_PADES_LEVEL_B_B;
  request->reason = g_strdup (_("Digital copy of the paper original"));
  item = mc_batch_item_new (unsigned_path, output);
  g_ptr_array_add (items, item);
  signer = mc_pades_signer_new (session, trust);
  ok = mc_batch_sign_sync (signer, items, request, NULL, NULL, NULL, error);
  mc_signing_session_close (session);
  if (ok && item->error != NULL)
    {
      g_propagate_error (error, g_error_copy (item->error));
      return FALSE;
    }
  return ok;
}

/* A private file beside @output for the unsigned copy. */
static char *
make_unsigned_path (const char  *output,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *base = g_path_get_basename (output);
  g_autofree char *name = g_strdup_printf (".%s.unsigned-XXXXXX", base);
  char *path = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write in the folder “%s”: %s"), dir, g_strerror (saved));
      g_free (path);
      return NULL;
    }
  close (fd);
  return path;
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
  McScanSettings settings = { 0 };
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the scanners that can be reached"), NULL },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("Scanner to use (a name from --list)"), N_("NAME") },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &resolution, N_("Resolution in dpi (default 300)"), N_("N") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("color, gray or lineart (default color)"), N_("MODE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("flatbed or adf (default flatbed)"), N_("SOURCE") },
    { "duplex", 0, 0, G_OPTION_ARG_NONE, &settings.duplex, N_("From the feeder, scan both sides of each sheet"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { "no-clean", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Keep the pages as scanned: no deskew, cropping or blank page removal"), NULL },
    { "ocr", 0, 0, G_OPTION_ARG_NONE, &ocr, N_("Recognise the text so that the PDF can be searched"), NULL },
    { "pdfa", 0, 0, G_OPTION_ARG_NONE, &pdfa, N_("Write an archival PDF (PDF/A-2b)"), NULL },
    { NULL }
  };
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
  gboolean pin_stdin = FALSE;
  g_autofree char *sign_with = NULL;
  g_autofree char *unsigned_path = NULL;
  g_autoptr(McSigningIdentity) identity = NULL;
  gboolean ok;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { "no-clean", 0, 0, G_OPTION_ARG_NONE, &raw, N_("Keep the pages as they are: no deskew, cropping or blank page removal"), NULL },
    { "ocr", 0, 0, G_OPTION_ARG_NONE, &ocr, N_("Recognise the text so that the PDF can be searched"), NULL },
    { "pdfa", 0, 0, G_OPTION_ARG_NONE, &pdfa, N_("Write an archival PDF (PDF/A-2b)"), NULL },
    { "sign-with", 0, 0, G_OPTION_ARG_STRING, &sign_with, N_("Sign the copy with the organisation’s certificate on this token (its label, or a certificate’s PKCS#11 address)"), N_("TOKEN") },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &pin_stdin, N_("Read the token’s PIN from standard input (one line)"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) clean = NULL;

  if (!mc_cli_parse (entries, "digitise", "IN… -o OUT.pdf [--ocr] [--pdfa] [--no-clean] [--sign-with TOKEN --pin-stdin]", &argc, &argv, error))
    return FALSE;
  if (output == NULL || argc < 2)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("digitise needs image files and an output file: IN… -o OUT.pdf."));
      return FALSE;
    }
  if (sign_with != NULL && !pin_stdin)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("--sign-with needs --pin-stdin: give the token’s PIN as one line on standard input."));
      return FALSE;
    }
  /* The token first: a missing one fails before any page is read. */
  if (sign_with != NULL && (identity = find_copy_identity (sign_with, error)) == NULL)
    return FALSE;
  pages = mc_page_load_files ((const char * const *) argv + 1, error);
  if (pages == NULL)
    return FALSE;
  clean = clean_pages (pages, raw, error);
  if (clean == NULL)
    return FALSE;
  if (identity == NULL)
    {
      if (!write_pdf (clean, ocr, pdfa, output, error))
        return FALSE;
    }
  else
    {
      /* The unsigned copy never takes the output's name: the output
       * appears only once signed. */
      unsigned_path = make_unsigned_path (output, error);
      if (unsigned_path == NULL)
        return FALSE;
      ok = write_pdf (clean, ocr, pdfa, unsigned_path, error)
           && sign_copy (identity, unsigned_path, output, error);
      g_unlink (unsigned_path);
      if (!ok)
        return FALSE;
    }
  if (!cli->json)
    g_print (ngettext ("%u page written to %s\n", "%u pages written to %s\n", clean->len), clean->len, output);
  else
    g_print ("{\"pages\": %u, \"signed\": %s}\n", clean->len, identity != NULL ? "true" : "false");
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
