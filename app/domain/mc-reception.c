/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain records for reception and workflow actions. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include "mc-reception.h"

static void
component_free (gpointer data)
{
  McReceptionComponent *component = data;

  g_free (component->code);
  g_ptr_array_unref (component->files);
  g_ptr_array_unref (component->unread);
  g_ptr_array_unref (component->to_sign);
  g_free (component);
}

McReception *
mc_reception_new (void)
{
  McReception *reception = g_new0 (McReception, 1);

  reception->channel = 1;
  reception->components = g_ptr_array_new_with_free_func (component_free);

  return reception;
}

void
mc_reception_free (McReception *reception)
{
  if (reception == NULL)
    return;

  g_free (reception->procedure_code);
  g_free (reception->applicant_name);
  g_free (reception->applicant_id);
  g_free (reception->applicant_birth);
  g_free (reception->applicant_sex);
  g_free (reception->applicant_phone);
  g_free (reception->applicant_email);
  g_free (reception->applicant_address);
  g_free (reception->note);
  g_ptr_array_unref (reception->components);
  g_free (reception);
}

McReceptionComponent *
mc_reception_find_component (McReception *reception,
                             const char  *code)
{
  for (guint i = 0; i < reception->components->len; i++)
    {
      McReceptionComponent *component = g_ptr_array_index (reception->components, i);

      if (g_strcmp0 (component->code, code) == 0)
        return component;
    }

  return NULL;
}

McReceptionComponent *
mc_reception_add_component (McReception *reception,
                            const char  *code,
                            gboolean     provided)
{
  McReceptionComponent *component = mc_reception_find_component (reception, code);

  if (component == NULL)
    {
      component = g_new0 (McReceptionComponent, 1);
      component->code = g_strdup (code);
      component->files = g_ptr_array_new_with_free_func (g_free);
      component->unread = g_ptr_array_new_with_free_func (g_free);
      component->to_sign = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (reception->components, component);
    }
  component->provided = provided;

  return component;
}

void
mc_reception_component_add_file (McReceptionComponent *component,
                                 const char           *path)
{
  g_ptr_array_add (component->files, g_strdup (path));
  component->provided = TRUE;
}

/**
 * mc_reception_component_add_scan:
 * @component: a component
 * @path: a PDF of page images with no text yet
 *
 * Adds @path like mc_reception_component_add_file() and marks it for the
 * background OCR: the dossier is received without waiting for its text.
 */
void
mc_reception_component_add_scan (McReceptionComponent *component,
                                 const char           *path)
{
  mc_reception_component_add_file (component, path);
  g_ptr_array_add (component->unread, g_strdup (path));
}

/**
 * mc_reception_component_is_unread:
 * @component: a component
 * @path: one of its files
 *
 * Returns: whether @path was added by mc_reception_component_add_scan()
 */
gboolean
mc_reception_component_is_unread (const McReceptionComponent *component,
                                  const char                 *path)
{
  return g_ptr_array_find_with_equal_func (component->unread, path, g_str_equal, NULL);
}

/**
 * mc_reception_component_add_copy_to_sign:
 * @component: a component
 * @path: a PDF of page images with no text yet
 *
 * Adds @path like mc_reception_component_add_scan() and marks it to be
 * signed as the office's digital copy once its text is read, in the
 * background.
 */
void
mc_reception_component_add_copy_to_sign (McReceptionComponent *component,
                                         const char           *path)
{
  mc_reception_component_add_scan (component, path);
  g_ptr_array_add (component->to_sign, g_strdup (path));
}

/**
 * mc_reception_component_is_to_sign:
 * @component: a component
 * @path: one of its files
 *
 * Returns: whether @path was added by mc_reception_component_add_copy_to_sign()
 */
gboolean
mc_reception_component_is_to_sign (const McReceptionComponent *component,
                                   const char                 *path)
{
  return g_ptr_array_find_with_equal_func (component->to_sign, path, g_str_equal, NULL);
}

void
mc_reception_result_free (McReceptionResult *result)
{
  if (result == NULL)
    return;

  g_free (result->code);
  g_free (result->op_id);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

void
mc_action_params_clear (McActionParams *params)
{
  g_clear_pointer (&params->reason, g_free);
  g_clear_pointer (&params->department, g_free);
  g_clear_pointer (&params->handler, g_free);
  g_clear_pointer (&params->issue_number, g_free);
}
