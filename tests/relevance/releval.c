/*
 * releval.c -- score dxsearch on a hand-judged relevance set.
 *
 *   dx_releval --corpus DIR --queries Q.tsv --judgments J.tsv --db DIR
 *              [--floors F.txt] [--verbose] [--no-index]
 *
 * queries.tsv:   id <TAB> query <TAB> category
 * judgments.tsv: id <TAB> path (relative to the corpus) <TAB> grade (1-3)
 *                <TAB> marker (optional)
 * A result is relevant to a judgment when its path matches and the
 * marker (if any) occurs in the passage text or heading -- or, for a
 * marker "#id", when the passage's heading anchor is id (the passage lies
 * in that section); its gain is the best such grade.  Results are taken
 * as a user sees them: one passage per article, the top 100 fetched.
 * Scores: MRR@10, nDCG@10 (gain 2^g - 1, ideal from the best grade per
 * judged article), Recall@10 and Recall@100 over judged articles, and
 * the number of queries without any result.  With --floors, each
 * "metric value" line (mrr, ndcg, recall, recall100) is a minimum, and
 * the exit code is 1 when a score falls below it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxsearch.h"

#define MAXJ 64
#define K 10    /* cut-off of MRR, nDCG and Recall@10 */
#define KR 100  /* results fetched; Recall@100 */

typedef struct {
	char *path, *marker;
	int   grade;
} judgment;

typedef struct {
	char    *id, *query, *category;
	judgment j[MAXJ];
	int      nj;
} query;

static char *dup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		abort();
	return p;
}

