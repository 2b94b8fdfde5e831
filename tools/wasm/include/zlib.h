/* zlib.h for the WebAssembly build only (mk/wasm.mk puts this folder first
 * on the include path): the few gz* calls lib/idx.c makes, over stdio.
 * The browser has no zlib to link, but it has one of its own: the page's
 * worker (tools/book/explore/worker.js) unpacks the .gz files of data/mnist with
 * DecompressionStream before the program runs, so the program reads plain
 * IDX files, which idx.c accepts as they are. */
#ifndef WASM_ZLIB_SHIM_H
#define WASM_ZLIB_SHIM_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define Z_OK 0
#define Z_ERRNO (-1)
#define Z_STREAM_ERROR (-2)
#define Z_STREAM_END 1

typedef FILE *gzFile;

static inline gzFile gzopen(const char *path, const char *mode) { return fopen(path, mode); }
static inline int gzbuffer(gzFile g, unsigned size) { return setvbuf(g, NULL, _IOFBF, size) ? -1 : 0; }
static inline int gzread(gzFile g, void *buf, unsigned n) {
    size_t got = fread(buf, 1, n, g);
    return got < n && ferror(g) ? -1 : (int)got;
}
static inline const char *gzerror(gzFile g, int *errnum) {
    *errnum = ferror(g) ? Z_ERRNO : Z_OK;
    return ferror(g) ? strerror(errno) : "";
}
static inline int gzclose(gzFile g) { return fclose(g) ? Z_ERRNO : Z_OK; }

#endif
