/* harness.h: what every graded exercise test includes.
 *
 * EXERCISE_TEST(suite, name) declares a graded test. It is Criterion's
 * Test() plus two things the grader relies on: the exercise stubs'
 * "not implemented yet" report fails the test with that message, and the
 * test counts as passed only if its body ran to its last line (so code that
 * calls exit(0) half-way earns nothing).
 *
 * Extra Criterion options go after the name, e.g. a misuse test:
 *   EXERCISE_TEST(ex02, rejects_null, .signal = SIGABRT) { ... }
 * .signal is supported (the harness reports the expected death to the
 * grader); do not use .init (the harness needs it) nor .exit_code.
 *
 * The expect_* helpers compare floats and report, in the student's terms,
 * what input was tried, what was expected and what came out.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <criterion/criterion.h>
#include <stddef.h>
#include <stdint.h>

/* Called by the grader-side wrapper; do not call them from tests. */
void harness_test_init(void);
void harness_test_reached_end(const char *suite, const char *name);

#define EXERCISE_TEST(suite, name, ...)                                        \
    static void suite##_##name##_body(void);                                   \
    Test(suite, name, .init = harness_test_init, ##__VA_ARGS__) {              \
        suite##_##name##_body();                                               \
        harness_test_reached_end(#suite, #name);                               \
    }                                                                          \
    static void suite##_##name##_body(void)

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
