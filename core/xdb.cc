/*
 * xdb.cc -- the C API of xdb.h over Xapian 1.4; the only C++ in dxsearch.
 *
 * The guard.  A C++ exception that reaches the C frames above an
 * extern "C" function calls std::terminate() and aborts the process, so
 * every entry point runs its body inside guard(), a noexcept template
 * that catches, most derived class first:
 *
 *   DatabaseModifiedError  DX_EMODIFIED   reader overtaken: reopen, retry
 *   DatabaseLockError      DX_ELOCKED     another writer holds the lock
 *                          DX_EIO         the lock file cannot be opened
 *   DatabaseCorruptError   DX_ECORRUPT
 *   DatabaseVersionError   DX_ECORRUPT    a format this build cannot read
 *   DatabaseNotFoundError  DX_ENOTFOUND   "no index at PATH"
 *   DatabaseOpeningError   DX_ENOTFOUND   not a database (e.g. a file)
 *   DatabaseCreateError    DX_EIO         cannot create the directory
 *   DatabaseError          DX_EIO         with a system error (disk full,
 *                                         read-only file system, EIO);
 *                          DX_ERROR       without one
 *   DocNotFoundError       DX_ENOTFOUND
 *   InvalidArgumentError   DX_EINVAL
 *   Xapian::Error          DX_ERROR       (it is NOT a std::exception)
 *   std::bad_alloc         DX_ENOMEM
 *   std::exception, ...    DX_ERROR
 *
 * and records a "[xapian] ..." message with dx_error_set(), which copies
 * the text into the thread's buffer: nothing points into an exception
 * once its handler ends.  Building the message (get_description())
 * allocates, so it runs under a nested try with an allocation-free
 * fallback.  Handles are allocated with `new` inside the guard, so an
 * allocation failure is DX_ENOMEM rather than an escaped bad_alloc.
 *
 * Checks done here, before Xapian: empty terms and terms over 245 bytes
 * (Xapian would throw only at add/commit time and fail a whole batch),
 * writer-only calls on a reader, NULL arguments.
 *
 * Lifetimes: a dx_xmset keeps its Enquire (which holds a reference to the
 * database) alive, so it stays usable after its reader's dx_xdb is
 * closed.  Closing a writer closes the database to release the lock;
 * msets taken from it may then fail with DX_ERROR.  No global state.
 */
#include "xdb.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

#include "errors.h"

struct dx_xdb {
	Xapian::Database         rd;      /* used when !writable */
	Xapian::WritableDatabase wr;      /* used when writable */
	bool                     writable = false;
	bool                     in_txn = false;
	/* "key\0value" pairs given to add_synonym() since the database was
	 * opened, so that each is written once per run; cleared when a
	 * cancel discards pending changes. */
	std::unordered_set<std::string> syn_seen;

	Xapian::Database &db() { return writable ? wr : rd; }
};

struct dx_xdoc {
	Xapian::Document doc;
	/* Synonym-table entries that travel with the document. */
	std::vector<std::pair<std::string, std::string>> syn;
};

struct dx_xq {
	Xapian::Query q;
};

struct dx_xmset {
	Xapian::Enquire enq;              /* for get_matching_terms_begin() */
	Xapian::MSet    mset;

	explicit dx_xmset(const Xapian::Database &db) : enq(db) {}
};

