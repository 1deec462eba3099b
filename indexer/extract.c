/*
 * extract.c -- from Markdown, HTML or plain text to a dx_article; see
 * extract.h.
 *
 * All three extractors feed text through one accumulator (dx_acc below)
 * that collapses whitespace and applies the Japanese line-join rule, and
 * emit blocks through one builder (dx_builder), so the three formats give
 * the same kind of text for the same content.
 */
#include "extract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "errors.h"
#include "facet.h"
#include "utf8.h"

/* ---- characters ---------------------------------------------------- */

/* Japanese for the line-join rule: kana, kanji, CJK and full-width
 * punctuation, full-width forms, and the few general-punctuation marks
 * that Japanese prose uses (―, ‥, …, ※).  A line break between two of
 * these is an artefact of wrapping, not a word boundary. */
static int is_japanese(int32_t c)
{
	return (c >= 0x3000 && c <= 0x30FF) ||   /* punct, kana */
	       (c >= 0x31F0 && c <= 0x31FF) ||   /* katakana ext. */
	       (c >= 0x3400 && c <= 0x4DBF) ||   /* CJK ext. A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK unified */
	       (c >= 0xF900 && c <= 0xFAFF) ||   /* CJK compat. */
	       (c >= 0xFF00 && c <= 0xFFEF) ||   /* full/half width */
	       (c >= 0x20000 && c <= 0x2FA1F) || /* CJK ext. B+ */
	       c == 0x2015 || c == 0x2025 || c == 0x2026 || c == 0x203B;
}

/* Full-width punctuation (、。「」（）！ ...) carries its own spacing:
 * no space is added next to it when lines are joined. */
