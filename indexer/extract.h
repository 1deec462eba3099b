/*
 * extract.h -- from a file's text to an article: title, metadata and a
 * list of blocks (headings and paragraphs) as plain text.
 *
 * Markdown goes through cmark (CommonMark), HTML through libxml2's HTML
 * parser, plain text through a small splitter.  Input is valid UTF-8.
 *
 * Ownership: dx_extract() fills a caller-provided dx_article whose strings
 * and arrays it owns; release them with dx_article_free().
 */
#ifndef DX_EXTRACT_H
#define DX_EXTRACT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	DX_FMT_UNKNOWN = 0,
	DX_FMT_TEXT,       /* .txt */
	DX_FMT_MARKDOWN,   /* .md .markdown */
	DX_FMT_HTML        /* .html .htm */
} dx_format;

typedef enum { DX_BLOCK_HEADING = 1, DX_BLOCK_PARA } dx_block_kind;

typedef struct {
	dx_block_kind kind;
	int           level;   /* heading level 1-6; 0 for paragraphs */
	char         *text;    /* plain text, NUL-terminated; no markup;
	                        * trimmed, never empty; "\n" only for a
	                        * hard line break (<br>, code) */
	size_t        len;
	char         *anchor;  /* headings: the HTML id attribute, or for
	                        * Markdown a GitHub-style slug ("-1", "-2"
	                        * for repeats); NULL otherwise */
} dx_block;

typedef struct {
	char     *title;        /* "" when none found; never NULL on success */
	char     *url;          /* front matter url, or NULL */
	char     *date;         /* front matter date, HTML <meta> or <time>
	                         * date (as written), or NULL */
	char     *description;  /* meta description / front matter, or NULL */
	char    **tags;         /* front matter tags; HTML keywords and
	                         * article:tag <meta> */
	size_t    ntags;
	dx_block *blocks;
	size_t    nblocks;
} dx_article;

/* The format for a file name, by extension (case-insensitive). */
dx_format dx_format_from_path(const char *path);
/* "md", "markdown", "html", "htm", "txt", "text" -> format. */
dx_format dx_format_from_name(const char *name);

/* Extract an article from `text` (valid UTF-8, len bytes).
 *
 * The title comes from front matter or the first level-1 heading
 * (Markdown; the heading stays a block too), <title> or the first <h1>
 * of the content (HTML), the first non-empty line (text; it is not
 * repeated as a paragraph).  Paragraph text keeps no markup; line breaks
 * inside a paragraph are joined with nothing between two Japanese
 * characters or next to full-width punctuation, else with a space.
 *
 * Markdown: front matter (title, date, url, description, tags) between
 * "---" lines at the very start; link and image targets and image alt
 * text are not text.  HTML: the content is <main>, else the first
 * <article>, else <body>; script, style, nav, aside, footer, noscript,
 * template, ruby readings (<rt>) and elements with data-dxsearch-ignore
 * are skipped, and <header> too unless inside <article>/<main>; the date
 * comes from <meta> (article:published_time, date, dcterms.date, ...)
 * or else the content's first <time>, tags from <meta name="keywords">
 * and article:tag.  Plain text has no date: a file's modification time
 * is not when the article was published.  Text:
 * headings are short lines marked with ■ ● 【】 第N章 1. (1) ①, or a
 * short line standing alone between blank lines.
 *
 * Returns DX_OK (broken HTML is recovered, never an error), or DX_EINVAL
 * for an unknown format.  On error *out is left empty; either way it can
 * be passed to dx_article_free(). */
int  dx_extract(dx_article *out, dx_format fmt, const char *text,
                size_t len);
/* Free what dx_extract() put in *a and zero it; NULL is a no-op. */
void dx_article_free(dx_article *a);

#ifdef __cplusplus
}
#endif

#endif
