/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shows a page of the document to sign, rendered by poppler, with the box
 * of the chosen signature layout where the signer will draw it, so the
 * officer sees the signature's place before the token is touched. The box
 * moves by drag and by the arrow keys (Shift: larger steps); Page Up and
 * Page Down change the page. Places are kept in PDF points from the top
 * left of the page as seen, which is what McSignRequest takes. The default
 * places follow Decree 30/2020: the leader's box at the bottom right of the
 * last page, the organisation's seal at its real size over the left third
 * of the leader's signature already in the file, an attachment's text at
 * the top right of page 1; an officer's own defaults replace them. The
 * document is opened and pages are rendered in a worker thread, one job at
 * a time, so the main thread never touches poppler. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mc-signature-placement.h"
#include "mc-signature-profile.h"

#define MM (72.0 / 25.4)
#define PAD 12.0

typedef struct
{
  double width;
  double height;
} PageSize;

struct _McSignaturePlacement
{
  GtkWidget parent_instance;

  GtkSpinButton *page_spin;
  GtkAdjustment *page_adjustment;
  GtkLabel *pages_label;
  GtkLabel *hint_label;
  GtkDrawingArea *canvas;

  char *file;
  char *problem;
  McPdfPreview *document;
  GCancellable *cancellable;
  guint loading;

  guint page;
  McSignatureLayout layout;
  double rect[4];
  gboolean has_rect;
  /* The size of the leader's signature the organisation's seal goes over;
   * where it is follows from the seal's box. */
  double under_size[2];
  McSignaturePlace defaults[MC_N_SIGNATURE_LAYOUTS];

  char *signature_image;
  char *seal_image;
  cairo_surface_t *signature_surface;
  cairo_surface_t *seal_surface;
  double seal_size[2];

  cairo_surface_t *rendered;
  guint rendered_page;
  double rendered_scale;
  gboolean rendering;
  gboolean render_again;

  double drag_origin[2];
  gboolean dragging;
  gboolean updating_spin;
};

