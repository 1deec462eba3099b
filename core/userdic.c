/* userdic.c -- the user dictionary; see userdic.h and dxsearch.h. */
#include "userdic.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "normalize.h"
#include "utf8.h"

extern char **environ;

/* Where the build and the install put the dictionary, and the compiler
 * (set by core/CMakeLists.txt). */
#if !defined(DX_USERDIC_INSTALLED_DIR) || !defined(DX_USERDIC_BUILD_DIR) || \
    !defined(DX_USERDIC_SOURCE_CSV) || !defined(DX_MECAB_DICT_INDEX)
#error "core/CMakeLists.txt defines the user dictionary's places"
#endif

/* IPADIC's source files (package mecab-ipadic, a dependency of
 * mecab-ipadic-utf8): the context ids of each part of speech. */
#define IPADIC_SOURCE_DIR "/usr/share/mecab/dic/ipadic"
#define NOUN_FEATURE      "名詞,固有名詞,一般,*,*,*,*"
#define NOUN_POS          "名詞,固有名詞,一般,*,*,*"

/* Costs tried for a new word, from the highest (the word loses to most
 * splits) down; the first at which MeCab keeps it whole, minus
 * COST_MARGIN, is written.  IPADIC's nouns cost about 3000-9000. */
#define COST_START  8000
#define COST_STEP   1000
#define COST_MIN   (-20000)
#define COST_MARGIN 1000

/* Longest word accepted, in bytes of its normalized form. */
#define WORD_MAX 120

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int dir_has(const char *dir, const char *name)
{
	dx_buf p = DX_BUF_INIT;
	int ok;

	dx_buf_printf(&p, "%s/%s", dir, name);
	ok = file_exists(p.ptr);
	dx_buf_free(&p);
	return ok;
}

/* ---- where ---------------------------------------------------------- */

int dx_userdic_locate(dx_buf *dir, int *explicit_)
{
	const char *env = getenv(DX_USERDIC_ENV);

	dx_buf_clear(dir);
	*explicit_ = 0;
	if (env && *env) {
		*explicit_ = 1;
		if (strcmp(env, DX_USERDIC_NONE) != 0)
			dx_buf_puts(dir, env);
		return DX_OK;
	}
	if (dir_has(DX_USERDIC_INSTALLED_DIR, DX_USERDIC_DIC))
		dx_buf_puts(dir, DX_USERDIC_INSTALLED_DIR);
	else if (dir_has(DX_USERDIC_BUILD_DIR, DX_USERDIC_DIC))
		dx_buf_puts(dir, DX_USERDIC_BUILD_DIR);
	return DX_OK;
}

int dx_userdic_find(dx_buf *dic)
{
	dx_buf dir = DX_BUF_INIT;
	int explicit_;

	dx_buf_clear(dic);
	dx_userdic_locate(&dir, &explicit_);
	if (dir.len) {
		dx_buf_printf(dic, "%s/%s", dir.ptr, DX_USERDIC_DIC);
		if (explicit_ && !file_exists(dic->ptr)) {
			int error = dx_error_set(DX_EDICT, "[userdic] no "
				"compiled user dictionary at %s ($%s): run "
				"'dxsearch dict build', or set %s=%s",
				dic->ptr, DX_USERDIC_ENV, DX_USERDIC_ENV,
				DX_USERDIC_NONE);
			dx_buf_free(&dir);
			return error;
		}
	}
	dx_buf_free(&dir);
	return DX_OK;
}

int dx_userdic_dir(char **out)
{
	dx_buf dir = DX_BUF_INIT;
	int explicit_;

	dx_userdic_locate(&dir, &explicit_);
	*out = dx_buf_detach(&dir);   /* never NULL */
	return DX_OK;
}

/* ---- compiling ------------------------------------------------------ */

/* Run argv, its stdout and stderr into *out; returns its exit status, or
 * -1 when it could not be started. */