namespace {

const size_t kMaxTerm = 245;      /* glass; each NUL byte costs one more */

int set_msg(int code, const char *what, const char *path, const char *detail)
{
	if (path && code == DX_ENOTFOUND)
		return dx_error_set(code, "[xapian] no index at %s: %s", path,
		                    detail);
	if (path)
		return dx_error_set(code, "[xapian] %s %s: %s", what, path,
		                    detail);
	return dx_error_set(code, "[xapian] %s: %s", what, detail);
}

int report(int code, const char *what, const char *path,
           const Xapian::Error &e) noexcept
{
	try {
		std::string d = e.get_description();
		return set_msg(code, what, path, d.c_str());
	} catch (...) {
		/* get_msg() returns a reference: nothing to allocate */
		return set_msg(code, what, path, e.get_msg().c_str());
	}
}

/* Xapian 1.4 throws DatabaseLockError both when another writer holds
 * the lock ("...: already locked") and when the lock file cannot be
 * opened at all (e.g. "Couldn't open lockfile: Read-only file system");
 * only the first is DX_ELOCKED.  The error carries no errno, so the
 * message is the only way to tell (flint_lock.cc,
 * throw_databaselockerror). */
int lock_code(const Xapian::DatabaseLockError &e) noexcept
{
	try {
		return e.get_msg().find("already locked") != std::string::npos
		       ? DX_ELOCKED : DX_EIO;
	} catch (...) {
		return DX_ELOCKED;
	}
}

/* Run body (returning a dx_code) with every exception turned into a
 * code and message; `path` (may be NULL) names the database for open. */
template <class F>
int guard(const char *what, const char *path, F &&body) noexcept
{
	try {
		return body();
	} catch (const Xapian::DatabaseModifiedError &e) {
		return report(DX_EMODIFIED, what, path, e);
	} catch (const Xapian::DatabaseLockError &e) {
		return report(lock_code(e), what, path, e);
	} catch (const Xapian::DatabaseCorruptError &e) {
		return report(DX_ECORRUPT, what, path, e);
	} catch (const Xapian::DatabaseVersionError &e) {
		return report(DX_ECORRUPT, what, path, e);
	} catch (const Xapian::DatabaseNotFoundError &e) {
		return report(DX_ENOTFOUND, what, path, e);
	} catch (const Xapian::DatabaseOpeningError &e) {
		return report(DX_ENOTFOUND, what, path, e);
	} catch (const Xapian::DatabaseCreateError &e) {
		return report(DX_EIO, what, path, e);
	} catch (const Xapian::DatabaseError &e) {
		/* A failed read or write of the files (disk full, read-only
		 * file system, I/O error) carries the system error. */
		return report(e.get_error_string() ? DX_EIO : DX_ERROR, what,
		              path, e);
	} catch (const Xapian::DocNotFoundError &e) {
		return report(DX_ENOTFOUND, what, path, e);
	} catch (const Xapian::InvalidArgumentError &e) {
		return report(DX_EINVAL, what, path, e);
	} catch (const Xapian::Error &e) {
		return report(DX_ERROR, what, path, e);
	} catch (const std::bad_alloc &) {
		return dx_error_set(DX_ENOMEM, "[xapian] %s: out of memory",
		                    what);
	} catch (const std::exception &e) {
		return dx_error_set(DX_ERROR, "[xapian] %s: %s", what,
		                    e.what());
	} catch (...) {
		return dx_error_set(DX_ERROR,
		                    "[xapian] %s: unknown C++ exception", what);
	}
}

template <class F>
int guard(const char *what, F &&body) noexcept
{
	return guard(what, nullptr, static_cast<F &&>(body));
}

/* For accessors that return a value, not a code: dflt on error (the
 * message is still recorded). */
template <class T, class F>
T guard_val(const char *what, T dflt, F &&body) noexcept
{
	T v = dflt;
	if (guard(what, [&] { v = body(); return DX_OK; }) != DX_OK)
		return dflt;
	return v;
}

int einval(const char *what, const char *why)
{
	return dx_error_set(DX_EINVAL, "[xapian] %s: %s", what, why);
}

/* DX_OK, or DX_EINVAL naming the (truncated) term. */
int check_term(const char *what, const char *term, size_t len)
{
	if (!term && len)
		return einval(what, "NULL term");
	if (len == 0)
		return einval(what, "empty term");
	size_t nuls = 0;
	for (size_t i = 0; i < len; i++)
		nuls += term[i] == '\0';
	if (len + nuls <= kMaxTerm)
		return DX_OK;
	/* Show up to 40 bytes, cut at a UTF-8 boundary; %.*s stops at NUL. */
	size_t show = len < 40 ? len : 40;
	while (show > 0 && show < len &&
	       (static_cast<unsigned char>(term[show]) & 0xC0) == 0x80)
		show--;
	return dx_error_set(DX_EINVAL,
	                    "[xapian] %s: term too long (%zu bytes, %zu NUL; "
	                    "max %zu): \"%.*s...\"", what, len, nuls, kMaxTerm,
	                    static_cast<int>(show), term);
}

/* DX_OK if db is a writer, else DX_EINVAL. */
int check_writer(const char *what, const dx_xdb *db)
{
	if (!db)
		return einval(what, "NULL database");
	if (!db->writable)
		return einval(what, "index is open read-only");
	return DX_OK;
}

void copy_out(dx_buf *out, const std::string &s)
{
	dx_buf_clear(out);
	dx_buf_put(out, s.data(), s.size());
}

Xapian::doccount clamp(size_t n)
{
	return n > UINT32_MAX ? UINT32_MAX : static_cast<Xapian::doccount>(n);
}

} /* namespace */

/* ---- database ---- */