static int is_cjk_punct(int32_t c)
{
	return (c >= 0x3000 && c <= 0x303F && (c < 0x3005 || c > 0x3007)) ||
	       (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	       (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

static int is_ascii_space(int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

/* Whitespace trimmed from block edges: ASCII, NBSP and the ideographic
 * space (U+3000), which Japanese text uses to indent paragraphs. */
static int is_trim_space(int32_t c)
{
	return is_ascii_space(c) || c == 0xA0 || c == 0x3000;
}

/* The code point that ends s[0..len) (len > 0, valid UTF-8). */
static int32_t last_cp(const char *s, size_t len)
{
	size_t i = len - 1;

	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return dx_utf8_next(s, len, &i);
}

/* s[0..*len) without leading/trailing is_trim_space(); returns the new
 * start and updates *len. */
static const char *trim(const char *s, size_t *len)
{
	size_t b = 0, e = *len, i, last;

	while (b < e) {
		i = b;
		if (!is_trim_space(dx_utf8_next(s, e, &i)))
			break;
		b = i;
	}
	while (e > b) {
		last = e - 1;
		while (last > b && ((unsigned char)s[last] & 0xC0) == 0x80)
			last--;
		i = last;
		if (!is_trim_space(dx_utf8_next(s, e, &i)))
			break;
		e = last;
	}
	*len = e - b;
	return s + b;
}

/* The first occurrence of needle[0..nlen) in s[0..len), or NULL (memmem
 * is not in POSIX). */
static const char *find_bytes(const char *s, size_t len, const char *needle,
                              size_t nlen)
{
	size_t i;

	for (i = 0; nlen <= len && i <= len - nlen; i++)
		if (memcmp(s + i, needle, nlen) == 0)
			return s + i;
	return NULL;
}

/* ---- the text accumulator ------------------------------------------ */

/* Whitespace seen but not yet written: it is resolved when the next
 * visible character arrives, so trailing whitespace never gets in and
 * the join rule can look at the characters on both sides. */
enum { DX_WS_NONE = 0, DX_WS_SPACE, DX_WS_BREAK };

typedef struct {
	dx_buf buf;      /* the text so far; no trailing whitespace */
	int    pending;  /* DX_WS_* waiting before the next character */
} dx_acc;

/* Write the pending whitespace before the character `c`: nothing at the
 * start of the text or after a hard line break; for a line break,
 * nothing between two Japanese characters or next to full-width
 * punctuation ("で、" + "Design": "で、Design"); else one space. */
static void acc_resolve(dx_acc *a, int32_t c)
{
	int32_t prev;

	if (a->pending == DX_WS_NONE)
		return;
	if (a->buf.len > 0 && a->buf.ptr[a->buf.len - 1] != '\n') {
		prev = last_cp(a->buf.ptr, a->buf.len);
		if (!(a->pending == DX_WS_BREAK &&
		      ((is_japanese(prev) && is_japanese(c)) ||
		       is_cjk_punct(prev) || is_cjk_punct(c))))
			dx_buf_putc(&a->buf, ' ');
	}
	a->pending = DX_WS_NONE;
}

/* Append text.  literal: keep every character (code blocks, <pre>);
 * else runs of ASCII whitespace (and NBSP) collapse to one space, or to
 * nothing when they hold a line break between two Japanese characters. */
static void acc_text(dx_acc *a, const char *s, size_t len, int literal)
{
	size_t i = 0, at;
	int32_t c;

	if (literal) {
		if (len == 0)
			return;
		acc_resolve(a, -1);
		dx_buf_put(&a->buf, s, len);
		return;
	}
	while (i < len) {
		at = i;
		c = dx_utf8_next(s, len, &i);
		if (is_ascii_space(c) || c == 0xA0) {
			if (c == '\n' || c == '\r')
				a->pending = DX_WS_BREAK;
			else if (a->pending == DX_WS_NONE)
				a->pending = DX_WS_SPACE;
			continue;
		}
		acc_resolve(a, c);
		dx_buf_put(&a->buf, s + at, i - at);
	}
}

/* A soft line break (Markdown softbreak, a wrapped line of text). */
static void acc_soft(dx_acc *a)
{
	a->pending = DX_WS_BREAK;
}

/* A hard line break (<br>, Markdown hard break): a kept "\n".  Leading
 * and repeated breaks are dropped. */
static void acc_hard(dx_acc *a)
{
	a->pending = DX_WS_NONE;
	if (a->buf.len == 0 || a->buf.ptr[a->buf.len - 1] == '\n')
		return;
	dx_buf_putc(&a->buf, '\n');
}

/* The trimmed text as a new string (NULL when empty); the accumulator is
 * reset for the next block.  The caller frees the string. */
static char *acc_take(dx_acc *a, size_t *len)
{
	const char *s;
	char *out = NULL;

	*len = a->buf.len;
	s = trim(dx_buf_cstr(&a->buf), len);
	if (*len > 0)
		out = dx_xstrndup(s, *len);
	dx_buf_clear(&a->buf);
	a->pending = DX_WS_NONE;
	return out;
}

/* ---- the article builder ------------------------------------------- */

typedef struct {
	dx_article *art;
	size_t      cap;      /* allocated entries of art->blocks */
	char      **slugs;    /* anchors given so far (Markdown) */
	size_t      nslugs, slugcap;
	char       *h1;       /* text of the first level-1 heading */
} dx_builder;

/* Add a block; takes ownership of text and anchor.  NULL (empty) text is
 * dropped, with its anchor. */
static void add_block(dx_builder *b, dx_block_kind kind, int level,
                      char *text, size_t len, char *anchor)
{
	dx_article *a = b->art;
	dx_block *blk;

	if (!text) {
		free(anchor);
		return;
	}
	if (a->nblocks == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		a->blocks = dx_xrealloc(a->blocks, b->cap * sizeof(dx_block));
	}
	blk = &a->blocks[a->nblocks++];
	blk->kind = kind;
	blk->level = kind == DX_BLOCK_HEADING ? level : 0;
	blk->text = text;
	blk->len = len;
	blk->anchor = anchor;
	if (kind == DX_BLOCK_HEADING && level == 1 && !b->h1)
		b->h1 = dx_xstrdup(text);
}

/* Flush the accumulator as a paragraph (nothing if it holds no text). */
static void flush_para(dx_builder *b, dx_acc *acc)
{
	size_t len;
	char *text = acc_take(acc, &len);

	add_block(b, DX_BLOCK_PARA, 0, text, len, NULL);
}

/* Set the title (unless set) from the first level-1 heading, else "";
 * release the builder's scratch state. */
static void builder_finish(dx_builder *b)
{
	size_t i;

	if (!b->art->title) {
		b->art->title = b->h1 ? b->h1 : dx_xstrdup("");
		b->h1 = NULL;
	}
	free(b->h1);
	for (i = 0; i < b->nslugs; i++)
		free(b->slugs[i]);
	free(b->slugs);
}

/* Characters kept in a slug besides ASCII letters and digits: '-' and
 * '_' (as GitHub does), kana and kanji (with 々 〆 〇 and the long-vowel
 * mark), full-width letters and digits, half-width katakana, and Latin,
 * Greek and Cyrillic letters.  Punctuation and symbols are dropped. */
static int slug_keeps(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		       c == '-' || c == '_';
	return (c >= 0x00C0 && c <= 0x024F && c != 0xD7 && c != 0xF7) ||
	       (c >= 0x0370 && c <= 0x052F) ||
	       (c >= 0x3005 && c <= 0x3007) ||
	       (c >= 0x3041 && c <= 0x309F) ||
	       (c >= 0x30A1 && c <= 0x30FF && c != 0x30FB) ||
	       (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFF10 && c <= 0xFF19) ||
	       (c >= 0xFF41 && c <= 0xFF5A) ||
	       (c >= 0xFF66 && c <= 0xFF9F) ||
	       (c >= 0x20000 && c <= 0x2FA1F);
}

static int slug_used(const dx_builder *b, const char *s)
{
	size_t i;

	for (i = 0; i < b->nslugs; i++)
		if (strcmp(b->slugs[i], s) == 0)
			return 1;
	return 0;
}

/* A GitHub-style anchor for a heading: lowercase, spaces become '-',
 * punctuation is dropped, and a repeat gets "-1", "-2", ... (skipping
 * any that an earlier heading already has).  NULL when nothing is left
 * (a heading of symbols only).  The caller frees the result. */
static char *make_slug(dx_builder *b, const char *text, size_t len)
{
	dx_buf s = DX_BUF_INIT, cand = DX_BUF_INIT;
	size_t i = 0, at;
	int32_t c;
	unsigned long n;
	char *out;

	while (i < len) {
		at = i;
		c = dx_utf8_next(text, len, &i);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c >= 0xFF21 && c <= 0xFF3A)
			c += 0x20;            /* full-width upper to lower */
		if (is_ascii_space(c) || c == 0x3000)
			dx_buf_putc(&s, '-');
		else if (c >= 0 && c < 0x80 && slug_keeps(c))
			dx_buf_putc(&s, (char)c);
		else if (slug_keeps(c)) {
			if (c >= 0xFF41 && c <= 0xFF5A)
				dx_utf8_put(&s, (uint32_t)c);
			else
				dx_buf_put(&s, text + at, i - at);
		}
	}
	if (s.len == 0) {
		dx_buf_free(&s);
		return NULL;
	}
	dx_buf_puts(&cand, s.ptr);
	for (n = 1; slug_used(b, cand.ptr); n++) {
		dx_buf_clear(&cand);
		dx_buf_printf(&cand, "%s-%lu", s.ptr, n);
	}
	dx_buf_free(&s);
	out = dx_buf_detach(&cand);
	if (b->nslugs == b->slugcap) {
		b->slugcap = b->slugcap ? b->slugcap * 2 : 16;
		b->slugs = dx_xrealloc(b->slugs, b->slugcap * sizeof(char *));
	}
	b->slugs[b->nslugs++] = dx_xstrdup(out);
	return out;
}

/* ---- a small tag stripper (HTML inside Markdown) --------------------- */

static int tag_is(const char *name, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(name, *list, n) == 0)
			return 1;
	return 0;
}

/* Elements that end a paragraph when met inside a Markdown HTML block. */
static const char *const md_html_blocks[] = {
	"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td",
	"th", "blockquote", "pre", "section", "article", "h1", "h2", "h3",
	"h4", "h5", "h6", "figure", "figcaption", "details", "summary",
	NULL
};

/* Decode the character reference at s[0..len) (s[0] == '&') into the
 * accumulator; returns the bytes consumed, 0 if it is not one (then '&'
 * is plain text).  Numeric references and the few named ones that
 * hand-written HTML uses. */
static size_t decode_entity(dx_acc *acc, const char *s, size_t len)
{
	static const struct { const char *name; uint32_t cp; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' },
		{ "quot", '"' }, { "apos", '\'' }, { "nbsp", ' ' },
		{ "copy", 0xA9 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
		{ "ndash", 0x2013 }, { NULL, 0 }
	};
	size_t semi, k;
	unsigned long cp = 0;
	dx_buf tmp = DX_BUF_INIT;

	for (semi = 1; semi < len && semi < 12 && s[semi] != ';'; semi++)
		;
	if (semi >= len || s[semi] != ';' || semi < 2)
		return 0;
	if (s[1] == '#') {
		int hex = semi > 2 && (s[2] == 'x' || s[2] == 'X');
		for (k = hex ? 3 : 2; k < semi; k++) {
			char d = s[k];
			int v = d >= '0' && d <= '9' ? d - '0' :
			        hex && d >= 'a' && d <= 'f' ? d - 'a' + 10 :
			        hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
			if (v < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (unsigned long)v;
			if (cp > 0x10FFFF)
				return 0;
		}
		if (k == (hex ? 3u : 2u))
			return 0;
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
	} else {
		for (k = 0; named[k].name; k++)
			if (strlen(named[k].name) == semi - 1 &&
			    strncmp(s + 1, named[k].name, semi - 1) == 0)
				break;
		if (!named[k].name)
			return 0;
		cp = named[k].cp;
	}
	dx_utf8_put(&tmp, (uint32_t)cp);
	acc_text(acc, tmp.ptr, tmp.len, 0);
	dx_buf_free(&tmp);
	return semi + 1;
}

static int is_alnum_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Past the raw text of a <script> or <style> (the tag name is
 * s[name..name+n)) that starts at s[i]: just after its close tag, or
 * the end of the fragment. */
static size_t skip_raw_text(const char *s, size_t len, size_t i,
                            const char *name, size_t n)
{
	const char *end;

	for (; i + 2 + n <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0) {
			end = memchr(s + i, '>', len - i);
			return end ? (size_t)(end - s) + 1 : len;
		}
	return len;
}

/* Append the text of an HTML fragment (a Markdown HTML block): comments
 * and tags are dropped, <script>/<style> with their content, <br> is a
 * line break, block-level tags end the paragraph, character references
 * are decoded.  A '>' inside an attribute value ends the tag early: good
 * enough for the HTML that people put in Markdown. */
static void strip_html(dx_builder *b, dx_acc *acc, const char *s,
                       size_t len)
{
	static const char *const raw[] = { "script", "style", NULL };
	size_t i = 0, start = 0, n, name;
	const char *end;

	while (i < len) {
		if (s[i] == '&') {
			acc_text(acc, s + start, i - start, 0);
			n = decode_entity(acc, s + i, len - i);
			if (n == 0)
				acc_text(acc, "&", 1, 0);
			i += n ? n : 1;
			start = i;
			continue;
		}
		/* a tag starts with <x, </, <! or <?; else '<' is text */
		if (s[i] != '<' || i + 1 >= len ||
		    !(is_alnum_byte(s[i + 1]) || s[i + 1] == '/' ||
		      s[i + 1] == '!' || s[i + 1] == '?')) {
			i++;
			continue;
		}
		acc_text(acc, s + start, i - start, 0);
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			end = find_bytes(s + i + 4, len - i - 4, "-->", 3);
			i = end ? (size_t)(end - s) + 3 : len;
			start = i;
			continue;
		}
		name = i + 1 + (s[i + 1] == '/');
		for (n = 0; name + n < len && is_alnum_byte(s[name + n]); n++)
			;
		end = memchr(s + i, '>', len - i);
		i = end ? (size_t)(end - s) + 1 : len;
		if (n == 2 && strncasecmp(s + name, "br", 2) == 0)
			acc_hard(acc);
		else if (tag_is(s + name, n, md_html_blocks))
			flush_para(b, acc);
		else if (s[name - 1] != '/' && tag_is(s + name, n, raw))
			i = skip_raw_text(s, len, i, s + name, n);
		start = i;
	}
	acc_text(acc, s + start, i - start, 0);
}

/* ---- Markdown ------------------------------------------------------ */

/* A front matter value without surrounding spaces and quotes; NULL when
 * empty.  The caller frees it. */
static char *fm_value(const char *s, size_t len)
{
	s = trim(s, &len);
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
		s++;
		len -= 2;
		s = trim(s, &len);
	}
	return len ? dx_xstrndup(s, len) : NULL;
}

static void add_tag(dx_article *a, const char *s, size_t len)
{
	char *v = fm_value(s, len);

	if (!v)
		return;
	a->tags = dx_xrealloc(a->tags, (a->ntags + 1) * sizeof(char *));
	a->tags[a->ntags++] = v;
}

/* tags: [a, "b c"] or tags: a, b -- a comma-separated list. */
static void add_tag_list(dx_article *a, const char *s, size_t len)
{
	size_t i, start;

	s = trim(s, &len);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	for (i = start = 0; i <= len; i++)
		if (i == len || s[i] == ',') {
			add_tag(a, s + start, i - start);
			start = i + 1;
		}
}

static void set_field(char **field, char *value)
{
	free(*field);
	*field = value;
}

/* Parse YAML-ish front matter at the very start of s: a "---" line, then
 * `key: value` lines up to a closing "---" (or "...") line.  Known keys:
 * title, date, url, description, tags (inline list, or "- item" lines
 * that follow `tags:`).  Anything else, and nested YAML, is ignored.
 * Returns the bytes the front matter takes (0 if there is none). */
static size_t parse_front_matter(dx_article *a, const char *s, size_t len)
{
	size_t i, eol, next, klen;
	const char *line, *colon;
	int in_tags = 0;

	if (len < 3 || memcmp(s, "---", 3) != 0)
		return 0;
	for (i = 3; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i < len && s[i] == '\r')
		i++;
	if (i >= len || s[i] != '\n')
		return 0;
	/* Find the closing line first: without one there is no front
	 * matter, and "---" is a thematic break for cmark. */
	for (next = i + 1; next < len; next = eol + 1) {
		const char *e = memchr(s + next, '\n', len - next);
		size_t n;

		eol = e ? (size_t)(e - s) : len;
		line = s + next;
		n = eol - next;
		line = trim(line, &n);
		if (line == s + next && n == 3 &&
		    (!memcmp(line, "---", 3) || !memcmp(line, "...", 3)))
			break;
	}
	if (next >= len)
		return 0;
	for (i = i + 1; i < next; i = eol + 1) {
		const char *e = memchr(s + i, '\n', next - i);
		size_t n;

		eol = e ? (size_t)(e - s) : next;
		line = s + i;
		n = eol - i;
		if (n && line[n - 1] == '\r')
			n--;
		if (in_tags && n > 0 && (line[0] == ' ' || line[0] == '\t' ||
		                         line[0] == '-')) {
			const char *t = trim(line, &n);
			if (n > 0 && t[0] == '-') {
				add_tag(a, t + 1, n - 1);
				continue;
			}
		}
		in_tags = 0;
		if (n == 0 || line[0] == '#' || line[0] == ' ')
			continue;
		colon = memchr(line, ':', n);
		if (!colon)
			continue;
		klen = (size_t)(colon - line);
		line = trim(line, &klen);
		n -= (size_t)(colon + 1 - (s + i));
		colon++;
#define KEY(k) (klen == sizeof(k) - 1 && strncasecmp(line, k, klen) == 0)
		if (KEY("title"))
			set_field(&a->title, fm_value(colon, n));
		else if (KEY("date"))
			set_field(&a->date, fm_value(colon, n));
		else if (KEY("url"))
			set_field(&a->url, fm_value(colon, n));
		else if (KEY("description"))
			set_field(&a->description, fm_value(colon, n));
		else if (KEY("tags")) {
			size_t vlen = n;
			trim(colon, &vlen);
			if (vlen == 0)
				in_tags = 1;
			else
				add_tag_list(a, colon, n);
		}
#undef KEY
	}
	eol = next;
	while (eol < len && s[eol] != '\n')
		eol++;
	return eol < len ? eol + 1 : len;
}

/* Append the inline content of a cmark node: text, code and the text of
 * links and emphasis.  Link and image URLs are not text; neither is an
 * image's alt text (the picture is not part of the article's words),
 * nor inline HTML (only <br> counts, as a line break). */
static void md_inlines(dx_acc *acc, cmark_node *node)
{
	cmark_node *c;
	const char *lit;

	for (c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(c);
			if (lit)
				acc_text(acc, lit, strlen(lit), 0);
			break;
		case CMARK_NODE_SOFTBREAK:
			acc_soft(acc);
			break;
		case CMARK_NODE_LINEBREAK:
			acc_hard(acc);
			break;
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(c);
			if (lit && strncasecmp(lit, "<br", 3) == 0 &&
			    (lit[3] == '>' || lit[3] == '/' || lit[3] == ' '))
				acc_hard(acc);
			break;
		case CMARK_NODE_IMAGE:
			break;
		default:
			md_inlines(acc, c);
			break;
		}
	}
}

/* Walk the block tree: headings and paragraph-like leaves become blocks,
 * containers (lists, items, quotes) are descended into. */
static void md_blocks(dx_builder *b, dx_acc *acc, cmark_node *node)
{
	cmark_node *c;
	const char *lit;
	char *text;
	size_t len;

	for (c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING:
			md_inlines(acc, c);
			text = acc_take(acc, &len);
			add_block(b, DX_BLOCK_HEADING,
			          cmark_node_get_heading_level(c), text, len,
			          text ? make_slug(b, text, len) : NULL);
			break;
		case CMARK_NODE_PARAGRAPH:
			md_inlines(acc, c);
			flush_para(b, acc);
			break;
		case CMARK_NODE_CODE_BLOCK:
			lit = cmark_node_get_literal(c);
			if (lit)
				acc_text(acc, lit, strlen(lit), 1);
			flush_para(b, acc);
			break;
		case CMARK_NODE_HTML_BLOCK:
			lit = cmark_node_get_literal(c);
			if (lit)
				strip_html(b, acc, lit, strlen(lit));
			flush_para(b, acc);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			break;
		default:
			md_blocks(b, acc, c);
			break;
		}
	}
}

