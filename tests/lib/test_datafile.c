/* test_datafile.c: gnuplot column files: the exact text written, reading
 * back, error messages with file:line, and atomic replacement. Files live
 * in a fresh mkdtemp folder under /tmp per test, removed afterwards. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datafile.h"
#include "tmpdir.h"

/* ---- fixtures ------------------------------------------------------------ */

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL, "cannot create fixture %s", path);
    fputs(text, f);
    fclose(f);
}

/* The whole file as a string (static buffer), or "<missing>". */
static const char *read_text(const char *path) {
    static char buf[65536];
    FILE *f = fopen(path, "r");
    if (!f) return "<missing>";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static bool exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

#define TMP_TEST(name, ...) \
    Test(datafile, name, .init = tmpdir_setup, .fini = tmpdir_teardown, ##__VA_ARGS__)

/* ---- writing --------------------------------------------------------------- */

TMP_TEST(writes_title_names_and_rows_as_gnuplot_columns) {
    const char *path = tmpdir_path("loss.dat");
    float epoch[3] = {0, 1, 2}, loss[3] = {1.5f, 0.25f, -3e-5f};
    const float *cols[2] = {epoch, loss};
    const char *names[2] = {"epoch", "loss"};
    char err[ERR_SIZE] = "";
    int rc = datafile_write(path, "training loss", names, cols, 2, 3, err);
    cr_assert_eq(rc, 0, "datafile_write(%s) should succeed, got %d: %s", path, rc, err);
    const char *want = "# training loss\n# epoch loss\n0 1.5\n1 0.25\n2 -2.99999992e-05\n";
    cr_expect_str_eq(read_text(path), want, "datafile_write text: expected\n%s\ngot\n%s", want,
                     read_text(path));
    cr_expect(!exists(tmpdir_path("loss.dat.tmp")), "the temporary loss.dat.tmp should be gone");
}

TMP_TEST(without_title_and_names_writes_only_rows) {
    const char *path = tmpdir_path("plain.dat");
    float a[2] = {1, 2};
    const float *cols[1] = {a};
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_write(path, NULL, NULL, cols, 1, 2, err), 0, "write failed: %s", err);
    cr_expect_str_eq(read_text(path), "1\n2\n", "NULL title and names: expected just \"1\\n2\\n\", "
                     "got \"%s\"", read_text(path));
}

TMP_TEST(write_then_read_gives_back_every_float_exactly) {
    /* %.9g has enough digits for any float: awkward values must survive */
    float v[8] = {0.1f, 1.0f / 3.0f, FLT_MAX, -FLT_MAX, FLT_MIN, 1e-45f /* denormal */, -0.0f,
                  16777217.0f};
    float w[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const float *cols[2] = {v, w};
    const char *path = tmpdir_path("exact.dat");
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_write(path, "awkward floats", NULL, cols, 2, 8, err), 0, "%s", err);
    size_t ncols = 0, nrows = 0;
    float *values = NULL;
    cr_assert_eq(datafile_read(path, &ncols, &nrows, &values, err), 0, "read back: %s", err);
    cr_assert(ncols == 2 && nrows == 8, "read back: expected 2 columns x 8 rows, got %zu x %zu",
              ncols, nrows);
    for (size_t r = 0; r < 8; r++) {
        cr_expect(memcmp(&values[2 * r], &v[r], sizeof(float)) == 0,
                  "row %zu: wrote %.9g, read back %.9g (bits differ)", r, (double)v[r],
                  (double)values[2 * r]);
        cr_expect(values[2 * r + 1] == w[r], "row %zu column 2: expected %g, got %g", r,
                  (double)w[r], (double)values[2 * r + 1]);
    }
    free(values);
}

TMP_TEST(nan_and_inf_are_written_as_gnuplot_reads_them) {
    /* gnuplot 5.4 reads "nan", "inf", "-inf" as undefined points; a NaN
     * with the sign bit set must not come out as glibc's "-nan" */
    float v[4] = {NAN, -NAN, INFINITY, -INFINITY};
    const float *cols[1] = {v};
    const char *path = tmpdir_path("diverged.dat");
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_write(path, NULL, NULL, cols, 1, 4, err), 0, "%s", err);
    cr_expect_str_eq(read_text(path), "nan\nnan\ninf\n-inf\n", "NaN, -NaN, inf, -inf: expected "
                     "lines nan nan inf -inf, got \"%s\"", read_text(path));
    size_t ncols, nrows;
    float *values;
    cr_assert_eq(datafile_read(path, &ncols, &nrows, &values, err), 0, "%s", err);
    cr_expect(isnan(values[0]) && isnan(values[1]) && values[2] == INFINITY &&
                  values[3] == -INFINITY,
              "read back nan nan inf -inf: got %g %g %g %g", (double)values[0], (double)values[1],
              (double)values[2], (double)values[3]);
    free(values);
}

