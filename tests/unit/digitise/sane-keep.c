/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Two things SANE's `test` backend does, made safe for the tests that scan
 * through it under the sanitizers.
 *
 * Its reader thread loses its picture buffer when sane_cancel() cancels
 * the thread before it frees the buffer (on a cancel or an error status;
 * with the cancellation type SANE asks for, now and then after a whole
 * page too). sane_exit() then unloads the backend,
 * so LeakSanitizer, which symbolises at exit, sees only "<unknown module>"
 * frames that no suppression can name. Opened here once more with
 * RTLD_NODELETE, the same library stays mapped: its frames name
 * libsane-test.so.1, which tests/lsan.supp suppresses. RTLD_LOCAL keeps its
 * symbols out of the global scope, so SANE's dll backend still finds it as
 * it always does, and sane_init() still reads test.conf anew.
 *
 * SANE's thread helper makes that reader thread cancellable at any
 * instruction (PTHREAD_CANCEL_ASYNCHRONOUS), yet the thread calls malloc()
 * and free(), which POSIX does not allow then: a cancel that lands inside
 * the allocator leaves its lock taken, and the process hangs at its next
 * allocation or in LeakSanitizer's check at exit (the main thread waiting
 * in LockAllocator() for a thread that was gone: 3 of 96 sanitized runs of
 * test-scanner, three at a time, hung so; none of 96 taking turns with
 * them once cancellation was kept deferred). This file's
 * pthread_setcanceltype() comes before libc's
 * and keeps cancellation deferred, so the reader thread is cancelled only
 * at a cancellation point: in write() to the pipe we read, where it waits
 * for us and holds no lock.
 *
 * Linked into the test programs, and through sane-keep-preload.c into the
 * motcua-cli they run; never into the application. */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "sane-keep.h"

void
sane_keep_test_backend (void)
{
  if (dlopen (MC_TEST_SANE_BACKEND, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == NULL)
    {
      fprintf (stderr, "SANE's test backend %s could not be loaded: %s\n", MC_TEST_SANE_BACKEND, dlerror ());
      abort ();
    }
}

int
pthread_setcanceltype (int  type,
                       int *oldtype)
{
  static int (*libc_setcanceltype) (int, int *);

  if (libc_setcanceltype == NULL)
    libc_setcanceltype = (int (*) (int, int *)) dlsym (RTLD_NEXT, "pthread_setcanceltype");
  return libc_setcanceltype (type == PTHREAD_CANCEL_ASYNCHRONOUS ? PTHREAD_CANCEL_DEFERRED : type, oldtype);
}
