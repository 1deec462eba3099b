/* errors.c -- thread-local last error; see errors.h. */
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_msg[1024];
static _Thread_local int last_code;

int dx_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

void dx_error_clear(void)
{
	last_msg[0] = '\0';
	last_code = DX_OK;
}

int dx_error_code(void)
{
	return last_code;
}

const char *dx_error_last(void)
{
	return last_msg[0] ? last_msg : dx_strerror(last_code);
}

const char *dx_strerror(int code)
{
	switch (code) {
	case DX_OK:        return "no error";
	case DX_ERROR:     return "error";
	case DX_ENOTFOUND: return "not found";
	case DX_ELOCKED:   return "index is locked by another indexer";
	case DX_EDICT:     return "dictionary missing or mismatched";
	case DX_EQUERY:    return "invalid query";
	case DX_EINVAL:    return "invalid argument";
	case DX_ENOMEM:    return "out of memory";
	case DX_ESTALE:    return "index was built by another analyzer; re-index";
	case DX_EMODIFIED: return "index changed while reading; retry";
	case DX_ECORRUPT:  return "index is corrupt";
	case DX_EIO:       return "input/output error";
	case DX_ITEROVER:  return "end of iteration";
	default:           return "unknown error";
	}
}

const char *dx_version(void)
{
	return DX_VERSION_STRING;
}

const char *dx_code_name(int code)
{
	switch (code) {
	case DX_OK:        return "ok";
	case DX_ENOTFOUND: return "not_found";
	case DX_ELOCKED:   return "locked";
	case DX_EDICT:     return "dictionary";
	case DX_EQUERY:    return "invalid_query";
	case DX_EINVAL:    return "invalid_argument";
	case DX_ENOMEM:    return "out_of_memory";
	case DX_ESTALE:    return "stale_index";
	case DX_EMODIFIED: return "modified";
	case DX_ECORRUPT:  return "corrupt_index";
	case DX_EIO:       return "io_error";
	default:           return "error";
	}
}
