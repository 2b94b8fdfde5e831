/* stats.c: the sample-statistics checks of stats.h. */
#include "stats.h"

#include <criterion/criterion.h>
#include <math.h>

/* Sample mean and standard deviation of t's elements, in double. */
static void sample_stats(const Tensor *t, double *mean, double *std) {
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
void expect_normal_stats(const char *what, const Tensor *w, double want_std) {
    double mean, std, n = (double)w->size;
    sample_stats(w, &mean, &std);
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
void expect_uniform_stats(const char *what, const Tensor *w, double bound) {
    double mean, std, n = (double)w->size, sigma = bound / sqrt(3.0);
    sample_stats(w, &mean, &std);
    double se_mean = sigma / sqrt(n), se_std = sigma * sqrt(0.2 / n);
    cr_expect(fabs(mean) <= 5.0 * se_mean, "%s: sample mean %g, expected 0 +- %g", what, mean,
              5.0 * se_mean);
    cr_expect(fabs(std - sigma) <= 5.0 * se_std, "%s: sample std %g, expected %g +- %g", what,
              std, sigma, 5.0 * se_std);
    size_t outside = 0;
    for (size_t i = 0; i < w->size; i++) outside += fabs((double)w->data[i]) > bound;
    cr_expect_eq(outside, 0, "%s: %zu values outside [-%g, %g]", what, outside, bound, bound);
}
