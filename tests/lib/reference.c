/* reference.c: the tab-separated reference-table loader of reference.h,
 * and the Criterion helpers that read named arrays from it and compare
 * results with them. The file is read whole; the names and cells point into
 * that buffer, each field cut out by writing '\0' over its tab or newline. */
#include "reference.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the whole file into a '\0'-terminated buffer, or returns NULL. */
static char *read_file(const char *path, char err[ERR_SIZE]) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, ERR_SIZE, "ref_table_load: cannot open %s: %s (tests run from the repository root)",
                 path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = check_malloc(__func__, cap, 1);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            cap = check_mul(__func__, cap, 2);
            char *bigger = realloc(buf, cap);
            CHECK(bigger != NULL, "out of memory reading %s", path);
            buf = bigger;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, ERR_SIZE, "ref_table_load: error reading %s", path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* Number of tab-separated fields in line (no newline). */
static size_t count_fields(const char *line) {
    size_t n = 1;
    for (const char *p = line; *p; p++) n += *p == '\t';
    return n;
}

/* Splits line at tabs into fields, in place, storing at most max field
 * pointers. Returns the number of fields. */
static size_t split_tabs(char *line, char **fields, size_t max) {
    size_t n = 0;
    for (char *p = line;; p++) {
        if (n < max) fields[n] = p;
        n++;
        p = strchr(p, '\t');
        if (!p) break;
        *p = '\0';
    }
    return n;
}

RefTable *ref_table_load(const char *path, char err[ERR_SIZE]) {
    char *text = read_file(path, err);
    if (!text) return NULL;
    /* Count lines to size the arrays (an upper bound on the rows). */
    size_t nlines = 1;
    for (const char *p = text; *p; p++) nlines += *p == '\n';

    RefTable *t = check_calloc(__func__, 1, sizeof *t);
    t->text = text;
    char *line = text;
    size_t lineno = 0;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end) *end = '\0';
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[--len] = '\0';
        if (len > 0 && line[0] != '#') {
            if (!t->names) {
                size_t ncols = count_fields(line);
                t->ncols = ncols;
                t->names = check_malloc(__func__, ncols, sizeof *t->names);
                split_tabs(line, t->names, ncols);
                t->cells = check_malloc(__func__, check_mul(__func__, nlines, ncols), sizeof *t->cells);
            } else {
                size_t got = split_tabs(line, t->cells + t->nrows * t->ncols, t->ncols);
                if (got != t->ncols) {
                    snprintf(err, ERR_SIZE, "ref_table_load: %s:%zu: %zu fields, expected %zu",
                             path, lineno, got, t->ncols);
                    ref_table_free(t);
                    return NULL;
                }
                t->nrows++;
            }
        }
        if (!end) break;
        line = end + 1;
    }
    if (!t->names) {
        snprintf(err, ERR_SIZE, "ref_table_load: %s has no header line", path);
        ref_table_free(t);
        return NULL;
    }
    return t;
}

void ref_table_free(RefTable *t) {
    if (!t) return;
    free(t->names);
    free(t->cells);
    free(t->text);
    free(t);
}

int ref_table_column(const RefTable *t, const char *name) {
    CHECK(t != NULL && name != NULL, "table or name is NULL");
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->names[c], name) == 0) return (int)c;
    return -1;
}

const char *ref_table_cell(const RefTable *t, size_t row, int col) {
    CHECK(t != NULL, "table is NULL");
    CHECK(row < t->nrows && col >= 0 && (size_t)col < t->ncols,
          "cell (%zu, %d) is outside the %zu x %zu table", row, col, t->nrows, t->ncols);
    return t->cells[row * t->ncols + (size_t)col];
}

float ref_table_float(const RefTable *t, size_t row, int col) {
    const char *s = ref_table_cell(t, row, col);
    char *end;
    float v = strtof(s, &end);
    CHECK(end != s && *end == '\0', "cell (%zu, column '%s') is '%s', not a number", row,
          t->names[col], s);
    return v;
}

/* ---- named arrays, for Criterion tests ---------------------------------- */

RefTable *ref_table_load_or_fail(const char *path) {
    char err[ERR_SIZE];
    RefTable *t = ref_table_load(path, err);
    if (!t) cr_assert_fail("%s", err);
    return t;
}

Tensor *ref_tensor(const RefTable *t, const char *name, int ndim, const size_t *shape) {
    int cname = ref_table_column(t, "name"), cvalue = ref_table_column(t, "value");
    cr_assert(cname >= 0 && cvalue >= 0,
              "reference array %s: the table has no 'name' and 'value' columns", name);
    Tensor *out = tensor_zeros(ndim, shape);
    size_t k = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(ref_table_cell(t, r, cname), name) != 0) continue;
        if (k < out->size) out->data[k] = ref_table_float(t, r, cvalue);
        k++;
    }
    cr_assert_eq(k, out->size, "reference array %s has %zu values, expected %zu for shape %s",
                 name, k, out->size, tensor_shape_str(out).text);
    return out;
}

void ref_expect_close(const char *what, const float *got, const Tensor *want, float atol,
                      float rtol) {
    cr_assert(got != NULL, "%s: no values (gradient never computed?)", what);
    size_t bad = 0;
    for (size_t i = 0; i < want->size; i++) {
        float w = want->data[i];
        if (fabsf(got[i] - w) <= atol + rtol * fabsf(w)) continue;
        if (bad++ < 5)
            cr_expect_fail("%s: element %zu: PyTorch gives %.8g, got %.8g", what, i, (double)w,
                           (double)got[i]);
    }
    cr_expect_eq(bad, 0, "%s: %zu of %zu elements differ from PyTorch", what, bad, want->size);
}
