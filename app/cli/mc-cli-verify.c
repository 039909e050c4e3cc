/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "motcua-cli verify FILE": every signature of a PDF checked (signer,
 * time, PAdES level, what it covers, what changed after it, the CMS
 * verdict), as a report a person reads (translated) or as JSON, and an
 * exit status scripts can trust: 0 only when every signature is valid. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "mc-pades-signer.h"

static const char *
check_key (McCheckResult result)
{
  switch (result)
    {
    case MC_CHECK_PASSED:
      return "passed";
    case MC_CHECK_FAILED:
      return "failed";
    case MC_CHECK_INDETERMINATE:
      return "indeterminate";
    case MC_CHECK_NOT_DONE:
    default:
      return "not-done";
    }
}

static const char *
status_key (McSignatureStatus status)
{
  switch (status)
    {
    case MC_SIGNATURE_STATUS_VALID:
      return "valid";
    case MC_SIGNATURE_STATUS_INVALID:
      return "invalid";
    case MC_SIGNATURE_STATUS_INDETERMINATE:
    default:
      return "indeterminate";
    }
}

static void
check_to_json (JsonBuilder         *b,
               McPdfSignatureCheck *check)
{
  McSignatureReport *report = check->report;
  McCertificate *signer = mc_signature_report_get_signer (report);
  g_autofree char *time = mc_cli_format_vn_time (check->signing_time);
  GStrv problems = mc_signature_report_get_problems (report); /* transfer none */
  struct { const char *key; McCheckResult result; } checks[] = {
    { "digest", mc_signature_report_get_digest_check (report) },
    { "signature", mc_signature_report_get_signature_check (report) },
    { "signing_certificate", mc_signature_report_get_signing_certificate_check (report) },
    { "chain", mc_signature_report_get_chain_check (report) },
    { "revocation", mc_signature_report_get_revocation_check (report) },
    { "timestamp", mc_signature_report_get_timestamp_check (report) },
  };

  json_builder_begin_object (b);
  mc_cli_json_string (b, "field", check->field_name);
  json_builder_set_member_name (b, "page");
  if (check->page_index >= 0)
    json_builder_add_int_value (b, check->page_index + 1);
  else
    json_builder_add_null_value (b);
  mc_cli_json_string (b, "signer", check->signer);
  mc_cli_json_string (b, "issuer", signer ? mc_certificate_get_issuer_cn (signer) : NULL);
  mc_cli_json_string (b, "signing_time", time);
  json_builder_set_member_name (b, "time_from_timestamp");
  json_builder_add_boolean_value (b, mc_signature_report_get_timestamp_time (report) != NULL);
  mc_cli_json_string (b, "level", mc_pades_level_to_string (check->level));
  mc_cli_json_string (b, "status", status_key (mc_signature_report_get_status (report)));
  json_builder_set_member_name (b, "valid");
  json_builder_add_boolean_value (b, mc_pdf_signature_check_is_valid (check));
  json_builder_set_member_name (b, "covers_document");
  json_builder_add_boolean_value (b, check->covers_document);
  json_builder_set_member_name (b, "changed_after");
  json_builder_add_boolean_value (b, check->changed_after);
  mc_cli_json_string (b, "changes", check->changes);
  json_builder_set_member_name (b, "checks");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    mc_cli_json_string (b, checks[i].key, check_key (checks[i].result));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    json_builder_add_string_value (b, problems[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_check (McPdfSignatureCheck *check,
             guint                number,
             guint                total)
{
  McSignatureReport *report = check->report;
  McCertificate *signer = mc_signature_report_get_signer (report);
  g_autofree char *time = mc_cli_format_vn_time (check->signing_time);
  GStrv problems = mc_signature_report_get_problems (report); /* transfer none */
  const char *verdict;

  if (mc_pdf_signature_check_is_valid (check))
    verdict = _("valid");
  else if (mc_signature_report_get_status (report) == MC_SIGNATURE_STATUS_INVALID
           || check->changed_after || !check->covers_document)
    verdict = _("NOT valid");
  else
    verdict = _("could not be fully verified");

  /* Translators: "Signature 1 of 2: field “Signature1”" */
  g_print (_("Signature %u of %u: field “%s”"), number, total, check->field_name);
  if (check->page_index >= 0)
    /* Translators: follows "Signature 1 of 2: field …" */
    g_print (_(", page %d"), check->page_index + 1);
  else
    g_print ("%s", _(", not visible"));
  g_print ("\n");
  g_print ("  %-16s %s\n", _("Verdict:"), verdict);
  g_print ("  %-16s %s\n", _("Signed by:"), check->signer ? check->signer : _("unknown"));
  if (signer != NULL && mc_certificate_get_issuer_cn (signer) != NULL)
    g_print ("  %-16s %s\n", _("Issued by:"), mc_certificate_get_issuer_cn (signer));
  if (time != NULL)
    g_print ("  %-16s %s (%s)\n", _("Signing time:"), time,
             mc_signature_report_get_timestamp_time (report) ? _("from a trusted time-stamp")
                                                             : _("as the signer’s computer said"));
  g_print ("  %-16s PAdES %s\n", _("Level:"), mc_pades_level_to_string (check->level));
  g_print ("  %-16s %s\n", _("Covers:"),
           check->covers_document ? _("the whole document as it was when signed")
                                  : _("NOT the whole document"));
  if (check->changes != NULL)
    g_print ("  %-16s %s\n", _("Later changes:"), check->changes);
  g_print ("  %-16s %s %s, %s %s, %s %s, %s %s, %s %s\n", _("Checks:"),
           _("content"), mc_check_result_to_string (mc_signature_report_get_digest_check (report)),
           _("signature"), mc_check_result_to_string (mc_signature_report_get_signature_check (report)),
           _("certificate chain"), mc_check_result_to_string (mc_signature_report_get_chain_check (report)),
           _("revocation"), mc_check_result_to_string (mc_signature_report_get_revocation_check (report)),
           _("time-stamp"), mc_check_result_to_string (mc_signature_report_get_timestamp_check (report)));
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_print ("  – %s\n", problems[i]);
}

gboolean
mc_cli_verify (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_auto(GStrv) trust_paths = NULL;
  g_autoptr(McTrustStore) trust = NULL;
  g_autoptr(McVerifier) verifier = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  gboolean offline = FALSE;
  guint valid = 0;
  GOptionEntry entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust_paths, N_("Extra trusted root certificate or folder"), "PATH" },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Do not ask revocation servers; use only what the document carries"), NULL },
    { NULL }
  };

  if (!mc_cli_parse (entries, "verify", "FILE", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("Give one PDF file to verify."));
      return FALSE;
    }
  trust = mc_cli_load_trust (trust_paths, error);
  if (trust == NULL)
    return FALSE;
  verifier = mc_verifier_new (trust);
  mc_verifier_set_allow_network (verifier, !offline);
  checks = mc_pdf_verify_file (argv[1], verifier, NULL, error);
  if (checks == NULL)
    return FALSE;
  for (guint i = 0; i < checks->len; i++)
    if (mc_pdf_signature_check_is_valid (g_ptr_array_index (checks, i)))
      valid++;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mc_cli_json_string (b, "file", argv[1]);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, checks->len > 0 && valid == checks->len);
      json_builder_set_member_name (b, "signatures");
      json_builder_begin_array (b);
      for (guint i = 0; i < checks->len; i++)
        check_to_json (b, g_ptr_array_index (checks, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      mc_cli_print_json (b);
    }
  else
    {
      g_print ("%s: ", argv[1]);
      g_print (ngettext ("%u signature\n", "%u signatures\n", checks->len), checks->len);
      for (guint i = 0; i < checks->len; i++)
        print_check (g_ptr_array_index (checks, i), i + 1, checks->len);
    }

  if (checks->len == 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED, _("The file has no signature."));
      return FALSE;
    }
  if (valid < checks->len)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                   ngettext ("%u of %u signature could not be confirmed as valid.",
                             "%u of %u signatures could not be confirmed as valid.", checks->len),
                   checks->len - valid, checks->len);
      return FALSE;
    }
  return TRUE;
}