G_DEFINE_FINAL_TYPE (McSignaturePlacement, mc_signature_placement, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILE,
  PROP_BUSY,
  PROP_N_PAGES,
  PROP_PAGE,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void request_render (McSignaturePlacement *self);

static PageSize
page_size (McSignaturePlacement *self,
           guint                 page)
{
  PageSize size = { 595.0, 842.0 };

  if (self->document != NULL)
    mc_pdf_preview_get_page_size (self->document, page, &size.width, &size.height);

  return size;
}

static guint
n_pages (McSignaturePlacement *self)
{
  return self->document != NULL ? mc_pdf_preview_get_n_pages (self->document) : 0;
}

static void
set_busy (McSignaturePlacement *self,
          gboolean              busy)
{
  gboolean was = self->loading > 0;

  if (busy)
    self->loading++;
  else if (self->loading > 0)
    self->loading--;

  if (was != (self->loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Where the page is drawn in the canvas, and at which scale. */
static gboolean
page_geometry (McSignaturePlacement *self,
               double               *scale,
               double               *x0,
               double               *y0)
{
  PageSize size = page_size (self, self->page);
  double width = gtk_widget_get_width (GTK_WIDGET (self->canvas));
  double height = gtk_widget_get_height (GTK_WIDGET (self->canvas));

  if (width <= 2 * PAD || height <= 2 * PAD || self->document == NULL)
    return FALSE;

  *scale = MIN ((width - 2 * PAD) / size.width, (height - 2 * PAD) / size.height);
  *x0 = (width - size.width * *scale) / 2;
  *y0 = (height - size.height * *scale) / 2;

  return TRUE;
}

static void
clamp_rect (McSignaturePlacement *self)
{
  PageSize size = page_size (self, self->page);

  self->rect[2] = CLAMP (self->rect[2], 1.0, size.width);
  self->rect[3] = CLAMP (self->rect[3], 1.0, size.height);
  self->rect[0] = CLAMP (self->rect[0], 0.0, size.width - self->rect[2]);
  self->rect[1] = CLAMP (self->rect[1], 0.0, size.height - self->rect[3]);
}

static void
changed (McSignaturePlacement *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
show_page_controls (McSignaturePlacement *self)
{
  guint n = n_pages (self);
  g_autofree char *of = g_strdup_printf (_("of %u"), n);

  self->updating_spin = TRUE;
  gtk_adjustment_set_upper (self->page_adjustment, MAX (n, 1));
  gtk_adjustment_set_value (self->page_adjustment, self->page + 1);
  self->updating_spin = FALSE;
  gtk_label_set_label (self->pages_label, of);
  /* The attachment's text is always on page 1; an invisible signature has
   * no page at all. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_spin),
                            n > 1 && self->layout != MC_SIGNATURE_LAYOUT_ATTACHMENT &&
                            self->layout != MC_SIGNATURE_LAYOUT_INVISIBLE);
  gtk_label_set_label (self->hint_label,
                       self->layout == MC_SIGNATURE_LAYOUT_INVISIBLE
                       ? _("An invisible signature is not drawn on any page.")
                       : _("Drag the box or move it with the arrow keys (Shift for larger steps)."));
}

static void
go_to_page (McSignaturePlacement *self,
            guint                 page)
{
  guint n = n_pages (self);

  if (n == 0)
    return;
  page = MIN (page, n - 1);
  if (page == self->page)
    return;

  self->page = page;
  if (self->has_rect)
    clamp_rect (self);
  show_page_controls (self);
  request_render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  changed (self);
}

/* The leader's signature that puts the seal where its box is: the
 * inverse of mc_signature_seal_place(), which moves the seal with the
 * leader's box. Of @self->under_size, or smaller when a seal moved near
 * the edge would put that box off the page (the signer refuses it). */
static void
leader_under_seal (McSignaturePlacement *self,
                   double                leader[4])
{
  PageSize size = page_size (self, self->page);
  double width = self->under_size[0], height = self->under_size[1];

  for (guint i = 0; i < 12; i++, width *= 0.8, height *= 0.8)
    {
      const double origin[4] = { 0, 0, MAX (width, 10), MAX (height, 5) };
      double seal[4];

      mc_signature_seal_place (origin, self->rect[2], self->rect[3], seal);
      leader[0] = self->rect[0] - seal[0];
      leader[1] = self->rect[1] - seal[1];
      leader[2] = origin[2];
      leader[3] = origin[3];
      if (leader[0] >= 0 && leader[1] >= 0 && leader[0] + leader[2] <= size.width &&
          leader[1] + leader[3] <= size.height)
        return;
    }
}

static void
apply_default (McSignaturePlacement *self)
{
  double under[4];
  guint page;

  if (self->layout == MC_SIGNATURE_LAYOUT_INVISIBLE)
    {
      self->has_rect = FALSE;
      show_page_controls (self);
      changed (self);
      return;
    }

  page = mc_signature_default_place (self->document, self->layout, self->defaults, self->seal_size, self->rect,
                                     under);
  if (self->layout == MC_SIGNATURE_LAYOUT_ORGANISATION)
    memcpy (self->under_size, under + 2, sizeof self->under_size);
  self->has_rect = TRUE;
  if (page != self->page)
    {
      self->page = page;
      request_render (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  clamp_rect (self);
  show_page_controls (self);
  changed (self);
}

/* --- drawing ---------------------------------------------------------- */

static void
draw_image_in (cairo_t         *cr,
               cairo_surface_t *image,
               double           x,
               double           y,
               double           width,
               double           height)
{
  double iw = cairo_image_surface_get_width (image);
  double ih = cairo_image_surface_get_height (image);
  double s;

  if (iw <= 0 || ih <= 0 || width <= 0 || height <= 0)
    return;
  s = MIN (width / iw, height / ih);

  cairo_save (cr);
  cairo_translate (cr, x + (width - iw * s) / 2, y + (height - ih * s) / 2);
  cairo_scale (cr, s, s);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static const char *
layout_caption (McSignatureLayout layout)
{
  switch (layout)
    {
    case MC_SIGNATURE_LAYOUT_LEADER:
      return _("Leader’s signature");
    case MC_SIGNATURE_LAYOUT_ORGANISATION:
      return _("Organisation’s seal");
    case MC_SIGNATURE_LAYOUT_ATTACHMENT:
      return _("Organisation’s signature (text)");
    case MC_SIGNATURE_LAYOUT_INVISIBLE:
    default:
      return "";
    }
}

static void
draw_canvas (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  McSignaturePlacement *self = user_data;
  PageSize size = page_size (self, self->page);
  double scale, x0, y0;
  GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

  if (!page_geometry (self, &scale, &x0, &y0))
    return;

  /* The page: a shadow, white paper, then the rendering at whatever scale
   * it was made (a new one is on its way when the size changed). */
  cairo_rectangle (cr, x0 + 2, y0 + 2, size.width * scale, size.height * scale);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.2);
  cairo_fill (cr);
  cairo_rectangle (cr, x0, y0, size.width * scale, size.height * scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  if (self->rendered != NULL && self->rendered_page == self->page)
    {
      double s = scale / self->rendered_scale;

      cairo_save (cr);
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, self->rendered, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  if (self->rendered == NULL || self->rendered_page != self->page ||
      fabs (self->rendered_scale - scale) > scale * 0.05)
    request_render (self);

  if (!self->has_rect || self->layout == MC_SIGNATURE_LAYOUT_INVISIBLE)
    return;

  {
    double bx = x0 + self->rect[0] * scale;
    double by = y0 + self->rect[1] * scale;
    double bw = self->rect[2] * scale;
    double bh = self->rect[3] * scale;
    double dash[] = { 6, 3 };
    cairo_surface_t *image = NULL;
    g_autoptr(PangoLayout) text = gtk_widget_create_pango_layout (GTK_WIDGET (area), layout_caption (self->layout));

    if (self->layout == MC_SIGNATURE_LAYOUT_LEADER)
      image = self->signature_surface;
    else if (self->layout == MC_SIGNATURE_LAYOUT_ORGANISATION)
      image = self->seal_surface;

    cairo_rectangle (cr, bx, by, bw, bh);
    cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.12);
    cairo_fill (cr);
    if (image != NULL)
      draw_image_in (cr, image, bx + 2, by + 2, bw - 4, bh - 4);

    cairo_rectangle (cr, bx + 0.5, by + 0.5, bw - 1, bh - 1);
    cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
    cairo_set_line_width (cr, gtk_widget_has_focus (GTK_WIDGET (area)) ? 2.5 : 1.5);
    if (!gtk_widget_has_focus (GTK_WIDGET (area)))
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);

    pango_layout_set_width (text, MAX (1, (int) (bw - 6)) * PANGO_SCALE);
    pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
    cairo_move_to (cr, bx + 3, by + 2);
    cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
    pango_cairo_show_layout (cr, text);
  }
}

/* --- the document, opened and rendered in worker threads ------------- */

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(McSignaturePlacement) self = user_data;
  g_autoptr(GError) error = NULL;
  McPdfPreview *document = mc_pdf_preview_open_finish (result, &error);

  if (document == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (document == NULL)
    {
      g_free (self->problem);
      self->problem = g_strdup (error->message);
      gtk_label_set_label (self->hint_label, error->message);
      return;
    }

  self->document = document;
  self->page = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  apply_default (self);
  show_page_controls (self);
  request_render (self);
}

typedef struct
{
  McSignaturePlacement *self;
  guint page;
  double scale;
} RenderJob;

static void
rendered (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RenderJob *job = user_data;
  g_autoptr(McSignaturePlacement) self = job->self;
  cairo_surface_t *surface = mc_pdf_preview_render_finish (MC_PDF_PREVIEW (source), result, NULL);

  /* A page of a document no longer shown is dropped. */
  if (MC_PDF_PREVIEW (source) != self->document)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      g_free (job);
      return;
    }

  self->rendering = FALSE;
  set_busy (self, FALSE);
  if (surface != NULL)
    {
      g_clear_pointer (&self->rendered, cairo_surface_destroy);
      self->rendered = surface;
      self->rendered_page = job->page;
      self->rendered_scale = job->scale;
      gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
    }
  g_free (job);

  if (self->render_again)
    {
      self->render_again = FALSE;
      request_render (self);
    }
}

static void
request_render (McSignaturePlacement *self)
{
  RenderJob *job;
  double scale, x0, y0;

  if (self->document == NULL)
    return;
  if (self->rendering)
    {
      self->render_again = TRUE;
      return;
    }
  if (!page_geometry (self, &scale, &x0, &y0))
    return;
  if (self->rendered != NULL && self->rendered_page == self->page &&
      fabs (self->rendered_scale - scale) <= scale * 0.05)
    return;

  job = g_new0 (RenderJob, 1);
  job->self = g_object_ref (self);
  job->page = self->page;
  job->scale = scale;
  self->rendering = TRUE;
  set_busy (self, TRUE);
  mc_pdf_preview_render_async (self->document, self->page, scale, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                               self->cancellable, rendered, job);
}

/* --- input ------------------------------------------------------------ */

static void
drag_begin (GtkGestureDrag       *gesture,
            double                x,
            double                y,
            McSignaturePlacement *self)
{
  double scale, x0, y0;
  double px, py;

  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  if (!self->has_rect || !page_geometry (self, &scale, &x0, &y0))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* Pressed outside the box: the box jumps there first. */
  px = (x - x0) / scale;
  py = (y - y0) / scale;
  if (px < self->rect[0] || px > self->rect[0] + self->rect[2] ||
      py < self->rect[1] || py > self->rect[1] + self->rect[3])
    {
      self->rect[0] = px - self->rect[2] / 2;
      self->rect[1] = py - self->rect[3] / 2;
      clamp_rect (self);
      changed (self);
    }

  self->drag_origin[0] = self->rect[0];
  self->drag_origin[1] = self->rect[1];
  self->dragging = TRUE;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update (GtkGestureDrag       *gesture,
             double                dx,
             double                dy,
             McSignaturePlacement *self)
{
  double scale, x0, y0;

  if (!self->dragging || !page_geometry (self, &scale, &x0, &y0))
    return;

  self->rect[0] = self->drag_origin[0] + dx / scale;
  self->rect[1] = self->drag_origin[1] + dy / scale;
  clamp_rect (self);
  changed (self);
}

static void
drag_end (GtkGestureDrag       *gesture,
          double                dx,
          double                dy,
          McSignaturePlacement *self)
{
  drag_update (gesture, dx, dy, self);
  self->dragging = FALSE;
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             McSignaturePlacement  *self)
{
  double step = (state & GDK_SHIFT_MASK) ? MC_PLACEMENT_LARGE_STEP : MC_PLACEMENT_STEP;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      mc_signature_placement_move (self, -step, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      mc_signature_placement_move (self, step, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      mc_signature_placement_move (self, 0, -step);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      mc_signature_placement_move (self, 0, step);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->page_spin)) && self->page > 0)
        go_to_page (self, self->page - 1);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->page_spin)))
        go_to_page (self, self->page + 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_changed (GtkEventControllerFocus *controller,
               McSignaturePlacement    *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));
}

static void
page_spin_changed (GtkAdjustment        *adjustment,
                   McSignaturePlacement *self)
{
  if (self->updating_spin)
    return;
  go_to_page (self, (guint) gtk_adjustment_get_value (adjustment) - 1);
}

static void
canvas_resized (GtkDrawingArea       *area,
                int                   width,
                int                   height,
                McSignaturePlacement *self)
{
  request_render (self);
}

/* --- GObject ---------------------------------------------------------- */

static void
mc_signature_placement_dispose (GObject *object)
{
  McSignaturePlacement *self = MC_SIGNATURE_PLACEMENT (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGNATURE_PLACEMENT);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->document);
  g_clear_pointer (&self->rendered, cairo_surface_destroy);
  g_clear_pointer (&self->signature_surface, cairo_surface_destroy);
  g_clear_pointer (&self->seal_surface, cairo_surface_destroy);

  G_OBJECT_CLASS (mc_signature_placement_parent_class)->dispose (object);
}

static void
mc_signature_placement_finalize (GObject *object)
{
  McSignaturePlacement *self = MC_SIGNATURE_PLACEMENT (object);

  g_clear_object (&self->cancellable);
  g_free (self->file);
  g_free (self->problem);
  g_free (self->signature_image);
  g_free (self->seal_image);

  G_OBJECT_CLASS (mc_signature_placement_parent_class)->finalize (object);
}

static void
mc_signature_placement_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  McSignaturePlacement *self = MC_SIGNATURE_PLACEMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_string (value, self->file);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->loading > 0);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, mc_signature_placement_get_n_pages (self));
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_signature_placement_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  McSignaturePlacement *self = MC_SIGNATURE_PLACEMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      mc_signature_placement_set_file (self, g_value_get_string (value));
      break;
    case PROP_PAGE:
      mc_signature_placement_set_page (self, g_value_get_uint (value));
      break;
    case PROP_LAYOUT:
      mc_signature_placement_set_layout (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_signature_placement_class_init (McSignaturePlacementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_signature_placement_dispose;
  object_class->finalize = mc_signature_placement_finalize;
  object_class->get_property = mc_signature_placement_get_property;
  object_class->set_property = mc_signature_placement_set_property;

  properties[PROP_FILE] =
    g_param_spec_string ("file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL, MC_SIGNATURE_LAYOUT_INVISIBLE, MC_SIGNATURE_LAYOUT_ATTACHMENT,
                      MC_SIGNATURE_LAYOUT_LEADER,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McSignaturePlacement::changed:
   *
   * The page or the box moved.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Desk/mc-signature-placement.ui");
  gtk_widget_class_bind_template_child (widget_class, McSignaturePlacement, page_spin);
  gtk_widget_class_bind_template_child (widget_class, McSignaturePlacement, page_adjustment);
  gtk_widget_class_bind_template_child (widget_class, McSignaturePlacement, pages_label);
  gtk_widget_class_bind_template_child (widget_class, McSignaturePlacement, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McSignaturePlacement, canvas);
  gtk_widget_class_set_css_name (widget_class, "signature-placement");
}

static void
mc_signature_placement_init (McSignaturePlacement *self)
{
  GtkGesture *drag;
  GtkEventController *keys;
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->layout = MC_SIGNATURE_LAYOUT_LEADER;
  self->seal_size[0] = self->seal_size[1] = 36 * MM;
  mc_signature_layout_natural_size (MC_SIGNATURE_LAYOUT_LEADER, self->seal_size,
                                    &self->under_size[0], &self->under_size[1]);

  gtk_drawing_area_set_draw_func (self->canvas, draw_canvas, self, NULL);
  g_signal_connect (self->canvas, "resize", G_CALLBACK (canvas_resized), self);
  g_signal_connect (self->page_adjustment, "value-changed", G_CALLBACK (page_spin_changed), self);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drag));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), keys);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "enter", G_CALLBACK (focus_changed), self);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), focus);

  show_page_controls (self);
}