static int extract_markdown(dx_builder *b, const char *text, size_t len)
{
	dx_acc acc = { DX_BUF_INIT, DX_WS_NONE };
	cmark_node *doc;
	size_t skip = 0;

	/* A byte order mark would hide the front matter's "---". */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	skip += parse_front_matter(b->art, text + skip, len - skip);
	doc = cmark_parse_document(text + skip, len - skip, CMARK_OPT_DEFAULT);
	if (!doc)
		return dx_error_set(DX_ENOMEM, "[extract] cmark parse failed");
	md_blocks(b, &acc, doc);
	cmark_node_free(doc);
	dx_buf_free(&acc.buf);
	return DX_OK;
}

/* ---- HTML ---------------------------------------------------------- */

/* libxml2's HTML parser gives element names in lower case. */
static int el_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       n->name[0] == (unsigned char)name[0] &&
	       strcmp((const char *)n->name, name) == 0;
}

static int el_in(const xmlNode *n, const char *const *list)
{
	for (; *list; list++)
		if (el_is(n, *list))
			return 1;
	return 0;
}

/* Elements whose content is never article text.  Besides the page
 * chrome (nav, header, footer, aside) and non-text content, this skips
 * ruby readings (<rt>, <rp>): 漢字<rt>かんじ</rt> reads 漢字. */