extern "C" int dx_xdb_open(dx_xdb **out, const char *path, unsigned int flags)
{
	if (!out)
		return einval("open", "NULL out");
	*out = nullptr;
	if (!path || !*path)
		return einval("open", "empty path");
	if (flags & ~0x7u)
		return einval("open", "unknown flags");
	if (!(flags & DX_XDB_WRITE) &&
	    (flags & (DX_XDB_CREATE | DX_XDB_WAIT_LOCK)))
		return einval("open", "CREATE and WAIT_LOCK need DX_XDB_WRITE");
	return guard("open", path, [&] {
		std::unique_ptr<dx_xdb> x(new dx_xdb());
		if (flags & DX_XDB_WRITE) {
			int action = Xapian::DB_OPEN;
			if (flags & DX_XDB_CREATE)
				action = Xapian::DB_CREATE_OR_OPEN;
			if (flags & DX_XDB_WAIT_LOCK)
				action |= Xapian::DB_RETRY_LOCK;
			x->wr = Xapian::WritableDatabase(path, action);
			x->writable = true;
		} else {
			x->rd = Xapian::Database(path);
		}
		*out = x.release();
		return DX_OK;
	});
}

extern "C" int dx_xdb_reopen(dx_xdb *db, int *changed)
{
	if (!db)
		return einval("reopen", "NULL database");
	return guard("reopen", [&] {
		bool c = db->db().reopen();
		if (changed)
			*changed = c;
		return DX_OK;
	});
}

extern "C" int dx_xdb_commit(dx_xdb *db)
{
	int rc = check_writer("commit", db);
	if (rc)
		return rc;
	return guard("commit", [&] { db->wr.commit(); return DX_OK; });
}

extern "C" int dx_xdb_begin(dx_xdb *db)
{
	int rc = check_writer("begin", db);
	if (rc)
		return rc;
	if (db->in_txn)
		return einval("begin", "a transaction is already open");
	return guard("begin", [&] {
		db->wr.begin_transaction(false);
		db->in_txn = true;
		return DX_OK;
	});
}

/* Both end the transaction even when they fail (database.h), so in_txn is
 * cleared first. */
extern "C" int dx_xdb_end(dx_xdb *db)
{
	int rc = check_writer("end", db);
	if (rc)
		return rc;
	if (!db->in_txn)
		return einval("end", "no transaction is open");
	db->in_txn = false;
	return guard("end", [&] {
		db->wr.commit_transaction();
		return DX_OK;
	});
}

extern "C" int dx_xdb_cancel(dx_xdb *db)
{
	int rc = check_writer("cancel", db);
	if (rc)
		return rc;
	if (!db->in_txn)
		return einval("cancel", "no transaction is open");
	db->in_txn = false;
	db->syn_seen.clear();
	return guard("cancel", [&] {
		db->wr.cancel_transaction();
		return DX_OK;
	});
}

/* ~WritableDatabase() commits but swallows errors, so commit explicitly.
 * close() then releases the lock now, even if an mset still refers to
 * the database.  A transaction left open is cancelled, as Xapian's
 * close() would, and reported. */
extern "C" int dx_xdb_close(dx_xdb *db)
{
	if (!db)
		return DX_OK;
	int rc = DX_OK;
	if (db->writable) {
		if (db->in_txn) {
			db->in_txn = false;
			rc = guard("close", [&] {
				db->wr.cancel_transaction();
				return einval("close", "transaction still "
				              "open: cancelled, with the "
				              "changes pending before it");
			});
		} else {
			rc = guard("close", [&] {
				db->wr.commit();
				return DX_OK;
			});
		}
		if (rc == DX_OK) {
			rc = guard("close", [&] {
				db->wr.close();
				return DX_OK;
			});
		} else {
			try {
				db->wr.close();  /* keep the first error */
			} catch (...) {
			}
		}
	}
	delete db;
	return rc;
}

extern "C" int dx_xdb_doccount(dx_xdb *db, uint64_t *out)
{
	if (!db || !out)
		return einval("doccount", "NULL argument");
	return guard("doccount", [&] {
		*out = db->db().get_doccount();
		return DX_OK;
	});
}

extern "C" int dx_xdb_termfreq(dx_xdb *db, const char *term, size_t len,
                               uint64_t *out)
{
	if (!db || !out)
		return einval("termfreq", "NULL argument");
	/* get_termfreq("") is the document count: refuse it.  A long term
	 * simply has frequency 0. */
	if (!term || !len)
		return einval("termfreq", "empty term");
	return guard("termfreq", [&] {
		*out = db->db().get_termfreq(std::string(term, len));
		return DX_OK;
	});
}

extern "C" int dx_xdb_get_metadata(dx_xdb *db, const char *key, dx_buf *out)
{
	if (!db || !out)
		return einval("get_metadata", "NULL argument");
	if (!key || !*key)
		return einval("get_metadata", "empty key");
	return guard("get_metadata", [&] {
		copy_out(out, db->db().get_metadata(key));
		return DX_OK;
	});
}

