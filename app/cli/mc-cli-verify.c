/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "motcua-cli verify FILE": every signature of a PDF checked (signer,
 * time, PAdES level, what it covers, what changed after it, the CMS
 * verdict, the root it is trusted through and whether the user added
 * that root), as a report a person reads (translated) or as JSON, and an
 * exit status scripts can trust. The text verdict, the JSON status and
 * the exit status all come from the one verdict the library computes
 * per signature (McPdfSignatureCheck.verdict): 0 when every signature is
 * valid (perhaps with allowed later changes), 1 when one is invalid, 3
 * when none is invalid but one could not be fully verified, 4 when the
 * file cannot be read as a PDF or has no signature, 2 for a usage error. */
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

static void
json_strv (JsonBuilder *b,
           const char  *key,
           GStrv        list)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    json_builder_add_string_value (b, list[i]);
  json_builder_end_array (b);
}

/* The trust anchor the signature's chain ends at, and where it came
 * from: a root the user added is trusted by them, not by the program. */
static McCertificate *
find_anchor (McTrustStore        *trust,
             McPdfSignatureCheck *check,
             McTrustOrigin       *origin)
{
  GPtrArray *chain = mc_signature_report_get_chain (check->report);

  for (guint i = 0; chain != NULL && i < chain->len; i++)
    {
      McCertificate *cert = g_ptr_array_index (chain, i);

      *origin = mc_trust_store_get_origin (trust, cert);
      if (*origin != MC_TRUST_ORIGIN_NONE)
        return cert;
    }
  *origin = MC_TRUST_ORIGIN_NONE;
  return NULL;
}

static const char *
anchor_name (McCertificate *anchor)
{
  return mc_certificate_get_subject_cn (anchor) ? mc_certificate_get_subject_cn (anchor)
                                                : mc_certificate_get_subject_dn (anchor);
}