static const char *const html_skip[] = {
	"script", "style", "nav", "header", "footer", "aside", "noscript",
	"template", "svg", "math", "iframe", "object", "embed", "canvas",
	"audio", "video", "button", "select", "textarea", "rt", "rp",
	"head", "title", NULL
};

/* Elements that start and end a paragraph of their own. */
static const char *const html_block[] = {
	"p", "li", "dd", "dt", "td", "th", "blockquote", "pre", "div",
	"section", "article", "main", "body", "ul", "ol", "dl", "table",
	"thead", "tbody", "tfoot", "tr", "caption", "figure", "figcaption",
	"address", "details", "summary", "form", "fieldset", "legend", "hr",
	"center", "dialog", "menu", "hgroup", "header", "footer", NULL
};

typedef struct {
	dx_builder *b;
	dx_acc      acc;
	int         pre;       /* inside <pre>: keep whitespace */
	int         sect;      /* inside <article> or <main> */
	int         heading;   /* collecting a heading: no paragraph breaks */
} dx_html;

/* Whether a subtree is left out.  A <header> inside <article> or <main>
 * is the article's own header (it often holds the <h1>), so only a
 * page-level <header> is skipped, as HTML itself scopes them. */
static int html_skipped(const dx_html *h, const xmlNode *n)
{
	if (xmlHasProp((xmlNode *)n, BAD_CAST "data-dxsearch-ignore"))
		return 1;
	if (el_is(n, "header") && h && h->sect > 0)
		return 0;
	return el_in(n, html_skip);
}

