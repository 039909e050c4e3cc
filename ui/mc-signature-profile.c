/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each officer's signature layout is kept in GSettings (the
 * "signature-layouts" key: one dictionary per officer login), not in the
 * workspace: the images are files on this computer, and where a person
 * likes their signature is a preference of theirs, not a record of the
 * desk. Several officers may share the computer, hence one entry each. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-signature-profile.h"

#define KEY "signature-layouts"

static const char * const layout_names[] = { "invisible", "leader", "organisation", "attachment" };

const char *
mc_signature_layout_to_string (McSignatureLayout layout)
{
  g_return_val_if_fail (layout < MC_N_SIGNATURE_LAYOUTS, NULL);

  return layout_names[layout];
}

gboolean
mc_signature_layout_from_string (const char        *text,
                                 McSignatureLayout *layout)
{
  for (guint i = 0; i < G_N_ELEMENTS (layout_names); i++)
    if (g_strcmp0 (text, layout_names[i]) == 0)
      {
        *layout = (McSignatureLayout) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * mc_signature_layout_label:
 * @layout: a layout
 *
 * Returns: the translated name of @layout
 */
const char *
mc_signature_layout_label (McSignatureLayout layout)
{
  switch (layout)
    {
    case MC_SIGNATURE_LAYOUT_INVISIBLE:
      return _("Invisible signature");
    case MC_SIGNATURE_LAYOUT_LEADER:
      return _("Leader’s signature with the handwritten image");
    case MC_SIGNATURE_LAYOUT_ORGANISATION:
      return _("Organisation’s seal over the leader’s signature");
    case MC_SIGNATURE_LAYOUT_ATTACHMENT:
      return _("Organisation’s text signature on an attachment");
    default:
      g_return_val_if_reached (NULL);
    }
}

McSignatureProfile *
mc_signature_profile_new (void)
{
  McSignatureProfile *profile = g_new0 (McSignatureProfile, 1);

  profile->layout = MC_SIGNATURE_LAYOUT_LEADER;

  return profile;
}

void
mc_signature_profile_free (McSignatureProfile *profile)
{
  if (profile == NULL)
    return;

  g_free (profile->signature_image);
  g_free (profile->seal_image);
  g_free (profile);
}

/**
 * mc_signature_profile_load:
 * @settings: the app's settings
 * @login: the officer's login
 *
 * Returns: (transfer full): the officer's layout; empty when none was saved
 */
McSignatureProfile *
mc_signature_profile_load (GSettings  *settings,
                           const char *login)
{
  g_autoptr(McSignatureProfile) profile = mc_signature_profile_new ();
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) mine = NULL;
  g_autoptr(GVariant) places = NULL;
  const char *text = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  all = g_settings_get_value (settings, KEY);
  mine = g_variant_lookup_value (all, login, G_VARIANT_TYPE_VARDICT);
  if (mine == NULL)
    return g_steal_pointer (&profile);

  if (g_variant_lookup (mine, "signature-image", "&s", &text) && *text != '\0')
    profile->signature_image = g_strdup (text);
  if (g_variant_lookup (mine, "seal-image", "&s", &text) && *text != '\0')
    profile->seal_image = g_strdup (text);
  if (g_variant_lookup (mine, "layout", "&s", &text))
    profile->has_layout = mc_signature_layout_from_string (text, &profile->layout);

  places = g_variant_lookup_value (mine, "places", G_VARIANT_TYPE ("a{s(idddd)}"));
  if (places != NULL)
    {
      GVariantIter iter;
      const char *name;
      int page;
      double x, y, w, h;

      g_variant_iter_init (&iter, places);
      while (g_variant_iter_next (&iter, "{&s(idddd)}", &name, &page, &x, &y, &w, &h))
        {
          McSignatureLayout layout;

          if (!mc_signature_layout_from_string (name, &layout) || w <= 0 || h <= 0)
            continue;
          profile->places[layout].set = TRUE;
          profile->places[layout].page = page;
          profile->places[layout].rect[0] = x;
          profile->places[layout].rect[1] = y;
          profile->places[layout].rect[2] = w;
          profile->places[layout].rect[3] = h;
        }
    }

  return g_steal_pointer (&profile);
}

/**
 * mc_signature_profile_save:
 * @profile: an officer's layout
 * @settings: the app's settings
 * @login: the officer's login
 *
 * Replaces the officer's entry, keeping the other officers'.
 */
void
mc_signature_profile_save (const McSignatureProfile *profile,
                           GSettings                *settings,
                           const char               *login)
{
  g_autoptr(GVariant) all = NULL;
  GVariantBuilder everyone;
  GVariantBuilder mine;
  GVariantBuilder places;
  GVariantIter iter;
  const char *other;
  GVariant *value;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (login != NULL);

  g_variant_builder_init (&places, G_VARIANT_TYPE ("a{s(idddd)}"));
  for (guint i = 0; i < MC_N_SIGNATURE_LAYOUTS; i++)
    if (profile->places[i].set)
      g_variant_builder_add (&places, "{s(idddd)}", layout_names[i], profile->places[i].page,
                             profile->places[i].rect[0], profile->places[i].rect[1],
                             profile->places[i].rect[2], profile->places[i].rect[3]);

  g_variant_builder_init (&mine, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&mine, "{sv}", "signature-image",
                         g_variant_new_string (profile->signature_image != NULL ? profile->signature_image : ""));
  g_variant_builder_add (&mine, "{sv}", "seal-image",
                         g_variant_new_string (profile->seal_image != NULL ? profile->seal_image : ""));
  g_variant_builder_add (&mine, "{sv}", "layout", g_variant_new_string (layout_names[profile->layout]));
  g_variant_builder_add (&mine, "{sv}", "places", g_variant_builder_end (&places));

  g_variant_builder_init (&everyone, G_VARIANT_TYPE ("a{sa{sv}}"));
  all = g_settings_get_value (settings, KEY);
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &other, &value))
    {
      if (!g_str_equal (other, login))
        g_variant_builder_add (&everyone, "{s@a{sv}}", other, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&everyone, "{s@a{sv}}", login, g_variant_builder_end (&mine));

  g_settings_set_value (settings, KEY, g_variant_builder_end (&everyone));
}
