/* harness.c -- see harness.h. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int dx_test_passed, dx_test_failed;

void dx_test_check(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		dx_test_passed++;
		return;
	}
	dx_test_failed++;
	fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
}

void dx_test_check_str(const char *got, const char *want, const char *file,
                       int line)
{
	int ok = got && want ? strcmp(got, want) == 0 : got == want;

	dx_test_check(ok, file, line, "string equality");
	if (!ok)
		fprintf(stderr, "  got:  [%s]\n  want: [%s]\n",
		        got ? got : "(null)", want ? want : "(null)");
}

void dx_test_check_int(long long got, long long want, const char *file,
                       int line, const char *what)
{
	dx_test_check(got == want, file, line, what);
	if (got != want)
		fprintf(stderr, "  got %lld, want %lld\n", got, want);
}

int dx_test_finish(void)
{
	printf("%d passed, %d failed\n", dx_test_passed, dx_test_failed);
	return dx_test_failed ? 1 : 0;
}

void dx_test_put_file(const char *dir, const char *name, const char *text)
{
	char p[4096];
	FILE *f;

	if (snprintf(p, sizeof(p), "%s/%s", dir, name) >= (int)sizeof(p)) {
		OK(!"path too long");
		return;
	}
	f = fopen(p, "wb");
	OK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

char *dx_test_tmpdir(const char *name)
{
	const char *base = getenv("DX_TMP");
	char *path;
	char cmd[4200];
	size_t n;

	if (!base || !*base)
		base = "/tmp";
	n = strlen(base) + strlen(name) + 32;
	path = malloc(n);
	snprintf(path, n, "%s/%s.%ld", base, name, (long)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", path, path);
	if (system(cmd) != 0) {
		free(path);
		return NULL;
	}
	return path;
}