/* --- public API ------------------------------------------------------- */

GtkWidget *
mc_signature_placement_new (void)
{
  return g_object_new (MC_TYPE_SIGNATURE_PLACEMENT, NULL);
}

/**
 * mc_signature_placement_set_file:
 * @self: a placement
 * @path: (nullable): the PDF to show
 *
 * Opens @path in a worker thread; when it is open the box goes to the
 * current layout's default place.
 */
void
mc_signature_placement_set_file (McSignaturePlacement *self,
                                 const char           *path)
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));

  if (g_strcmp0 (path, self->file) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->rendering = FALSE;
  self->render_again = FALSE;
  g_clear_object (&self->document);
  g_clear_pointer (&self->rendered, cairo_surface_destroy);
  g_clear_pointer (&self->problem, g_free);
  self->loading = 0;
  self->page = 0;

  g_free (self->file);
  self->file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  show_page_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));

  if (path == NULL)
    return;

  set_busy (self, TRUE);
  mc_pdf_preview_open_async (path, self->cancellable, loaded, g_object_ref (self));
}

const char *
mc_signature_placement_get_file (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), NULL);

  return self->file;
}

/**
 * mc_signature_placement_get_busy:
 * @self: a placement
 *
 * Returns: %TRUE while the document is opened or a page rendered
 */