static char *html_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp((xmlNode *)n, BAD_CAST name);
	char *out = NULL;
	size_t len;
	const char *s;

	if (!v)
		return NULL;
	len = strlen((const char *)v);
	s = trim((const char *)v, &len);
	if (len > 0)
		out = dx_xstrndup(s, len);
	xmlFree(v);
	return out;
}

/* The node after n in document order, staying under root; n's children
 * are skipped unless `into`.  Walking with parent pointers instead of
 * recursion keeps deep trees (thousands of unclosed <font>) off the C
 * stack. */
static const xmlNode *html_next(const xmlNode *n, const xmlNode *root,
                                int into)
{
	if (into && n->children)
		return n->children;
	while (n != root && !n->next)
		n = n->parent;
	return n == root ? NULL : n->next;
}

static int is_heading(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->name[0] == 'h' &&
	       n->name[1] >= '1' && n->name[1] <= '6' && n->name[2] == '\0';
}

/* Entering a node: text goes to the accumulator; a block element
 * flushes it, so text directly inside a <div> around other blocks
 * becomes paragraphs of its own.  Returns 1 if the walk goes into the
 * node (and will call html_leave() for it), 0 to pass over it. */
static int html_enter(dx_html *h, const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			acc_text(&h->acc, (const char *)n->content,
			         strlen((const char *)n->content), h->pre > 0);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || html_skipped(h, n))
		return 0;
	if (el_is(n, "br")) {
		acc_hard(&h->acc);
		return 0;
	}
	if (is_heading(n)) {
		/* a heading inside a heading makes one heading */
		if (h->heading++ == 0)
			flush_para(h->b, &h->acc);
		return 1;
	}
	if (!h->heading && el_in(n, html_block))
		flush_para(h->b, &h->acc);
	h->pre += el_is(n, "pre");
	h->sect += el_is(n, "article") || el_is(n, "main");
	return 1;
}

/* Leaving an element that html_enter() went into. */
static void html_leave(dx_html *h, const xmlNode *n)
{
	char *text;
	size_t len;

	if (is_heading(n)) {
		if (--h->heading > 0)
			return;
		text = acc_take(&h->acc, &len);
		add_block(h->b, DX_BLOCK_HEADING, n->name[1] - '0', text, len,
		          text ? html_attr(n, "id") : NULL);
		return;
	}
	h->pre -= el_is(n, "pre");
	h->sect -= el_is(n, "article") || el_is(n, "main");
	if (!h->heading && el_in(n, html_block))
		flush_para(h->b, &h->acc);
}

/* Walk everything under root (iteratively; see html_next()). */
static void html_walk(dx_html *h, const xmlNode *root)
{
	const xmlNode *n = root->children;

	while (n) {
		if (html_enter(h, n)) {
			if (n->children) {
				n = n->children;
				continue;
			}
			html_leave(h, n);
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (n != root)
				html_leave(h, n);
		}
		n = n == root ? NULL : n->next;
	}
}

/* The first element called `name` in document order, not looking inside
 * skipped subtrees (nor inside <body> when `head_only`). */
static const xmlNode *html_find(const xmlNode *root, const char *name,
                                int head_only)
{
	const xmlNode *n = root->children;
	int into;

	while (n) {
		if (el_is(n, name))
			return n;
		into = n->type == XML_ELEMENT_NODE &&
		       !(head_only && el_is(n, "body")) && !el_is(n, "svg") &&
		       !el_is(n, "script") && !el_is(n, "template") &&
		       !xmlHasProp((xmlNode *)n,
		                   BAD_CAST "data-dxsearch-ignore");
		n = html_next(n, root, into);
	}
	return NULL;
}

/* The text of an element or attribute value, collapsed and trimmed. */
static char *html_flat(const char *s)
{
	dx_acc acc = { DX_BUF_INIT, DX_WS_NONE };
	size_t len;
	char *out;

	if (!s)
		return NULL;
	acc_text(&acc, s, strlen(s), 0);
	out = acc_take(&acc, &len);
	dx_buf_free(&acc.buf);
	return out;
}

/* <meta name="description"> (or property="og:description") content,
 * looked for outside <body>. */
