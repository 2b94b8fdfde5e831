/* tmpdir.h: a fresh temporary folder per test, for the tests that write
 * files (test_datafile.c, test_idx.c).
 *
 *     #define TMP_TEST(name, ...) \
 *         Test(idx, name, .init = tmpdir_setup, .fini = tmpdir_teardown, ##__VA_ARGS__)
 *     TMP_TEST(round_trip) {
 *         const char *path = tmpdir_path("a.idx");   // "<the folder>/a.idx"
 *         ...
 *     }
 *
 * The folder is made by mkdtemp under /tmp before each test and removed,
 * with everything in it, after it. Criterion runs each test in its own
 * process, so one folder at a time is all a test binary needs.
 */
#ifndef TMPDIR_H
#define TMPDIR_H

/* Criterion .init: makes the folder; fails the test if mkdtemp fails. */
void tmpdir_setup(void);

/* Criterion .fini: removes the folder and everything below it. */
void tmpdir_teardown(void);

/* The folder's path, e.g. "/tmp/workbook_test.Ab12Cd". */
const char *tmpdir_name(void);

/* "<folder>/<name>" in a static buffer, one of 4 used in turn, so a test can
 * hold up to 4 paths at once. */
const char *tmpdir_path(const char *name);

#endif
