/* stats.h: Criterion checks that a tensor's elements look like a sample of
 * a given distribution, for initialisation tests: the library's own
 * (tests/lib/test_init.c, the layers' constructors in test_linear.c and
 * test_conv2d.c) and exercise 8's (tests/ex08_he_init.c and its hidden
 * tests).
 *
 * Each check allows 5 standard errors of the estimated quantity (derived
 * below), so a correct initialiser fails with probability below 1e-6 for
 * any seed, and a wrong formula (sqrt(1/n) for sqrt(2/n)) is off by far more.
 *
 * A header of static functions, not a .c file, because the grader links an
 * exercise's tests with the harness and the library only (see ex05_check.h);
 * it lives in tests/support so the student edition has it.
 *
 *   expect_normal_stats(what, w, want_std): mean 0 and std want_std, as for
 *       N(0, want_std^2); messages start with `what`.
 *   expect_uniform_stats(what, w, bound): the same for U(-bound, bound), and
 *       every element inside [-bound, bound].
 */
#ifndef STATS_H
#define STATS_H

#include <criterion/criterion.h>
#include <math.h>

#include "tensor.h"

/* Sample mean and standard deviation of t's elements, in double. */
static inline void stats_sample(const Tensor *t, double *mean, double *std) {
    double s = 0.0, sq = 0.0;
    for (size_t i = 0; i < t->size; i++) s += (double)t->data[i];
    *mean = s / (double)t->size;
    for (size_t i = 0; i < t->size; i++) {
        double d = (double)t->data[i] - *mean;
        sq += d * d;
    }
    *std = sqrt(sq / (double)(t->size - 1));
}

/* Checks mean 0 and standard deviation `want_std` of a normal sample.
 * Standard errors for n normal samples: sigma / sqrt(n) for the mean and
 * sigma / sqrt(2 n) for the sample standard deviation (the delta method on
 * Var(s^2) = 2 sigma^4 / n). The tolerance is 5 of them. */
static inline void expect_normal_stats(const char *what, const Tensor *w, double want_std) {
    double mean, std, n = (double)w->size;
    stats_sample(w, &mean, &std);
    double se_mean = want_std / sqrt(n), se_std = want_std / sqrt(2.0 * n);
    cr_expect(fabs(mean) <= 5.0 * se_mean, "%s: sample mean %g, expected 0 +- %g (5 SE)", what,
              mean, 5.0 * se_mean);
    cr_expect(fabs(std - want_std) <= 5.0 * se_std,
              "%s: sample std %g, expected %g +- %g (5 SE of the sample std)", what, std,
              want_std, 5.0 * se_std);
}

/* The same for U(-b, b): std b / sqrt(3); its fourth moment is 9/5 sigma^4, so
 * Var(s^2) = (9/5 - 1) sigma^4 / n and the SE of s is sigma * sqrt(0.2 / n).
 * Also every value must lie inside [-b, b). */
static inline void expect_uniform_stats(const char *what, const Tensor *w, double bound) {
    double mean, std, n = (double)w->size, sigma = bound / sqrt(3.0);
    stats_sample(w, &mean, &std);
    double se_mean = sigma / sqrt(n), se_std = sigma * sqrt(0.2 / n);
    cr_expect(fabs(mean) <= 5.0 * se_mean, "%s: sample mean %g, expected 0 +- %g", what, mean,
              5.0 * se_mean);
    cr_expect(fabs(std - sigma) <= 5.0 * se_std, "%s: sample std %g, expected %g +- %g", what,
              std, sigma, 5.0 * se_std);
    size_t outside = 0;
    for (size_t i = 0; i < w->size; i++) outside += fabs((double)w->data[i]) > bound;
    cr_expect_eq(outside, 0, "%s: %zu values outside [-%g, %g]", what, outside, bound, bound);
}

#endif
