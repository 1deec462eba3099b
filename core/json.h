/*
 * json.h -- JSON and HTML text escaping into a dx_buf (appending).
 * Input is valid UTF-8.  JSON strings escape quotes, backslash, control
 * characters, U+2028/U+2029 and '<' (\u003c), so that output may be
 * embedded in a <script> safely.  HTML escaping covers & < > " '.
 */
#ifndef DX_JSON_H
#define DX_JSON_H

#include <stddef.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A quoted JSON string. */
void dx_json_str(dx_buf *b, const char *s, size_t len);
void dx_json_cstr(dx_buf *b, const char *s);    /* NULL: null */
/* A JSON number; NaN and infinities become 0. */
void dx_json_num(dx_buf *b, double v);
/* HTML text/attribute escaping. */
void dx_html_escape(dx_buf *b, const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif
