/* harness.h: what every graded exercise test includes.
 *
 * EXERCISE_TEST(suite, name) declares a graded test: Criterion's Test(),
 * under a name the grader finds in the source (it knows which tests to
 * expect, so a test that never reports counts as failed). The test body
 * calls the exercise's functions (exNN_*) as if they were linked in; they
 * are proxies that run the student's code in a confined process
 * (tests/support/rpc.h) and fail the test, with a message, when it crashes,
 * hangs, exits or is not written yet.
 *
 * Extra Criterion options go after the name, e.g. a misuse test:
 *   EXERCISE_TEST(ex02, rejects_null, .signal = SIGABRT) { ... }
 * (a student's code that aborts makes the test program abort the same way).
 *
 * The expect_* helpers compare floats and report, in the student's terms,
 * what input was tried, what was expected and what came out.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <stdint.h>

#define EXERCISE_TEST(suite, name, ...) Test(suite, name, ##__VA_ARGS__)

/* True when got and want agree: both NaN, equal infinities, or
 * |got - want| <= atol + rtol * |want|. */
int harness_close(float got, float want, float atol, float rtol);

/* Checks one value; on mismatch fails the test (without stopping it) with
 * "<what>: expected <want>, got <got>". what is a printf format. */
void expect_close(float got, float want, float atol, float rtol, const char *what, ...)
    __attribute__((format(printf, 5, 6)));

/* Checks got[0..n-1] against want[0..n-1] and, on the first mismatches,
 * reports "<call>: for input x[i] = <input[i]>, expected <want[i]>, got
 * <got[i]>". input may be NULL (then the index is reported). Returns the
 * number of mismatches. */
size_t expect_floats_close(const char *call, const float *input, const float *got,
                           const float *want, size_t n, float atol, float rtol);

/* The seed of the hidden tests' random cases: $WORKBOOK_SEED (decimal) if
 * set and not empty, else 2024. Hidden tests print it in their failure
 * messages so a failure can be replayed. */
uint64_t harness_seed(void);

/* Formats up to the first 8 values as "[-2, -0.5, 0, 1.5, 3]" (and "..."). */
const char *harness_fmt_floats(const float *x, size_t n);

#endif
