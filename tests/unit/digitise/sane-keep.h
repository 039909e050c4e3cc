/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeps SANE's `test` backend loaded until the process ends, for the tests
 * that scan through it under LeakSanitizer (see sane-keep.c). */
#pragma once

void  sane_keep_test_backend  (void);
