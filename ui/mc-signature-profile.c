/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where each signature layout goes. The built-in places follow Decree
 * 30/2020, Appendix I: the leader's box at the signature place (the bottom
 * right of the last page when nothing better is known), the organisation's
 * seal at its real size covering the left third of the leader's signature
 * already in the file, an attachment's text at the top right of page 1.
 * An officer's own places replace them; they are kept in GSettings (the
 * "signature-layouts" key: one dictionary per officer login), not in the
 * workspace: the images are files on this computer, and where a person
 * likes their signature is a preference of theirs, not a record of the
 * desk. Several officers may share the computer, hence one entry each. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <string.h>

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

/* The demo token made by `./dev run` comes with a drawn handwritten
 * signature and seal (MOTCUA_DEMO_SIGNATURE_IMAGE, MOTCUA_DEMO_SEAL_IMAGE),
 * so a newcomer signs the demo's queue without looking for images first.
 * An officer's own choice, once saved, wins. */
static void
use_demo_images (McSignatureProfile *profile)
{
  const char *signature = g_getenv ("MOTCUA_DEMO_SIGNATURE_IMAGE");
  const char *seal = g_getenv ("MOTCUA_DEMO_SEAL_IMAGE");

  if (profile->signature_image == NULL && signature != NULL && g_file_test (signature, G_FILE_TEST_IS_REGULAR))
    profile->signature_image = g_strdup (signature);
  if (profile->seal_image == NULL && seal != NULL && g_file_test (seal, G_FILE_TEST_IS_REGULAR))
    profile->seal_image = g_strdup (seal);
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
    {
      use_demo_images (profile);
      return g_steal_pointer (&profile);
    }

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

  use_demo_images (profile);

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

#define MM (72.0 / 25.4)

/**
 * mc_signature_seal_size:
 * @path: (nullable): the seal's image (PNG)
 * @size: (out) (array fixed-size=2): width and height in points
 *
 * The seal is drawn at its real size: the PNG's resolution says how big
 * that is; without one it is taken as a 36 mm seal.
 */
void
mc_signature_seal_size (const char *path,
                        double      size[2])
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const char *x_dpi, *y_dpi;
  double xr = 0, yr = 0;
  int width, height;

  size[0] = size[1] = 36 * MM;
  if (path == NULL)
    return;
  pixbuf = gdk_pixbuf_new_from_file (path, NULL);
  if (pixbuf == NULL)
    return;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  x_dpi = gdk_pixbuf_get_option (pixbuf, "x-dpi");
  y_dpi = gdk_pixbuf_get_option (pixbuf, "y-dpi");
  if (x_dpi != NULL)
    xr = g_ascii_strtod (x_dpi, NULL);
  if (y_dpi != NULL)
    yr = g_ascii_strtod (y_dpi, NULL);

  if (xr > 1 && yr > 1)
    {
      size[0] = width / xr * 72.0;
      size[1] = height / yr * 72.0;
    }
  else if (width > 0 && height > 0)
    size[1] = size[0] * height / width;
}

/**
 * mc_signature_layout_natural_size:
 * @layout: a layout
 * @seal_size: (array fixed-size=2): the seal's real size in points
 * @width: (out): in points
 * @height: (out): in points
 *
 * The box of @layout when nobody chose another: the seal's real size, a
 * 70 × 16 mm line of text for an attachment, 60 × 30 mm for the leader.
 */
void
mc_signature_layout_natural_size (McSignatureLayout  layout,
                                  const double       seal_size[2],
                                  double            *width,
                                  double            *height)
{
  switch (layout)
    {
    case MC_SIGNATURE_LAYOUT_ORGANISATION:
      *width = seal_size[0];
      *height = seal_size[1];
      break;
    case MC_SIGNATURE_LAYOUT_ATTACHMENT:
      *width = 70 * MM;
      *height = 16 * MM;
      break;
    case MC_SIGNATURE_LAYOUT_LEADER:
    case MC_SIGNATURE_LAYOUT_INVISIBLE:
    default:
      *width = 60 * MM;
      *height = 30 * MM;
      break;
    }
}

static guint
resolve_page (McPdfPreview *document,
              int           page)
{
  guint n = MAX (mc_pdf_preview_get_n_pages (document), 1);

  if (page < 0 || (guint) page >= n)
    return n - 1;

  return (guint) page;
}

/* The leader's box: the officer's place, or 15 mm from the right edge and
 * 25 mm from the bottom of the last page. */
static guint
leader_place (McPdfPreview           *document,
              const McSignaturePlace *mine,
              const double            seal_size[2],
              double                  rect[4])
{
  double width = 595, height = 842;
  guint page;

  if (mine->set)
    {
      memcpy (rect, mine->rect, sizeof mine->rect);
      return resolve_page (document, mine->page);
    }

  page = resolve_page (document, -1);
  mc_pdf_preview_get_page_size (document, page, &width, &height);
  mc_signature_layout_natural_size (MC_SIGNATURE_LAYOUT_LEADER, seal_size, &rect[2], &rect[3]);
  rect[0] = width - 15 * MM - rect[2];
  rect[1] = height - 25 * MM - rect[3];

  return page;
}

/**
 * mc_signature_default_place:
 * @document: the document to sign
 * @layout: a visible layout
 * @places: (array fixed-size=4): the officer's own places, by layout
 * @seal_size: (array fixed-size=2): the seal's real size in points
 * @rect: (out) (array fixed-size=4): x, y, width, height in points from
 *   the top left of the page
 * @under: (out) (array fixed-size=4) (optional): for the organisation's
 *   seal, the place of the leader's signature it goes over, which is what
 *   McSignRequest takes; left alone for the other layouts
 *
 * Returns: the 0-based page
 */
guint
mc_signature_default_place (McPdfPreview            *document,
                            McSignatureLayout        layout,
                            const McSignaturePlace   places[MC_N_SIGNATURE_LAYOUTS],
                            const double             seal_size[2],
                            double                   rect[4],
                            double                   under[4])
{
  double width = 595, height = 842;
  double leader[4] = { 0 };
  guint page = 0;

  g_return_val_if_fail (MC_IS_PDF_PREVIEW (document), 0);
  g_return_val_if_fail (layout < MC_N_SIGNATURE_LAYOUTS, 0);

  switch (layout)
    {
    case MC_SIGNATURE_LAYOUT_ATTACHMENT:
      if (places[layout].set)
        {
          memcpy (rect, places[layout].rect, 4 * sizeof (double));
          return 0;
        }
      mc_pdf_preview_get_page_size (document, 0, &width, &height);
      mc_signature_layout_natural_size (layout, seal_size, &rect[2], &rect[3]);
      rect[0] = width - 14 * MM - rect[2];
      rect[1] = 14 * MM;
      return 0;

    case MC_SIGNATURE_LAYOUT_ORGANISATION:
      /* Over the left third of the newest signature in the file; without
       * one, of where the leader's box would go; just where the signer
       * draws it. */
      if (!mc_pdf_preview_find_last_signature (document, &page, leader))
        page = leader_place (document, &places[MC_SIGNATURE_LAYOUT_LEADER], seal_size, leader);
      mc_signature_seal_place (leader, seal_size[0], seal_size[1], rect);
      if (under != NULL)
        memcpy (under, leader, sizeof leader);
      return page;

    case MC_SIGNATURE_LAYOUT_LEADER:
    case MC_SIGNATURE_LAYOUT_INVISIBLE:
    default:
      return leader_place (document, &places[MC_SIGNATURE_LAYOUT_LEADER], seal_size, rect);
    }
}
