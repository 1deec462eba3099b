/*
 * errors.h -- the thread-local last error of dxsearch.
 *
 * dx_error_set() records a code and a formatted message for the calling
 * thread and returns the code, so a failing path reads
 *   return dx_error_set(DX_EDICT, "[analyze] charset %s, want UTF-8", cs);
 * The message buffer is owned by the thread; dx_error_last() (public)
 * borrows it until the next dx_error_set() on the same thread.
 */
#ifndef DX_ERRORS_H
#define DX_ERRORS_H

#include "dxsearch.h"

#if defined(__GNUC__)
#define DX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DX_PRINTF(a, b)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Record `code` and the message; returns `code`. */
int dx_error_set(int code, const char *fmt, ...) DX_PRINTF(2, 3);

/* Forget the last error (after one is handled and swallowed). */
void dx_error_clear(void);

/* The code of the last dx_error_set() on this thread (DX_OK if none). */
int dx_error_code(void);

#ifdef __cplusplus
}
#endif

#endif
