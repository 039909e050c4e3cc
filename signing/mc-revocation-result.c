/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McRevocationResult records one revocation answer so the verifier's
 * report, the B-LT collector and the UI can say "good per OCSP of X at
 * T" or "revoked on D" without re-parsing responses. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include "mc-revocation-private.h"

struct _McRevocationResult
{
  GObject parent_instance;

  McCertificate *certificate;
  McRevocationStatus status;
  McRevocationSource source;
  GDateTime *revocation_time;
  GDateTime *this_update;
  GDateTime *next_update;
  char *url;
  char *message;
  gboolean fetched;
};

G_DEFINE_FINAL_TYPE (McRevocationResult, mc_revocation_result, G_TYPE_OBJECT)

static void
mc_revocation_result_dispose (GObject *object)
{
  McRevocationResult *self = MC_REVOCATION_RESULT (object);

  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (mc_revocation_result_parent_class)->dispose (object);
}

static void
mc_revocation_result_finalize (GObject *object)
{
  McRevocationResult *self = MC_REVOCATION_RESULT (object);

  g_clear_pointer (&self->revocation_time, g_date_time_unref);
  g_clear_pointer (&self->this_update, g_date_time_unref);
  g_clear_pointer (&self->next_update, g_date_time_unref);
  g_free (self->url);
  g_free (self->message);

  G_OBJECT_CLASS (mc_revocation_result_parent_class)->finalize (object);
}

static void
mc_revocation_result_class_init (McRevocationResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_revocation_result_dispose;
  object_class->finalize = mc_revocation_result_finalize;
}

static void
mc_revocation_result_init (McRevocationResult *self)
{
}

McRevocationResult *
mc_revocation_result_new (McCertificate      *certificate,
                          McRevocationStatus  status,
                          McRevocationSource  source,
                          GDateTime          *revocation_time,
                          GDateTime          *this_update,
                          GDateTime          *next_update,
                          const char         *url,
                          const char         *message,
                          gboolean            fetched)
{
  McRevocationResult *self = g_object_new (MC_TYPE_REVOCATION_RESULT, NULL);

  self->certificate = g_object_ref (certificate);
  self->status = status;
  self->source = source;
  self->revocation_time = revocation_time ? g_date_time_ref (revocation_time) : NULL;
  self->this_update = this_update ? g_date_time_ref (this_update) : NULL;
  self->next_update = next_update ? g_date_time_ref (next_update) : NULL;
  self->url = g_strdup (url);
  self->message = g_strdup (message);
  self->fetched = fetched;
  return self;
}

/**
 * mc_revocation_result_get_certificate:
 * @self: a #McRevocationResult
 *
 * Returns: (transfer none): the certificate checked
 */
McCertificate *
mc_revocation_result_get_certificate (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->certificate;
}

/**
 * mc_revocation_result_get_status:
 * @self: a #McRevocationResult
 *
 * Returns: the status
 */
McRevocationStatus
mc_revocation_result_get_status (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), MC_REVOCATION_STATUS_UNKNOWN);
  return self->status;
}

/**
 * mc_revocation_result_get_source:
 * @self: a #McRevocationResult
 *
 * Returns: where the status comes from
 */
McRevocationSource
mc_revocation_result_get_source (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), MC_REVOCATION_SOURCE_NONE);
  return self->source;
}

/**
 * mc_revocation_result_get_revocation_time:
 * @self: a #McRevocationResult
 *
 * Returns: (transfer none) (nullable): when the certificate was revoked
 */
GDateTime *
mc_revocation_result_get_revocation_time (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->revocation_time;
}

/**
 * mc_revocation_result_get_this_update:
 * @self: a #McRevocationResult
 *
 * Returns: (transfer none) (nullable): when the answer was produced
 */
GDateTime *
mc_revocation_result_get_this_update (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->this_update;
}

/**
 * mc_revocation_result_get_next_update:
 * @self: a #McRevocationResult
 *
 * Returns: (transfer none) (nullable): until when the answer is current
 */
GDateTime *
mc_revocation_result_get_next_update (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->next_update;
}

/**
 * mc_revocation_result_get_url:
 * @self: a #McRevocationResult
 *
 * Returns: (nullable): the responder or CRL address asked, if fetched
 */
const char *
mc_revocation_result_get_url (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->url;
}

/**
 * mc_revocation_result_get_message:
 * @self: a #McRevocationResult
 *
 * Returns: (nullable): why the status is unknown, translated
 */
const char *
mc_revocation_result_get_message (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), NULL);
  return self->message;
}

/**
 * mc_revocation_result_get_fetched:
 * @self: a #McRevocationResult
 *
 * Returns: %TRUE when the answer was fetched online now, %FALSE when it
 *   came from supplied validation data
 */
gboolean
mc_revocation_result_get_fetched (McRevocationResult *self)
{
  g_return_val_if_fail (MC_IS_REVOCATION_RESULT (self), FALSE);
  return self->fetched;
}