static char *html_description(const xmlNode *root)
{
	const xmlNode *n = root->children;
	char *v, *out = NULL;
	xmlChar *content;

	while (n && !out) {
		if (el_is(n, "meta")) {
			v = html_attr(n, "name");
			if (!v)
				v = html_attr(n, "property");
			if (v && (strcasecmp(v, "description") == 0 ||
			          strcasecmp(v, "og:description") == 0)) {
				content = xmlGetProp((xmlNode *)n,
				                     BAD_CAST "content");
				out = html_flat((const char *)content);
				xmlFree(content);
			}
			free(v);
		}
		n = html_next(n, root, n->type == XML_ELEMENT_NODE &&
		              !el_is(n, "body"));
	}
	return out;
}

/* A keywords list: tags separated by ',', '、' or '，'. */
static void add_keyword_list(dx_article *a, const char *s)
{
	size_t len = strlen(s), i, start = 0, sep;

	for (i = 0; i <= len; i += sep ? sep : 1) {
		sep = i == len || s[i] == ',' ? 1 :
		      i + 3 <= len && (!memcmp(s + i, "、", 3) ||
		                       !memcmp(s + i, "，", 3)) ? 3 : 0;
		if (sep) {
			add_tag(a, s + start, i - start);
			start = i + sep;
		}
	}
}

/* Where a <time> is not the article's date. */
static const char *const html_chrome[] = {
	"nav", "aside", "footer", "script", "style", "template", "noscript",
	NULL
};

/* Date and tags from <meta> outside <body>: the date of
 * article:published_time, date, dcterms.date, dc.date, dcterms.issued
 * or dc.date.issued (the first that parses), the tags of keywords and
 * article:tag.  Without a date there, the first <time> of the content
 * `el` (not in its nav, aside or footer) gives it: its datetime
 * attribute, else its text. */
static void html_facets(dx_article *a, const xmlNode *root,
                        const xmlNode *el)
{
	static const char *const date_names[] = {
		"article:published_time", "date", "dcterms.date", "dc.date",
		"dcterms.issued", "dc.date.issued", NULL
	};
	const xmlNode *n = root->children;
	char *v, *content, d[9];
	size_t k;

	for (; n; n = html_next(n, root, n->type == XML_ELEMENT_NODE &&
	                        !el_is(n, "body"))) {
		if (!el_is(n, "meta"))
			continue;
		if (!(v = html_attr(n, "name")))
			v = html_attr(n, "property");
		content = v ? html_attr(n, "content") : NULL;
		for (k = 0; content && !a->date && date_names[k]; k++)
			if (strcasecmp(v, date_names[k]) == 0 &&
			    dx_date_parse(content, strlen(content), d))
				a->date = dx_xstrdup(content);
		if (content && strcasecmp(v, "keywords") == 0)
			add_keyword_list(a, content);
		else if (content && strcasecmp(v, "article:tag") == 0)
			add_tag(a, content, strlen(content));
		free(content);
		free(v);
	}
	for (n = el->children; n && !a->date && !el_is(n, "time");
	     n = html_next(n, el, n->type == XML_ELEMENT_NODE &&
	                   !el_in(n, html_chrome)))
		;
	if (!a->date && n) {
		if (!(v = html_attr(n, "datetime"))) {
			xmlChar *t = xmlNodeGetContent(n);
			v = html_flat((const char *)t);
			xmlFree(t);
		}
		if (v && dx_date_parse(v, strlen(v), d))
			a->date = v;
		else
			free(v);
	}
}

/* libxml2 reports parse errors through a global handler unless told not
 * to; the NOERROR/NOWARNING flags cover the parser, this covers the rest
 * (encoding and I/O messages). */
static void html_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int extract_html(dx_builder *b, const char *text, size_t len)
{
	dx_html h;
	htmlDocPtr doc;
	const xmlNode *root, *el;
	xmlChar *t;

	memset(&h, 0, sizeof(h));
	h.b = b;
	xmlSetGenericErrorFunc(NULL, html_silent);
	if (len > (size_t)INT32_MAX)
		return dx_error_set(DX_EINVAL, "[extract] HTML too large");
	/* XML_PARSE_HUGE: without it libxml2 stops at nesting depth 256
	 * and drops the rest of the page, which old pages full of unclosed
	 * <font> tags reach.  The walks here are iterative, so depth costs
	 * no stack; the input size is capped by the caller. */
	doc = htmlReadMemory(text, (int)len, NULL, "UTF-8",
	                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	                     HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                     XML_PARSE_HUGE);
	if (!doc || !(root = xmlDocGetRootElement(doc))) {
		/* nothing parseable (empty input): an empty article */
		if (doc)
			xmlFreeDoc(doc);
		return DX_OK;
	}
	if ((el = html_find((const xmlNode *)doc, "title", 1)) != NULL) {
		t = xmlNodeGetContent(el);
		b->art->title = html_flat((const char *)t);
		xmlFree(t);
	}
	b->art->description = html_description((const xmlNode *)doc);
	if ((el = html_find(root, "main", 0)) == NULL &&
	    (el = html_find(root, "article", 0)) == NULL &&
	    (el = html_find(root, "body", 0)) == NULL)
		el = root;
	html_facets(b->art, (const xmlNode *)doc, el);
	h.sect = el_is(el, "main") || el_is(el, "article");
	html_walk(&h, el);
	flush_para(b, &h.acc);
	dx_buf_free(&h.acc.buf);
	xmlFreeDoc(doc);
	return DX_OK;
}

/* ---- plain text ---------------------------------------------------- */

/* What a line of plain text starts with. */
enum {
	DX_LINE_PLAIN = 0,
	DX_LINE_MARK,     /* ■ □ ◆ ◇ ● ○ ◎ ★ ☆ ▼ ▽ ▲ △ ▶ ▷ */
	DX_LINE_BRACKET,  /* 【...】 */
	DX_LINE_CHAPTER,  /* 第1章, 第二節, 第3部 ... */
	DX_LINE_NUMBER,   /* 1. 1.2 １． (1) （１） ① */
	DX_LINE_BULLET    /* ・ - * ※: list items, never headings */
};