TMP_TEST(creates_missing_parent_folders) {
    const char *path = tmpdir_path("curves/ex07/run1/loss.dat");
    float a[1] = {42};
    const float *cols[1] = {a};
    char err[ERR_SIZE] = "";
    int rc = datafile_write(path, "t", NULL, cols, 1, 1, err);
    cr_expect_eq(rc, 0, "writing into missing folders curves/ex07/run1 should create them, got "
                 "%d: %s", rc, err);
    cr_expect_str_eq(read_text(path), "# t\n42\n", "content of %s", path);
}

TMP_TEST(rewriting_replaces_the_old_content) {
    const char *path = tmpdir_path("twice.dat");
    float a[3] = {1, 2, 3}, b[1] = {9};
    const float *ca[1] = {a}, *cb[1] = {b};
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_write(path, NULL, NULL, ca, 1, 3, err), 0, "%s", err);
    cr_assert_eq(datafile_write(path, NULL, NULL, cb, 1, 1, err), 0, "%s", err);
    cr_expect_str_eq(read_text(path), "9\n", "second write of one row (9) should replace "
                     "the three rows of the first, got \"%s\"", read_text(path));
}

TMP_TEST(failing_write_leaves_the_previous_file_intact) {
    /* A real mid-write failure: limit this test process's file size to 200
     * bytes (with SIGXFSZ ignored, write() then fails with EFBIG, like a
     * full disk) and write a 1000-row file over a good one. */
    const char *path = tmpdir_path("curve.dat");
    write_text(path, "# old\n1 2\n");
    static float a[1000];
    for (int i = 0; i < 1000; i++) a[i] = (float)i * 1.2345f;
    const float *cols[1] = {a};
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {200, 200};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0, "setrlimit(RLIMIT_FSIZE, 200) failed");
    char err[ERR_SIZE] = "";
    int rc = datafile_write(path, "new", NULL, cols, 1, 1000, err);
    cr_expect_eq(rc, -1, "writing 1000 rows with a 200-byte file size limit should fail, got %d",
                 rc);
    cr_expect(strstr(err, "datafile_write") && strstr(err, "curve.dat") &&
                  strstr(err, "File too large"),
              "error should name the function, the file and the cause, got \"%s\"", err);
    cr_expect_str_eq(read_text(path), "# old\n1 2\n", "the previous curve.dat must be intact "
                     "after a failed write, got \"%s\"", read_text(path));
    cr_expect(!exists(tmpdir_path("curve.dat.tmp")), "the partial curve.dat.tmp must be removed");
}

TMP_TEST(unwritable_temporary_file_leaves_the_previous_file_intact) {
    const char *path = tmpdir_path("blocked.dat");
    write_text(path, "7\n");
    mkdir(tmpdir_path("blocked.dat.tmp"), 0777); /* a folder where the temporary file should go */
    float a[1] = {1};
    const float *cols[1] = {a};
    char err[ERR_SIZE] = "";
    int rc = datafile_write(path, NULL, NULL, cols, 1, 1, err);
    cr_expect_eq(rc, -1, "temporary path is a folder: expected -1, got %d", rc);
    cr_expect(strstr(err, "datafile_write") && strstr(err, "blocked.dat.tmp") &&
                  strstr(err, "Is a directory"),
              "error should name the function, the temporary file and the cause, got \"%s\"", err);
    cr_expect_str_eq(read_text(path), "7\n", "blocked.dat must be unchanged, got \"%s\"",
                     read_text(path));
}

TMP_TEST(destination_that_is_a_folder_is_an_error) {
    const char *path = tmpdir_path("adir");
    mkdir(path, 0777);
    mkdir(tmpdir_path("adir/inside"), 0777); /* non-empty, so rename cannot replace it */
    float a[1] = {1};
    const float *cols[1] = {a};
    char err[ERR_SIZE] = "";
    int rc = datafile_write(path, NULL, NULL, cols, 1, 1, err);
    cr_expect_eq(rc, -1, "writing over a folder: expected -1, got %d", rc);
    cr_expect(strstr(err, "datafile_write") && strstr(err, "cannot replace") && strstr(err, "adir"),
              "error should say the folder cannot be replaced, got \"%s\"", err);
    cr_expect(!exists(tmpdir_path("adir.tmp")), "adir.tmp must be removed after the failed rename");
}

/* ---- reading --------------------------------------------------------------- */

TMP_TEST(reads_comments_blank_lines_and_number_formats) {
    const char *path = tmpdir_path("mixed.dat");
    write_text(path, "# title\n\n   # indented comment\n1 -2.5e-3\t+4\n\t.5   1e3 -0\r\n\n");
    size_t ncols = 0, nrows = 0;
    float *values = NULL;
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_read(path, &ncols, &nrows, &values, err), 0, "%s", err);
    cr_assert(ncols == 3 && nrows == 2, "expected 3 columns x 2 rows, got %zu x %zu", ncols, nrows);
    float want[6] = {1.0f, -2.5e-3f, 4.0f, 0.5f, 1000.0f, -0.0f};
    for (int k = 0; k < 6; k++)
        cr_expect(values[k] == want[k], "value %d: expected %g, got %g", k, (double)want[k],
                  (double)values[k]);
    free(values);
}

