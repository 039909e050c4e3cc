/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into the UI tests that make more than 2048 GLib quarks (the main
 * window with the signing dialogs). GLib then leaves its first quark block,
 * allocated when libglib loads, behind on purpose (readers take no lock).
 * AddressSanitizer reads this hook at start-up: full malloc stacks, deep
 * enough to reach _dl_init, let tests/lsan.supp tell that block from a leak
 * of ours. Without AddressSanitizer nothing calls it. */
#include "config.h"

const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=8";
}
