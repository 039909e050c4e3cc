/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PKCS#11 module for tests only: it wraps SoftHSM2 and adds the two
 * things SoftHSM cannot do but USB tokens do, a user PIN that locks after
 * a few wrong tries (with CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED
 * reported on the way) and a token that can be pulled and put back.
 * Registered through a private p11-kit user config in place of SoftHSM,
 * it is driven by files in $MC_TEST_TOKEN_STATE: "pulled" lists the
 * labels of pulled tokens, one per line; every C_Login is appended to
 * "log". "hold-after-signs" holds a count N: N more signatures go through,
 * then the next C_SignInit waits (logging "held") until the file is
 * removed, so that a test acts at a known point of a batch running in
 * another thread (pulls the token, cancels). $MC_TEST_TOKEN_MAX_TRIES
 * (default 3) sets the tries. The real module is loaded with dlopen: this
 * is a stand-in for a vendor driver, not product code. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <p11-kit/pkcs11.h>

typedef struct {
  CK_SLOT_ID id;
  guint fails;
  gboolean locked;
  gboolean pulled;
} SlotState;

static CK_FUNCTION_LIST *inner;
static CK_FUNCTION_LIST shim;
static GMutex lock;
static GArray *slots;

static SlotState *
slot_state (CK_SLOT_ID id)
{
  SlotState fresh = { id, 0, FALSE, FALSE };

  if (slots == NULL)
    slots = g_array_new (FALSE, TRUE, sizeof (SlotState));
  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, SlotState, i).id == id)
      return &g_array_index (slots, SlotState, i);
  g_array_append_val (slots, fresh);
  return &g_array_index (slots, SlotState, slots->len - 1);
}

static char *
state_file (const char *name)
{
  const char *dir = g_getenv ("MC_TEST_TOKEN_STATE");

  return dir ? g_build_filename (dir, name, NULL) : NULL;
}

static void G_GNUC_PRINTF (1, 2)
log_line (const char *format,
          ...)
{
  g_autofree char *path = state_file ("log");
  g_autofree char *line = NULL;
  va_list args;
  FILE *f;

  if (path == NULL)
    return;
  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  f = fopen (path, "a");
  if (f != NULL)
    {
      fprintf (f, "%s\n", line);
      fclose (f);
    }
}

static char *
label_of (const CK_TOKEN_INFO *info)
{
  return g_strchomp (g_strndup ((const char *) info->label, sizeof info->label));
}

static gboolean
label_pulled (const char *label)
{
  g_autofree char *path = state_file ("pulled");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_strcmp0 (g_strstrip (lines[i]), label) == 0)
      return TRUE;
  return FALSE;
}

static guint
max_tries (void)
{
  const char *value = g_getenv ("MC_TEST_TOKEN_MAX_TRIES");

  return value ? MAX (1, atoi (value)) : 3;
}

/* Notices pulls and re-insertions from the "pulled" file. A pulled token
 * loses its sessions and its login, as a real one does. */
static void
refresh (void)
{
  CK_SLOT_ID ids[16];
  CK_ULONG n = G_N_ELEMENTS (ids);

  if (inner->C_GetSlotList (CK_FALSE, ids, &n) != CKR_OK)
    return;
  for (CK_ULONG i = 0; i < n; i++)
    {
      CK_TOKEN_INFO info;
      g_autofree char *label = NULL;
      SlotState *state;
      gboolean pulled;

      if (inner->C_GetTokenInfo (ids[i], &info) != CKR_OK)
        continue;
      label = label_of (&info);
      pulled = label_pulled (label);
      state = slot_state (ids[i]);
      if (pulled && !state->pulled)
        {
          inner->C_CloseAllSessions (ids[i]);
          log_line ("pulled %s", label);
        }
      else if (!pulled && state->pulled)
        log_line ("inserted %s", label);
      state->pulled = pulled;
    }
}

