/* stats.h: Criterion checks that a tensor's elements look like a sample of
 * a given distribution, for the initialisation tests (test_init.c and the
 * layers' constructors in test_linear.c and test_conv2d.c).
 *
 * Each check allows 5 standard errors of the estimated quantity (derived in
 * stats.c), so a correct initialiser fails with probability below 1e-6 for
 * any seed, and a wrong formula (sqrt(1/n) for sqrt(2/n)) is off by far more.
 */
#ifndef STATS_H
#define STATS_H

#include "tensor.h"

/* Expects the elements of w to have mean 0 and standard deviation want_std,
 * as for N(0, want_std^2); messages start with `what`. */
void expect_normal_stats(const char *what, const Tensor *w, double want_std);

/* The same for U(-bound, bound), and every element inside [-bound, bound]. */
void expect_uniform_stats(const char *what, const Tensor *w, double bound);

#endif
