/* explain.c -- the --explain recorder; see explain.h. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "schema.h"

/* JSON is built as nested arrays whose closing brackets are owed; the
 * state says which arrays are open. */
struct dx_explain {
	dx_buf json, text;
	dx_buf items, queries, hits;   /* JSON fragments */
	dx_buf filters;
	dx_buf signals;                /* the current hit's, JSON */
	int    in_item, ntok, ngroup, nitem, nhit, nterm, in_hit, nfilter;
	int    done;
};

static const char *pos_name(dx_pos_class c)
{
	switch (c) {
	case DX_POS_NOUN:     return "noun";
	case DX_POS_PREFIX:   return "prefix";
	case DX_POS_SUFFIX:   return "suffix";
	case DX_POS_VERB:     return "verb";
	case DX_POS_ADJ:      return "adjective";
	case DX_POS_PARTICLE: return "particle";
	case DX_POS_AUX:      return "auxiliary";
	default:              return "other";
	}
}

dx_explain *dx_explain_new(const char *normalized, size_t len)
{
	dx_explain *ex = dx_xcalloc(1, sizeof(*ex));

	dx_buf_puts(&ex->json, "{\"normalized\":");
	dx_json_str(&ex->json, normalized, len);
	dx_buf_puts(&ex->text, "explain: normalized query: ");
	dx_buf_put(&ex->text, normalized, len);
	dx_buf_putc(&ex->text, '\n');
	return ex;
}

void dx_explain_unquoted(dx_explain *ex)
{
	dx_buf_puts(&ex->json, ",\"unquoted\":true");
	dx_buf_puts(&ex->text, "explain: no result holds the quoted phrase as "
	            "written: its words are searched instead\n");
}

void dx_explain_free(dx_explain *ex)
{
	if (!ex)
		return;
	dx_buf_free(&ex->json);
	dx_buf_free(&ex->text);
	dx_buf_free(&ex->items);
	dx_buf_free(&ex->queries);
	dx_buf_free(&ex->hits);
	dx_buf_free(&ex->filters);
	dx_buf_free(&ex->signals);
	free(ex);
}

static void close_item(dx_explain *ex)
{
	if (ex->in_item) {
		dx_buf_puts(&ex->items, "]}");
		dx_buf_putc(&ex->text, '\n');
		ex->in_item = 0;
	}
}

void dx_explain_item(dx_explain *ex, const char *text, size_t len,
                     int phrase, int negate, int or_prev)
{
	close_item(ex);
	dx_buf_puts(&ex->items, ex->nitem++ ? ",{\"text\":" : "{\"text\":");
	dx_json_str(&ex->items, text, len);
	dx_buf_printf(&ex->items, ",\"phrase\":%s,\"exclude\":%s,\"or\":%s,"
	              "\"tokens\":[", phrase ? "true" : "false",
	              negate ? "true" : "false", or_prev ? "true" : "false");
	dx_buf_printf(&ex->text, "  item %d%s%s%s: ", ex->nitem,
	              or_prev ? " (OR)" : "", negate ? " (exclude)" : "",
	              phrase ? " (phrase)" : "");
	dx_buf_put(&ex->text, text, len);
	dx_buf_puts(&ex->text, "\n    tokens:");
	ex->in_item = 1;
	ex->ntok = 0;
	ex->ngroup = 0;
}

void dx_explain_token(dx_explain *ex, const char *surface, const char *base,
                      dx_pos_class pclass)
{
	dx_buf_puts(&ex->items, ex->ntok++ ? ",{\"term\":" : "{\"term\":");
	dx_json_cstr(&ex->items, surface);
	dx_buf_puts(&ex->items, ",\"base\":");
	dx_json_cstr(&ex->items, base);
	dx_buf_printf(&ex->items, ",\"pos\":\"%s\"}", pos_name(pclass));
	dx_buf_printf(&ex->text, " %s", surface);
	if (base)
		dx_buf_printf(&ex->text, "(%s)", base);
	dx_buf_printf(&ex->text, "/%s", pos_name(pclass));
}

void dx_explain_group(dx_explain *ex, const dx_qgroup *g, size_t nsyn)
{
	size_t k, a;

	dx_buf_puts(&ex->items, ex->ngroup++ ? ",{\"positions\":["
	                                     : "],\"groups\":[{\"positions\":[");
	if (ex->ngroup == 1)
		dx_buf_puts(&ex->text, "\n    groups:");
	dx_buf_puts(&ex->text, " [");
	for (k = 0; k < g->npos; k++) {
		dx_buf_puts(&ex->items, k ? ",[" : "[");
		for (a = 0; a < g->pos[k].nalts; a++) {
			if (a)
				dx_buf_putc(&ex->items, ',');
			dx_json_cstr(&ex->items, g->pos[k].alts[a]);
			dx_buf_printf(&ex->text, "%s%s", a ? "|" : k ? " " : "",
			              g->pos[k].alts[a]);
		}
		dx_buf_putc(&ex->items, ']');
	}
	dx_buf_printf(&ex->items, "],\"synonyms\":%zu}", nsyn);
	dx_buf_putc(&ex->text, ']');
	if (nsyn)
		dx_buf_printf(&ex->text, "+%zu synonyms", nsyn - 1);
}

