/* idx.c: the IDX file format (idx.h).
 *
 * Loading checks the whole header against the file's length (from fstat)
 * before allocating anything, so a corrupt size can neither make us
 * allocate gigabytes nor read past the end; then it reads the data in one
 * block and converts each big-endian value to float. Values are assembled
 * from bytes with shifts, so the code does not depend on the machine's
 * byte order. */
#include "idx.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "datafile.h"

typedef struct {
    unsigned char code;
    size_t size;         /* bytes per value */
    const char *name;
    double lo, hi;       /* range of the integer types (unused for float/double) */
} IdxType;

static const IdxType IDX_TYPES[] = {
    {IDX_UBYTE, 1, "unsigned byte", 0.0, 255.0},
    {IDX_BYTE, 1, "signed byte", -128.0, 127.0},
    {IDX_SHORT, 2, "short", -32768.0, 32767.0},
    {IDX_INT, 4, "int", -2147483648.0, 2147483647.0},
    {IDX_FLOAT, 4, "float", 0.0, 0.0},
    {IDX_DOUBLE, 8, "double", 0.0, 0.0},
};

static const IdxType *idx_type(unsigned code) {
    for (size_t i = 0; i < sizeof IDX_TYPES / sizeof IDX_TYPES[0]; i++)
        if (IDX_TYPES[i].code == code) return &IDX_TYPES[i];
    return NULL;
}

static bool idx_type_is_integer(const IdxType *type) {
    return type->code != IDX_FLOAT && type->code != IDX_DOUBLE;
}

static uint64_t read_be(const unsigned char *p, size_t nbytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < nbytes; i++) v = v << 8 | p[i];
    return v;
}

static void write_be(unsigned char *p, uint64_t v, size_t nbytes) {
    for (size_t i = nbytes; i > 0; i--, v >>= 8) p[i - 1] = (unsigned char)(v & 0xFF);
}

/* Two's complement value of the low `bits` bits of u, without relying on
 * implementation-defined conversions to signed types. */
static int64_t sign_extend(uint64_t u, unsigned bits) {
    uint64_t half = (uint64_t)1 << (bits - 1);
    return u >= half ? (int64_t)(u - half) - (int64_t)half : (int64_t)u;
}

/* Converts one stored value to float; returns false if a double does not fit. */
static bool decode_value(const IdxType *type, const unsigned char *p, float *out) {
    uint64_t u = read_be(p, type->size);
    switch (type->code) {
    case IDX_UBYTE: *out = (float)u; return true;
    case IDX_BYTE: *out = (float)sign_extend(u, 8); return true;
    case IDX_SHORT: *out = (float)sign_extend(u, 16); return true;
    case IDX_INT: *out = (float)sign_extend(u, 32); return true; /* rounds beyond 2^24 */
    case IDX_FLOAT: {
        uint32_t bits = (uint32_t)u;
        memcpy(out, &bits, sizeof *out);
        return true;
    }
    default: { /* IDX_DOUBLE */
        double d;
        memcpy(&d, &u, sizeof d);
        if (isfinite(d) && fabs(d) > (double)FLT_MAX) return false;
        *out = (float)d;
        return true;
    }
    }
}

static uint64_t encode_value(const IdxType *type, float v) {
    switch (type->code) {
    case IDX_FLOAT: {
        uint32_t bits;
        memcpy(&bits, &v, sizeof bits);
        return bits;
    }
    case IDX_DOUBLE: {
        double d = (double)v;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return bits;
    }
    default: /* an integer in range (checked by the caller): two's complement, truncated */
        return (uint64_t)(int64_t)v;
    }
}

/* "60000x28x28" */
static void shape_text(char *buf, size_t bufsize, const size_t *shape, int ndim) {
    size_t len = 0;
    buf[0] = '\0';
    for (int d = 0; d < ndim && len < bufsize; d++)
        len += (size_t)snprintf(buf + len, bufsize - len, "%s%zu", d ? "x" : "", shape[d]);
}

/* Reads up to n bytes; returns how many, or -1 on a read or gzip error
 * (then err is filled). Short counts mean the end of the (decompressed) data. */