/* Split line in place at tabs into at most n fields; returns the count. */
static int split(char *line, char **f, int n)
{
	int k = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (k < n) {
		f[k++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return k;
}

static query *load(const char *qfile, const char *jfile, int *nq)
{
	FILE *f = fopen(qfile, "r");
	char line[4096], *fl[4];
	query *qs = NULL;
	int n = 0, i;

	if (!f) {
		fprintf(stderr, "releval: cannot open %s\n", qfile);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		int k = split(line, fl, 3);

		if (k < 2)
			continue;
		qs = realloc(qs, (size_t)(n + 1) * sizeof(query));
		memset(&qs[n], 0, sizeof(query));
		qs[n].id = dup(fl[0]);
		qs[n].query = dup(fl[1]);
		qs[n].category = dup(k > 2 ? fl[2] : "");
		n++;
	}
	fclose(f);
	if (!(f = fopen(jfile, "r"))) {
		fprintf(stderr, "releval: cannot open %s\n", jfile);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		int k = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		k = split(line, fl, 4);
		if (k < 3)
			continue;
		for (i = 0; i < n && strcmp(qs[i].id, fl[0]); i++)
			;
		if (i == n) {
			fprintf(stderr, "releval: judgment for unknown query %s\n",
			        fl[0]);
			exit(1);
		}
		if (qs[i].nj == MAXJ)
			continue;
		qs[i].j[qs[i].nj].path = dup(fl[1]);
		qs[i].j[qs[i].nj].grade = atoi(fl[2]);
		qs[i].j[qs[i].nj].marker = dup(k > 3 ? fl[3] : "");
		qs[i].nj++;
	}
	fclose(f);
	*nq = n;
	return qs;
}

/* The result's path relative to the corpus root. */
static const char *rel(const char *path, const char *corpus)
{
	size_t n = strlen(corpus);

	while (n > 1 && corpus[n - 1] == '/')
		n--;
	if (!strncmp(path, corpus, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

static int gain_of(const query *q, const dx_hit *h, const char *corpus)
{
	int g = 0, i;

	for (i = 0; i < q->nj; i++) {
		const judgment *j = &q->j[i];
		if (strcmp(j->path, rel(h->path, corpus)))
			continue;
		if (j->marker[0] == '#') {
			if (strcmp(h->anchor ? h->anchor : "", j->marker + 1))
				continue;
		} else if (*j->marker && !strstr(h->text, j->marker) &&
		           !strstr(h->heading, j->marker))
			continue;
		if (j->grade > g)
			g = j->grade;
	}
	return g;
}

static int cmp_desc(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

int main(int argc, char **argv)
{
	const char *corpus = NULL, *qf = NULL, *jf = NULL, *db = NULL,
	           *floors = NULL;
	int verbose = 0, noindex = 0, nq, i, failed = 0, checked = 0;
	double mrr = 0, ndcg = 0, recall = 0, recall100 = 0;
	int zero = 0;
	struct {
		const char *name;
		double mrr, ndcg, recall, recall100;
		int n, zero;
	} cat[32];
	int ncat = 0, c;
	query *qs;
	dx_index *idx;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--corpus") && i + 1 < argc) corpus = argv[++i];
		else if (!strcmp(argv[i], "--queries") && i + 1 < argc) qf = argv[++i];
		else if (!strcmp(argv[i], "--judgments") && i + 1 < argc) jf = argv[++i];
		else if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
		else if (!strcmp(argv[i], "--floors") && i + 1 < argc) floors = argv[++i];
		else if (!strcmp(argv[i], "--verbose")) verbose = 1;
		else if (!strcmp(argv[i], "--no-index")) noindex = 1;
		else {
			fprintf(stderr, "releval: unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (!corpus || !qf || !jf || !db) {
		fprintf(stderr, "releval: --corpus, --queries, --judgments and "
		        "--db are required\n");
		return 2;
	}
	qs = load(qf, jf, &nq);
	if (nq == 0) {
		fprintf(stderr, "releval: no queries in %s\n", qf);
		return 1;
	}

	if (!noindex) {
		dx_writer_options wo = DX_WRITER_OPTIONS_INIT;
		dx_writer *w;

		wo.rebuild = 1;
		if (dx_writer_open(&w, db, &wo) < 0 ||
		    dx_writer_add_path(w, corpus, NULL, NULL, NULL) < 0 ||
		    dx_writer_close(w) < 0) {
			fprintf(stderr, "releval: indexing: %s\n", dx_error_last());
			return 1;
		}
	}
	if (dx_index_open(&idx, db, NULL) < 0) {
		fprintf(stderr, "releval: %s\n", dx_error_last());
		return 1;
	}

	for (i = 0; i < nq; i++) {
		dx_search_options so = DX_SEARCH_OPTIONS_INIT;
		dx_result *res;
		query *q = &qs[i];
		int ideal[MAXJ], ni = 0, k, r, first = 0, found = 0, found100 = 0;
		double dcg = 0, idcg = 0;
		size_t n;

		so.limit = KR;
		if (dx_search(&res, idx, q->query, strlen(q->query), &so) < 0) {
			fprintf(stderr, "releval: %s: %s\n", q->id, dx_error_last());
			return 1;
		}
		n = dx_result_count(res);
		/* ideal: best grade per judged article */
		for (k = 0; k < q->nj; k++) {
			int best = q->j[k].grade, m, dupl = 0;
			for (m = 0; m < q->nj; m++)
				if (!strcmp(q->j[m].path, q->j[k].path)) {
					if (q->j[m].grade > best)
						best = q->j[m].grade;
					if (m < k)
						dupl = 1;
				}
			if (!dupl && best > 0)
				ideal[ni++] = best;
		}
		qsort(ideal, (size_t)ni, sizeof(int), cmp_desc);
		for (r = 0; r < (int)n && r < KR; r++) {
			int g = gain_of(q, dx_result_hit(res, (size_t)r), corpus);
			if (g > 0 && r < K) {
				if (!first)
					first = r + 1;
				found++;
				dcg += (pow(2, g) - 1) / log2(r + 2);
			}
			if (g > 0)
				found100++;
		}
		for (r = 0; r < ni && r < K; r++)
			idcg += (pow(2, ideal[r]) - 1) / log2(r + 2);
		mrr += first ? 1.0 / first : 0;
		ndcg += idcg > 0 ? dcg / idcg : 0;
		recall += ni ? (double)found / ni : 0;
		recall100 += ni ? (double)found100 / ni : 0;
		zero += n == 0;
		for (c = 0; c < ncat && strcmp(cat[c].name, q->category); c++)
			;
		if (c == ncat && ncat < 32) {
			memset(&cat[c], 0, sizeof(cat[c]));
			cat[c].name = q->category;
			ncat++;
		}
		if (c < ncat) {
			cat[c].mrr += first ? 1.0 / first : 0;
			cat[c].ndcg += idcg > 0 ? dcg / idcg : 0;
			cat[c].recall += ni ? (double)found / ni : 0;
			cat[c].recall100 += ni ? (double)found100 / ni : 0;
			cat[c].zero += n == 0;
			cat[c].n++;
		}
		if (verbose || (ni > 0 && !first)) {
			printf("%s%-6s %-28s rr=%.2f ndcg=%.2f found=%d/%d  top:",
			       first ? "" : "MISS ", q->id, q->query,
			       first ? 1.0 / first : 0, idcg ? dcg / idcg : 0,
			       found, ni);
			for (r = 0; r < (int)n && r < 3; r++)
				printf(" %s", rel(dx_result_hit(res, (size_t)r)->path,
				                  corpus));
			putchar('\n');
		}
		dx_result_free(res);
	}
	dx_index_free(idx);
	mrr /= nq;
	ndcg /= nq;
	recall /= nq;
	recall100 /= nq;
	for (c = 0; c < ncat; c++)
		printf("  %-10s n=%-3d MRR@10=%.4f nDCG@10=%.4f Recall@10=%.4f "
		       "Recall@100=%.4f zero=%d\n",
		       cat[c].name, cat[c].n, cat[c].mrr / cat[c].n,
		       cat[c].ndcg / cat[c].n, cat[c].recall / cat[c].n,
		       cat[c].recall100 / cat[c].n, cat[c].zero);
	printf("queries=%d MRR@10=%.4f nDCG@10=%.4f Recall@10=%.4f "
	       "Recall@100=%.4f zero=%d\n", nq, mrr, ndcg, recall, recall100,
	       zero);

	if (floors) {
		FILE *f = fopen(floors, "r");
		char name[64];
		double v;

		if (!f) {
			fprintf(stderr, "releval: cannot open %s\n", floors);
			return 1;
		}
		char fl[256];

		while (fgets(fl, sizeof(fl), f)) {
			double got;

			if (fl[0] == '#' || sscanf(fl, "%63s %lf", name, &v) != 2)
				continue;
			got = !strcmp(name, "mrr") ? mrr :
			             !strcmp(name, "ndcg") ? ndcg :
			             !strcmp(name, "recall") ? recall :
			             !strcmp(name, "recall100") ? recall100 : -1;
			if (got < 0)
				continue;
			checked++;
			if (got + 1e-9 < v) {
				printf("FAIL %s %.4f is below the floor %.4f\n", name,
				       got, v);
				failed++;
			}
		}
		fclose(f);
	}
	printf("%d passed, %d failed\n", checked - failed, failed);
	for (i = 0; i < nq; i++) {
		int k;
		for (k = 0; k < qs[i].nj; k++) {
			free(qs[i].j[k].path);
			free(qs[i].j[k].marker);
		}
		free(qs[i].id);
		free(qs[i].query);
		free(qs[i].category);
	}
	free(qs);
	return failed ? 1 : 0;
}