static CK_RV
shim_get_slot_list (CK_BBOOL       token_present,
                    CK_SLOT_ID_PTR list,
                    CK_ULONG_PTR   count)
{
  CK_SLOT_ID ids[16];
  CK_ULONG n = G_N_ELEMENTS (ids), kept = 0;
  CK_RV rv;

  g_mutex_lock (&lock);
  refresh ();
  rv = inner->C_GetSlotList (token_present, ids, &n);
  if (rv == CKR_OK)
    {
      for (CK_ULONG i = 0; i < n; i++)
        if (!token_present || !slot_state (ids[i])->pulled)
          ids[kept++] = ids[i];
      if (list == NULL)
        *count = kept;
      else if (*count < kept)
        {
          *count = kept;
          rv = CKR_BUFFER_TOO_SMALL;
        }
      else
        {
          memcpy (list, ids, kept * sizeof (CK_SLOT_ID));
          *count = kept;
        }
    }
  g_mutex_unlock (&lock);
  return rv;
}

static CK_RV
shim_get_slot_info (CK_SLOT_ID        id,
                    CK_SLOT_INFO_PTR  info)
{
  CK_RV rv = inner->C_GetSlotInfo (id, info);

  g_mutex_lock (&lock);
  if (rv == CKR_OK && slot_state (id)->pulled)
    info->flags &= ~CKF_TOKEN_PRESENT;
  g_mutex_unlock (&lock);
  return rv;
}

static CK_RV
shim_get_token_info (CK_SLOT_ID         id,
                     CK_TOKEN_INFO_PTR  info)
{
  SlotState *state;
  CK_RV rv;

  g_mutex_lock (&lock);
  refresh ();
  state = slot_state (id);
  if (state->pulled)
    rv = CKR_TOKEN_NOT_PRESENT;
  else
    {
      rv = inner->C_GetTokenInfo (id, info);
      if (rv == CKR_OK)
        {
          info->flags &= ~(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
          if (state->locked)
            info->flags |= CKF_USER_PIN_LOCKED;
          else
            {
              if (state->fails > 0)
                info->flags |= CKF_USER_PIN_COUNT_LOW;
              if (max_tries () - state->fails == 1)
                info->flags |= CKF_USER_PIN_FINAL_TRY;
            }
        }
    }
  g_mutex_unlock (&lock);
  return rv;
}

static CK_RV
shim_open_session (CK_SLOT_ID            id,
                   CK_FLAGS              flags,
                   CK_VOID_PTR           application,
                   CK_NOTIFY             notify,
                   CK_SESSION_HANDLE_PTR session)
{
  gboolean pulled;

  g_mutex_lock (&lock);
  refresh ();
  pulled = slot_state (id)->pulled;
  g_mutex_unlock (&lock);
  if (pulled)
    return CKR_TOKEN_NOT_PRESENT;
  return inner->C_OpenSession (id, flags, application, notify, session);
}

static CK_RV
shim_login (CK_SESSION_HANDLE session,
            CK_USER_TYPE      user,
            CK_UTF8CHAR_PTR   pin,
            CK_ULONG          pin_len)
{
  CK_SESSION_INFO session_info;
  CK_TOKEN_INFO token_info;
  g_autofree char *label = NULL;
  SlotState *state;
  CK_RV rv;

  g_mutex_lock (&lock);
  refresh ();
  rv = inner->C_GetSessionInfo (session, &session_info);
  if (rv != CKR_OK)
    goto out;
  if (inner->C_GetTokenInfo (session_info.slotID, &token_info) == CKR_OK)
    label = label_of (&token_info);
  state = slot_state (session_info.slotID);
  if (state->pulled)
    rv = CKR_DEVICE_REMOVED;
  else if (user == CKU_USER && state->locked)
    rv = CKR_PIN_LOCKED;
  else
    {
      rv = inner->C_Login (session, user, pin, pin_len);
      if (user == CKU_USER && rv == CKR_PIN_INCORRECT)
        {
          state->fails++;
          if (state->fails >= max_tries ())
            {
              state->locked = TRUE;
              rv = CKR_PIN_LOCKED;
            }
        }
      else if (user == CKU_USER && (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN))
        state->fails = 0;
    }
  log_line ("login %s rv=0x%lx", label ? label : "?", (unsigned long) rv);

out:
  g_mutex_unlock (&lock);
  return rv;
}

#define REFRESH_THEN(call) \
  G_STMT_START { g_mutex_lock (&lock); refresh (); g_mutex_unlock (&lock); return call; } G_STMT_END

/* The count in "hold-after-signs", or -1 without the file. */
static int
signs_before_hold (void)
{
  g_autofree char *path = state_file ("hold-after-signs");
  g_autofree char *contents = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return -1;
  return MAX (0, atoi (contents));
}

static void
count_signature (void)
{
  g_autofree char *path = state_file ("hold-after-signs");
  g_autofree char *left = NULL;
  int n = signs_before_hold ();

  if (n <= 0)
    return;
  left = g_strdup_printf ("%d", n - 1);
  g_file_set_contents (path, left, -1, NULL);
}

/* Not under the lock: the other threads (the token monitor) go on. */
static void
wait_while_held (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean logged = FALSE;

  while (signs_before_hold () == 0 && g_get_monotonic_time () < deadline)
    {
      if (!logged)
        log_line ("held");
      logged = TRUE;
      g_usleep (5000);
    }
}

static CK_RV
shim_sign_init (CK_SESSION_HANDLE session, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key)
{
  wait_while_held ();
  REFRESH_THEN (inner->C_SignInit (session, mechanism, key));
}

static CK_RV
shim_sign (CK_SESSION_HANDLE session, CK_BYTE_PTR data, CK_ULONG data_len,
           CK_BYTE_PTR signature, CK_ULONG_PTR signature_len)
{
  CK_RV rv;

  g_mutex_lock (&lock);
  refresh ();
  g_mutex_unlock (&lock);
  rv = inner->C_Sign (session, data, data_len, signature, signature_len);
  /* A call that only asks for the length signs nothing. */
  if (rv == CKR_OK && signature != NULL)
    count_signature ();
  return rv;
}

static CK_RV
shim_find_objects_init (CK_SESSION_HANDLE session, CK_ATTRIBUTE_PTR templ, CK_ULONG count)
{
  REFRESH_THEN (inner->C_FindObjectsInit (session, templ, count));
}

static CK_RV
shim_get_session_info (CK_SESSION_HANDLE session, CK_SESSION_INFO_PTR info)
{
  REFRESH_THEN (inner->C_GetSessionInfo (session, info));
}

CK_RV C_GetFunctionList (CK_FUNCTION_LIST_PTR_PTR list);

CK_RV
C_GetFunctionList (CK_FUNCTION_LIST_PTR_PTR list)
{
  if (inner == NULL)
    {
      const char *path = g_getenv ("MC_TEST_TOKEN_MODULE");
      CK_C_GetFunctionList get;
      void *handle;

      if (path == NULL)
        path = "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so";
      handle = dlopen (path, RTLD_NOW | RTLD_LOCAL);
      if (handle == NULL)
        return CKR_GENERAL_ERROR;
      get = (CK_C_GetFunctionList) dlsym (handle, "C_GetFunctionList");
      if (get == NULL || get (&inner) != CKR_OK)
        return CKR_GENERAL_ERROR;

      shim = *inner;
      shim.C_GetSlotList = shim_get_slot_list;
      shim.C_GetSlotInfo = shim_get_slot_info;
      shim.C_GetTokenInfo = shim_get_token_info;
      shim.C_OpenSession = shim_open_session;
      shim.C_Login = shim_login;
      shim.C_SignInit = shim_sign_init;
      shim.C_Sign = shim_sign;
      shim.C_FindObjectsInit = shim_find_objects_init;
      shim.C_GetSessionInfo = shim_get_session_info;
    }
  *list = &shim;
  return CKR_OK;
}