typedef struct {
	const char *s;    /* the line, trimmed */
	size_t      len;
	int         kind; /* DX_LINE_* */
	size_t      skip; /* bytes of marker to drop from a heading */
} dx_line;

static int is_digit_cp(int32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static int is_kanji_digit(int32_t c)
{
	static const int32_t k[] = { 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
		0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0 };
	size_t i;

	for (i = 0; k[i]; i++)
		if (c == k[i])
			return 1;
	return 0;
}

static void classify(dx_line *l)
{
	static const int32_t marks[] = { 0x25A0, 0x25A1, 0x25C6, 0x25C7,
		0x25CF, 0x25CB, 0x25CE, 0x2605, 0x2606, 0x25BC, 0x25BD, 0x25B2,
		0x25B3, 0x25B6, 0x25B7, 0 };
	size_t i = 0, k, j;
	int32_t c, d;
	int sep;

	l->kind = DX_LINE_PLAIN;
	l->skip = 0;
	if (l->len == 0)
		return;
	c = dx_utf8_next(l->s, l->len, &i);
	for (k = 0; marks[k]; k++)
		if (c == marks[k]) {
			l->kind = DX_LINE_MARK;
			l->skip = i;
			return;
		}
	if (c == 0x3010) {                                 /* 【 */
		l->kind = DX_LINE_BRACKET;
		return;
	}
	if (c == 0x30FB || c == 0x203B || c == 0xFF65 ||   /* ・ ※ ･ */
	    ((c == '-' || c == '*' || c == '+') && i < l->len &&
	     l->s[i] == ' ')) {
		l->kind = DX_LINE_BULLET;
		return;
	}
	if (c >= 0x2460 && c <= 0x2473) {                  /* ① - ⑳ */
		l->kind = DX_LINE_NUMBER;
		return;
	}
	if (c == 0x7B2C) {                                 /* 第 */
		j = i;
		for (k = 0; j < l->len; k++) {
			size_t at = j;
			d = dx_utf8_next(l->s, l->len, &j);
			if (!is_digit_cp(d) && !is_kanji_digit(d)) {
				j = at;
				break;
			}
		}
		if (k > 0 && j < l->len) {
			d = dx_utf8_next(l->s, l->len, &j);
			/* 章 節 部 編 条 項 回 */
			if (d == 0x7AE0 || d == 0x7BC0 || d == 0x90E8 ||
			    d == 0x7DE8 || d == 0x6761 || d == 0x9805 ||
			    d == 0x56DE)
				l->kind = DX_LINE_CHAPTER;
		}
		return;
	}
	if (c == '(' || c == 0xFF08) {                     /* (1) （１） */
		j = i;
		for (k = 0; j < l->len; k++) {
			size_t at = j;
			d = dx_utf8_next(l->s, l->len, &j);
			if (!is_digit_cp(d)) {
				j = at;
				break;
			}
		}
		if (k > 0 && k < 4 && j < l->len) {
			d = dx_utf8_next(l->s, l->len, &j);
			if (d == ')' || d == 0xFF09)
				l->kind = DX_LINE_NUMBER;
		}
		return;
	}
	if (!is_digit_cp(c))
		return;
	/* 1. / 1.2 / １．/ 1、 / "1 " : digits, maybe dot-separated, then
	 * a separator (dot, 、) or a space, then text.  "2024年" has no
	 * separator, a bare "2024" no text: neither is numbered. */
	j = i;
	sep = 0;
	while (j < l->len) {
		size_t at = j, after;

		d = dx_utf8_next(l->s, l->len, &j);
		if (is_digit_cp(d))
			continue;
		if (d == '.' || d == 0xFF0E) {
			after = j;
			if (after < l->len &&
			    is_digit_cp(dx_utf8_next(l->s, l->len, &after)))
				continue;       /* 1.2 */
			sep = 1;
		} else if (d == 0x3001) {
			sep = 1;
		} else {
			j = at;
		}
		break;
	}
	while (j < l->len) {
		size_t at = j;

		if (!is_trim_space(dx_utf8_next(l->s, l->len, &j))) {
			j = at;
			break;
		}
		sep = 1;
	}
	if (sep && j < l->len)
		l->kind = DX_LINE_NUMBER;
}

/* Heading text is short and ends no sentence (nor leads into a list). */
static int heading_shape(const dx_line *l)
{
	int32_t c;

	if (l->len == 0 || dx_utf8_count(l->s, l->len) >= 40)
		return 0;
	c = last_cp(l->s, l->len);
	return !(c == 0x3002 || c == 0xFF0E || c == '.' || c == 0xFF01 ||
	         c == 0xFF1F || c == '!' || c == '?' || c == 0x3001 ||
	         c == 0xFF0C || c == ',' || c == ':' || c == 0xFF1A);
}

/* A marked line is a heading unless a neighbour in its group has the same
 * kind of mark: then they are a list ("○ 申請書" "○ 印鑑"). */
static int marked_heading(const dx_line *g, size_t n, size_t i)
{
	int k = g[i].kind;

	if (k != DX_LINE_MARK && k != DX_LINE_BRACKET &&
	    k != DX_LINE_CHAPTER && k != DX_LINE_NUMBER)
		return 0;
	if (!heading_shape(&g[i]))
		return 0;
	if (k == DX_LINE_MARK || k == DX_LINE_NUMBER) {
		if (i > 0 && (g[i - 1].kind == k ||
		              g[i - 1].kind == DX_LINE_BULLET))
			return 0;
		if (i + 1 < n && (g[i + 1].kind == k ||
		                  g[i + 1].kind == DX_LINE_BULLET))
			return 0;
	}
	return 1;
}

static void text_heading(dx_builder *b, const dx_line *l)
{
	const char *s = l->s + l->skip;
	size_t len = l->len - l->skip;
	int level = l->kind == DX_LINE_PLAIN || l->kind == DX_LINE_NUMBER ?
	            3 : 2;

	/* "◆ 経緯 ◆": the closing mark goes too */
	if (l->kind == DX_LINE_MARK && len > l->skip &&
	    memcmp(s + len - l->skip, l->s, l->skip) == 0)
		len -= l->skip;
	/* a whole-line 【お知らせ】 names the section お知らせ */
	if (l->kind == DX_LINE_BRACKET && len > 6 &&
	    memcmp(s + len - 3, "\xE3\x80\x91", 3) == 0 &&
	    !find_bytes(s + 3, len - 6, "\xE3\x80\x91", 3)) {
		s += 3;
		len -= 6;
	}
	s = trim(s, &len);
	if (len > 0)
		add_block(b, DX_BLOCK_HEADING, level, dx_xstrndup(s, len), len,
		          NULL);
}

/* One group of non-blank lines: marked headings split it, the rest are
 * joined into paragraphs (list-like lines keep their line break). */
static void text_group(dx_builder *b, dx_acc *acc, const dx_line *g,
                       size_t n, int single_heading)
{
	size_t i;

	if (single_heading) {
		text_heading(b, &g[0]);
		return;
	}
	for (i = 0; i < n; i++) {
		if (marked_heading(g, n, i)) {
			flush_para(b, acc);
			text_heading(b, &g[i]);
			continue;
		}
		if (acc->buf.len > 0) {
			if (g[i].kind == DX_LINE_BULLET ||
			    g[i].kind == DX_LINE_NUMBER ||
			    g[i].kind == DX_LINE_MARK)
				acc_hard(acc);
			else
				acc_soft(acc);
		}
		acc_text(acc, g[i].s, g[i].len, 0);
	}
	flush_para(b, acc);
}

/* Plain text: the first non-empty line is the title; blank lines
 * separate paragraphs; lines within one are joined.  Headings:
 *  - a line starting with ■ ● ◆ ... (marker dropped), 【...】, 第N章, or
 *    a number ("1. ", "1.2 ", "（1）", "①") -- when short (< 40
 *    characters), not ending a sentence, and not one of a list of lines
 *    with the same marker;
 *  - a short line standing alone between blank lines, when more text
 *    follows (the last line of a file is more likely a signature) and
 *    it is not right under the title (a date or a byline). */
static int extract_text(dx_builder *b, const char *text, size_t len)
{
	dx_acc acc = { DX_BUF_INIT, DX_WS_NONE };
	dx_line *g = NULL;
	size_t n = 0, cap = 0, i = 0, eol;
	int have_title = 0, plain_alone, title_group = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i <= len; i = eol + 1) {
		const char *e = i < len ?
		                memchr(text + i, '\n', len - i) : NULL;
		dx_line l;

		eol = e ? (size_t)(e - text) : len;
		l.len = eol - i;
		l.s = trim(text + i, &l.len);
		if (l.len > 0 && !have_title) {
			b->art->title = dx_xstrndup(l.s, l.len);
			have_title = 1;
			title_group = 1;
			continue;
		}
		if (l.len > 0) {
			classify(&l);
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				g = dx_xrealloc(g, cap * sizeof(*g));
			}
			g[n++] = l;
			if (eol < len)
				continue;
		}
		if (n == 0) {
			title_group = 0;
			continue;
		}
		/* The group ended; is more text to come?  Lines right under
		 * the title (a date, a byline) are never plain headings. */
		plain_alone = 0;
		if (n == 1 && !title_group && g[0].kind == DX_LINE_PLAIN &&
		    heading_shape(&g[0])) {
			size_t k;
			for (k = eol; k < len; k++)
				if (!is_ascii_space((unsigned char)text[k]))
					break;
			plain_alone = k < len;
		}
		text_group(b, &acc, g, n, plain_alone);
		n = 0;
		title_group = 0;
	}
	free(g);
	dx_buf_free(&acc.buf);
	return DX_OK;
}

