/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCR through Tesseract's C API. Each call makes its own TessBaseAPI, which
 * is what lets several pages be read at once: Tesseract instances share
 * nothing mutable, so mc_page_ocr_all() runs one worker thread per core,
 * each taking the next page from a shared counter. Loading the language
 * data is the slow part of a small job, so a worker keeps its instance for
 * all the pages it reads. Languages are "vie+eng": Vietnamese first,
 * English for the Latin words (names of software, e-mail addresses). */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <dlfcn.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <tesseract/capi.h>

#include "mc-page-ocr.h"
#include "mc-page-pdf.h"
#include "mc-page-pix.h"

#define OCR_LANGUAGES "vie+eng"

void
mc_ocr_word_free (McOcrWord *word)
{
  if (word == NULL)
    return;
  g_free (word->text);
  g_free (word);
}

/* Debian's Tesseract is built with OpenMP: each step of its LSTM hands
 * its four gates to a team of threads, so one page keeps every core
 * busy, a good part of it spinning while the team waits for its slowest
 * member (the tesseract CLI on the bench's six pages: 9.6 s of CPU, 5.7 s
 * with OMP_THREAD_LIMIT=1). Our workers read one page each, one worker per
 * core, so inside a worker a team is the worker alone: with no active
 * parallel level allowed on this thread, every parallel region of
 * Tesseract runs on it. OMP_THREAD_LIMIT itself cannot be used, since the
 * OpenMP runtime reads it when it is loaded, before main(). The setting
 * belongs to the calling thread only. Looked up at run time: a Tesseract
 * without OpenMP has no runtime loaded, and nothing is changed. */
static void
ocr_thread_alone (void)
{
  static gsize looked_up = 0;
  static void (*set_max_active_levels) (int) = NULL;

  if (g_once_init_enter (&looked_up))
    {
      void *symbol = dlsym (RTLD_DEFAULT, "omp_set_max_active_levels");

      memcpy (&set_max_active_levels, &symbol, sizeof symbol);
      g_once_init_leave (&looked_up, 1);
    }
  if (set_max_active_levels != NULL)
    set_max_active_levels (0);
}

static TessBaseAPI *
ocr_engine_new (GError **error)
{
  TessBaseAPI *api;

  ocr_thread_alone ();
  api = TessBaseAPICreate ();

  if (TessBaseAPIInit3 (api, NULL, OCR_LANGUAGES) != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_OCR,
                           _("Text recognition is not available: the Vietnamese and English language data of Tesseract are not installed (packages tesseract-ocr-vie and tesseract-ocr-eng)."));
      return NULL;
    }
  /* Each page read as one block of text (the library's default, said
   * here so the bench can give the tesseract command the same). The
   * command's own default, PSM_AUTO, finds the layout first; it was
   * tried and found no text at all on a small page at 100 dpi (the
   * ui-digitise-sign test's), which one block reads. */
  TessBaseAPISetPageSegMode (api, PSM_SINGLE_BLOCK);
  return api;
}

static GPtrArray *
ocr_with (TessBaseAPI          *api,
          const McScannedPage  *page,
          GError              **error)
{
  g_autoptr(PIX) pix = mc_page_to_pix (page);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_ocr_word_free);
  TessResultIterator *it;

  TessBaseAPISetImage2 (api, pix);
  TessBaseAPISetSourceResolution (api, page->resolution);
  if (TessBaseAPIRecognize (api, NULL) != 0)
    {
      g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_OCR,
                           _("The text of a page could not be recognised. Try scanning it again."));
      return NULL;
    }
  it = TessBaseAPIGetIterator (api);
  if (it == NULL)
    return g_steal_pointer (&words);
  do
    {
      const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst (it);
      char *text = TessResultIteratorGetUTF8Text (it, RIL_WORD);
      McOcrWord word = { 0 };

      if (text != NULL && *g_strstrip (text) != '\0' && g_utf8_validate (text, -1, NULL)
          && TessPageIteratorBoundingBox (pit, RIL_WORD, &word.x0, &word.y0, &word.x1, &word.y1)
          && word.x1 > word.x0 && word.y1 > word.y0)
        {
          McOcrWord *kept = g_new (McOcrWord, 1);

          *kept = word;
          kept->text = g_strdup (text);
          g_ptr_array_add (words, kept);
        }
      if (text != NULL)
        TessDeleteText (text);
    }
  while (TessResultIteratorNext (it, RIL_WORD));
  TessResultIteratorDelete (it);
  TessBaseAPIClear (api);
  return g_steal_pointer (&words);
}

