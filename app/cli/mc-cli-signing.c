/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing from the command line: "tokens" lists the PKCS#11 modules, the
 * tokens with their PIN state and the certificates that may sign;
 * "sign" signs one file or a batch with one login, the PIN read from
 * standard input (never echoed, never kept: wiped right after the login).
 * Also what "verify" (mc-cli-verify.c) shares with them: the trust store,
 * times in Vietnam's zone. Used by people without the GUI, by scripts and
 * by the tests. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "mc-core.h"
#include "mc-pades-signer.h"
#include "mc-pkcs11.h"


/* ---- shared ---- */

static char *
user_trust_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "motcua", "trust", NULL);
}

McTrustStore *
mc_cli_load_trust (char   **extra,
                   GError **error)
{
  g_autofree char *user_dir = user_trust_dir ();
  g_autoptr(McTrustStore) trust = mc_trust_store_new_default (mc_core_get_data_dir (), user_dir, error);

  if (trust == NULL)
    return NULL;
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      gboolean ok = g_file_test (extra[i], G_FILE_TEST_IS_DIR)
                      ? mc_trust_store_add_directory (trust, extra[i], error)
                      : mc_trust_store_add_file (trust, extra[i], error);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&trust);
}

char *
mc_cli_format_vn_time (GDateTime *time)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) vn = NULL;

  if (time == NULL)
    return NULL;
  tz = g_time_zone_new_offset (7 * 3600);
  vn = g_date_time_to_timezone (time, tz);
  return g_date_time_format (vn, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
format_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d");
}

