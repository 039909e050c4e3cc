/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McSignatureReport keeps every check of a verification separately (digest,
 * signature value, signing-certificate attribute, chain, revocation,
 * time-stamp) with the facts behind them, and the problems as sentences,
 * so the UI and the CLI can show as much or as little as they need. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-signature-report-private.h"

G_DEFINE_FINAL_TYPE (McSignatureReport, mc_signature_report, G_TYPE_OBJECT)

static void
mc_signature_report_dispose (GObject *object)
{
  McSignatureReport *self = MC_SIGNATURE_REPORT (object);

  g_clear_object (&self->signer);
  g_clear_object (&self->timestamp_authority);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->revocation_results, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_signature_report_parent_class)->dispose (object);
}

static void
mc_signature_report_finalize (GObject *object)
{
  McSignatureReport *self = MC_SIGNATURE_REPORT (object);

  g_free (self->digest_algorithm);
  g_free (self->signature_algorithm);
  g_clear_pointer (&self->timestamp_time, g_date_time_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_signature_report_parent_class)->finalize (object);
}

static void
mc_signature_report_class_init (McSignatureReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_signature_report_dispose;
  object_class->finalize = mc_signature_report_finalize;
}

static void
mc_signature_report_init (McSignatureReport *self)
{
  self->status = MC_SIGNATURE_STATUS_INDETERMINATE;
  self->chain = g_ptr_array_new_with_free_func (g_object_unref);
  self->revocation_results = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

McSignatureReport *
mc_signature_report_new (void)
{
  return g_object_new (MC_TYPE_SIGNATURE_REPORT, NULL);
}

void
mc_signature_report_add_problem (McSignatureReport *self,
                                 const char        *format,
                                 ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_insert (self->problems, self->problems->len - 1, text);
}

/**
 * mc_signature_report_get_status:
 * @self: a #McSignatureReport
 *
 * Returns: the overall verdict
 */
McSignatureStatus
mc_signature_report_get_status (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_SIGNATURE_STATUS_INDETERMINATE);
  return self->status;
}

/**
 * mc_signature_report_get_summary:
 * @self: a #McSignatureReport
 *
 * One translated sentence for the verdict, e.g. "Valid signature by
 * Nguyễn Văn An (B-T)".
 *
 * Returns: (transfer full): the summary
 */
char *
mc_signature_report_get_summary (McSignatureReport *self)
{
  const char *who;

  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);

  who = self->signer ? mc_certificate_get_subject_cn (self->signer) : NULL;
  if (who == NULL)
    who = self->signer ? mc_certificate_get_subject_dn (self->signer) : _("an unknown signer");

  switch (self->status)
    {
    case MC_SIGNATURE_STATUS_VALID:
      return g_strdup_printf (_("Valid signature by %s (PAdES %s)"), who,
                              mc_pades_level_to_string (self->level));
    case MC_SIGNATURE_STATUS_INVALID:
      return g_strdup_printf (_("Invalid signature by %s"), who);
    case MC_SIGNATURE_STATUS_INDETERMINATE:
    default:
      return g_strdup_printf (_("Signature by %s could not be fully verified"), who);
    }
}

/**
 * mc_signature_report_get_digest_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether the signed digest is the document's (unchanged since
 *   signing)
 */
McCheckResult
mc_signature_report_get_digest_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->digest_check;
}

/**
 * mc_signature_report_get_signature_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether the signature value verifies with the signer's key
 */
McCheckResult
mc_signature_report_get_signature_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->signature_check;
}

/**
 * mc_signature_report_get_signing_certificate_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether ESS signing-certificate(-v2) names the signer
 *   certificate (%MC_CHECK_NOT_DONE when the attribute is absent)
 */
McCheckResult
mc_signature_report_get_signing_certificate_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->signing_certificate_check;
}

/**
 * mc_signature_report_get_chain_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether the signer certificate chains to a trust anchor and
 *   was valid at the time of signing
 */
McCheckResult
mc_signature_report_get_chain_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->chain_check;
}