extern "C" int dx_xdb_set_metadata(dx_xdb *db, const char *key,
                                   const char *val, size_t len)
{
	int rc = check_writer("set_metadata", db);
	if (rc)
		return rc;
	if (!key || !*key)
		return einval("set_metadata", "empty key");
	if (!val && len)
		return einval("set_metadata", "NULL value");
	return guard("set_metadata", [&] {
		db->wr.set_metadata(key, std::string(val ? val : "", len));
		return DX_OK;
	});
}

/* A negative return from cb is passed through; a positive one stops the
 * walk with DX_OK. */
extern "C" int dx_xdb_allterms(dx_xdb *db, const char *prefix, size_t plen,
                               int (*cb)(void *payload, const char *term,
                                         size_t len, uint64_t termfreq),
                               void *payload)
{
	if (!db || !cb || (!prefix && plen))
		return einval("allterms", "NULL argument");
	return guard("allterms", [&]() -> int {
		Xapian::Database &d = db->db();
		std::string p(prefix ? prefix : "", plen);
		auto end = d.allterms_end(p);
		for (auto t = d.allterms_begin(p); t != end; ++t) {
			const std::string &s = *t;
			int r = cb(payload, s.data(), s.size(),
			           t.get_termfreq());
			if (r)
				return r < 0 ? r : DX_OK;
		}
		return DX_OK;
	});
}

/* Copy the strings of [it, end) (so that cb may change the database),
 * then give each to cb: a negative return is passed through, a positive
 * one stops with DX_OK.  Called inside guard(). */
template <typename It>
static int each_string(It it, It end,
                       int (*cb)(void *payload, const char *s, size_t len),
                       void *payload)
{
	std::vector<std::string> all;
	for (; it != end; ++it)
		all.push_back(*it);
	for (const std::string &x : all) {
		int r = cb(payload, x.data(), x.size());
		if (r)
			return r < 0 ? r : DX_OK;
	}
	return DX_OK;
}

/* Keys are copied out of the iterator before cb runs, so cb may change
 * metadata (a writer sees its own uncommitted keys); a negative return
 * from cb is passed through, a positive one stops the walk with DX_OK. */
extern "C" int dx_xdb_metadata_keys(dx_xdb *db, const char *prefix,
                                    size_t plen,
                                    int (*cb)(void *payload,
                                              const char *key, size_t len),
                                    void *payload)
{
	if (!db || !cb || (!prefix && plen))
		return einval("metadata_keys", "NULL argument");
	return guard("metadata_keys", [&]() -> int {
		Xapian::Database &d = db->db();
		std::string p(prefix ? prefix : "", plen);
		return each_string(d.metadata_keys_begin(p),
		                   d.metadata_keys_end(p), cb, payload);
	});
}

/* ---- documents ---- */

extern "C" int dx_xdoc_new(dx_xdoc **out)
{
	if (!out)
		return einval("doc_new", "NULL out");
	*out = nullptr;
	return guard("doc_new", [&] { *out = new dx_xdoc(); return DX_OK; });
}

extern "C" void dx_xdoc_free(dx_xdoc *d)
{
	delete d;
}

extern "C" int dx_xdoc_add_posting(dx_xdoc *d, const char *term, size_t len,
                                   uint32_t pos, uint32_t wdf)
{
	if (!d)
		return einval("add_posting", "NULL document");
	int rc = check_term("add_posting", term, len);
	if (rc)
		return rc;
	return guard("add_posting", [&] {
		d->doc.add_posting(std::string(term, len), pos, wdf);
		return DX_OK;
	});
}

extern "C" int dx_xdoc_add_term(dx_xdoc *d, const char *term, size_t len,
                                uint32_t wdf)
{
	if (!d)
		return einval("add_term", "NULL document");
	int rc = check_term("add_term", term, len);
	if (rc)
		return rc;
	return guard("add_term", [&] {
		d->doc.add_term(std::string(term, len), wdf);
		return DX_OK;
	});
}

extern "C" int dx_xdoc_add_boolean(dx_xdoc *d, const char *term, size_t len)
{
	if (!d)
		return einval("add_boolean", "NULL document");
	int rc = check_term("add_boolean", term, len);
	if (rc)
		return rc;
	return guard("add_boolean", [&] {
		d->doc.add_boolean_term(std::string(term, len));
		return DX_OK;
	});
}

extern "C" int dx_xdoc_set_value(dx_xdoc *d, unsigned int slot,
                                 const char *val, size_t len)
{
	if (!d || (!val && len))
		return einval("set_value", "NULL argument");
	return guard("set_value", [&] {
		d->doc.add_value(slot, std::string(val ? val : "", len));
		return DX_OK;
	});
}