/* ---- public -------------------------------------------------------- */

dx_format dx_format_from_name(const char *name)
{
	if (!name)
		return DX_FMT_UNKNOWN;
	if (!strcasecmp(name, "md") || !strcasecmp(name, "markdown"))
		return DX_FMT_MARKDOWN;
	if (!strcasecmp(name, "html") || !strcasecmp(name, "htm"))
		return DX_FMT_HTML;
	if (!strcasecmp(name, "txt") || !strcasecmp(name, "text"))
		return DX_FMT_TEXT;
	return DX_FMT_UNKNOWN;
}

dx_format dx_format_from_path(const char *path)
{
	const char *dot, *slash;

	if (!path)
		return DX_FMT_UNKNOWN;
	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash) || dot == path ||
	    (slash && dot == slash + 1))
		return DX_FMT_UNKNOWN;   /* no extension, or ".md" alone */
	return dx_format_from_name(dot + 1);
}

int dx_extract(dx_article *out, dx_format fmt, const char *text, size_t len)
{
	dx_builder b;
	int error;

	memset(out, 0, sizeof(*out));
	memset(&b, 0, sizeof(b));
	b.art = out;
	if (!text)
		len = 0;
	if (!text)
		text = "";
	switch (fmt) {
	case DX_FMT_MARKDOWN:
		error = extract_markdown(&b, text, len);
		break;
	case DX_FMT_HTML:
		error = extract_html(&b, text, len);
		break;
	case DX_FMT_TEXT:
		error = extract_text(&b, text, len);
		break;
	default:
		error = dx_error_set(DX_EINVAL, "[extract] unknown format %d",
		                     (int)fmt);
		break;
	}
	builder_finish(&b);
	if (error < 0)
		dx_article_free(out);
	return error;
}

void dx_article_free(dx_article *a)
{
	size_t i;

	if (!a)
		return;
	free(a->title);
	free(a->url);
	free(a->date);
	free(a->description);
	for (i = 0; i < a->ntags; i++)
		free(a->tags[i]);
	free(a->tags);
	for (i = 0; i < a->nblocks; i++) {
		free(a->blocks[i].text);
		free(a->blocks[i].anchor);
	}
	free(a->blocks);
	memset(a, 0, sizeof(*a));
}
