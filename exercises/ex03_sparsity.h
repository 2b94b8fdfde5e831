/* ex03_sparsity.h: exercise 3, measuring sparsity.
 *
 * Read chapter 3 (chapters/03-sparsity.md), section "Exercise 3: measuring
 * sparsity", then write the three functions in exercises/ex03_sparsity.c
 * and check them with `make test EX=3`.
 *
 * ReLU turns every negative pre-activation into an exact 0, so a layer
 * h = ReLU(W x + b) is sparse: only part of its units are active (h > 0)
 * for a given input. Here you measure how sparse, and predict it.
 *
 * A unit computes z = w . x + b and is a detector for the half-space
 * w . x + b > 0 of inputs: it outputs 0 everywhere else. If z is normal,
 * z ~ N(b, sigma^2), the unit outputs 0 with probability
 *
 *     P(z <= 0) = Phi(-b / sigma)
 *
 * where Phi is the standard normal CDF, Phi(t) = erfc(-t / sqrt 2) / 2.
 */
#ifndef EX03_SPARSITY_H
#define EX03_SPARSITY_H

#include <stddef.h>

#include "exercise.h"
#include "tensor.h"

/* Part a: the fraction of the elements of h (any shape) that are exactly
 * zero, in [0, 1]. 0.0f and -0.0f are zeros (they compare equal); NaN is
 * not, and nor is a tiny value like 1e-30. An empty tensor has no elements
 * to measure: return NaN, as PyTorch's (h == 0).float().mean() does. */
float ex03_zero_fraction(const Tensor *h);

/* Part b: h is a (B, U) tensor, the activations of U units on a batch of
 * B inputs (row i is input i). For each unit j, write to
 * active_fraction[j] the fraction of the B inputs on which the unit is
 * active, h[i][j] > 0. active_fraction has room for U floats. (A NaN is
 * neither zero nor active.) B = 0: every fraction is NaN. */
void ex03_unit_activity(const Tensor *h, float *active_fraction);

/* Part c: the predicted fraction of zeros of ReLU(z) for z ~ N(bias,
 * sigma^2), that is P(z <= 0) = Phi(-bias / sigma), with a small
 * relative error also far in the tails: Phi(-10) is 7.6e-24, not 0 (in
 * float, 1 - (something close to 1) rounds to 0; chapter 3 says which
 * function of math.h avoids that), and over all of float's range:
 * compute -bias / (sigma sqrt 2) in double, since in float sigma sqrt 2
 * overflows for sigma near FLT_MAX and loses digits for a subnormal
 * sigma (bias = sigma = FLT_MAX gives Phi(-1) = 0.159). An infinite bias
 * gives 0 (+inf) or 1 (-inf); -0.0 is a bias of 0. sigma = 0 means
 * z = bias exactly: 1 if bias <= 0, else 0.
 * sigma < 0 (or a NaN argument) has no meaning: return NaN. */
float ex03_predicted_zero_fraction(float bias, float sigma);

#endif