gboolean
mc_signature_placement_get_busy (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), FALSE);

  return self->loading > 0;
}

/**
 * mc_signature_placement_get_problem:
 * @self: a placement
 *
 * Returns: (nullable): why the document could not be shown
 */
const char *
mc_signature_placement_get_problem (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), NULL);

  return self->problem;
}

guint
mc_signature_placement_get_n_pages (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), 0);

  return n_pages (self);
}

/**
 * mc_signature_placement_get_page_size:
 * @self: a placement
 * @page: a 0-based page
 * @width: (out): in points
 * @height: (out): in points
 *
 * Returns: %TRUE when the document has @page
 */
gboolean
mc_signature_placement_get_page_size (McSignaturePlacement *self,
                                      guint                 page,
                                      double               *width,
                                      double               *height)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), FALSE);

  return self->document != NULL && mc_pdf_preview_get_page_size (self->document, page, width, height);
}

/**
 * mc_signature_placement_set_layout:
 * @self: a placement
 * @layout: the appearance to place
 *
 * Shows @layout's box at its default place.
 */
void
mc_signature_placement_set_layout (McSignaturePlacement *self,
                                   McSignatureLayout     layout)
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));
  g_return_if_fail (layout <= MC_SIGNATURE_LAYOUT_ATTACHMENT);

  if (layout == self->layout)
    return;

  self->layout = layout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
  if (self->document != NULL)
    apply_default (self);
  else
    show_page_controls (self);
}