void
mc_cli_json_string (JsonBuilder *b,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* ---- tokens ---- */

static const struct
{
  McPinFlags flag;
  const char *name;
} pin_flag_names[] = {
  { MC_PIN_FLAGS_COUNT_LOW, "count-low" },
  { MC_PIN_FLAGS_FINAL_TRY, "final-try" },
  { MC_PIN_FLAGS_LOCKED, "locked" },
  { MC_PIN_FLAGS_TO_BE_CHANGED, "to-be-changed" },
};

static void
identity_to_json (JsonBuilder       *b,
                  McSigningIdentity *identity)
{
  McCertificate *cert = mc_signing_identity_get_certificate (identity);
  g_autofree char *from = mc_cli_format_vn_time (mc_certificate_get_not_before (cert));
  g_autofree char *until = mc_cli_format_vn_time (mc_certificate_get_not_after (cert));

  json_builder_begin_object (b);
  mc_cli_json_string (b, "holder", mc_certificate_get_subject_cn (cert));
  mc_cli_json_string (b, "organisation", mc_certificate_get_subject_org (cert));
  mc_cli_json_string (b, "subject", mc_certificate_get_subject_dn (cert));
  mc_cli_json_string (b, "issuer", mc_certificate_get_issuer_cn (cert) ? mc_certificate_get_issuer_cn (cert)
                                                               : mc_certificate_get_issuer_dn (cert));
  mc_cli_json_string (b, "not_before", from);
  mc_cli_json_string (b, "not_after", until);
  mc_cli_json_string (b, "serial", mc_certificate_get_serial_hex (cert));
  mc_cli_json_string (b, "key_algorithm", mc_certificate_get_key_algorithm (cert) == MC_KEY_ALGORITHM_RSA ? "RSA"
                                   : mc_certificate_get_key_algorithm (cert) == MC_KEY_ALGORITHM_EC ? "ECDSA"
                                   : "unknown");
  json_builder_set_member_name (b, "key_bits");
  json_builder_add_int_value (b, mc_certificate_get_key_bits (cert));
  mc_cli_json_string (b, "label", mc_signing_identity_get_label (identity));
  mc_cli_json_string (b, "key_uri", mc_signing_identity_get_key_uri (identity));
  mc_cli_json_string (b, "certificate_uri", mc_signing_identity_get_certificate_uri (identity));
  json_builder_end_object (b);
}

static void
print_identity (McSigningIdentity *identity)
{
  McCertificate *cert = mc_signing_identity_get_certificate (identity);
  g_autofree char *from = format_day (mc_certificate_get_not_before (cert));
  g_autofree char *until = format_day (mc_certificate_get_not_after (cert));
  const char *holder = mc_certificate_get_subject_cn (cert);
  const char *org = mc_certificate_get_subject_org (cert);
  const char *issuer = mc_certificate_get_issuer_cn (cert);

  g_print ("    %s%s%s%s\n", holder ? holder : mc_certificate_get_subject_dn (cert),
           org ? " (" : "", org ? org : "", org ? ")" : "");
  g_print ("      %-10s %s\n", _("Issuer:"), issuer ? issuer : mc_certificate_get_issuer_dn (cert));
  /* Translators: a certificate's validity, from date to date */
  g_print ("      %-10s %s – %s\n", _("Valid:"), from, until);
  g_print ("      %-10s %s\n", _("Serial:"), mc_certificate_get_serial_hex (cert));
  g_print ("      %-10s %s %u\n", _("Key:"),
           mc_certificate_get_key_algorithm (cert) == MC_KEY_ALGORITHM_RSA ? "RSA" : "ECDSA",
           mc_certificate_get_key_bits (cert));
  g_print ("      %-10s %s\n", _("Address:"), mc_signing_identity_get_key_uri (identity));
}

gboolean
mc_cli_tokens (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) descriptions = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (!mc_cli_parse (NULL, "tokens", "", &argc, &argv, error))
    return FALSE;
  if (argc > 1)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("“tokens” takes no arguments."));
      return FALSE;
    }
  if (!mc_pkcs11_list_modules_sync (&names, &descriptions, error))
    return FALSE;
  tokens = mc_pkcs11_list_tokens_sync (NULL, error);
  if (tokens == NULL)
    return FALSE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "modules");
  json_builder_begin_array (b);
  if (!cli->json)
    g_print ("%s\n", _("PKCS#11 modules:"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *description = descriptions && descriptions[i] ? descriptions[i] : "";

      json_builder_begin_object (b);
      mc_cli_json_string (b, "name", names[i]);
      mc_cli_json_string (b, "description", description);
      json_builder_end_object (b);
      if (!cli->json)
        g_print ("  %s  %s\n", names[i], description);
    }
  if (!cli->json && (names == NULL || names[0] == NULL))
    g_print ("  %s\n", _("none (install the driver of your token)"));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "tokens");
  json_builder_begin_array (b);
  if (!cli->json && tokens->len == 0)
    g_print ("%s\n", _("No token is inserted."));
  for (guint i = 0; i < tokens->len; i++)
    {
      McToken *token = g_ptr_array_index (tokens, i);
      McPinFlags flags = mc_token_get_pin_flags (token);
      g_autofree char *pin_message = mc_token_get_pin_message (token);
      g_autoptr(GPtrArray) identities = NULL;
      g_autoptr(GError) list_error = NULL;

      identities = mc_pkcs11_list_identities_sync (token, NULL, &list_error);

      json_builder_begin_object (b);
      mc_cli_json_string (b, "label", mc_token_get_label (token));
      mc_cli_json_string (b, "module", mc_token_get_module_name (token));
      mc_cli_json_string (b, "manufacturer", mc_token_get_manufacturer (token));
      mc_cli_json_string (b, "model", mc_token_get_model (token));
      mc_cli_json_string (b, "serial", mc_token_get_serial (token));
      mc_cli_json_string (b, "uri", mc_token_get_uri (token));
      json_builder_set_member_name (b, "login_required");
      json_builder_add_boolean_value (b, mc_token_get_login_required (token));
      json_builder_set_member_name (b, "pin_pad");
      json_builder_add_boolean_value (b, mc_token_has_pin_pad (token));
      json_builder_set_member_name (b, "pin_flags");
      json_builder_begin_array (b);
      for (guint k = 0; k < G_N_ELEMENTS (pin_flag_names); k++)
        if (flags & pin_flag_names[k].flag)
          json_builder_add_string_value (b, pin_flag_names[k].name);
      json_builder_end_array (b);
      mc_cli_json_string (b, "pin_message", pin_message);
      json_builder_set_member_name (b, "identities");
      json_builder_begin_array (b);
      for (guint k = 0; identities != NULL && k < identities->len; k++)
        identity_to_json (b, g_ptr_array_index (identities, k));
      json_builder_end_array (b);
      json_builder_end_object (b);

      if (cli->json)
        continue;
      /* Translators: token label, then manufacturer and model */
      g_print (_("Token “%s” (%s %s, serial %s)\n"), mc_token_get_label (token),
               mc_token_get_manufacturer (token), mc_token_get_model (token), mc_token_get_serial (token));
      g_print ("  %-10s %s\n", _("Address:"), mc_token_get_uri (token));
      if (mc_token_has_pin_pad (token))
        g_print ("  %-10s %s\n", _("PIN:"), _("typed on the token’s own keypad"));
      else if (pin_message != NULL)
        g_print ("  %-10s %s\n", _("PIN:"), pin_message);
      else
        g_print ("  %-10s %s\n", _("PIN:"), _("asked when signing"));
      if (identities == NULL)
        g_print ("  %s\n", list_error->message);
      else if (identities->len == 0)
        g_print ("  %s\n", _("No certificate on this token may sign documents."));
      else
        {
          g_print ("  %s\n", _("Certificates for signing:"));
          for (guint k = 0; k < identities->len; k++)
            print_identity (g_ptr_array_index (identities, k));
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  if (cli->json)
    mc_cli_print_json (b);
  return TRUE;
}

/* ---- sign ---- */

/* Reads one line from standard input into @pin without echo (the
 * signing commands' --pin-stdin, `sign` and `digitise --sign-with`). */
gboolean
mc_cli_read_pin (char     pin[MC_CLI_PIN_MAX],
                 GError **error)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  gsize len = 0;

  if (tty)
    {
      g_printerr ("%s", _("PIN: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  for (;;)
    {
      char c;
      gssize n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n')
        break;
      if (len + 1 >= MC_CLI_PIN_MAX)
        {
          len = MC_CLI_PIN_MAX;
          break;
        }
      pin[len++] = c;
    }
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (len >= MC_CLI_PIN_MAX)
    {
      explicit_bzero (pin, MC_CLI_PIN_MAX);
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("The PIN is too long."));
      return FALSE;
    }
  if (len > 0 && pin[len - 1] == '\r')
    len--;
  pin[len] = '\0';
  if (len == 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("No PIN on standard input. Give it as one line, e.g. from a file."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_level (const char    *text,
             McPadesLevel  *level,
             GError       **error)
{
  if (text == NULL || g_ascii_strcasecmp (text, "B-B") == 0)
    *level = MC_PADES_LEVEL_B_B;
  else if (g_ascii_strcasecmp (text, "B-T") == 0)
    *level = MC_PADES_LEVEL_B_T;
  else if (g_ascii_strcasecmp (text, "B-LT") == 0)
    *level = MC_PADES_LEVEL_B_LT;
  else
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Unknown level “%s”: use B-B, B-T or B-LT."), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_layout (const char         *text,
              McSignatureLayout  *layout,
              GError            **error)
{
  if (text == NULL || g_str_equal (text, "invisible"))
    *layout = MC_SIGNATURE_LAYOUT_INVISIBLE;
  else if (g_str_equal (text, "leader"))
    *layout = MC_SIGNATURE_LAYOUT_LEADER;
  else if (g_str_equal (text, "organisation") || g_str_equal (text, "organization"))
    *layout = MC_SIGNATURE_LAYOUT_ORGANISATION;
  else if (g_str_equal (text, "attachment"))
    *layout = MC_SIGNATURE_LAYOUT_ATTACHMENT;
  else
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Unknown layout “%s”: use leader, organisation, attachment or invisible."), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_rect (const char  *text,
            double       rect[4],
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    goto bad;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      rect[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || rect[i] < 0)
        goto bad;
    }
  if (rect[2] > 0 && rect[3] > 0)
    return TRUE;
bad:
  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("“%s” is not a rectangle: give X,Y,WIDTH,HEIGHT in points from the top left "
                 "of the page."), text);
  return FALSE;
}

typedef struct
{
  McCli *cli;
  gboolean batch;
  guint failed;
} SignProgress;

static void
sign_progress (guint        done,
               guint        total,
               McBatchItem *item,
               gpointer     user_data)
{
  SignProgress *p = user_data;

  if (item->error != NULL)
    {
      p->failed++;
      /* A single file's error is the command's own one line. */
      if (p->batch && !p->cli->json)
        g_printerr ("motcua-cli: %s: %s\n", item->input, item->error->message);
      return;
    }
  if (item->result->warning != NULL)
    g_printerr ("motcua-cli: %s %s: %s\n", _("warning:"), item->input, item->result->warning);
  if (p->cli->json)
    return;
  if (item->skipped)
    /* Translators: [done/total] output file */
    g_print (_("[%u/%u] already signed: %s\n"), done, total, item->output);
  else
    /* Translators: [done/total] input → output (PAdES level) */
    g_print (_("[%u/%u] signed: %s → %s (PAdES %s)\n"), done, total, item->input, item->output,
             mc_pades_level_to_string (item->result->level));
}

static void
items_to_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (b);
      mc_cli_json_string (b, "input", item->input);
      mc_cli_json_string (b, "output", item->output);
      mc_cli_json_string (b, "status", item->error ? "failed" : item->skipped ? "skipped"
                                : item->result ? "signed" : "not-signed");
      if (item->result != NULL)
        {
          mc_cli_json_string (b, "level", mc_pades_level_to_string (item->result->level));
          mc_cli_json_string (b, "sha256", item->result->sha256);
          mc_cli_json_string (b, "warning", item->result->warning);
          json_builder_set_member_name (b, "token_seconds");
          json_builder_add_double_value (b, item->result->token_seconds);
          json_builder_set_member_name (b, "total_seconds");
          json_builder_add_double_value (b, item->result->total_seconds);
        }
      if (item->error != NULL)
        mc_cli_json_string (b, "error", item->error->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  mc_cli_print_json (b);
}

gboolean
mc_cli_sign (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *key = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *layout_text = NULL;
  g_autofree char *rect_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *out_dir = NULL;
  g_auto(GStrv) trust_paths = NULL;
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(McSigningIdentity) identity = NULL;
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(McTrustStore) trust = NULL;
  g_autoptr(McPadesSigner) signer = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_batch_item_free);
  g_autoptr(GError) batch_error = NULL;
  gboolean pin_stdin = FALSE;
  int page = 1;
  SignProgress progress = { cli, FALSE, 0 };
  char pin[MC_CLI_PIN_MAX];
  GOptionEntry entries[] = {
    { "key", 'k', 0, G_OPTION_ARG_STRING, &key, N_("PKCS#11 address of the signing certificate (see “motcua-cli tokens”)"), "PKCS11-URI" },
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &pin_stdin, N_("Read the PIN from standard input (one line)"), NULL },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text, N_("PAdES level: B-B (default), B-T or B-LT"), "LEVEL" },
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &request->tsa_url, N_("Time-stamping server for B-T and B-LT"), "URL" },
    { "ocsp", 0, 0, G_OPTION_ARG_STRING, &request->ocsp_url, N_("OCSP responder to ask for the signer's certificate"), "URL" },
    { "allow-lower", 0, 0, G_OPTION_ARG_NONE, &request->allow_lower_level, N_("Sign at a lower level when a server fails, instead of failing"), NULL },
    { "approval", 0, 0, G_OPTION_ARG_NONE, &request->approval, N_("Make an approval signature even on an unsigned document (by default the first signature certifies it: only form filling and further signatures may follow)"), NULL },
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout_text, N_("Appearance: leader, organisation, attachment or invisible (default)"), "LAYOUT" },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("Page of the appearance, from 1"), "N" },
    { "rect", 0, 0, G_OPTION_ARG_STRING, &rect_text, N_("Place of the appearance in points from the top left (organisation: the leader's signature)"), "X,Y,W,H" },
    { "signature-image", 0, 0, G_OPTION_ARG_FILENAME, &request->signature_image, N_("Handwritten signature (PNG, transparent)"), "PNG" },
    { "seal-image", 0, 0, G_OPTION_ARG_FILENAME, &request->seal_image, N_("Red seal (PNG, transparent, real size)"), "PNG" },
    { "number", 0, 0, G_OPTION_ARG_STRING, &request->document_number, N_("Document number (attachment layout)"), "NUMBER" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &request->signer_name, N_("Signer's name shown (default: the certificate's)"), "NAME" },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &request->organisation, N_("Organisation shown (default: the certificate's)"), "NAME" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &request->reason, N_("Reason for signing"), "TEXT" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &request->location, N_("Place of signing"), "TEXT" },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust_paths, N_("Extra trusted root certificate or folder"), "PATH" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Signed file (one input)"), "OUT" },
    { "out-dir", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, N_("Folder for the signed files (any number of inputs)"), "DIR" },
    { NULL }
  };
  gboolean ok;

  if (!mc_cli_parse (entries, "sign", "--key URI --pin-stdin (-o OUT FILE | --out-dir DIR FILE…)",
                     &argc, &argv, error))
    return FALSE;
  if (key == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Say which certificate signs with --key (see “motcua-cli tokens”)."));
      return FALSE;
    }
  if (argc < 2)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("Give the PDF files to sign."));
      return FALSE;
    }
  if ((output == NULL) == (out_dir == NULL) || (output != NULL && argc != 2))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Give either -o OUT with one file, or --out-dir DIR with any number of files."));
      return FALSE;
    }
  if (page < 1)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("Pages are counted from 1."));
      return FALSE;
    }
  if (!parse_level (level_text, &request->level, error)
      || !parse_layout (layout_text, &request->layout, error)
      || (rect_text != NULL && !parse_rect (rect_text, request->rect, error)))
    return FALSE;
  request->page_index = (guint) page - 1;
  if (out_dir != NULL && !g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                   _("The folder “%s” does not exist. Create it first."), out_dir);
      return FALSE;
    }
  /* Two inputs of the same name would be signed into the same output,
   * the second over the first: refuse before anything is signed. */
  if (out_dir != NULL)
    {
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (int i = 1; i < argc; i++)
        {
          char *base = g_path_get_basename (argv[i]);
          if (!g_hash_table_add (names, base))
            {
              g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Two of the files are named “%s”: their signed copies would overwrite each "
                             "other in “%s”. Sign them in separate runs, or rename one."), base, out_dir);
              return FALSE;
            }
        }
    }
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *base = g_path_get_basename (argv[i]);
      g_autofree char *out = output ? g_strdup (output) : g_build_filename (out_dir, base, NULL);

      g_ptr_array_add (items, mc_batch_item_new (argv[i], out));
    }
  progress.batch = items->len > 1;

  trust = mc_cli_load_trust (trust_paths, error);
  if (trust == NULL)
    return FALSE;
  identity = mc_pades_find_identity_sync (key, NULL, error);
  if (identity == NULL)
    return FALSE;

  if (pin_stdin)
    {
      if (!mc_cli_read_pin (pin, error))
        return FALSE;
      session = mc_signing_session_open_sync (identity, pin, NULL, error);
      explicit_bzero (pin, sizeof pin);
    }
  else
    session = mc_signing_session_open_sync (identity, NULL, NULL, error);
  if (session == NULL)
    return FALSE;

  signer = mc_pades_signer_new (session, trust);
  ok = mc_batch_sign_sync (signer, items, request, sign_progress, &progress, NULL, &batch_error);
  mc_signing_session_close (session);
  if (cli->json)
    items_to_json (items);

  if (!ok && !progress.batch)
    {
      g_propagate_error (error, g_steal_pointer (&batch_error));
      return FALSE;
    }
  if (!ok || progress.failed > 0)
    {
      guint failed = 0;

      for (guint i = 0; i < items->len; i++)
        if (((McBatchItem *) g_ptr_array_index (items, i))->error != NULL)
          failed++;
      if (items->len == 1)
        {
          McBatchItem *item = g_ptr_array_index (items, 0);
          g_propagate_error (error, g_error_copy (item->error));
        }
      else
        g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                     ngettext ("%u file of %u was not signed%s%s",
                               "%u files of %u were not signed%s%s", failed),
                     failed, items->len, batch_error ? ": " : ".",
                     batch_error ? batch_error->message : "");
      return FALSE;
    }
  return TRUE;
}