void dx_explain_filter(dx_explain *ex, const char *field, const char *value,
                       size_t len, int negate, int or_prev,
                       const char *query, const char *ignored)
{
	close_item(ex);
	dx_buf_puts(&ex->filters, ex->nfilter++ ? ",{\"field\":"
	                                        : "{\"field\":");
	dx_json_cstr(&ex->filters, field);
	dx_buf_puts(&ex->filters, ",\"value\":");
	dx_json_str(&ex->filters, value, len);
	dx_buf_printf(&ex->filters, ",\"exclude\":%s,\"or\":%s,",
	              negate ? "true" : "false", or_prev ? "true" : "false");
	dx_buf_puts(&ex->filters, query ? "\"query\":" : "\"ignored\":");
	dx_json_cstr(&ex->filters, query ? query : ignored);
	dx_buf_putc(&ex->filters, '}');
	dx_buf_printf(&ex->text, "  filter%s%s: %s:", or_prev ? " (OR)" : "",
	              negate ? " (exclude)" : "", field);
	dx_buf_put(&ex->text, value, len);
	if (query)
		dx_buf_printf(&ex->text, " -> %s\n", query);
	else
		dx_buf_printf(&ex->text, " ignored (%s)\n", ignored);
}

static void close_hit(dx_explain *ex);

void dx_explain_query(dx_explain *ex, int tier, const char *desc)
{
	close_item(ex);
	close_hit(ex);
	dx_buf_printf(&ex->queries, "%s\"tier%d\":", ex->queries.len ? "," : "",
	              tier);
	dx_json_cstr(&ex->queries, desc);
	dx_buf_printf(&ex->text, "  tier %d (%s): %s\n", tier,
	              tier == 1 ? "every word in the passage" :
	              tier == 2 ? "every word, some inside other words" :
	                          "some words",
	              desc);
}

static void close_hit(dx_explain *ex)
{
	if (ex->in_hit) {
		dx_buf_puts(&ex->hits, "],\"signals\":[");
		dx_buf_put(&ex->hits, dx_buf_cstr(&ex->signals),
		           ex->signals.len);
		dx_buf_puts(&ex->hits, "]}");
		dx_buf_clear(&ex->signals);
		dx_buf_putc(&ex->text, '\n');
		ex->in_hit = 0;
	}
}

void dx_explain_hit(dx_explain *ex, unsigned int rank, int tier,
                    const char *path, unsigned int passage)
{
	close_hit(ex);
	dx_buf_printf(&ex->hits, "%s{\"rank\":%u,\"tier\":%d,\"path\":",
	              ex->nhit++ ? "," : "", rank, tier);
	dx_json_cstr(&ex->hits, path);
	dx_buf_printf(&ex->hits, ",\"passage\":%u,\"terms\":[", passage);
	dx_buf_printf(&ex->text, "  %u. tier %d %s#%u:", rank, tier, path,
	              passage);
	ex->in_hit = 1;
	ex->nterm = 0;
}

void dx_explain_term(dx_explain *ex, const char *term, size_t len,
                     double weight)
{
	const char *field = "text";
	size_t skip = 0;

	if (len && term[0] == DX_PREFIX_TITLE[0]) {
		field = "title";
		skip = 1;
	} else if (len && term[0] == DX_PREFIX_HEADING[0]) {
		field = "heading";
		skip = 1;
	} else if (len && term[0] == DX_PREFIX_TAG[0]) {
		field = "tag";      /* a filter: no weight */
		skip = 1;
	} else if (len && term[0] == DX_PREFIX_SECTION[0]) {
		field = "path";
		skip = 1;
	}
	dx_buf_puts(&ex->hits, ex->nterm++ ? ",{\"term\":" : "{\"term\":");
	dx_json_str(&ex->hits, term + skip, len - skip);
	dx_buf_printf(&ex->hits, ",\"field\":\"%s\",\"weight\":", field);
	dx_json_num(&ex->hits, weight);
	dx_buf_putc(&ex->hits, '}');
	dx_buf_putc(&ex->text, ' ');
	dx_buf_put(&ex->text, term + skip, len - skip);
	if (skip)
		dx_buf_printf(&ex->text, "[%s]", field);
	dx_buf_printf(&ex->text, "=%.3f", weight);
}

void dx_explain_signal(dx_explain *ex, const char *name, double weight,
                       uint64_t passages)
{
	dx_buf_puts(&ex->signals, ex->signals.len ? ",{\"signal\":"
	                                          : "{\"signal\":");
	dx_json_cstr(&ex->signals, name);
	dx_buf_puts(&ex->signals, ",\"weight\":");
	dx_json_num(&ex->signals, weight);
	if (passages)
		dx_buf_printf(&ex->signals, ",\"passages\":%llu",
		              (unsigned long long)passages);
	dx_buf_putc(&ex->signals, '}');
	dx_buf_printf(&ex->text, " [%s", name);
	if (passages)
		dx_buf_printf(&ex->text, ", %llu passages",
		              (unsigned long long)passages);
	dx_buf_printf(&ex->text, "]=%.3f", weight);
}

static void finish(dx_explain *ex)
{
	if (ex->done)
		return;
	close_item(ex);
	close_hit(ex);
	dx_buf_puts(&ex->json, ",\"items\":[");
	dx_buf_put(&ex->json, dx_buf_cstr(&ex->items), ex->items.len);
	dx_buf_puts(&ex->json, "],\"filters\":[");
	dx_buf_put(&ex->json, dx_buf_cstr(&ex->filters), ex->filters.len);
	dx_buf_puts(&ex->json, "],\"queries\":{");
	dx_buf_put(&ex->json, dx_buf_cstr(&ex->queries), ex->queries.len);
	dx_buf_puts(&ex->json, "},\"hits\":[");
	dx_buf_put(&ex->json, dx_buf_cstr(&ex->hits), ex->hits.len);
	dx_buf_puts(&ex->json, "]}");
	ex->done = 1;
}

const char *dx_explain_json(dx_explain *ex)
{
	finish(ex);
	return dx_buf_cstr(&ex->json);
}

const char *dx_explain_text(dx_explain *ex)
{
	finish(ex);
	return dx_buf_cstr(&ex->text);
}