TMP_TEST(file_without_rows_reads_as_empty) {
    const char *path = tmpdir_path("empty.dat");
    write_text(path, "# only a comment\n\n");
    size_t ncols = 99, nrows = 99;
    float *values = NULL;
    char err[ERR_SIZE] = "";
    cr_assert_eq(datafile_read(path, &ncols, &nrows, &values, err), 0, "%s", err);
    cr_expect(ncols == 0 && nrows == 0 && values != NULL, "a file of comments: expected 0 x 0 and "
              "a non-NULL buffer, got %zu x %zu, %p", ncols, nrows, (void *)values);
    free(values);
}

TMP_TEST(missing_file_error_names_the_file) {
    const char *path = tmpdir_path("nope.dat");
    size_t ncols = 5, nrows = 5;
    float *values = (float *)1;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(path, &ncols, &nrows, &values, err), -1, "missing file: expected -1");
    cr_expect(strstr(err, "datafile_read") && strstr(err, "nope.dat") &&
                  strstr(err, "No such file"),
              "error should name the function, the file and the cause, got \"%s\"", err);
    cr_expect(ncols == 5 && nrows == 5 && values == (float *)1, "outputs must be untouched on error");
}

TMP_TEST(reading_a_folder_is_an_error) {
    size_t ncols, nrows;
    float *values;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(tmpdir_name(), &ncols, &nrows, &values, err), -1,
                 "reading the folder %s: expected -1", tmpdir_name());
    cr_expect(strstr(err, "datafile_read") && strstr(err, tmpdir_name()), "error should name the "
              "folder, got \"%s\"", err);
}

TMP_TEST(wrong_column_count_names_file_and_line) {
    const char *path = tmpdir_path("data.dat");
    write_text(path, "# a b c\n1 2 3\n\n4 5 6\n7 8\n");
    size_t ncols, nrows;
    float *values;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(path, &ncols, &nrows, &values, err), -1, "expected -1");
    cr_expect(strstr(err, "data.dat:5: expected 3 columns, found 2") != NULL,
              "a 2-column row on line 5 after 3-column rows: expected \"data.dat:5: expected 3 "
              "columns, found 2\" in the error, got \"%s\"", err);
}

TMP_TEST(non_number_names_file_line_and_token) {
    const char *path = tmpdir_path("data.dat");
    write_text(path, "1 2\n3 4\n5 6\n7 8\n9 abc\n");
    size_t ncols, nrows;
    float *values;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(path, &ncols, &nrows, &values, err), -1, "expected -1");
    cr_expect(strstr(err, "data.dat:5: 'abc' is not a number") != NULL,
              "'abc' on line 5: expected \"data.dat:5: 'abc' is not a number\" in the error, got "
              "\"%s\"", err);
}

TMP_TEST(number_glued_to_text_is_not_a_number) {
    const char *path = tmpdir_path("glued.dat");
    write_text(path, "1.5x 2\n");
    size_t ncols, nrows;
    float *values;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(path, &ncols, &nrows, &values, err), -1, "expected -1");
    cr_expect(strstr(err, "glued.dat:1: '1.5x' is not a number") != NULL,
              "'1.5x' must be rejected as a whole, got \"%s\"", err);
}

TMP_TEST(number_beyond_float_range_is_an_error) {
    const char *path = tmpdir_path("big.dat");
    write_text(path, "1\n1e39\n");
    size_t ncols, nrows;
    float *values;
    char err[ERR_SIZE] = "";
    cr_expect_eq(datafile_read(path, &ncols, &nrows, &values, err), -1, "expected -1");
    cr_expect(strstr(err, "big.dat:2: '1e39' is out of the range of a float") != NULL,
              "1e39 does not fit a float: got \"%s\"", err);
}

/* ---- misuse ---------------------------------------------------------------- */

Test(datafile, zero_columns_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    const float *cols[1] = {NULL};
    datafile_write("/tmp/never-written.dat", NULL, NULL, cols, 0, 0, err);
}

Test(datafile, null_column_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    float a[2] = {1, 2};
    const float *cols[2] = {a, NULL};
    datafile_write("/tmp/never-written.dat", NULL, NULL, cols, 2, 2, err);
}

Test(datafile, column_name_with_space_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    float a[1] = {1};
    const float *cols[1] = {a};
    const char *names[1] = {"train loss"};
    datafile_write("/tmp/never-written.dat", NULL, names, cols, 1, 1, err);
}

Test(datafile, multi_line_title_aborts, .signal = SIGABRT) {
    char err[ERR_SIZE];
    float a[1] = {1};
    const float *cols[1] = {a};
    datafile_write("/tmp/never-written.dat", "two\nlines", NULL, cols, 1, 1, err);
}