extern "C" int dx_xdoc_set_data(dx_xdoc *d, const char *data, size_t len)
{
	if (!d || (!data && len))
		return einval("set_data", "NULL argument");
	return guard("set_data", [&] {
		d->doc.set_data(std::string(data ? data : "", len));
		return DX_OK;
	});
}

/* Write the document's synonym entries not yet written in this run. */
static void add_synonyms(dx_xdb *db, const dx_xdoc *d)
{
	for (const auto &kv : d->syn) {
		std::string both = kv.first;
		both.push_back('\0');
		both += kv.second;
		if (db->syn_seen.insert(both).second)
			db->wr.add_synonym(kv.first, kv.second);
	}
}

extern "C" int dx_xdoc_add_synonym(dx_xdoc *d, const char *key,
                                   size_t klen, const char *val,
                                   size_t vlen)
{
	if (!d || !key || !val)
		return einval("doc_add_synonym", "NULL argument");
	int rc = check_term("doc_add_synonym", key, klen);
	if (rc || (rc = check_term("doc_add_synonym", val, vlen)))
		return rc;
	return guard("doc_add_synonym", [&] {
		d->syn.emplace_back(std::string(key, klen),
		                    std::string(val, vlen));
		return DX_OK;
	});
}

extern "C" int dx_xdb_synonym_keys(dx_xdb *db, const char *prefix,
                                   size_t plen,
                                   int (*cb)(void *payload, const char *key,
                                             size_t len),
                                   void *payload)
{
	if (!db || !cb || (!prefix && plen))
		return einval("synonym_keys", "NULL argument");
	return guard("synonym_keys", [&]() -> int {
		Xapian::Database &d = db->db();
		std::string p(prefix ? prefix : "", plen);
		return each_string(d.synonym_keys_begin(p),
		                   d.synonym_keys_end(p), cb, payload);
	});
}

extern "C" int dx_xdb_synonyms(dx_xdb *db, const char *key, size_t klen,
                               int (*cb)(void *payload, const char *val,
                                         size_t len),
                               void *payload)
{
	if (!db || !cb || !key)
		return einval("synonyms", "NULL argument");
	return guard("synonyms", [&]() -> int {
		Xapian::Database &d = db->db();
		std::string k(key, klen);
		return each_string(d.synonyms_begin(k), d.synonyms_end(k), cb,
		                   payload);
	});
}

extern "C" int dx_xdb_clear_synonyms(dx_xdb *db, const char *key,
                                     size_t klen)
{
	int rc = check_writer("clear_synonyms", db);
	if (rc)
		return rc;
	if (!key)
		return einval("clear_synonyms", "NULL key");
	return guard("clear_synonyms", [&] {
		std::string k(key, klen);
		db->wr.clear_synonyms(k);
		std::string p = k;
		p.push_back('\0');
		for (auto it = db->syn_seen.begin(); it != db->syn_seen.end();)
			it = it->compare(0, p.size(), p) == 0 ?
			     db->syn_seen.erase(it) : std::next(it);
		return DX_OK;
	});
}

extern "C" int dx_xdb_replace(dx_xdb *db, const char *uniq, size_t len,
                              const dx_xdoc *d)
{
	int rc = check_writer("replace", db);
	if (rc)
		return rc;
	if (!d)
		return einval("replace", "NULL document");
	if ((rc = check_term("replace", uniq, len)))
		return rc;
	return guard("replace", [&] {
		db->wr.replace_document(std::string(uniq, len), d->doc);
		add_synonyms(db, d);
		return DX_OK;
	});
}

extern "C" int dx_xdb_add(dx_xdb *db, const dx_xdoc *d)
{
	int rc = check_writer("add", db);
	if (rc)
		return rc;
	if (!d)
		return einval("add", "NULL document");
	return guard("add", [&] {
		db->wr.add_document(d->doc);
		add_synonyms(db, d);
		return DX_OK;
	});
}

extern "C" int dx_xdb_delete(dx_xdb *db, const char *term, size_t len,
                             uint64_t *n)
{
	int rc = check_writer("delete", db);
	if (rc)
		return rc;
	if ((rc = check_term("delete", term, len)))
		return rc;
	return guard("delete", [&] {
		std::string t(term, len);
		/* The writer's termfreq includes its uncommitted changes. */
		Xapian::doccount c = db->wr.get_termfreq(t);
		db->wr.delete_document(t);
		if (n)
			*n = c;
		return DX_OK;
	});
}

/* ---- queries ---- */

extern "C" int dx_xq_term(dx_xq **out, const char *term, size_t len,
                          uint32_t wqf, uint32_t pos)
{
	if (!out)
		return einval("query_term", "NULL out");
	*out = nullptr;
	int rc = check_term("query_term", term, len);
	if (rc)
		return rc;
	return guard("query_term", [&] {
		std::string t(term, len);
		*out = new dx_xq{Xapian::Query(t, wqf, pos)};
		return DX_OK;
	});
}

