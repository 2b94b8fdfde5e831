/* reference.h: loads the reference tables of tests/lib/data/ for the tests.
 *
 * A reference table is a tab-separated text file: lines starting with '#'
 * are comments, the first other line names the columns, every further line
 * is one row with that many fields. Numbers are written so that strtof
 * reads them back exactly ("%.9g" or hex floats, "nan", "inf", "-inf").
 * Paths are relative to the repository root, where the tests run.
 *
 *     char err[ERR_SIZE];
 *     RefTable *t = ref_table_load("tests/lib/data/x.tsv", err);
 *     if (!t) cr_assert_fail("%s", err);
 *     int cx = ref_table_column(t, "x");   // -1 if there is no such column
 *     float x0 = ref_table_float(t, 0, cx);
 *     ref_table_free(t);
 *
 * The tables of gen_nn_reference.py hold named arrays: columns `name` and
 * `value`, one row per element, row-major. The last three functions read
 * and compare those; they fail the calling Criterion test themselves:
 *
 *     RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_linear.tsv");
 *     Tensor *want = ref_tensor(t, "linear_y", 2, (size_t[]){2, 3});
 *     ref_expect_close("y = x W^T + b", y->data, want, 1e-6f, 1e-5f);
 */
#ifndef REFERENCE_H
#define REFERENCE_H

#include <stddef.h>

#include "check.h"
#include "tensor.h"

typedef struct {
    size_t nrows, ncols;
    char **names;  /* ncols column names */
    char **cells;  /* nrows * ncols fields, row-major */
    char *text;    /* the file's contents, which names and cells point into */
} RefTable;

/* Reads the table at path. Returns a new table (free with ref_table_free),
 * or NULL with a message in err naming the file and line if the file cannot
 * be read or a row has the wrong number of fields. */
RefTable *ref_table_load(const char *path, char err[ERR_SIZE]);

/* Frees the table; NULL is a no-op. */
void ref_table_free(RefTable *t);

/* Index of the column called name, or -1. */
int ref_table_column(const RefTable *t, const char *name);

/* The text of cell (row, col); aborts if either is out of range. */
const char *ref_table_cell(const RefTable *t, size_t row, int col);

/* The cell parsed as a float (strtof, so "nan", "-inf", "0x1p-3" work);
 * aborts if it is not a number. */
float ref_table_float(const RefTable *t, size_t row, int col);

/* ---- named arrays, for Criterion tests ---------------------------------- */

/* ref_table_load that fails the current test with the loader's message
 * instead of returning NULL. Free with ref_table_free. */
RefTable *ref_table_load_or_fail(const char *path);

/* A new tensor of the given shape holding, in order, the `value` of every
 * row whose `name` is name. Fails the current test if the table lacks those
 * columns or the array does not have exactly the shape's number of values.
 * Free with tensor_free. */
Tensor *ref_tensor(const RefTable *t, const char *name, int ndim, const size_t *shape);

/* Expects |got[i] - want[i]| <= atol + rtol |want[i]| for every element of
 * want (NaN never matches), naming `what`, the element and both values for
 * the first few misses, then how many missed. got NULL (a gradient that was
 * never computed) fails the test. */
void ref_expect_close(const char *what, const float *got, const Tensor *want, float atol,
                      float rtol);

#endif