static void
anchor_to_json (JsonBuilder         *b,
                McTrustStore        *trust,
                McPdfSignatureCheck *check)
{
  McTrustOrigin origin;
  McCertificate *anchor = find_anchor (trust, check, &origin);

  json_builder_set_member_name (b, "trust_anchor");
  if (anchor == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  mc_cli_json_string (b, "name", anchor_name (anchor));
  mc_cli_json_string (b, "origin", origin == MC_TRUST_ORIGIN_USER ? "user" : "shipped");
  json_builder_set_member_name (b, "trusted_by_you");
  json_builder_add_boolean_value (b, origin == MC_TRUST_ORIGIN_USER);
  json_builder_end_object (b);
}

static void
check_to_json (JsonBuilder         *b,
               McTrustStore        *trust,
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
  anchor_to_json (b, trust, check);
  mc_cli_json_string (b, "signing_time", time);
  json_builder_set_member_name (b, "time_from_timestamp");
  json_builder_add_boolean_value (b, mc_signature_report_get_timestamp_time (report) != NULL);
  mc_cli_json_string (b, "level", mc_pades_level_to_string (check->level));
  mc_cli_json_string (b, "status", mc_pdf_verdict_to_key (check->verdict));
  mc_cli_json_string (b, "reason", check->reason);
  mc_cli_json_string (b, "modification_level", mc_modification_level_to_key (check->modification_level));
  json_strv (b, "allowed_changes", check->allowed_changes);
  json_strv (b, "disallowed_changes", check->disallowed_changes);
  json_builder_set_member_name (b, "certification");
  json_builder_add_boolean_value (b, check->certification);
  json_builder_set_member_name (b, "docmdp");
  if (check->docmdp > 0)
    json_builder_add_int_value (b, check->docmdp);
  else
    json_builder_add_null_value (b);
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

/* Labels padded to the same width on screen, whatever the language:
 * Vietnamese labels have letters of several bytes. */
static guint
screen_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
print_row (guint       width,
           const char *label,
           const char *value)
{
  g_autoptr(GString) line = g_string_new ("  ");
  guint have = screen_width (label);

  g_string_append (line, label);
  for (guint i = have; i < width + 1; i++)
    g_string_append_c (line, ' ');
  g_string_append (line, value);
  g_print ("%s\n", line->str);
}

static void
print_check (McTrustStore        *trust,
             McPdfSignatureCheck *check,
             guint                number,
             guint                total)
{
  McSignatureReport *report = check->report;
  McCertificate *signer = mc_signature_report_get_signer (report);
  g_autofree char *time = mc_cli_format_vn_time (check->signing_time);
  GStrv problems = mc_signature_report_get_problems (report); /* transfer none */
  g_autofree char *when = NULL;
  g_autofree char *level = NULL;
  g_autofree char *checks = NULL;
  g_autofree char *root = NULL;
  McTrustOrigin origin;
  McCertificate *anchor = find_anchor (trust, check, &origin);
  const char *labels[] = {
    _("Verdict:"), _("Reason:"), _("Signed by:"), _("Issued by:"), _("Trusted root:"), _("Signing time:"), _("Level:"),
    _("Certified:"), _("Covers:"), _("Later changes:"), _("Not allowed:"), _("Checks:"),
  };
  guint width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    width = MAX (width, screen_width (labels[i]));

  /* Translators: "Signature 1 of 2: field “Signature1”" */
  g_print (_("Signature %u of %u: field “%s”"), number, total, check->field_name);
  if (check->page_index >= 0)
    /* Translators: follows "Signature 1 of 2: field …" */
    g_print (_(", page %d"), check->page_index + 1);
  else
    g_print ("%s", _(", not visible"));
  g_print ("\n");
  print_row (width, _("Verdict:"), mc_pdf_verdict_to_string (check->verdict));
  if (check->reason != NULL && check->verdict != MC_PDF_VERDICT_VALID_WITH_CHANGES)
    print_row (width, _("Reason:"), check->reason);
  print_row (width, _("Signed by:"), check->signer ? check->signer : _("unknown"));
  if (signer != NULL && mc_certificate_get_issuer_cn (signer) != NULL)
    print_row (width, _("Issued by:"), mc_certificate_get_issuer_cn (signer));
  if (anchor != NULL)
    {
      /* Roots given with --trust are the program's caller's, not the
       * user's trust folder: only the latter are flagged. */
      if (origin == MC_TRUST_ORIGIN_USER)
        root = g_strdup_printf ("%s (%s)", anchor_name (anchor), _("trusted by you, not shipped with the program"));
      else
        root = g_strdup (anchor_name (anchor));
      print_row (width, _("Trusted root:"), root);
    }
  if (time != NULL)
    {
      when = g_strdup_printf ("%s (%s)", time,
                              mc_signature_report_get_timestamp_time (report) ? _("from a trusted time-stamp")
                                                                              : _("as the signer’s computer said"));
      print_row (width, _("Signing time:"), when);
    }
  level = g_strdup_printf ("PAdES %s", mc_pades_level_to_string (check->level));
  print_row (width, _("Level:"), level);
  if (check->certification)
    {
      g_autofree char *cert = g_strdup_printf (_("yes, this signature certifies the document (DocMDP P=%d)"),
                                               check->docmdp);
      print_row (width, _("Certified:"), cert);
    }
  print_row (width, _("Covers:"),
             check->covers_document ? _("the whole document as it was when signed")
                                    : _("NOT the whole document"));
  for (guint i = 0; check->allowed_changes != NULL && check->allowed_changes[i] != NULL; i++)
    print_row (width, i == 0 ? _("Later changes:") : "", check->allowed_changes[i]);
  for (guint i = 0; check->disallowed_changes != NULL && check->disallowed_changes[i] != NULL; i++)
    print_row (width, i == 0 ? _("Not allowed:") : "", check->disallowed_changes[i]);
  if (check->allowed_changes == NULL && check->disallowed_changes == NULL && check->changes != NULL)
    print_row (width, _("Later changes:"), check->changes);
  checks = g_strdup_printf ("%s %s, %s %s, %s %s, %s %s, %s %s",
                            _("content"), mc_check_result_to_string (mc_signature_report_get_digest_check (report)),
                            _("signature"), mc_check_result_to_string (mc_signature_report_get_signature_check (report)),
                            _("certificate chain"), mc_check_result_to_string (mc_signature_report_get_chain_check (report)),
                            _("revocation"), mc_check_result_to_string (mc_signature_report_get_revocation_check (report)),
                            _("time-stamp"), mc_check_result_to_string (mc_signature_report_get_timestamp_check (report)));
  print_row (width, _("Checks:"), checks);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_print ("  – %s\n", problems[i]);
}

static gboolean
parse_options (GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("verify FILE");
  g_autoptr(GError) local = NULL;
  g_autofree char *description = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  description = g_strdup_printf ("%s\n  0  %s\n  1  %s\n  2  %s\n  3  %s\n  4  %s",
                                 _("Exit status:"),
                                 _("every signature is valid (later changes it allows are listed)"),
                                 _("a signature is NOT valid: broken, or the document was changed in a way it does not allow"),
                                 _("the command was used wrongly"),
                                 _("no signature is invalid, but one could not be fully verified (untrusted root, no revocation data…)"),
                                 _("the file cannot be read as a PDF, or it has no signature"));
  g_option_context_set_description (context, description);
  if (!g_option_context_parse (context, argc, argv, &local))
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, local->message);
      return FALSE;
    }
  return TRUE;
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
  g_autoptr(GError) local = NULL;
  gboolean offline = FALSE;
  guint valid = 0, invalid = 0;
  GOptionEntry entries[] = {
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust_paths, N_("Extra trusted root certificate or folder"), "PATH" },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Do not ask revocation servers; use only what the document carries"), NULL },
    { NULL }
  };

  if (!parse_options (entries, &argc, &argv, error))
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
  checks = mc_pdf_verify_file (argv[1], verifier, NULL, &local);
  if (checks == NULL)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_UNREADABLE, local->message);
      return FALSE;
    }
  for (guint i = 0; i < checks->len; i++)
    {
      McPdfSignatureCheck *check = g_ptr_array_index (checks, i);
      if (mc_pdf_signature_check_is_valid (check))
        valid++;
      else if (check->verdict == MC_PDF_VERDICT_INVALID)
        invalid++;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      mc_cli_json_string (b, "file", argv[1]);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, checks->len > 0 && valid == checks->len);
      mc_cli_json_string (b, "status", checks->len == 0 ? "no-signature"
                                       : invalid > 0 ? "invalid"
                                       : valid < checks->len ? "indeterminate" : "valid");
      json_builder_set_member_name (b, "signatures");
      json_builder_begin_array (b);
      for (guint i = 0; i < checks->len; i++)
        check_to_json (b, trust, g_ptr_array_index (checks, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      mc_cli_print_json (b);
    }
  else
    {
      g_print ("%s: ", argv[1]);
      g_print (ngettext ("%u signature\n", "%u signatures\n", checks->len), checks->len);
      for (guint i = 0; i < checks->len; i++)
        print_check (trust, g_ptr_array_index (checks, i), i + 1, checks->len);
    }

  if (checks->len == 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_UNREADABLE, _("The file has no signature."));
      return FALSE;
    }
  if (invalid > 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                   ngettext ("%u of %u signature is NOT valid.",
                             "%u of %u signatures are NOT valid.", checks->len),
                   invalid, checks->len);
      return FALSE;
    }
  if (valid < checks->len)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_INDETERMINATE,
                   ngettext ("%u of %u signature could not be confirmed as valid.",
                             "%u of %u signatures could not be confirmed as valid.", checks->len),
                   checks->len - valid, checks->len);
      return FALSE;
    }
  return TRUE;
}