/**
 * mc_page_ocr:
 * @page: a page
 * @cancellable: (nullable): checked before the page is read
 * @error: return location for an error
 *
 * Reads the words of one page. Blocks for seconds.
 *
 * Returns: (transfer full) (element-type McOcrWord): the words in reading order
 */
GPtrArray *
mc_page_ocr (const McScannedPage  *page,
             GCancellable         *cancellable,
             GError              **error)
{
  TessBaseAPI *api;
  GPtrArray *words;

  g_return_val_if_fail (page != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  api = ocr_engine_new (error);
  if (api == NULL)
    return NULL;
  words = ocr_with (api, page, error);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return words;
}

typedef struct {
  GPtrArray    *pages;
  GPtrArray   **results;
  GCancellable *cancellable;
  gint          next;
  GMutex        lock;
  GError       *error;
} OcrJob;

static gpointer
ocr_worker (gpointer user_data)
{
  OcrJob *job = user_data;
  GError *error = NULL;
  TessBaseAPI *api = ocr_engine_new (&error);

  for (;;)
    {
      guint index;

      if (api == NULL || g_cancellable_set_error_if_cancelled (job->cancellable, &error))
        break;
      index = (guint) g_atomic_int_add (&job->next, 1);
      if (index >= job->pages->len)
        break;
      job->results[index] = ocr_with (api, g_ptr_array_index (job->pages, index), &error);
      if (job->results[index] == NULL)
        break;
      g_mutex_lock (&job->lock);
      if (job->error != NULL)
        {
          g_mutex_unlock (&job->lock);
          break;
        }
      g_mutex_unlock (&job->lock);
    }
  if (error != NULL)
    {
      g_mutex_lock (&job->lock);
      if (job->error == NULL)
        job->error = g_steal_pointer (&error);
      g_mutex_unlock (&job->lock);
      g_clear_error (&error);
      /* The other workers stop at their next page. */
      g_atomic_int_set (&job->next, (gint) job->pages->len);
    }
  if (api != NULL)
    {
      TessBaseAPIEnd (api);
      TessBaseAPIDelete (api);
    }
  return NULL;
}

/**
 * mc_page_ocr_all:
 * @pages: (element-type McScannedPage): the pages
 * @n_workers: threads to use; 0 for one per processor
 * @cancellable: (nullable): checked between pages
 * @error: return location for an error
 *
 * Reads every page, several at once. Blocks.
 *
 * Returns: (transfer full) (element-type GPtrArray): for each page, its
 *   words (a #GPtrArray of #McOcrWord)
 */
GPtrArray *
mc_page_ocr_all (GPtrArray     *pages,
                 guint          n_workers,
                 GCancellable  *cancellable,
                 GError       **error)
{
  OcrJob job = { pages, NULL, cancellable, 0, { 0 }, NULL };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  GPtrArray *all;

  g_return_val_if_fail (pages != NULL, NULL);

  if (n_workers == 0)
    n_workers = g_get_num_processors ();
  n_workers = CLAMP (n_workers, 1, MAX (1, pages->len));
  job.results = g_new0 (GPtrArray *, pages->len + 1);
  g_mutex_init (&job.lock);
  for (guint i = 1; i < n_workers; i++)
    g_ptr_array_add (threads, g_thread_new ("motcua-ocr", ocr_worker, &job));
  ocr_worker (&job);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_mutex_clear (&job.lock);

  all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < pages->len; i++)
    if (job.results[i] != NULL)
      g_ptr_array_add (all, job.results[i]);
  g_free (job.results);
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      g_ptr_array_unref (all);
      return NULL;
    }
  return all;
}

