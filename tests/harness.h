/*
 * harness.h -- a tiny test harness (cmark's api_test style): main() calls
 * one static function per behaviour; checks print file:line on failure
 * and the run ends with "N passed, M failed".
 */
#ifndef DX_HARNESS_H
#define DX_HARNESS_H

#include <stddef.h>
#include <string.h>

extern int dx_test_passed, dx_test_failed;

void dx_test_check(int ok, const char *file, int line, const char *what);
void dx_test_check_str(const char *got, const char *want, const char *file,
                       int line);
void dx_test_check_int(long long got, long long want, const char *file,
                       int line, const char *what);
/* Print the summary line; returns the process exit code. */
int  dx_test_finish(void);
/* A fresh empty directory under $DX_TMP (or /tmp); caller frees. */
char *dx_test_tmpdir(const char *name);
/* Write text to dir/name (a failed check if it cannot). */
void dx_test_put_file(const char *dir, const char *name, const char *text);

#define OK(cond) dx_test_check(!!(cond), __FILE__, __LINE__, #cond)
#define STR_EQ(got, want) dx_test_check_str((got), (want), __FILE__, __LINE__)
#define INT_EQ(got, want) \
	dx_test_check_int((long long)(got), (long long)(want), __FILE__, \
	                  __LINE__, #got)

#endif
