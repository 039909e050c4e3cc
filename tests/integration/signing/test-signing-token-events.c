/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Integration tests of what only a USB token does: lock its PIN after
 * wrong tries, get pulled in the middle of a batch and come back, and be
 * noticed by the token monitor meanwhile. SoftHSM2 does neither (it never
 * locks, and its tokens cannot be pulled), so the tokens are reached
 * through mc-test-token, a PKCS#11 wrapper module around SoftHSM that
 * emulates both, configured as the only driver with mc_pkcs11_configure().
 * It also logs every C_Login, which proves one login per batch. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-pkcs11.h"
#include "mc-signing-session.h"
#include "mc-test-pki.h"
#include "mc-token-monitor.h"

static McTestPki *pki;
static char *state_dir;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

static McSigningIdentity *
find_identity (const char *token_label)
{
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;

  identities = mc_pkcs11_list_identities_sync (NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (identities, i);

      if (g_strcmp0 (mc_token_get_label (mc_signing_identity_get_token (identity)), token_label) == 0 &&
          g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)),
                     "Trần Thị Bình") == 0)
        return g_object_ref (identity);
    }
  g_error ("no identity on %s", token_label);
}

static McToken *
token_now (McSigningIdentity *identity)
{
  g_autoptr(GError) error = NULL;
  McToken *token;

  token = mc_pkcs11_find_token_sync (mc_token_get_uri (mc_signing_identity_get_token (identity)), &error);
  g_assert_no_error (error);
  return token;
}

/* How many C_Login calls the wrapper saw for a token. */
static guint
logins (const char *label)
{
  g_autofree char *path = g_build_filename (state_dir, "log", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *prefix = g_strdup_printf ("login %s ", label);
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

static void
set_pulled (const char *label)
{
  g_autofree char *path = g_build_filename (state_dir, "pulled", NULL);

  g_assert_true (g_file_set_contents (path, label ? label : "", -1, NULL));
}

static GBytes *
sign (McSigningSession  *session,
      guint              n,
      GError           **error)
{
  guint8 digest[32];

  memset (digest, (int) n, sizeof digest);
  return mc_signing_session_sign_sync (session, digest, sizeof digest, MC_PADES_LEVEL_B_B, NULL,
                                       MC_SIGN_FLAGS_NONE, NULL, NULL, NULL, error);
}

static void
test_one_login (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"));
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint before = logins (env ("MC_PKI_TOKEN_LABEL"));

  session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  for (guint n = 0; n < 25; n++)
    {
      g_autoptr(GBytes) cms = sign (session, n, &error);

      g_assert_no_error (error);
      g_assert_nonnull (cms);
    }
  mc_signing_session_close (session);
  g_assert_cmpuint (mc_signing_session_get_signature_count (session), ==, 25);
  g_assert_cmpuint (logins (env ("MC_PKI_TOKEN_LABEL")) - before, ==, 1);
}

static void
test_pulled_mid_batch (void)
{
  const char *label = env ("MC_PKI_TOKEN_LABEL");
  g_autoptr(McSigningIdentity) identity = find_identity (label);
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(McSigningSession) absent = NULL;
  g_autoptr(McSigningSession) again = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  for (guint n = 0; n < 2; n++)
    {
      g_autoptr(GBytes) cms = sign (session, n, &error);

      g_assert_no_error (error);
    }

  set_pulled (label);
  for (guint n = 2; n < 4; n++)
    {
      g_autoptr(GBytes) cms = sign (session, n, &error);

      g_assert_null (cms);
      g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED);
      g_assert_nonnull (strstr (error->message, label));
      g_clear_error (&error);
    }
  g_assert_false (mc_signing_session_is_open (session));
  g_assert_cmpuint (mc_signing_session_get_signature_count (session), ==, 2);

  absent = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_null (absent);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_NOT_PRESENT);
  g_clear_error (&error);

  /* Put back: the broken login does not come back by itself (the PIN is
   * gone), and no login is attempted behind the user's back. */
  set_pulled (NULL);
  before = logins (label);
  {
    g_autoptr(GBytes) cms = sign (session, 4, &error);

    g_assert_null (cms);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (logins (label), ==, before);
  g_clear_object (&session);

  again = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) cms = sign (again, 5, &error);

    g_assert_no_error (error);
    g_assert_nonnull (cms);
  }
}

typedef struct {
  guint added;
  guint removed;
  guint changed;
  char *last;
} Events;

static void
on_added (McTokenMonitor *monitor, McToken *token, Events *events)
{
  events->added++;
  g_free (events->last);
  events->last = g_strdup (mc_token_get_label (token));
}

static void
on_removed (McTokenMonitor *monitor, McToken *token, Events *events)
{
  events->removed++;
  g_free (events->last);
  events->last = g_strdup (mc_token_get_label (token));
}

static void
on_changed (McTokenMonitor *monitor, McToken *token, Events *events)
{
  events->changed++;
  g_free (events->last);
  events->last = g_strdup (mc_token_get_label (token));
}

static gboolean
wait_for (guint *counter,
          guint  target)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND; /* a guard against a hang only */

  while (*counter < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return *counter >= target;
}