static void
ocr_all_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *pages = task_data;
  guint n_workers = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "n-workers"));
  GError *error = NULL;
  GPtrArray *texts = mc_page_ocr_all (pages, n_workers, cancellable, &error);

  if (texts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texts, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_page_ocr_all_async:
 * @pages: (element-type McScannedPage): the pages; kept alive until done
 * @n_workers: threads to use; 0 for one per processor
 * @cancellable: (nullable): stops before the next page
 * @callback: called with the result in the caller's main context
 * @user_data: data for @callback
 *
 * mc_page_ocr_all() in the background, so the official can keep working.
 */
void
mc_page_ocr_all_async (GPtrArray           *pages,
                       guint                n_workers,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (pages != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_page_ocr_all_async);
  g_task_set_task_data (task, g_ptr_array_ref (pages), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (task), "n-workers", GUINT_TO_POINTER (n_workers));
  g_task_run_in_thread (task, ocr_all_thread);
}

/**
 * mc_page_ocr_all_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type GPtrArray): each page's words
 */
GPtrArray *
mc_page_ocr_all_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_page_ocr_all_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Orientation confidence from which a page is turned: Tesseract's OSD
 * gives 15 to 20 on an A4 page of text, whichever way it was fed, and
 * next to nothing on a picture or a nearly empty page. */
#define OSD_MIN_CONFIDENCE 5.0f
/* Pages of twice this resolution or more are halved for OSD. */
#define OSD_RESOLUTION 150
/* Letters OSD looks at before it may stop (it looks at five times as many
 * at most): Tesseract's 50 spent half the cleaning's time on a page. */
#define OSD_MIN_CHARACTERS "25"

/**
 * mc_page_detect_orientation:
 * @page: a page
 * @quarter_turns: (out): clockwise quarter turns that make the page
 *   upright, for mc_page_rotate(); 0 when the page is upright or when
 *   Tesseract is not sure (too little text)
 * @error: return location for an error
 *
 * Finds pages fed sideways or upside down, with Tesseract's orientation
 * and script detection (package tesseract-ocr-osd).
 *
 * Returns: %FALSE when the orientation data is not installed
 */
gboolean
mc_page_detect_orientation (const McScannedPage  *page,
                            int                  *quarter_turns,
                            GError              **error)
{
  g_autoptr(PIX) pix = NULL;
  TessBaseAPI *api;
  int degrees = 0;
  float confidence = 0, script_confidence = 0;
  const char *script = NULL;
  guint resolution;

  g_return_val_if_fail (page != NULL, FALSE);
  g_return_val_if_fail (quarter_turns != NULL, FALSE);

  *quarter_turns = 0;
  ocr_thread_alone ();
  api = TessBaseAPICreate ();
  if (TessBaseAPIInit3 (api, NULL, "osd") != 0)
    {
      TessBaseAPIDelete (api);
      g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_OCR,
                           _("Page orientation cannot be detected: Tesseract’s orientation data is not installed (package tesseract-ocr-osd)."));
      return FALSE;
    }
  pix = mc_page_to_pix (page);
  resolution = page->resolution;
  /* Letters are still letters at half of a scan's 300 dpi, and Tesseract
   * reads a quarter of the pixels: OSD took most of a page's cleaning. */
  if (resolution >= 2 * OSD_RESOLUTION)
    {
      PIX *half = pixGetDepth (pix) == 1 ? pixReduceRankBinary2 (pix, 1, NULL) : pixScaleAreaMap2 (pix);

      if (half != NULL)
        {
          pixDestroy (&pix);
          pix = half;
          resolution /= 2;
        }
    }
  TessBaseAPISetPageSegMode (api, PSM_OSD_ONLY);
  TessBaseAPISetVariable (api, "min_characters_to_try", OSD_MIN_CHARACTERS);
  TessBaseAPISetImage2 (api, pix);
  TessBaseAPISetSourceResolution (api, (int) resolution);
  /* A page without enough text fails detection: it stays as it is. */
  if (TessBaseAPIDetectOrientationScript (api, &degrees, &confidence, &script, &script_confidence)
      && confidence >= OSD_MIN_CONFIDENCE)
    /* Tesseract gives how far the page was turned clockwise. */
    *quarter_turns = (4 - ((degrees / 90) % 4 + 4) % 4) % 4;
  g_debug ("orientation %d degrees (confidence %.2f), script %s", degrees, confidence, script != NULL ? script : "?");
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return TRUE;
}