McSignatureLayout
mc_signature_placement_get_layout (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), MC_SIGNATURE_LAYOUT_INVISIBLE);

  return self->layout;
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *surface;

  if (path == NULL || *path == '\0')
    return NULL;
  surface = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_debug ("Cannot show %s: %s", path, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }

  return surface;
}

/**
 * mc_signature_placement_set_images:
 * @self: a placement
 * @signature_image: (nullable): the leader's handwritten signature (PNG)
 * @seal_image: (nullable): the organisation's seal (PNG)
 *
 * Draws the images in the box as the signer will, and sizes the seal's
 * box to the seal's real size.
 */
void
mc_signature_placement_set_images (McSignaturePlacement *self,
                                   const char           *signature_image,
                                   const char           *seal_image)
{
  gboolean seal_changed;

  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));

  if (g_strcmp0 (signature_image, self->signature_image) != 0)
    {
      g_free (self->signature_image);
      self->signature_image = g_strdup (signature_image);
      g_clear_pointer (&self->signature_surface, cairo_surface_destroy);
      self->signature_surface = load_png (signature_image);
    }

  seal_changed = g_strcmp0 (seal_image, self->seal_image) != 0;
  if (seal_changed)
    {
      g_free (self->seal_image);
      self->seal_image = g_strdup (seal_image);
      g_clear_pointer (&self->seal_surface, cairo_surface_destroy);
      self->seal_surface = load_png (seal_image);
      mc_signature_seal_size (seal_image, self->seal_size);
    }

  /* The seal of its new size over the same leader's signature. */
  if (seal_changed && self->layout == MC_SIGNATURE_LAYOUT_ORGANISATION && self->has_rect)
    {
      double leader[4];

      leader_under_seal (self, leader);
      mc_signature_seal_place (leader, self->seal_size[0], self->seal_size[1], self->rect);
      clamp_rect (self);
    }
  changed (self);
}