static int run(char *const argv[], dx_buf *out)
{
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = -1;
	pid_t pid;
	char chunk[4096];
	ssize_t got;

	if (pipe(pipefd) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addclose(&fa, pipefd[0]);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
	posix_spawn_file_actions_addclose(&fa, pipefd[1]);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	while ((got = read(pipefd[0], chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		if (out->len < 65536)
			dx_buf_put(out, chunk, (size_t)got);
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The last non-empty line of s (the compiler's error), trimmed. */
static void last_line(dx_buf *msg, const char *s, size_t len)
{
	size_t e = len, b;

	while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\r' ||
	                 s[e - 1] == ' '))
		e--;
	b = e;
	while (b > 0 && s[b - 1] != '\n' && s[b - 1] != '\r')
		b--;
	dx_buf_put(msg, s + b, e - b);
}

int dx_userdic_compile(const char *csv, const char *dic, const char *sysdic)
{
	dx_buf tmp = DX_BUF_INIT, out = DX_BUF_INIT, msg = DX_BUF_INIT;
	char a0[] = DX_MECAB_DICT_INDEX, a1[] = "-d", a3[] = "-u",
	     a5[] = "-f", a6[] = "utf-8", a7[] = "-t", a8[] = "utf-8";
	char *argv[11];
	int status, error = DX_OK, fd;

	if (!sysdic || !*sysdic)
		sysdic = DX_DICT_DIR_DEFAULT;
	if (!file_exists(csv))
		return dx_error_set(DX_ENOTFOUND, "[userdic] %s: %s", csv,
		                    strerror(ENOENT));
	dx_buf_printf(&tmp, "%s.tmpXXXXXX", dic);
	if ((fd = mkstemp(tmp.ptr)) < 0) {
		error = dx_error_set(DX_EIO, "[userdic] cannot write %s: %s",
		                     dic, strerror(errno));
		goto done;
	}
	close(fd);
	argv[0] = a0; argv[1] = a1; argv[2] = (char *)sysdic; argv[3] = a3;
	argv[4] = tmp.ptr; argv[5] = a5; argv[6] = a6; argv[7] = a7;
	argv[8] = a8; argv[9] = (char *)csv; argv[10] = NULL;
	status = run(argv, &out);
	if (status < 0) {
		error = dx_error_set(DX_EDICT, "[userdic] cannot run %s: "
			"install mecab-utils", DX_MECAB_DICT_INDEX);
		goto done;
	}
	if (status != 0) {
		last_line(&msg, out.ptr ? out.ptr : "", out.len);
		error = dx_error_set(DX_EDICT, "[userdic] compiling %s failed: "
		                     "%s", csv, msg.len ? msg.ptr : "?");
		goto done;
	}
	if (rename(tmp.ptr, dic) < 0)
		error = dx_error_set(DX_EIO, "[userdic] cannot write %s: %s",
		                     dic, strerror(errno));
done:
	if (tmp.ptr && error < 0)
		unlink(tmp.ptr);
	dx_buf_free(&tmp);
	dx_buf_free(&out);
	dx_buf_free(&msg);
	return error;
}

int dx_userdic_build(const char *dir)
{
	dx_buf csv = DX_BUF_INIT, dic = DX_BUF_INIT, found = DX_BUF_INIT;
	int explicit_, error;

	if (!dir || !*dir) {
		dx_userdic_locate(&found, &explicit_);
		if (!found.len) {
			dx_buf_free(&found);
			return dx_error_set(DX_EINVAL, "[userdic] no user "
				"dictionary folder: set %s=DIR",
				DX_USERDIC_ENV);
		}
		dir = found.ptr;
	}
	dx_buf_printf(&csv, "%s/%s", dir, DX_USERDIC_CSV);
	dx_buf_printf(&dic, "%s/%s", dir, DX_USERDIC_DIC);
	error = dx_userdic_compile(csv.ptr, dic.ptr, NULL);
	dx_buf_free(&csv);
	dx_buf_free(&dic);
	dx_buf_free(&found);
	return error;
}

/* ---- context ids ----------------------------------------------------- */

/* The id of `feature` (UTF-8) in IPADIC's EUC-JP id file `name`
 * (left-id.def or right-id.def: lines "<id> <feature>"). */
static int context_id(const char *name, const char *feature, int *id)
{
	char euc[128], line[512];
	char *in = (char *)feature, *outp = euc;
	size_t il = strlen(feature), ol = sizeof(euc) - 1, n;
	dx_buf path = DX_BUF_INIT;
	iconv_t cd = iconv_open("EUC-JP", "UTF-8");
	FILE *f;
	int error = DX_OK;

	if (cd == (iconv_t)-1 || iconv(cd, &in, &il, &outp, &ol) ==
	    (size_t)-1) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		return dx_error_set(DX_ERROR, "[userdic] no EUC-JP converter");
	}
	iconv_close(cd);
	*outp = '\0';
	n = strlen(euc);
	dx_buf_printf(&path, "%s/%s", IPADIC_SOURCE_DIR, name);
	if (!(f = fopen(path.ptr, "r"))) {
		error = dx_error_set(DX_EDICT, "[userdic] %s: %s: install "
		                     "mecab-ipadic", path.ptr, strerror(errno));
		goto done;
	}
	*id = -1;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');

		if (sp && strncmp(sp + 1, euc, n) == 0 &&
		    (sp[1 + n] == '\n' || sp[1 + n] == '\r' || !sp[1 + n])) {
			*id = atoi(line);
			break;
		}
	}
	fclose(f);
	if (*id < 0)
		error = dx_error_set(DX_EDICT, "[userdic] %s has no id for "
		                     "%s", path.ptr, feature);
done:
	dx_buf_free(&path);
	return error;
}

/* ---- adding a word --------------------------------------------------- */

/* A dx_analyze callback state: the word's span in the text, and what was
 * seen. */
typedef struct {
	const char *text;     /* the text analyzed */
	size_t start, end;    /* the word's bytes in it */
	int    whole;         /* a token spans exactly [start, end) */
	size_t tokens;        /* surface tokens */
	size_t readings;      /* reading tokens */
	dx_buf reading;       /* the readings, concatenated */
	dx_buf parts;         /* the surface tokens, space-separated */
} probe;
#define PROBE_INIT { NULL, 0, 0, 0, 0, 0, DX_BUF_INIT, DX_BUF_INIT }

static int on_token(void *payload, const dx_token *tok)
{
	probe *p = payload;

	if (tok->flags & DX_TOKEN_READING) {
		p->readings++;
		dx_buf_put(&p->reading, tok->term, tok->term_len);
	} else if (!(tok->flags & (DX_TOKEN_BASE | DX_TOKEN_PART))) {
		if (p->tokens++)
			dx_buf_putc(&p->parts, ' ');
		dx_buf_put(&p->parts, p->text + tok->start,
		           tok->end - tok->start);
		if (tok->start == p->start && tok->end == p->end)
			p->whole = 1;
	}
	return 0;
}

static void probe_free(probe *p)
{
	dx_buf_free(&p->reading);
	dx_buf_free(&p->parts);
}

/* Nonzero if MeCab with user dictionary `dic` keeps `word` as one token,
 * alone and between particles. */
static int keeps_whole(const char *dic, const char *word, int *ok)
{
	static const char *const frames[][2] = {
		{ "", "" }, { "この", "は" }, { "と", "を" }, { "", "の" }
	};
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	dx_buf text = DX_BUF_INIT;
	size_t i;
	int error;

	*ok = 1;
	if ((error = dx_analyzer_open_user(&an, NULL, dic)) < 0 ||
	    (error = dx_session_new(&ss, an)) < 0)
		goto done;
	for (i = 0; i < sizeof(frames) / sizeof(frames[0]) && *ok; i++) {
		probe p = PROBE_INIT;

		dx_buf_clear(&text);
		dx_buf_printf(&text, "%s%s%s", frames[i][0], word,
		              frames[i][1]);
		p.text = text.ptr;
		p.start = strlen(frames[i][0]);
		p.end = p.start + strlen(word);
		error = dx_analyze(ss, text.ptr, text.len, on_token, &p);
		*ok = p.whole;
		probe_free(&p);
		if (error < 0)
			break;
	}
done:
	dx_buf_free(&text);
	dx_session_free(ss);
	dx_analyzer_free(an);
	return error;
}

/* Katakana for hiragana; returns 0 unless every character ends up as
 * katakana (or ー). */
static int to_katakana(dx_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	int32_t cp;

	while (i < len) {
		cp = dx_utf8_next(s, len, &i);
		if (cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		if (!((cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC))
			return 0;
		dx_utf8_put(out, (uint32_t)cp);
	}
	return out->len > 0;
}

/* How the dictionary `dic` ("": none) analyzes `word`: into *parts its
 * tokens separated by spaces, or "*" when it keeps the word whole; into
 * *reading (unless NULL) the IPADIC readings of its tokens, or the word
 * itself if it is katakana, else "*". */
static int inspect(const char *dic, const char *word, dx_buf *parts,
                   dx_buf *reading)
{
	dx_analyzer *an = NULL;
	dx_session *ss = NULL;
	probe p = PROBE_INIT;
	int error;

	p.text = word;
	if ((error = dx_analyzer_open_user(&an, NULL, dic)) < 0 ||
	    (error = dx_session_new(&ss, an)) < 0)
		goto done;
	dx_session_set_readings(ss, 1);
	if ((error = dx_analyze(ss, word, strlen(word), on_token, &p)) < 0)
		goto done;
	dx_buf_puts(parts, p.tokens > 1 ? p.parts.ptr : "*");
	if (!reading)
		goto done;
	if (p.tokens > 0 && p.readings == p.tokens)
		dx_buf_put(reading, p.reading.ptr, p.reading.len);
	else if (!to_katakana(reading, word, strlen(word)))
		dx_buf_clear(reading);
	if (!reading->len)
		dx_buf_puts(reading, "*");
done:
	probe_free(&p);
	dx_session_free(ss);
	dx_analyzer_free(an);
	return error;
}

/* Read the whole file into *out; DX_ENOTFOUND if it does not exist. */
static int slurp(dx_buf *out, const char *path)
{
	char chunk[8192];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return errno == ENOENT ? DX_ENOTFOUND :
		       dx_error_set(DX_EIO, "[userdic] %s: %s", path,
		                    strerror(errno));
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		dx_buf_put(out, chunk, got);
	fclose(f);
	return DX_OK;
}

int dx_userdic_keeps_bases(const char *dic)
{
	dx_buf path = DX_BUF_INIT, csv = DX_BUF_INIT;
	const char *slash = strrchr(dic, '/'), *line, *end, *nl;
	int ok;

	if (slash)
		dx_buf_put(&path, dic, (size_t)(slash + 1 - dic));
	dx_buf_puts(&path, DX_USERDIC_CSV);
	ok = slurp(&csv, dx_buf_cstr(&path)) == DX_OK && csv.len > 0 &&
	     !memchr(csv.ptr, '"', csv.len);
	dx_error_clear();
	for (line = csv.ptr, end = csv.ptr + csv.len; ok && line < end;
	     line = nl + 1) {
		const char *col[11], *p = line;
		size_t k = 0;

		if (!(nl = memchr(line, '\n', (size_t)(end - line))))
			nl = end;
		while (k < 11 && p <= nl) {   /* col[k] ends at the ',' */
			col[k++] = p;
			while (p < nl && *p != ',')
				p++;
			p++;
		}
		if (k == 11)
			ok = dx_entry_keeps_base(col[0],
			                         (size_t)(col[1] - 1 - col[0]),
			                         col[10],
			                         (size_t)(p - 1 - col[10]));
	}
	dx_buf_free(&path);
	dx_buf_free(&csv);
	return ok;
}

static int spill(const char *path, const dx_buf *b)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return dx_error_set(DX_EIO, "[userdic] cannot write %s: %s",
		                    path, strerror(errno));
	ok = fwrite(b->ptr ? b->ptr : "", 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	return ok ? DX_OK : dx_error_set(DX_EIO, "[userdic] cannot write "
	                                 "%s: %s", path, strerror(errno));
}

/* The entries of `dir`: its user.csv, else the shipped list (installed,
 * build tree, source tree), else nothing. */
static int load_entries(dx_buf *csv, const char *dir)
{
	static const char *const shipped[] = {
		DX_USERDIC_INSTALLED_DIR "/" DX_USERDIC_CSV,
		DX_USERDIC_BUILD_DIR "/" DX_USERDIC_CSV,
		DX_USERDIC_SOURCE_CSV
	};
	dx_buf path = DX_BUF_INIT;
	size_t i;
	int error;

	dx_buf_printf(&path, "%s/%s", dir, DX_USERDIC_CSV);
	error = slurp(csv, path.ptr);
	dx_buf_free(&path);
	for (i = 0; error == DX_ENOTFOUND &&
	            i < sizeof(shipped) / sizeof(shipped[0]); i++)
		error = slurp(csv, shipped[i]);
	if (error == DX_ENOTFOUND)
		error = DX_OK;
	if (error == DX_OK && csv->len && csv->ptr[csv->len - 1] != '\n')
		dx_buf_putc(csv, '\n');
	return error;
}

/* Nonzero if the CSV has an entry whose surface is `word`. */
static int has_entry(const dx_buf *csv, const char *word)
{
	size_t n = strlen(word);
	const char *p = csv->ptr, *end = csv->ptr + csv->len;

	while (p && p < end) {
		if ((size_t)(end - p) > n && memcmp(p, word, n) == 0 &&
		    p[n] == ',')
			return 1;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	return 0;
}

/* The normalized word, checked: no separators, quotes or spaces. */
static int normalize_word(dx_buf *out, const char *word)
{
	dx_norm n = DX_NORM_INIT;
	size_t i;
	int error;

	if (!word || !dx_utf8_valid(word, strlen(word)))
		return dx_error_set(DX_EINVAL, "[userdic] the word is not "
		                    "valid UTF-8");
	if ((error = dx_normalize(&n, word, strlen(word))) < 0)
		return error;
	for (i = 0; i < n.len; i++)
		if (n.text[i] == ',' || n.text[i] == '"' ||
		    (unsigned char)n.text[i] <= ' ')
			break;
	if (n.len == 0 || i < n.len || n.len > WORD_MAX) {
		dx_norm_free(&n);
		return dx_error_set(DX_EINVAL, "[userdic] '%s' cannot be a "
			"dictionary word: want 1 to %d bytes without spaces, "
			"commas or double quotes", word, WORD_MAX);
	}
	dx_buf_put(out, n.text, n.len);
	dx_norm_free(&n);
	return DX_OK;
}

/* One attempt at a cost: the CSV and dictionary it was compiled into
 * (temporary files in the folder, so a failure leaves the old ones). */
typedef struct {
	int    left, right;   /* context ids of NOUN_FEATURE */
	dx_buf csv, dic;      /* the temporary files' paths */
	dx_buf text, line;    /* the CSV written; the new entry's line */
	dx_buf reading;       /* the entry's reading */
	dx_buf parts;         /* its parts: how MeCab split it before */
} trial;

/* Write csv + the word's entry at `cost`, compile it and say whether
 * MeCab now keeps the word whole. */
static int try_cost(trial *t, const dx_buf *csv, const char *word,
                    int cost, int *ok)
{
	int error;

	dx_buf_clear(&t->line);
	dx_buf_printf(&t->line, "%s,%d,%d,%d,%s,%s,%s,%s,%s\n", word, t->left,
	              t->right, cost, NOUN_POS, word, t->reading.ptr,
	              t->reading.ptr, t->parts.ptr);
	dx_buf_clear(&t->text);
	dx_buf_put(&t->text, csv->ptr, csv->len);
	dx_buf_put(&t->text, t->line.ptr, t->line.len);
	if ((error = spill(t->csv.ptr, &t->text)) < 0 ||
	    (error = dx_userdic_compile(t->csv.ptr, t->dic.ptr, NULL)) < 0)
		return error;
	return keeps_whole(t->dic.ptr, word, ok);
}

/* The entry's reading and parts: `given` (kana) as katakana, or the
 * readings of the parts. */
static int entry_fields(trial *t, const char *given, const char *dic,
                        const char *word)
{
	dx_norm n = DX_NORM_INIT;
	int ok, error;

	if ((error = inspect(dic, word, &t->parts, given && *given ? NULL :
	                     &t->reading)) < 0 || !given || !*given)
		return error;
	if ((error = dx_normalize(&n, given, strlen(given))) < 0)
		return error;
	ok = to_katakana(&t->reading, n.text, n.len);
	dx_norm_free(&n);
	return ok ? DX_OK : dx_error_set(DX_EINVAL, "[userdic] the reading "
	                                 "'%s' is not kana", given);
}

int dx_userdic_add(const char *dir_in, const char *word_in,
                   const char *reading_in, char **line_out)
{
	dx_buf dir = DX_BUF_INIT, word = DX_BUF_INIT, csv = DX_BUF_INIT,
	       path = DX_BUF_INIT, cur = DX_BUF_INIT;
	trial t = { 0, 0, DX_BUF_INIT, DX_BUF_INIT, DX_BUF_INIT, DX_BUF_INIT,
	            DX_BUF_INIT, DX_BUF_INIT };
	int cost, ok = 0, explicit_, error;

	if (line_out)
		*line_out = NULL;
	if (dir_in && *dir_in)
		dx_buf_puts(&dir, dir_in);
	else
		dx_userdic_locate(&dir, &explicit_);
	if (!dir.len) {
		error = dx_error_set(DX_EINVAL, "[userdic] no user dictionary "
			"folder: give one, or set %s=DIR", DX_USERDIC_ENV);
		goto done;
	}
	if ((error = normalize_word(&word, word_in)) < 0)
		goto done;
	if (mkdir(dir.ptr, 0777) < 0 && errno != EEXIST) {
		error = dx_error_set(DX_EIO, "[userdic] cannot create %s: %s",
		                     dir.ptr, strerror(errno));
		goto done;
	}
	if ((error = load_entries(&csv, dir.ptr)) < 0 ||
	    has_entry(&csv, word.ptr))          /* already there: no change */
		goto done;
	if ((error = context_id("left-id.def", NOUN_FEATURE, &t.left)) < 0 ||
	    (error = context_id("right-id.def", NOUN_FEATURE, &t.right)) < 0)
		goto done;
	dx_buf_printf(&cur, "%s/%s", dir.ptr, DX_USERDIC_DIC);
	dx_buf_printf(&t.csv, "%s/.%s.tmp", dir.ptr, DX_USERDIC_CSV);
	dx_buf_printf(&t.dic, "%s/.%s.tmp", dir.ptr, DX_USERDIC_DIC);

	/* the parts: how the dictionary as it is (a new folder: the list
	 * it starts from) splits the word */
	if (!file_exists(cur.ptr) && csv.len &&
	    ((error = spill(t.csv.ptr, &csv)) < 0 ||
	     (error = dx_userdic_compile(t.csv.ptr, t.dic.ptr, NULL)) < 0))
		goto done;
	if ((error = entry_fields(&t, reading_in, file_exists(cur.ptr) ?
	                          cur.ptr : csv.len ? t.dic.ptr : "",
	                          word.ptr)) < 0)
		goto done;

	/* the highest cost that keeps the word whole, less a margin so
	 * that it also wins in other company */
	for (cost = COST_START; cost >= COST_MIN && !ok; cost -= COST_STEP)
		if ((error = try_cost(&t, &csv, word.ptr, cost, &ok)) < 0)
			goto done;
	if (ok && (error = try_cost(&t, &csv, word.ptr,
	                            cost + COST_STEP - COST_MARGIN, &ok)) < 0)
		goto done;
	if (!ok) {
		error = dx_error_set(DX_EDICT, "[userdic] MeCab does not keep "
		                     "'%s' whole even at cost %d", word.ptr,
		                     COST_MIN);
		goto done;
	}
	dx_buf_printf(&path, "%s/%s", dir.ptr, DX_USERDIC_CSV);
	if (rename(t.dic.ptr, cur.ptr) < 0 || rename(t.csv.ptr, path.ptr) < 0) {
		error = dx_error_set(DX_EIO, "[userdic] cannot write %s: %s",
		                     dir.ptr, strerror(errno));
		goto done;
	}
	if (line_out) {
		t.line.ptr[--t.line.len] = '\0';   /* without its LF */
		*line_out = dx_buf_detach(&t.line);
	}
done:
	if (t.csv.ptr)
		unlink(t.csv.ptr);
	if (t.dic.ptr)
		unlink(t.dic.ptr);
	dx_buf_free(&t.csv);
	dx_buf_free(&t.dic);
	dx_buf_free(&t.text);
	dx_buf_free(&t.line);
	dx_buf_free(&t.reading);
	dx_buf_free(&t.parts);
	dx_buf_free(&dir);
	dx_buf_free(&word);
	dx_buf_free(&csv);
	dx_buf_free(&path);
	dx_buf_free(&cur);
	return error;
}