static long long gz_read_all(gzFile g, unsigned char *buf, size_t n, const char *path,
                             const char *func, char err[ERR_SIZE]) {
    size_t got = 0;
    while (got < n) {
        size_t want = n - got < (1u << 30) ? n - got : (1u << 30);
        int r = gzread(g, buf + got, (unsigned)want);
        int errnum = Z_OK;
        const char *msg = gzerror(g, &errnum);
        if (r < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
            if (errnum == Z_ERRNO)
                snprintf(err, ERR_SIZE, "%s: '%s': read error: %s", func, path, strerror(errno));
            else {
                /* zlib's message starts with the path, which err already names */
                size_t plen = strlen(path);
                if (strncmp(msg, path, plen) == 0 && strncmp(msg + plen, ": ", 2) == 0)
                    msg += plen + 2;
                snprintf(err, ERR_SIZE, "%s: '%s': corrupt or truncated gzip data (%s)", func,
                         path, msg);
            }
            return -1;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return (long long)got;
}

/* Checks the header of the open file g against the data that follows it
 * and reads the data. Errors are reported as "<func>: '<path>': <problem>".
 * A gzip file's decompressed length is unknown until the end, so the data
 * is read in growing chunks: memory follows what the file really holds,
 * never what a corrupt header claims. */
static Tensor *idx_read_file(gzFile g, const char *path, const char *func, unsigned char *type_code,
                             char err[ERR_SIZE]) {
    unsigned char head[4 + 4 * TENSOR_MAX_DIMS];
    long long n = gz_read_all(g, head, 4, path, func, err);
    if (n < 0) return NULL;
    if (n == 0) {
        snprintf(err, ERR_SIZE, "%s: '%s': empty file (0 bytes), expected an IDX header", func, path);
        return NULL;
    }
    if (n < 4) {
        snprintf(err, ERR_SIZE, "%s: '%s': truncated header: file has %lld bytes, an IDX header "
                 "has at least 4", func, path, n);
        return NULL;
    }
    if (head[0] != 0 || head[1] != 0) {
        bool gzip = head[0] == 0x1f && head[1] == 0x8b;
        snprintf(err, ERR_SIZE, "%s: '%s': bad magic: expected 00 00 <type> <dims>, found "
                 "%02x %02x %02x %02x%s", func, path, head[0], head[1], head[2], head[3],
                 gzip ? " (gzip data inside gzip data: compressed twice?)" : "");
        return NULL;
    }
    const IdxType *type = idx_type(head[2]);
    if (!type) {
        snprintf(err, ERR_SIZE, "%s: '%s': unsupported type code 0x%02X (known: 0x08 ubyte, "
                 "0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double)", func, path, head[2]);
        return NULL;
    }
    int ndim = head[3];
    if (ndim == 0 || ndim > TENSOR_MAX_DIMS) {
        snprintf(err, ERR_SIZE, "%s: '%s': %d dimensions, but a tensor has 1 to %d", func, path,
                 ndim, TENSOR_MAX_DIMS);
        return NULL;
    }
    size_t header_size = 4 + 4 * (size_t)ndim;
    n = gz_read_all(g, head + 4, header_size - 4, path, func, err);
    if (n < 0) return NULL;
    if ((size_t)n < header_size - 4) {
        snprintf(err, ERR_SIZE, "%s: '%s': truncated header: %d dimensions need %zu header bytes, "
                 "file has %lld", func, path, ndim, header_size, 4 + n);
        return NULL;
    }

    size_t shape[TENSOR_MAX_DIMS];
    bool has_zero = false;
    for (int d = 0; d < ndim; d++) {
        shape[d] = (size_t)read_be(head + 4 + 4 * d, 4);
        has_zero |= shape[d] == 0;
    }
    char dims[64];
    shape_text(dims, sizeof dims, shape, ndim);
    /* The count must fit with room for 8 bytes per value (the widest type,
     * and twice a float): checked before any allocation. */
    size_t count = 1;
    for (int d = 0; d < ndim && !has_zero; d++) {
        if (shape[d] > SIZE_MAX / 8 / count) {
            snprintf(err, ERR_SIZE, "%s: '%s': sizes %s overflow: that many values cannot be "
                     "addressed", func, path, dims);
            return NULL;
        }
        count *= shape[d];
    }
    if (has_zero) count = 0;
    size_t data_bytes = count * type->size;

    /* read the data, doubling the buffer as it arrives */
    size_t cap = data_bytes < ((size_t)1 << 20) ? data_bytes : ((size_t)1 << 20);
    unsigned char *raw = check_malloc(func, cap ? cap : 1, 1);
    size_t found = 0;
    for (;;) {
        n = gz_read_all(g, raw + found, cap - found, path, func, err);
        if (n < 0) goto fail;
        found += (size_t)n;
        if (found < cap || cap == data_bytes) break;
        cap = cap > data_bytes / 2 ? data_bytes : 2 * cap;
        raw = check_realloc(func, raw, cap, 1);
    }
    if (found < data_bytes) {
        snprintf(err, ERR_SIZE, "%s: '%s': truncated: header says %s = %zu bytes of data, "
                 "file has %zu", func, path, dims, data_bytes, found);
        goto fail;
    }
    unsigned long long trailing = 0;
    unsigned char spare[4096];
    while ((n = gz_read_all(g, spare, sizeof spare, path, func, err)) > 0)
        trailing += (unsigned long long)n;
    if (n < 0) goto fail;
    if (trailing) {
        snprintf(err, ERR_SIZE, "%s: '%s': %llu trailing bytes: header says %s = %zu bytes of "
                 "data, file has %llu", func, path, trailing, dims, data_bytes,
                 (unsigned long long)data_bytes + trailing);
        goto fail;
    }

    Tensor *t = tensor_zeros(ndim, shape);
    for (size_t i = 0; i < count; i++) {
        if (!decode_value(type, raw + i * type->size, &t->data[i])) {
            snprintf(err, ERR_SIZE, "%s: '%s': the double at index %zu is outside the range of "
                     "a float", func, path, i);
            free(raw);
            tensor_free(t);
            return NULL;
        }
    }
    free(raw);
    *type_code = type->code;
    return t;

fail:
    free(raw);
    return NULL;
}

static Tensor *idx_read(const char *path, const char *func, unsigned char *type_code,
                        char err[ERR_SIZE]) {
    if (!path || !err) /* reported under the public function's name */
        check_fail(func, __FILE__, __LINE__, "path %p, err %p", (const void *)path, (void *)err);
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, ERR_SIZE, "%s: cannot open '%s': %s", func, path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, ERR_SIZE, "%s: '%s' is a folder, not an IDX file", func, path);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, ERR_SIZE, "%s: '%s' is not a regular file", func, path);
        return NULL;
    }
    gzFile g = gzopen(path, "rb"); /* reads gzip data, and plain files as they are */
    if (!g) {
        snprintf(err, ERR_SIZE, "%s: cannot open '%s': %s", func, path,
                 errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    gzbuffer(g, 1u << 17);
    Tensor *t = idx_read_file(g, path, func, type_code, err);
    gzclose(g);
    return t;
}

Tensor *idx_load(const char *path, char err[ERR_SIZE]) {
    unsigned char type_code;
    return idx_read(path, __func__, &type_code, err);
}

int idx_save(const char *path, const Tensor *t, unsigned char type_code, char err[ERR_SIZE]) {
    CHECK(path != NULL && t != NULL && err != NULL, "path %p, tensor %p, err %p",
          (const void *)path, (const void *)t, (void *)err);
    CHECK(t->ndim >= 1, "'%s': an IDX file has at least 1 dimension, the tensor has shape %s",
          path, tensor_shape_str(t).text);
    const IdxType *type = idx_type(type_code);
    CHECK(type != NULL, "'%s': unknown type code 0x%02X", path, type_code);
    for (int d = 0; d < t->ndim; d++) {
        if (t->shape[d] > UINT32_MAX) {
            snprintf(err, ERR_SIZE, "idx_save: '%s': dimension %d of shape %s does not fit in "
                     "the 32-bit size of an IDX header", path, d, tensor_shape_str(t).text);
            return -1;
        }
    }
    /* check every value before touching the file */
    if (idx_type_is_integer(type)) {
        for (size_t i = 0; i < t->size; i++) {
            double v = (double)t->data[i];
            if (!(v >= type->lo && v <= type->hi) || v != trunc(v)) {
                snprintf(err, ERR_SIZE, "idx_save: '%s': value %.9g at index %zu is not a %s "
                         "(type 0x%02X: integers %.0f..%.0f)", path, v, i, type->name,
                         type->code, type->lo, type->hi);
                return -1;
            }
        }
    }
    size_t header_size = 4 + 4 * (size_t)t->ndim;
    size_t bytes = header_size + check_mul(__func__, t->size, type->size);
    unsigned char *buf = check_malloc(__func__, bytes, 1);
    buf[0] = buf[1] = 0;
    buf[2] = type->code;
    buf[3] = (unsigned char)t->ndim;
    for (int d = 0; d < t->ndim; d++) write_be(buf + 4 + 4 * d, t->shape[d], 4);
    for (size_t i = 0; i < t->size; i++)
        write_be(buf + header_size + i * type->size, encode_value(type, t->data[i]), type->size);

    AtomicFile af;
    int result = atomicfile_open(&af, path, __func__, err);
    if (result == 0) {
        fwrite(buf, 1, bytes, af.f); /* a short write is caught by the commit's ferror */
        result = atomicfile_commit(&af, __func__, err);
    }
    free(buf);
    return result;
}

Dataset *mnist_load(const char *images_path, const char *labels_path, char err[ERR_SIZE]) {
    CHECK(images_path && labels_path && err, "images_path %p, labels_path %p, err %p",
          (const void *)images_path, (const void *)labels_path, (void *)err);
    unsigned char img_type, lbl_type;
    Tensor *images = idx_read(images_path, __func__, &img_type, err);
    if (!images) return NULL;
    Tensor *labels = NULL;
    if (img_type != IDX_UBYTE || images->ndim != 3) {
        snprintf(err, ERR_SIZE, "mnist_load: '%s': images must be unsigned bytes (type 0x08) of "
                 "shape (n, rows, cols); found type 0x%02X, shape %s", images_path, img_type,
                 tensor_shape_str(images).text);
        goto fail;
    }
    labels = idx_read(labels_path, __func__, &lbl_type, err);
    if (!labels) goto fail;
    if (lbl_type != IDX_UBYTE || labels->ndim != 1) {
        snprintf(err, ERR_SIZE, "mnist_load: '%s': labels must be unsigned bytes (type 0x08) of "
                 "shape (n); found type 0x%02X, shape %s", labels_path, lbl_type,
                 tensor_shape_str(labels).text);
        goto fail;
    }
    size_t n = images->shape[0];
    if (labels->shape[0] != n) {
        snprintf(err, ERR_SIZE, "mnist_load: '%s' has %zu images but '%s' has %zu labels",
                 images_path, n, labels_path, labels->shape[0]);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        if (labels->data[i] > 9.0f) {
            snprintf(err, ERR_SIZE, "mnist_load: '%s': label %.0f at index %zu is out of range "
                     "0..9", labels_path, (double)labels->data[i], i);
            goto fail;
        }
    }
    int *classes = check_malloc(__func__, n, sizeof *classes);
    for (size_t i = 0; i < n; i++) classes[i] = (int)labels->data[i];
    tensor_free(labels);
    size_t flat[2] = {n, images->shape[1] * images->shape[2]};
    tensor_reshape(images, 2, flat);
    for (size_t i = 0; i < images->size; i++) images->data[i] /= 255.0f;
    return dataset_wrap(images, classes, 10);

fail:
    tensor_free(images);
    tensor_free(labels);
    return NULL;
}

/* The Makefile passes the checkout's data folder (lib.mk); "data" keeps a
 * hand-made build usable from the checkout's root. */
#ifndef WORKBOOK_DATA_DIR
#define WORKBOOK_DATA_DIR "data"
#endif

const char *workbook_data_dir(void) {
    const char *env = getenv("WORKBOOK_DATA");
    return env && *env ? env : WORKBOOK_DATA_DIR;
}

Dataset *mnist_load_set(const char *data_dir, const char *set, char err[ERR_SIZE]) {
    CHECK(data_dir && set && err, "data_dir %p, set %p, err %p", (const void *)data_dir,
          (const void *)set, (void *)err);
    if (strcmp(set, "train") != 0 && strcmp(set, "test") != 0) {
        snprintf(err, ERR_SIZE, "mnist_load_set: unknown set '%s': expected \"train\" or \"test\"",
                 set);
        return NULL;
    }
    char images[4096], labels[4096];
    int a = snprintf(images, sizeof images, "%s/mnist/%s-images-idx3-ubyte.gz", data_dir, set);
    int b = snprintf(labels, sizeof labels, "%s/mnist/%s-labels-idx1-ubyte.gz", data_dir, set);
    if (a < 0 || b < 0 || (size_t)a >= sizeof images || (size_t)b >= sizeof labels) {
        snprintf(err, ERR_SIZE, "mnist_load_set: data folder path too long (%zu characters)",
                 strlen(data_dir));
        return NULL;
    }
    return mnist_load(images, labels, err);
}