/**
 * mc_signature_placement_set_default_place:
 * @self: a placement
 * @layout: a visible layout
 * @page: 0-based page, or -1 for the last page
 * @rect: (array fixed-size=4) (nullable): x, y, width, height in points
 *   from the top left, or %NULL to go back to the built-in default
 *
 * An officer's own default place for @layout.
 */
void
mc_signature_placement_set_default_place (McSignaturePlacement *self,
                                          McSignatureLayout     layout,
                                          int                   page,
                                          const double          rect[4])
{
  McSignaturePlace *place;

  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));
  g_return_if_fail (layout <= MC_SIGNATURE_LAYOUT_ATTACHMENT);

  place = &self->defaults[layout];
  place->set = rect != NULL && rect[2] > 0 && rect[3] > 0;
  place->page = page;
  if (place->set)
    memcpy (place->rect, rect, sizeof place->rect);
}

/**
 * mc_signature_placement_reset:
 * @self: a placement
 *
 * Puts the box back at the layout's default place.
 */
void
mc_signature_placement_reset (McSignaturePlacement *self)
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));

  if (self->document != NULL)
    apply_default (self);
}

void
mc_signature_placement_set_page (McSignaturePlacement *self,
                                 guint                 page)
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));

  go_to_page (self, page);
}

guint
mc_signature_placement_get_page (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), 0);

  return self->page;
}

