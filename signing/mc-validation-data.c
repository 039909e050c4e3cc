/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McValidationData carries the material of a PAdES B-LT document security
 * store in both directions: the collector fills it for the PDF writer's
 * /DSS, and the PDF reader fills it from /DSS for the verifier. Items are
 * DER and kept once each. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include "mc-revocation-private.h"

struct _McValidationData
{
  GObject parent_instance;

  GPtrArray *certificates;
  GPtrArray *ocsp_responses;
  GPtrArray *crls;
  GPtrArray *results;
  GPtrArray *warnings;
};

G_DEFINE_FINAL_TYPE (McValidationData, mc_validation_data, G_TYPE_OBJECT)

static void
mc_validation_data_finalize (GObject *object)
{
  McValidationData *self = MC_VALIDATION_DATA (object);

  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_pointer (&self->ocsp_responses, g_ptr_array_unref);
  g_clear_pointer (&self->crls, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_validation_data_parent_class)->finalize (object);
}

static void
mc_validation_data_class_init (McValidationDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_validation_data_finalize;
}

static void
mc_validation_data_init (McValidationData *self)
{
  self->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->ocsp_responses = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->results = g_ptr_array_new_with_free_func (g_object_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
}

/**
 * mc_validation_data_new:
 *
 * Returns: (transfer full): empty validation data
 */
McValidationData *
mc_validation_data_new (void)
{
  return g_object_new (MC_TYPE_VALIDATION_DATA, NULL);
}

static void
add_unique (GPtrArray *array,
            GBytes    *der)
{
  for (guint i = 0; i < array->len; i++)
    if (g_bytes_equal (g_ptr_array_index (array, i), der))
      return;
  g_ptr_array_add (array, g_bytes_ref (der));
}

/**
 * mc_validation_data_add_certificate:
 * @self: a #McValidationData
 * @der: a certificate (DER)
 *
 * Adds a certificate (/DSS /Certs).
 */
void
mc_validation_data_add_certificate (McValidationData *self,
                                    GBytes           *der)
{
  g_return_if_fail (MC_IS_VALIDATION_DATA (self));
  g_return_if_fail (der != NULL);
  add_unique (self->certificates, der);
}

/**
 * mc_validation_data_add_ocsp_response:
 * @self: a #McValidationData
 * @der: an OCSPResponse (DER)
 *
 * Adds an OCSP response (/DSS /OCSPs).
 */
void
mc_validation_data_add_ocsp_response (McValidationData *self,
                                      GBytes           *der)
{
  g_return_if_fail (MC_IS_VALIDATION_DATA (self));
  g_return_if_fail (der != NULL);
  add_unique (self->ocsp_responses, der);
}

/**
 * mc_validation_data_add_crl:
 * @self: a #McValidationData
 * @der: a CRL (DER)
 *
 * Adds a CRL (/DSS /CRLs).
 */
void
mc_validation_data_add_crl (McValidationData *self,
                            GBytes           *der)
{
  g_return_if_fail (MC_IS_VALIDATION_DATA (self));
  g_return_if_fail (der != NULL);
  add_unique (self->crls, der);
}

/**
 * mc_validation_data_get_certificates:
 * @self: a #McValidationData
 *
 * Returns: (transfer none) (element-type GBytes): certificates (DER)
 */
GPtrArray *
mc_validation_data_get_certificates (McValidationData *self)
{
  g_return_val_if_fail (MC_IS_VALIDATION_DATA (self), NULL);
  return self->certificates;
}

/**
 * mc_validation_data_get_ocsp_responses:
 * @self: a #McValidationData
 *
 * Returns: (transfer none) (element-type GBytes): OCSP responses (DER)
 */
GPtrArray *
mc_validation_data_get_ocsp_responses (McValidationData *self)
{
  g_return_val_if_fail (MC_IS_VALIDATION_DATA (self), NULL);
  return self->ocsp_responses;
}

/**
 * mc_validation_data_get_crls:
 * @self: a #McValidationData
 *
 * Returns: (transfer none) (element-type GBytes): CRLs (DER)
 */
GPtrArray *
mc_validation_data_get_crls (McValidationData *self)
{
  g_return_val_if_fail (MC_IS_VALIDATION_DATA (self), NULL);
  return self->crls;
}

/**
 * mc_validation_data_get_results:
 * @self: a #McValidationData
 *
 * The status of each certificate of the chain, when the data was made by
 * mc_revocation_collect_sync().
 *
 * Returns: (transfer none) (element-type McRevocationResult): the results
 */
GPtrArray *
mc_validation_data_get_results (McValidationData *self)
{
  g_return_val_if_fail (MC_IS_VALIDATION_DATA (self), NULL);
  return self->results;
}

/**
 * mc_validation_data_get_warnings:
 * @self: a #McValidationData
 *
 * Servers that failed while collecting with
 * %MC_REVOCATION_FLAGS_BEST_EFFORT.
 *
 * Returns: (transfer none): a %NULL-terminated array of translated messages
 */
GStrv
mc_validation_data_get_warnings (McValidationData *self)
{
  g_return_val_if_fail (MC_IS_VALIDATION_DATA (self), NULL);
  return (GStrv) self->warnings->pdata;
}

void
mc_validation_data_add_result (McValidationData   *self,
                               McRevocationResult *result)
{
  g_ptr_array_add (self->results, g_object_ref (result));
}

void
mc_validation_data_add_warning (McValidationData *self,
                                const char       *warning)
{
  g_ptr_array_insert (self->warnings, self->warnings->len - 1, g_strdup (warning));
}