extern "C" int dx_xq_combine(dx_xq **out, dx_xq_op op, dx_xq *const *subs,
                             size_t n, unsigned int param)
{
	if (!out)
		return einval("query_combine", "NULL out");
	*out = nullptr;
	if (n && !subs)
		return einval("query_combine", "NULL subqueries");
	for (size_t i = 0; i < n; i++)
		if (!subs[i])
			return einval("query_combine", "NULL subquery");
	Xapian::Query::op xop;
	switch (op) {
	case DX_XQ_AND:       xop = Xapian::Query::OP_AND; break;
	case DX_XQ_OR:        xop = Xapian::Query::OP_OR; break;
	case DX_XQ_AND_NOT:   xop = Xapian::Query::OP_AND_NOT; break;
	case DX_XQ_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
	case DX_XQ_FILTER:    xop = Xapian::Query::OP_FILTER; break;
	case DX_XQ_NEAR:      xop = Xapian::Query::OP_NEAR; break;
	case DX_XQ_PHRASE:    xop = Xapian::Query::OP_PHRASE; break;
	case DX_XQ_SYNONYM:   xop = Xapian::Query::OP_SYNONYM; break;
	case DX_XQ_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; break;
	case DX_XQ_MAX:       xop = Xapian::Query::OP_MAX; break;
	default:
		return einval("query_combine", "unknown operator");
	}
	/* Xapian rejects a parameter on the other operators. */
	Xapian::termcount p = 0;
	if (op == DX_XQ_NEAR || op == DX_XQ_PHRASE)
		p = param ? param : clamp(n);
	else if (op == DX_XQ_ELITE_SET)
		p = param;
	return guard("query_combine", [&] {
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			v.push_back(subs[i]->q);  /* reference-counted copy */
		*out = new dx_xq{Xapian::Query(xop, v.begin(), v.end(), p)};
		return DX_OK;
	});
}

extern "C" int dx_xq_scale(dx_xq **out, const dx_xq *q, double factor)
{
	if (!out)
		return einval("query_scale", "NULL out");
	*out = nullptr;
	if (!q)
		return einval("query_scale", "NULL query");
	if (!(factor >= 0.0))  /* also NaN */
		return einval("query_scale", "factor must be >= 0");
	return guard("query_scale", [&] {
		*out = new dx_xq{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
		                               q->q, factor)};
		return DX_OK;
	});
}

extern "C" int dx_xq_wildcard(dx_xq **out, const char *prefix, size_t len,
                              unsigned int max_expansion)
{
	if (!out)
		return einval("query_wildcard", "NULL out");
	*out = nullptr;
	if (!prefix || len == 0)
		return einval("query_wildcard", "empty prefix");
	return guard("query_wildcard", [&] {
		*out = new dx_xq{Xapian::Query(Xapian::Query::OP_WILDCARD,
		                               std::string(prefix, len),
		                               max_expansion,
		                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
		                               Xapian::Query::OP_SYNONYM)};
		return DX_OK;
	});
}

extern "C" int dx_xq_match_all(dx_xq **out)
{
	if (!out)
		return einval("query_match_all", "NULL out");
	*out = nullptr;
	return guard("query_match_all", [&] {
		*out = new dx_xq{Xapian::Query::MatchAll};
		return DX_OK;
	});
}

extern "C" int dx_xq_match_nothing(dx_xq **out)
{
	if (!out)
		return einval("query_match_nothing", "NULL out");
	*out = nullptr;
	return guard("query_match_nothing", [&] {
		*out = new dx_xq{Xapian::Query()};
		return DX_OK;
	});
}

extern "C" int dx_xq_describe(const dx_xq *q, dx_buf *out)
{
	if (!q || !out)
		return einval("query_describe", "NULL argument");
	return guard("query_describe", [&] {
		copy_out(out, q->q.get_description());
		return DX_OK;
	});
}

extern "C" void dx_xq_free(dx_xq *q)
{
	delete q;
}

/* ---- search ---- */