static gboolean
timeout_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_monitor (void)
{
  const char *label = env ("MC_PKI_TOKEN_LABEL");
  g_autoptr(McTokenMonitor) monitor = mc_token_monitor_new (100);
  g_autoptr(McSigningIdentity) identity = find_identity (label);
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *tokens = mc_token_monitor_get_tokens (monitor);
  Events events = { 0, 0, 0, NULL };
  guint tick = g_timeout_add (50, timeout_cb, NULL);

  g_signal_connect (monitor, "token-added", G_CALLBACK (on_added), &events);
  g_signal_connect (monitor, "token-removed", G_CALLBACK (on_removed), &events);
  g_signal_connect (monitor, "token-changed", G_CALLBACK (on_changed), &events);

  g_assert_true (wait_for (&events.added, 2));
  g_assert_true (mc_token_monitor_get_ready (monitor));
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 2);

  set_pulled (label);
  g_assert_true (wait_for (&events.removed, 1));
  g_assert_cmpstr (events.last, ==, label);
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 1);

  set_pulled (NULL);
  g_assert_true (wait_for (&events.added, 3));
  g_assert_cmpstr (events.last, ==, label);
  g_assert_cmpuint (g_list_model_get_n_items (tokens), ==, 2);

  /* A wrong PIN changes the token's flags: the dialog hears of it. */
  session = mc_signing_session_open_sync (identity, "999999", NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT);
  g_clear_error (&error);
  mc_token_monitor_refresh (monitor);
  g_assert_true (wait_for (&events.changed, 1));
  g_assert_cmpstr (events.last, ==, label);

  /* A good login clears the count again. */
  session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (&events.changed, 2));
  g_assert_cmpuint (events.removed, ==, 1);

  g_source_remove (tick);
  g_free (events.last);
}

static void
test_locked (void)
{
  const char *label = env ("MC_PKI_TOKEN2_LABEL");
  g_autoptr(McSigningIdentity) identity = find_identity (label);
  g_autoptr(GError) error = NULL;
  guint before = logins (label);
  const char *expect[] = { "few tries", "one more wrong PIN will lock" };
  const McPinFlags flags_after[] = { MC_PIN_FLAGS_COUNT_LOW, MC_PIN_FLAGS_COUNT_LOW | MC_PIN_FLAGS_FINAL_TRY };

  {
    g_autoptr(McToken) token = token_now (identity);

    g_assert_cmpint (mc_token_get_pin_flags (token), ==, MC_PIN_FLAGS_NONE);
  }

  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_autoptr(McSigningSession) session = NULL;
      g_autoptr(McToken) token = NULL;
      g_autofree char *message = NULL;

      session = mc_signing_session_open_sync (identity, "111111", NULL, &error);
      g_assert_null (session);
      g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT);
      g_assert_nonnull (strstr (error->message, expect[i]));
      g_clear_error (&error);

      /* What the PIN dialog shows before the next try. */
      token = token_now (identity);
      g_assert_cmpint (mc_token_get_pin_flags (token), ==, flags_after[i]);
      message = mc_token_get_pin_message (token);
      g_assert_nonnull (message);
    }

  {
    g_autoptr(McSigningSession) session = mc_signing_session_open_sync (identity, "111111", NULL, &error);
    g_autoptr(McToken) token = token_now (identity);
    g_autofree char *message = mc_token_get_pin_message (token);

    g_assert_null (session);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED);
    g_assert_nonnull (strstr (error->message, "SO PIN"));
    g_clear_error (&error);
    g_assert_cmpint (mc_token_get_pin_flags (token), ==, MC_PIN_FLAGS_LOCKED);
    g_assert_nonnull (strstr (message, "locked"));
  }

  /* Each wrong PIN cost exactly one try (GnuTLS would ask again on
   * CKR_PIN_INCORRECT; we do not answer twice). */
  g_assert_cmpuint (logins (label) - before, ==, 3);

  /* Locked: even the right PIN is not sent to the token. */
  {
    g_autoptr(McSigningSession) session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);

    g_assert_null (session);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED);
  }
  g_assert_cmpuint (logins (label) - before, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *shim = NULL;
  int ret;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--shim="))
      {
        shim = argv[i] + strlen ("--shim=");
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);
  if (shim == NULL)
    g_error ("usage: %s --shim=PATH-OF-libmc-test-token.so", argv[0]);

  pki = mc_test_pki_start ();
  state_dir = mc_test_pki_path (pki, "token-state");
  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_setenv ("MC_TEST_TOKEN_STATE", state_dir, TRUE);
  g_setenv ("MC_TEST_TOKEN_MODULE", env ("MC_PKI_SOFTHSM2_MODULE"), TRUE);
  g_setenv ("MC_TEST_TOKEN_MAX_TRIES", "3", TRUE);
  {
    const char *paths[] = { shim, NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }

  g_test_add_func ("/signing/token-events/one-login", test_one_login);
  g_test_add_func ("/signing/token-events/pulled-mid-batch", test_pulled_mid_batch);
  g_test_add_func ("/signing/token-events/monitor", test_monitor);
  g_test_add_func ("/signing/token-events/locked", test_locked);

  ret = g_test_run ();
  mc_test_pki_stop (pki);
  g_free (state_dir);
  return ret;
}
