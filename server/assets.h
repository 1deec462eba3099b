/*
 * assets.h -- files built into the binary (server/assets/), turned into
 * C arrays at build time by embed.cmake.  Nothing else is ever served:
 * the server never reads files from disk for a request.
 */
#ifndef DX_SERVER_ASSETS_H
#define DX_SERVER_ASSETS_H

#include <stddef.h>

extern const unsigned char dx_asset_widget_js[];
extern const size_t        dx_asset_widget_js_len;
extern const unsigned char dx_asset_style_css[];
extern const size_t        dx_asset_style_css_len;

#endif