extern "C" int dx_xdb_search(dx_xmset **out, dx_xdb *db, const dx_xq *q,
                             size_t first, size_t max, size_t checkatleast,
                             const dx_xsearch_opts *opts)
{
	static const dx_xsearch_opts dflt = DX_XSEARCH_OPTS_INIT;

	if (!out)
		return einval("search", "NULL out");
	*out = nullptr;
	if (!db || !q)
		return einval("search", "NULL argument");
	if (!opts)
		opts = &dflt;
	if (opts->collapse_slot >= 0 && opts->collapse_max == 0)
		return einval("search", "collapse_max must be >= 1");
	/* BM25Weight(k1, k2, k3, b, min_normlen): k2 = 0 and k3 = 1 are
	 * Xapian's defaults; the rest comes from opts. */
	return guard("search", [&] {
		Xapian::BM25Weight w(opts->k1, 0, 1, opts->b,
		                     opts->min_normlen);
		Xapian::valueno slot = static_cast<Xapian::valueno>(
		        opts->collapse_slot);
		Xapian::Database &d = db->db();
		for (int attempt = 1;; attempt++) {
			try {
				std::unique_ptr<dx_xmset> m(new dx_xmset(d));
				Xapian::Enquire &e = m->enq;
				e.set_query(q->q);
				e.set_weighting_scheme(w);
				if (opts->collapse_slot >= 0)
					e.set_collapse_key(slot,
					                   opts->collapse_max);
				if (opts->by_value)
					e.set_sort_by_value_then_relevance(
					        opts->sort_slot, true);
				m->mset = e.get_mset(clamp(first), clamp(max),
				                     clamp(checkatleast));
				*out = m.release();
				return DX_OK;
			} catch (const Xapian::DatabaseModifiedError &) {
				/* The revision read was discarded by two later
				 * commits (glass keeps one old revision). */
				if (attempt == 3)
					throw;
				d.reopen();
			}
		}
	});
}

extern "C" size_t dx_xmset_size(const dx_xmset *m)
{
	return m ? m->mset.size() : 0;
}

extern "C" uint64_t dx_xmset_estimated(const dx_xmset *m)
{
	if (!m)
		return 0;
	return guard_val<uint64_t>("mset_estimated", 0, [&] {
		return m->mset.get_matches_estimated();
	});
}

extern "C" uint64_t dx_xmset_uncollapsed(const dx_xmset *m)
{
	if (!m)
		return 0;
	return guard_val<uint64_t>("mset_uncollapsed", 0, [&] {
		return m->mset.get_uncollapsed_matches_estimated();
	});
}

extern "C" uint32_t dx_xmset_docid(const dx_xmset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0;
	return guard_val<uint32_t>("mset_docid", 0, [&] {
		return *m->mset[clamp(i)];
	});
}

extern "C" double dx_xmset_weight(const dx_xmset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0.0;
	return guard_val<double>("mset_weight", 0.0, [&] {
		return m->mset[clamp(i)].get_weight();
	});
}

static int check_hit(const char *what, const dx_xmset *m, size_t i,
                     const dx_buf *out)
{
	if (!m || !out)
		return einval(what, "NULL argument");
	if (i >= m->mset.size())
		return dx_error_set(DX_EINVAL, "[xapian] %s: no hit %zu "
		                    "(size %zu)", what, i,
		                    static_cast<size_t>(m->mset.size()));
	return DX_OK;
}

extern "C" int dx_xmset_data(const dx_xmset *m, size_t i, dx_buf *out)
{
	int rc = check_hit("mset_data", m, i, out);
	if (rc)
		return rc;
	return guard("mset_data", [&] {
		copy_out(out, m->mset[clamp(i)].get_document().get_data());
		return DX_OK;
	});
}

extern "C" int dx_xmset_value(const dx_xmset *m, size_t i, unsigned int slot,
                              dx_buf *out)
{
	int rc = check_hit("mset_value", m, i, out);
	if (rc)
		return rc;
	return guard("mset_value", [&] {
		copy_out(out, m->mset[clamp(i)].get_document().get_value(slot));
		return DX_OK;
	});
}

extern "C" int dx_xmset_matching_terms(const dx_xmset *m, size_t i,
                                       dx_buf *out)
{
	int rc = check_hit("mset_matching_terms", m, i, out);
	if (rc)
		return rc;
	return guard("mset_matching_terms", [&] {
		Xapian::MSetIterator it = m->mset[clamp(i)];
		dx_buf_clear(out);
		for (auto t = m->enq.get_matching_terms_begin(it);
		     t != m->enq.get_matching_terms_end(it); ++t) {
			const std::string &s = *t;
			dx_buf_put(out, s.data(), s.size());
			dx_buf_putc(out, '\0');
		}
		return DX_OK;
	});
}

extern "C" void dx_xmset_free(dx_xmset *m)
{
	delete m;
}

/* ---- value ranges (facet filters) ---- */

extern "C" int dx_xq_value_range(dx_xq **out, unsigned int slot,
                                 const char *lo, size_t lolen,
                                 const char *hi, size_t hilen)
{
	if (!out)
		return einval("query_value_range", "NULL out");
	*out = nullptr;
	if (!lo || !hi || lolen == 0 || hilen == 0)
		return einval("query_value_range", "empty bound");
	return guard("query_value_range", [&] {
		*out = new dx_xq{Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
		                               static_cast<Xapian::valueno>(slot),
		                               std::string(lo, lolen),
		                               std::string(hi, hilen))};
		return DX_OK;
	});
}

/* ---- a set of documents (dx_xq_docids) ---- */

namespace {

/* The documents of a sorted docid list, weight 0.  Xapian calls init()
 * before each search (on a clone per search), so the position lives
 * here and clone() copies only the list. */
class DocidSource : public Xapian::PostingSource {
	std::vector<Xapian::docid> ids;
	size_t at = 0;
	bool started = false;

public:
	explicit DocidSource(std::vector<Xapian::docid> v) : ids(std::move(v)) {}

	Xapian::doccount get_termfreq_min() const override { return ids.size(); }
	Xapian::doccount get_termfreq_est() const override { return ids.size(); }
	Xapian::doccount get_termfreq_max() const override { return ids.size(); }
	void init(const Xapian::Database &) override
	{
		at = 0;
		started = false;
	}
	void next(double) override
	{
		if (started)
			at++;
		started = true;
	}
	void skip_to(Xapian::docid did, double) override
	{
		started = true;
		while (at < ids.size() && ids[at] < did)
			at++;
	}
	bool at_end() const override { return started && at >= ids.size(); }
	Xapian::docid get_docid() const override { return ids[at]; }
	Xapian::PostingSource *clone() const override
	{
		return new DocidSource(ids);
	}
	std::string get_description() const override
	{
		return "DocidSource(" + std::to_string(ids.size()) + ")";
	}
};

} /* namespace */

extern "C" int dx_xq_docids(dx_xq **out, dx_xdb *db, const uint32_t *ids,
                            size_t n)
{
	if (!out)
		return einval("query_docids", "NULL out");
	*out = nullptr;
	if (!db || (!ids && n > 0))
		return einval("query_docids", "NULL argument");
	return guard("query_docids", [&] {
		if (db->db().size() != 1)
			return DX_OK;
		std::vector<Xapian::docid> v(ids, ids + n);
		std::sort(v.begin(), v.end());
		v.erase(std::unique(v.begin(), v.end()), v.end());
		std::unique_ptr<DocidSource> src(new DocidSource(std::move(v)));
		*out = new dx_xq{Xapian::Query(src.release()->release())};
		return DX_OK;
	});
}

/* ---- ranking signals (query/search.c) ---- */

extern "C" uint64_t dx_xmset_collapse_count(const dx_xmset *m, size_t i)
{
	if (!m || i >= m->mset.size())
		return 0;
	return guard_val<uint64_t>("mset_collapse_count", 0, [&] {
		return m->mset[clamp(i)].get_collapse_count();
	});
}

extern "C" int dx_xmset_collapse_key(const dx_xmset *m, size_t i,
                                     dx_buf *out)
{
	int rc = check_hit("mset_collapse_key", m, i, out);
	if (rc)
		return rc;
	return guard("mset_collapse_key", [&] {
		copy_out(out, m->mset[clamp(i)].get_collapse_key());
		return DX_OK;
	});
}

/* ---- the unprefixed terms (the searcher's lexicon) ---- */

extern "C" int dx_xdb_unprefixed_terms(dx_xdb *db,
                                       int (*cb)(void *payload,
                                                 const char *term,
                                                 size_t len,
                                                 uint64_t termfreq),
                                       void *payload)
{
	if (!db || !cb)
		return einval("unprefixed_terms", "NULL argument");
	return guard("unprefixed_terms", [&]() -> int {
		Xapian::Database &d = db->db();
		auto end = d.allterms_end();
		auto t = d.allterms_begin();
		while (t != end) {
			const std::string &s = *t;

			if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') {
				/* Past every prefixed term at once. */
				t.skip_to(std::string(1, 'Z' + 1));
				continue;
			}
			int r = cb(payload, s.data(), s.size(),
			           t.get_termfreq());
			if (r)
				return r < 0 ? r : DX_OK;
			++t;
		}
		return DX_OK;
	});
}

/* ---- the revision a reader reads (sharing what is built from it) ---- */

extern "C" int dx_xdb_revision(dx_xdb *db, uint64_t *rev, dx_buf *uuid)
{
	if (!db || !rev || !uuid)
		return einval("revision", "NULL argument");
	if (db->writable)
		return einval("revision", "a writer's uncommitted changes "
		              "have no revision");
	return guard("revision", [&] {
		*rev = db->rd.get_revision();
		copy_out(uuid, db->rd.get_uuid());
		return DX_OK;
	});
}
