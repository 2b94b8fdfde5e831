/* test_idx.c: the IDX reader and writer and mnist_load.
 *
 * The fixtures are written at test time, byte by byte, into a fresh
 * mkdtemp folder under /tmp (removed after each test), rather than
 * committed under tests/lib/data/idx/: each corrupt file is then visible
 * right next to the assertion about it, the bytes are written by code that
 * is independent of idx_save (so a bug shared by reader and writer cannot
 * hide), and the tests do not depend on the folder they are run from. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "idx.h"
#include "tmpdir.h"

#define TMP_TEST(name, ...) \
    Test(idx, name, .init = tmpdir_setup, .fini = tmpdir_teardown, ##__VA_ARGS__)

/* ---- writing fixtures by hand --------------------------------------------- */

typedef struct {
    unsigned char bytes[4096];
    size_t len;
} Bytes;

static void put(Bytes *b, const unsigned char *p, size_t n) {
    cr_assert(b->len + n <= sizeof b->bytes, "fixture too large");
    memcpy(b->bytes + b->len, p, n);
    b->len += n;
}

static void put_u8(Bytes *b, unsigned v) {
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put_u32(Bytes *b, uint32_t v) {
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    put(b, p, 4);
}

/* The header 00 00 type ndim, then the sizes big-endian. */
static void put_header(Bytes *b, unsigned type, unsigned ndim, const uint32_t *sizes) {
    put_u8(b, 0);
    put_u8(b, 0);
    put_u8(b, type);
    put_u8(b, ndim);
    for (unsigned d = 0; d < ndim; d++) put_u32(b, sizes[d]);
}

static const char *write_fixture(const char *name, const Bytes *b) {
    const char *path = tmpdir_path(name);
    FILE *f = fopen(path, "wb");
    cr_assert(f != NULL, "cannot create fixture %s", path);
    cr_assert_eq(fwrite(b->bytes, 1, b->len, f), b->len, "cannot write fixture %s", path);
    fclose(f);
    return path;
}

/* idx_load must fail on the file, with an error naming idx_load, the file
 * name and containing `problem`. */
static void expect_load_error(const char *path, const char *name, const char *problem) {
    char err[ERR_SIZE] = "";
    Tensor *t = idx_load(path, err);
    cr_expect(t == NULL, "idx_load(%s) should fail (%s), but returned a tensor of shape %s", name,
              problem, tensor_shape_str(t).text);
    tensor_free(t);
    cr_expect(strstr(err, "idx_load") && strstr(err, name) && strstr(err, problem),
              "idx_load(%s): error should name idx_load, the file and say \"%s\", got \"%s\"",
              name, problem, err);
}

/* ---- decoding and round trips ---------------------------------------------- */

TMP_TEST(decodes_big_endian_values_of_every_type) {
    struct {
        unsigned type;
        unsigned char data[16];
        size_t size;
        float want[2];
    } cases[6] = {
        {0x08, {0x00, 0xff}, 1, {0.0f, 255.0f}},
        {0x09, {0x80, 0x7f}, 1, {-128.0f, 127.0f}},
        {0x0B, {0xff, 0xfe, 0x01, 0x02}, 2, {-2.0f, 258.0f}},
        {0x0C, {0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x00, 0x00}, 4, {-1.0f, 65536.0f}},
        {0x0D, {0x3f, 0xc0, 0, 0, 0xc0, 0x20, 0, 0}, 4, {1.5f, -2.5f}},
        {0x0E, {0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xc0, 0x04, 0, 0, 0, 0, 0, 0}, 8, {1.5f, -2.5f}},
    };
    for (int k = 0; k < 6; k++) {
        Bytes b = {.len = 0};
        uint32_t n = 2;
        put_header(&b, cases[k].type, 1, &n);
        put(&b, cases[k].data, 2 * cases[k].size);
        const char *path = write_fixture("values.idx", &b);
        char err[ERR_SIZE] = "";
        Tensor *t = idx_load(path, err);
        cr_assert(t != NULL, "type 0x%02X: idx_load failed: %s", cases[k].type, err);
        cr_expect(t->ndim == 1 && t->shape[0] == 2, "type 0x%02X: expected shape (2), got %s",
                  cases[k].type, tensor_shape_str(t).text);
        for (int i = 0; i < 2; i++)
            cr_expect(t->data[i] == cases[k].want[i], "type 0x%02X value %d: expected %g, got %g",
                      cases[k].type, i, (double)cases[k].want[i], (double)t->data[i]);
        tensor_free(t);
    }
}

/* Saves values of shape (2, 3, 2) with the type, checks the file's size
 * and loads it back: same shape, same values. */
static void round_trip(unsigned char type, size_t elem_size, const float values[12]) {
    size_t shape[3] = {2, 3, 2};
    Tensor *t = tensor_from_array(3, shape, values);
    const char *path = tmpdir_path("round.idx");
    char err[ERR_SIZE] = "";
    int rc = idx_save(path, t, type, err);
    cr_assert_eq(rc, 0, "idx_save type 0x%02X failed: %s", type, err);
    struct stat st;
    stat(path, &st);
    cr_expect_eq((size_t)st.st_size, 4 + 3 * 4 + 12 * elem_size, "type 0x%02X file: expected %zu "
                 "bytes (16 header + 12 x %zu), got %lld", type, 16 + 12 * elem_size, elem_size,
                 (long long)st.st_size);
    Tensor *back = idx_load(path, err);
    cr_assert(back != NULL, "idx_load of a saved type 0x%02X file failed: %s", type, err);
    cr_expect(tensor_same_shape(t, back), "type 0x%02X: saved shape (2, 3, 2), loaded %s", type,
              tensor_shape_str(back).text);
    for (int i = 0; i < 12; i++)
        cr_expect(memcmp(&back->data[i], &values[i], sizeof(float)) == 0,
                  "type 0x%02X value %d: saved %.9g, loaded %.9g", type, i, (double)values[i],
                  (double)back->data[i]);
    tensor_free(t);
    tensor_free(back);
}

TMP_TEST(round_trip_ubyte) {
    float v[12] = {0, 1, 2, 127, 128, 200, 254, 255, 3, 4, 5, 6};
    round_trip(IDX_UBYTE, 1, v);
}

TMP_TEST(round_trip_signed_byte) {
    float v[12] = {-128, -127, -1, 0, 1, 126, 127, 5, -5, 64, -64, 100};
    round_trip(IDX_BYTE, 1, v);
}

TMP_TEST(round_trip_short) {
    float v[12] = {-32768, -32767, -256, -1, 0, 1, 255, 256, 32767, 1000, -1000, 12345};
    round_trip(IDX_SHORT, 2, v);
}

TMP_TEST(round_trip_int) {
    /* floats that are exact integers, up to the extremes of int32 */
    float v[12] = {-2147483648.0f, -16777216.0f, -65537, -1, 0, 1, 65536, 16777216.0f,
                   2147483520.0f /* largest float below 2^31 */, 7, -7, 123456};
    round_trip(IDX_INT, 4, v);
}

TMP_TEST(round_trip_float_keeps_every_bit) {
    float v[12] = {0.1f, -0.0f, 1e-45f, 3.4028235e38f, -3.4028235e38f, INFINITY, -INFINITY,
                   1.0f / 3.0f, 1e-38f, -2.5f, 65504.0f, 7.0f};
    round_trip(IDX_FLOAT, 4, v);
}

TMP_TEST(round_trip_double) {
    float v[12] = {0.1f, -0.0f, 1e-45f, 3.4028235e38f, -3.4028235e38f, INFINITY, -INFINITY,
                   1.0f / 3.0f, 1e-38f, -2.5f, 65504.0f, 7.0f};
    round_trip(IDX_DOUBLE, 8, v);
}

TMP_TEST(float_round_trip_keeps_nan) {
    float v[1] = {NAN};
    Tensor *t = tensor_vector(1, v);
    char err[ERR_SIZE] = "";
    cr_assert_eq(idx_save(tmpdir_path("nan.idx"), t, IDX_FLOAT, err), 0, "%s", err);
    Tensor *back = idx_load(tmpdir_path("nan.idx"), err);
    cr_assert(back != NULL, "%s", err);
    cr_expect(isnan(back->data[0]), "saved NaN as float, loaded %g", (double)back->data[0]);
    tensor_free(t);
    tensor_free(back);
}

TMP_TEST(four_dimensions_and_empty_dimensions_load) {
    Bytes b = {.len = 0};
    uint32_t four[4] = {2, 1, 3, 2};
    put_header(&b, 0x08, 4, four);
    for (unsigned i = 0; i < 12; i++) put_u8(&b, i);
    char err[ERR_SIZE] = "";
    Tensor *t = idx_load(write_fixture("four.idx", &b), err);
    cr_assert(t != NULL, "a 4-d file (2, 1, 3, 2) should load: %s", err);
    cr_expect(t->ndim == 4 && t->shape[0] == 2 && t->shape[1] == 1 && t->shape[2] == 3 &&
                  t->shape[3] == 2 && t->data[11] == 11.0f,
              "4-d file: expected shape (2, 1, 3, 2) ending in 11, got %s", tensor_shape_str(t).text);
    tensor_free(t);

    Bytes e = {.len = 0};
    uint32_t empty[3] = {0, 28, 28};
    put_header(&e, 0x08, 3, empty);
    t = idx_load(write_fixture("empty-set.idx", &e), err);
    cr_assert(t != NULL, "a file of 0 images (0, 28, 28) should load: %s", err);
    cr_expect(t->ndim == 3 && t->size == 0 && t->shape[1] == 28,
              "0 images: expected shape (0, 28, 28), got %s", tensor_shape_str(t).text);
    tensor_free(t);
}

TMP_TEST(save_rejects_values_that_do_not_fit_the_type) {
    struct {
        unsigned char type;
        float value;
        const char *name;
    } cases[] = {
        {IDX_UBYTE, 256.0f, "256 as ubyte"},     {IDX_UBYTE, -1.0f, "-1 as ubyte"},
        {IDX_UBYTE, 0.5f, "0.5 as ubyte"},       {IDX_BYTE, 128.0f, "128 as byte"},
        {IDX_BYTE, -129.0f, "-129 as byte"},     {IDX_SHORT, 32768.0f, "32768 as short"},
        {IDX_INT, 2147483648.0f, "2^31 as int"}, {IDX_INT, NAN, "NaN as int"},
        {IDX_SHORT, INFINITY, "inf as short"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        float v[3] = {0.0f, cases[k].value, 1.0f};
        Tensor *t = tensor_vector(3, v);
        const char *path = tmpdir_path("bad.idx");
        char err[ERR_SIZE] = "";
        int rc = idx_save(path, t, cases[k].type, err);
        cr_expect_eq(rc, -1, "idx_save of %s should fail, got %d", cases[k].name, rc);
        cr_expect(strstr(err, "idx_save") && strstr(err, "bad.idx") && strstr(err, "index 1"),
                  "idx_save of %s: error should name idx_save, the file and index 1, got \"%s\"",
                  cases[k].name, err);
        struct stat st;
        cr_expect(stat(path, &st) != 0, "idx_save of %s must not create the file", cases[k].name);
        tensor_free(t);
    }
}

/* ---- MNIST ------------------------------------------------------------------- */

/* pixel (i, r, c) of the synthetic images */
static unsigned pixel(unsigned i, unsigned r, unsigned c) { return (i * 7 + r * 28 + c) % 256; }

static const char *write_images(const char *name, uint32_t n) {
    static unsigned char bytes[16 + 10 * 784]; /* too big for a Bytes */
    cr_assert(n <= 10, "at most 10 images");
    unsigned char head[16] = {0, 0, 0x08, 3, 0, 0, 0, (unsigned char)n, 0, 0, 0, 28, 0, 0, 0, 28};
    memcpy(bytes, head, 16);
    size_t len = 16;
    for (unsigned i = 0; i < n; i++)
        for (unsigned r = 0; r < 28; r++)
            for (unsigned c = 0; c < 28; c++) bytes[len++] = (unsigned char)pixel(i, r, c);
    const char *path = tmpdir_path(name);
    FILE *f = fopen(path, "wb");
    cr_assert(f != NULL, "cannot create %s", path);
    cr_assert_eq(fwrite(bytes, 1, len, f), len, "cannot write %s", path);
    fclose(f);
    return path;
}

static const char *write_labels(const char *name, uint32_t n, const unsigned char *labels) {
    Bytes b = {.len = 0};
    put_header(&b, 0x08, 1, &n);
    put(&b, labels, n);
    return write_fixture(name, &b);
}

TMP_TEST(mnist_pair_loads_scaled_and_flattened) {
    unsigned char labels[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}; /* MNIST's first ten */
    const char *img = write_images("t10k-images-idx3-ubyte", 10);
    const char *lbl = write_labels("t10k-labels-idx1-ubyte", 10, labels);
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(img, lbl, err);
    cr_assert(ds != NULL, "mnist_load of 10 synthetic 28x28 images failed: %s", err);
    cr_expect(ds->n == 10 && ds->dim == 784 && ds->nclasses == 10 && ds->x->ndim == 2 &&
                  ds->x->shape[0] == 10 && ds->x->shape[1] == 784,
              "expected n 10, dim 784, nclasses 10, x (10, 784); got n %zu dim %zu nclasses %zu "
              "x %s", ds->n, ds->dim, ds->nclasses, tensor_shape_str(ds->x).text);
    for (unsigned i = 0; i < 10; i++) {
        cr_expect_eq(ds->labels[i], labels[i], "label %u: expected %u, got %d", i, labels[i],
                     ds->labels[i]);
        for (unsigned r = 0; r < 28; r++)
            for (unsigned c = 0; c < 28; c++) {
                float got = ds->x->data[i * 784 + r * 28 + c];
                float want = (float)pixel(i, r, c) / 255.0f;
                cr_expect(got == want, "image %u pixel (%u, %u) = %u: expected %g after scaling, "
                          "got %g", i, r, c, pixel(i, r, c), (double)want, (double)got);
                cr_expect(got >= 0.0f && got <= 1.0f, "pixel out of [0, 1]: %g", (double)got);
            }
    }
    dataset_free(ds);
}

TMP_TEST(mnist_label_out_of_range_names_file_and_index) {
    unsigned char labels[10] = {5, 0, 4, 10, 9, 2, 1, 3, 1, 4};
    const char *img = write_images("imgs", 10), *lbl = write_labels("lbls", 10, labels);
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(img, lbl, err);
    cr_expect(ds == NULL, "a label 10 should make mnist_load fail");
    dataset_free(ds);
    cr_expect(strstr(err, "mnist_load") && strstr(err, "lbls") && strstr(err, "label 10 at index 3"),
              "label 10 at index 3: error should name mnist_load, the labels file and the index, "
              "got \"%s\"", err);
}

TMP_TEST(mnist_count_mismatch_names_both_files) {
    unsigned char labels[9] = {0};
    const char *img = write_images("imgs", 10), *lbl = write_labels("lbls", 9, labels);
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(img, lbl, err);
    cr_expect(ds == NULL, "10 images with 9 labels should make mnist_load fail");
    dataset_free(ds);
    cr_expect(strstr(err, "imgs' has 10 images") && strstr(err, "lbls' has 9 labels"),
              "error should give both files and counts, got \"%s\"", err);
}

TMP_TEST(mnist_rejects_images_of_the_wrong_type_or_shape) {
    Bytes b = {.len = 0};
    uint32_t two[2] = {2, 4};
    put_header(&b, 0x08, 2, two);
    for (int i = 0; i < 8; i++) put_u8(&b, 0);
    unsigned char labels[2] = {1, 2};
    const char *lbl = write_labels("lbls", 2, labels);
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(write_fixture("flat", &b), lbl, err);
    cr_expect(ds == NULL && strstr(err, "flat") && strstr(err, "(n, rows, cols)") &&
                  strstr(err, "(2, 4)"),
              "2-d images (2, 4): expected an error naming the file and the shapes, got \"%s\"",
              err);
    dataset_free(ds);

    Bytes fb = {.len = 0};
    uint32_t three[3] = {2, 1, 1};
    put_header(&fb, 0x0D, 3, three);
    for (int i = 0; i < 8; i++) put_u8(&fb, 0);
    ds = mnist_load(write_fixture("floats", &fb), lbl, err);
    cr_expect(ds == NULL && strstr(err, "floats") && strstr(err, "type 0x0D"),
              "float images: expected an error naming the file and type 0x0D, got \"%s\"", err);
    dataset_free(ds);
}

TMP_TEST(mnist_reports_a_bad_labels_file) {
    Bytes b = {.len = 0};
    uint32_t n = 10;
    put_header(&b, 0x08, 1, &n);
    put_u8(&b, 1); /* 1 of 10 labels */
    const char *img = write_images("imgs", 10);
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(img, write_fixture("short-labels", &b), err);
    cr_expect(ds == NULL && strstr(err, "mnist_load") && strstr(err, "short-labels") &&
                  strstr(err, "truncated"),
              "truncated labels file: expected an error naming mnist_load and the file, got \"%s\"",
              err);
    dataset_free(ds);
    ds = mnist_load(tmpdir_path("no-such-images"), tmpdir_path("no-such-labels"), err);
    cr_expect(ds == NULL && strstr(err, "no-such-images") && strstr(err, "No such file"),
              "missing images file: expected an error naming it, got \"%s\"", err);
    dataset_free(ds);
}

/* ---- corrupt files -------------------------------------------------------------- */

TMP_TEST(empty_file) {
    Bytes b = {.len = 0};
    expect_load_error(write_fixture("empty.idx", &b), "empty.idx", "empty file");
}

TMP_TEST(bad_magic_shows_the_bytes_found) {
    Bytes b = {.len = 0};
    unsigned char junk[8] = {0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0};
    put(&b, junk, 8);
    expect_load_error(write_fixture("magic.idx", &b), "magic.idx", "bad magic");
    expect_load_error(tmpdir_path("magic.idx"), "magic.idx", "found 12 34 08 01");
}

TMP_TEST(unknown_type_code) {
    Bytes b = {.len = 0};
    uint32_t n = 1;
    put_header(&b, 0x0A, 1, &n);
    put_u8(&b, 0);
    expect_load_error(write_fixture("type.idx", &b), "type.idx", "unsupported type code 0x0A");
}

TMP_TEST(zero_dimensions) {
    Bytes b = {.len = 0};
    put_header(&b, 0x08, 0, NULL);
    put_u8(&b, 7);
    expect_load_error(write_fixture("zero.idx", &b), "zero.idx", "0 dimensions");
}

TMP_TEST(five_dimensions) {
    Bytes b = {.len = 0};
    uint32_t five[5] = {1, 1, 1, 1, 1};
    put_header(&b, 0x08, 5, five);
    put_u8(&b, 7);
    expect_load_error(write_fixture("five.idx", &b), "five.idx", "5 dimensions, but a tensor has 1 to 4");
}

TMP_TEST(truncated_magic_and_truncated_header) {
    Bytes b = {.len = 0};
    put_u8(&b, 0);
    put_u8(&b, 0);
    expect_load_error(write_fixture("two-bytes.idx", &b), "two-bytes.idx", "truncated header");
    Bytes h = {.len = 0};
    unsigned char part[7] = {0, 0, 0x08, 3, 0, 0, 0};
    put(&h, part, 7);
    expect_load_error(write_fixture("header.idx", &h), "header.idx",
                      "truncated header: 3 dimensions need 16 header bytes, file has 7");
}

TMP_TEST(truncated_data_says_how_much_is_missing) {
    Bytes b = {.len = 0};
    uint32_t sizes[3] = {60000, 28, 28};
    put_header(&b, 0x08, 3, sizes);
    for (int i = 0; i < 1000; i++) put_u8(&b, 0);
    expect_load_error(write_fixture("train-images-idx3-ubyte", &b), "train-images-idx3-ubyte",
                      "truncated: header says 60000x28x28 = 47040000 bytes of data, file has 1000");
}

TMP_TEST(truncated_wide_type_counts_bytes) {
    Bytes b = {.len = 0};
    uint32_t n = 3;
    put_header(&b, 0x0E, 1, &n);
    for (int i = 0; i < 23; i++) put_u8(&b, 0); /* 3 doubles need 24 */
    expect_load_error(write_fixture("doubles.idx", &b), "doubles.idx",
                      "header says 3 = 24 bytes of data, file has 23");
}

TMP_TEST(trailing_bytes) {
    Bytes b = {.len = 0};
    uint32_t n = 2;
    put_header(&b, 0x08, 1, &n);
    for (int i = 0; i < 5; i++) put_u8(&b, 1);
    expect_load_error(write_fixture("trailing.idx", &b), "trailing.idx",
                      "3 trailing bytes: header says 2 = 2 bytes of data, file has 5");
}

TMP_TEST(sizes_whose_product_overflows) {
    Bytes b = {.len = 0};
    uint32_t huge[4] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
    put_header(&b, 0x08, 4, huge);
    put_u8(&b, 0);
    expect_load_error(write_fixture("overflow.idx", &b), "overflow.idx",
                      "sizes 4294967295x4294967295x4294967295x4294967295 overflow");
}

TMP_TEST(huge_declared_size_is_checked_before_allocating) {
    /* 2^48 values fit in size_t, but not in this 20-byte file: the size
     * check must come before any allocation (ASan would report a 1 PB malloc) */
    Bytes b = {.len = 0};
    uint32_t sizes[3] = {65536, 65536, 65536};
    put_header(&b, 0x08, 3, sizes);
    for (int i = 0; i < 4; i++) put_u8(&b, 0);
    expect_load_error(write_fixture("huge.idx", &b), "huge.idx",
                      "header says 65536x65536x65536 = 281474976710656 bytes of data, file has 4");
}

TMP_TEST(double_outside_float_range) {
    Bytes b = {.len = 0};
    uint32_t n = 2;
    put_header(&b, 0x0E, 1, &n);
    unsigned char one[8] = {0x3f, 0xf0, 0, 0, 0, 0, 0, 0};          /* 1.0 */
    unsigned char big[8] = {0x7e, 0x37, 0xe4, 0x3c, 0x88, 0, 0, 0}; /* about 1e300 */
    put(&b, one, 8);
    put(&b, big, 8);
    expect_load_error(write_fixture("big.idx", &b), "big.idx",
                      "the double at index 1 is outside the range of a float");
}

TMP_TEST(nonexistent_file) {
    expect_load_error(tmpdir_path("missing.idx"), "missing.idx", "No such file");
}

TMP_TEST(folder_instead_of_a_file) {
    mkdir(tmpdir_path("data"), 0777);
    expect_load_error(tmpdir_path("data"), "data", "is a folder");
}

/* ---- gzip-compressed files ----------------------------------------------------- */

/* Compresses the file src into tmpdir/<name> with zlib (as gzip(1) would)
 * and returns the new path. */
static const char *gzip_fixture(const char *src, const char *name) {
    FILE *in = fopen(src, "rb");
    cr_assert(in != NULL, "cannot read %s", src);
    static unsigned char buf[16 + 10 * 784];
    size_t len = fread(buf, 1, sizeof buf, in);
    fclose(in);
    const char *path = tmpdir_path(name);
    gzFile g = gzopen(path, "wb9");
    cr_assert(g != NULL, "cannot create %s", path);
    cr_assert_eq(gzwrite(g, buf, (unsigned)len), (int)len, "cannot write %s", path);
    cr_assert_eq(gzclose(g), Z_OK, "cannot close %s", path);
    return path;
}

/* The bytes of a file, for cutting and corrupting. */
static size_t slurp(const char *path, unsigned char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    cr_assert(f != NULL, "cannot read %s", path);
    size_t len = fread(buf, 1, cap, f);
    cr_assert(len < cap, "%s is larger than the %zu-byte buffer", path, cap);
    fclose(f);
    return len;
}

static void spit(const char *path, const unsigned char *buf, size_t len) {
    FILE *f = fopen(path, "wb");
    cr_assert(f != NULL, "cannot create %s", path);
    cr_assert_eq(fwrite(buf, 1, len, f), len, "cannot write %s", path);
    fclose(f);
}

TMP_TEST(gzip_files_are_read_like_plain_ones) {
    Bytes b = {.len = 0};
    uint32_t sizes[2] = {2, 3};
    put_header(&b, 0x08, 2, sizes);
    for (unsigned v = 0; v < 6; v++) put_u8(&b, 40 * v + 1);
    const char *gz = gzip_fixture(write_fixture("small.idx", &b), "small.idx.gz");
    char err[ERR_SIZE] = "";
    Tensor *t = idx_load(gz, err);
    cr_assert(t != NULL, "idx_load of a gzip-compressed 2x3 ubyte file failed: %s", err);
    cr_expect(t->ndim == 2 && t->shape[0] == 2 && t->shape[1] == 3,
              "small.idx.gz: expected shape (2, 3), got %s", tensor_shape_str(t).text);
    for (unsigned v = 0; v < 6; v++)
        cr_expect(t->data[v] == (float)(40 * v + 1), "small.idx.gz value %u: expected %u, got %g",
                  v, 40 * v + 1, (double)t->data[v]);
    tensor_free(t);
}

TMP_TEST(mnist_pair_loads_from_gzip_files) {
    unsigned char labels[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    const char *img = gzip_fixture(write_images("imgs", 10), "imgs.gz");
    const char *lbl = gzip_fixture(write_labels("lbls", 10, labels), "lbls.gz");
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(img, lbl, err);
    cr_assert(ds != NULL, "mnist_load of gzip-compressed files failed: %s", err);
    cr_expect(ds->n == 10 && ds->dim == 784, "expected 10 images of 784 pixels, got %zu of %zu",
              ds->n, ds->dim);
    for (unsigned i = 0; i < 10; i++)
        cr_expect_eq(ds->labels[i], labels[i], "label %u: expected %u, got %d", i, labels[i],
                     ds->labels[i]);
    float want = (float)pixel(9, 27, 27) / 255.0f, got = ds->x->data[9 * 784 + 783];
    cr_expect(got == want, "image 9, last pixel: expected %g, got %g", (double)want, (double)got);
    dataset_free(ds);
}

TMP_TEST(truncated_gzip_stream_is_an_error) {
    unsigned char labels[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    const char *gz = gzip_fixture(write_images("imgs", 10), "cut-images.gz");
    static unsigned char buf[1 << 16];
    size_t len = slurp(gz, buf, sizeof buf);
    spit(gz, buf, len / 2); /* a download cut in the middle */
    expect_load_error(gz, "cut-images.gz", "corrupt or truncated gzip data");
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load(gz, write_labels("lbls", 10, labels), err);
    cr_expect(ds == NULL && strstr(err, "mnist_load") && strstr(err, "cut-images.gz") &&
                  strstr(err, "truncated gzip"),
              "mnist_load of a cut gzip file: expected an error naming mnist_load, the file and "
              "the truncation, got \"%s\"", err);
    dataset_free(ds);
}

TMP_TEST(gzip_stream_with_a_cut_trailer_is_an_error) {
    /* all the data is there, only the CRC and length trailer are missing */
    const char *gz = gzip_fixture(write_images("imgs", 10), "no-trailer.gz");
    static unsigned char buf[1 << 16];
    size_t len = slurp(gz, buf, sizeof buf);
    spit(gz, buf, len - 8);
    expect_load_error(gz, "no-trailer.gz", "corrupt or truncated gzip data");
}

TMP_TEST(corrupt_gzip_data_is_an_error) {
    const char *gz = gzip_fixture(write_images("imgs", 10), "flipped.gz");
    static unsigned char buf[1 << 16];
    size_t len = slurp(gz, buf, sizeof buf);
    for (size_t i = len / 2; i < len / 2 + 8; i++) buf[i] ^= 0x5A; /* a damaged block */
    spit(gz, buf, len);
    expect_load_error(gz, "flipped.gz", "corrupt or truncated gzip data");
}

TMP_TEST(gzip_of_a_truncated_idx_file_reports_the_idx_problem) {
    Bytes b = {.len = 0};
    uint32_t sizes[3] = {60000, 28, 28};
    put_header(&b, 0x08, 3, sizes);
    for (int i = 0; i < 1000; i++) put_u8(&b, 0);
    const char *gz = gzip_fixture(write_fixture("short", &b), "train-images-idx3-ubyte.gz");
    expect_load_error(gz, "train-images-idx3-ubyte.gz",
                      "truncated: header says 60000x28x28 = 47040000 bytes of data, file has 1000");
}

TMP_TEST(gzip_with_trailing_bytes_reports_them) {
    Bytes b = {.len = 0};
    uint32_t n = 2;
    put_header(&b, 0x08, 1, &n);
    for (int i = 0; i < 5; i++) put_u8(&b, 1);
    const char *gz = gzip_fixture(write_fixture("t", &b), "trailing.gz");
    expect_load_error(gz, "trailing.gz", "3 trailing bytes: header says 2 = 2 bytes of data");
}

TMP_TEST(twice_compressed_file_gets_a_hint) {
    Bytes b = {.len = 0};
    uint32_t n = 1;
    put_header(&b, 0x08, 1, &n);
    put_u8(&b, 7);
    const char *once = gzip_fixture(write_fixture("x", &b), "x.gz");
    const char *twice = gzip_fixture(once, "x.gz.gz");
    expect_load_error(twice, "x.gz.gz", "compressed twice");
}

/* ---- the shipped digits (data/mnist) --------------------------------------------- */

TMP_TEST(mnist_load_set_finds_files_under_the_data_folder) {
    unsigned char labels[10] = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    mkdir(tmpdir_path("mnist"), 0777);
    gzip_fixture(write_images("i", 10), "mnist/test-images-idx3-ubyte.gz");
    gzip_fixture(write_labels("l", 10, labels), "mnist/test-labels-idx1-ubyte.gz");
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load_set(tmpdir_name(), "test", err);
    cr_assert(ds != NULL, "mnist_load_set(<tmp>, \"test\") failed: %s", err);
    cr_expect(ds->n == 10 && ds->labels[4] == 9, "expected 10 digits, label 4 = 9; got %zu, %d",
              ds->n, ds->labels[4]);
    dataset_free(ds);
    ds = mnist_load_set(tmpdir_name(), "train", err);
    cr_expect(ds == NULL && strstr(err, "train-images-idx3-ubyte.gz") && strstr(err, "No such file"),
              "no train files: expected an error naming train-images-idx3-ubyte.gz, got \"%s\"", err);
    dataset_free(ds);
    ds = mnist_load_set(tmpdir_name(), "validation", err);
    cr_expect(ds == NULL && strstr(err, "mnist_load_set") && strstr(err, "'validation'"),
              "unknown set: expected an error naming mnist_load_set and 'validation', got \"%s\"",
              err);
    dataset_free(ds);
}

/* Counts the make_mnist.py script printed when it made data/mnist/. */
static void expect_shipped_set(const char *set, size_t n, const size_t per_class[10]) {
    char err[ERR_SIZE] = "";
    Dataset *ds = mnist_load_set(workbook_data_dir(), set, err);
    cr_assert(ds != NULL, "loading the shipped MNIST %s set from %s failed: %s", set,
              workbook_data_dir(), err);
    cr_expect(ds->n == n && ds->dim == 784 && ds->nclasses == 10,
              "%s set: expected %zu digits of 784 pixels, got %zu of %zu", set, n, ds->n, ds->dim);
    size_t count[10] = {0};
    for (size_t i = 0; i < ds->n; i++) count[ds->labels[i]]++;
    for (int c = 0; c < 10; c++)
        cr_expect_eq(count[c], per_class[c], "%s set: expected %zu digits of class %d, got %zu",
                     set, per_class[c], c, count[c]);
    /* real digits: dark background, about a fifth of the pixels inked */
    double sum = 0.0;
    for (size_t i = 0; i < ds->x->size; i++) sum += (double)ds->x->data[i];
    double mean = sum / (double)ds->x->size;
    cr_expect(mean > 0.1 && mean < 0.2, "%s set: mean grey level %g, expected MNIST's ~0.13",
              set, mean);
    dataset_free(ds);
}

Test(idx, shipped_mnist_sets_load_with_their_class_counts) {
    size_t train[10] = {801, 902, 793, 826, 784, 691, 812, 856, 756, 783};
    size_t test[10] = {200, 225, 198, 206, 196, 172, 202, 214, 188, 195};
    expect_shipped_set("train", 8004, train);
    expect_shipped_set("test", 1996, test);
}

/* ---- misuse -------------------------------------------------------------------- */

Test(idx, save_with_unknown_type_code_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    Tensor *t = tensor_vector(2, NULL);
    idx_save("/tmp/never-written.idx", t, 0x0A, err);
}

Test(idx, save_of_a_scalar_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    Tensor *t = tensor_scalar(1.0f);
    idx_save("/tmp/never-written.idx", t, IDX_FLOAT, err);
}

Test(idx, load_with_null_path_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    idx_load(NULL, err);
}