/**
 * mc_signature_report_get_revocation_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether no certificate of the chain was revoked at the time of
 *   signing
 */
McCheckResult
mc_signature_report_get_revocation_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->revocation_check;
}

/**
 * mc_signature_report_get_timestamp_check:
 * @self: a #McSignatureReport
 *
 * Returns: whether the signature time-stamp is valid, trusted and covers
 *   the signature (%MC_CHECK_NOT_DONE without one)
 */
McCheckResult
mc_signature_report_get_timestamp_check (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_CHECK_NOT_DONE);
  return self->timestamp_check;
}

/**
 * mc_signature_report_get_level:
 * @self: a #McSignatureReport
 *
 * Returns: the PAdES baseline level the signature reaches
 */
McPadesLevel
mc_signature_report_get_level (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), MC_PADES_LEVEL_NONE);
  return self->level;
}

/**
 * mc_signature_report_get_signer:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (nullable): the signer certificate, if found
 */
McCertificate *
mc_signature_report_get_signer (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->signer;
}

/**
 * mc_signature_report_get_chain:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (element-type McCertificate): the chain built,
 *   signer first (empty if the signer is unknown)
 */
GPtrArray *
mc_signature_report_get_chain (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->chain;
}

/**
 * mc_signature_report_get_digest_algorithm:
 * @self: a #McSignatureReport
 *
 * Returns: (nullable): e.g. "SHA256"
 */
const char *
mc_signature_report_get_digest_algorithm (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->digest_algorithm;
}

/**
 * mc_signature_report_get_signature_algorithm:
 * @self: a #McSignatureReport
 *
 * Returns: (nullable): e.g. "RSA-SHA256" or "ECDSA-SHA256"
 */
const char *
mc_signature_report_get_signature_algorithm (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->signature_algorithm;
}

/**
 * mc_signature_report_get_has_signing_time:
 * @self: a #McSignatureReport
 *
 * Returns: whether the CMS carries a signing-time attribute (PAdES
 *   baseline signatures keep the claimed time in /M instead)
 */
gboolean
mc_signature_report_get_has_signing_time (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), FALSE);
  return self->has_signing_time;
}

/**
 * mc_signature_report_get_timestamp_time:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (nullable): the time of the signature
 *   time-stamp (UTC)
 */
GDateTime *
mc_signature_report_get_timestamp_time (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->timestamp_time;
}

/**
 * mc_signature_report_get_timestamp_authority:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (nullable): the TSA certificate
 */
McCertificate *
mc_signature_report_get_timestamp_authority (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->timestamp_authority;
}

/**
 * mc_signature_report_get_revocation:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (nullable): the signer certificate's
 *   revocation result
 */
McRevocationResult *
mc_signature_report_get_revocation (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->revocation_results->len > 0 ? g_ptr_array_index (self->revocation_results, 0) : NULL;
}

/**
 * mc_signature_report_get_revocation_results:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none) (element-type McRevocationResult): one result
 *   per certificate of the chain below the root
 */
GPtrArray *
mc_signature_report_get_revocation_results (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return self->revocation_results;
}

/**
 * mc_signature_report_get_problems:
 * @self: a #McSignatureReport
 *
 * Returns: (transfer none): a %NULL-terminated array of translated
 *   sentences, one per problem found (empty for a clean valid signature)
 */
GStrv
mc_signature_report_get_problems (McSignatureReport *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_REPORT (self), NULL);
  return (GStrv) self->problems->pdata;
}

/**
 * mc_check_result_to_string:
 * @result: a #McCheckResult
 *
 * Returns: a translated word for @result ("passed", "failed", …)
 */
const char *
mc_check_result_to_string (McCheckResult result)
{
  switch (result)
    {
    case MC_CHECK_PASSED:
      return _("passed");
    case MC_CHECK_FAILED:
      return _("failed");
    case MC_CHECK_INDETERMINATE:
      return _("undecided");
    case MC_CHECK_NOT_DONE:
    default:
      return _("not done");
    }
}