/**
 * mc_signature_placement_set_rect:
 * @self: a placement
 * @rect: (array fixed-size=4): x, y, width, height in points from the top
 *   left of the page; kept inside the page
 */
void
mc_signature_placement_set_rect (McSignaturePlacement *self,
                                 const double          rect[4])
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));
  g_return_if_fail (rect != NULL);

  memcpy (self->rect, rect, sizeof self->rect);
  self->has_rect = self->layout != MC_SIGNATURE_LAYOUT_INVISIBLE;
  clamp_rect (self);
  changed (self);
}

/**
 * mc_signature_placement_get_rect:
 * @self: a placement
 * @rect: (out) (array fixed-size=4): x, y, width, height in points from the
 *   top left of the page
 *
 * Returns: %FALSE when nothing is placed (invisible layout, no document)
 */
gboolean
mc_signature_placement_get_rect (McSignaturePlacement *self,
                                 double                rect[4])
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), FALSE);

  if (!self->has_rect || self->layout == MC_SIGNATURE_LAYOUT_INVISIBLE)
    {
      memset (rect, 0, 4 * sizeof (double));
      return FALSE;
    }
  memcpy (rect, self->rect, sizeof self->rect);

  return TRUE;
}

/**
 * mc_signature_placement_get_request_rect:
 * @self: a placement
 * @rect: (out) (array fixed-size=4): what McSignRequest's rect takes, in
 *   points from the top left of the page
 *
 * The box, but for the organisation's seal the place of the leader's
 * signature it goes over: the signer puts the seal over that, just where
 * the box shows it.
 *
 * Returns: %FALSE when nothing is placed (invisible layout, no document)
 */
gboolean
mc_signature_placement_get_request_rect (McSignaturePlacement *self,
                                         double                rect[4])
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), FALSE);

  if (!mc_signature_placement_get_rect (self, rect))
    return FALSE;
  if (self->layout == MC_SIGNATURE_LAYOUT_ORGANISATION)
    leader_under_seal (self, rect);

  return TRUE;
}

/**
 * mc_signature_placement_move:
 * @self: a placement
 * @dx: points to the right
 * @dy: points down
 *
 * Moves the box, keeping it on the page.
 */
void
mc_signature_placement_move (McSignaturePlacement *self,
                             double                dx,
                             double                dy)
{
  g_return_if_fail (MC_IS_SIGNATURE_PLACEMENT (self));

  if (!self->has_rect)
    return;
  self->rect[0] += dx;
  self->rect[1] += dy;
  clamp_rect (self);
  changed (self);
}

/**
 * mc_signature_placement_to_widget:
 * @self: a placement
 * @x: points from the left of the page
 * @y: points from the top of the page
 * @widget_x: (out): in the canvas's coordinates
 * @widget_y: (out): in the canvas's coordinates
 *
 * Returns: %FALSE when the page is not shown yet
 */
gboolean
mc_signature_placement_to_widget (McSignaturePlacement *self,
                                  double                x,
                                  double                y,
                                  double               *widget_x,
                                  double               *widget_y)
{
  double scale, x0, y0;

  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), FALSE);

  if (!page_geometry (self, &scale, &x0, &y0))
    return FALSE;
  *widget_x = x0 + x * scale;
  *widget_y = y0 + y * scale;

  return TRUE;
}

/**
 * mc_signature_placement_get_canvas:
 * @self: a placement
 *
 * Returns: (transfer none): the focusable widget that shows the page
 */
GtkWidget *
mc_signature_placement_get_canvas (McSignaturePlacement *self)
{
  g_return_val_if_fail (MC_IS_SIGNATURE_PLACEMENT (self), NULL);

  return GTK_WIDGET (self->canvas);
}
