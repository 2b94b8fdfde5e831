/* ex08_he_init.h: exercise 8, He (Kaiming) initialisation.
 *
 * Read chapter 8 (chapters/08-he-init.md), section "Exercise 8: He
 * initialisation", then write the functions in exercises/ex08_he_init.c and
 * check them with `make test EX=8`.
 *
 * You write the initialisers yourself: the library has its own (init.h),
 * but this exercise must not call init_kaiming_normal, init_kaiming_uniform,
 * init_fan_in, init_fan_out or init_gain (the grader rejects code that
 * does). Drawing random numbers with lib/rng.h is what it is for:
 *
 *     Rng rng = rng_new(seed);
 *     float z = rng_normal(&rng);                // N(0, 1)
 *     rng_fill_normal(&rng, w, 0.0f, std);       // all of w: N(0, std^2)
 *     rng_fill_uniform(&rng, w, -bound, bound);  // all of w: U(-bound, bound)
 *
 * Conventions (PyTorch's torch.nn.init):
 *  - a Linear weight has shape (out, in); a convolution weight has shape
 *    (out, in, kh, kw) (or (out, in, k) in one dimension). The receptive
 *    field is the product of the dimensions after the first two (1 for a
 *    matrix); fan_in = shape[1] * receptive field, fan_out = shape[0] *
 *    receptive field.
 *  - the gain for a leaky ReLU of negative slope a is sqrt(2 / (1 + a^2));
 *    a = 0 is plain ReLU, gain sqrt 2.
 *  - kaiming normal draws N(0, std^2) with std = gain / sqrt(fan);
 *    kaiming uniform draws U(-bound, bound) with the same variance,
 *    bound = gain * sqrt(3 / fan).
 *
 * Pointer parameters: `w` is an output tensor (its shape is read, its data
 * overwritten); `rms` is an output array of depth + 1 floats.
 */
#ifndef EX08_HE_INIT_H
#define EX08_HE_INIT_H

#include <stddef.h>
#include <stdint.h>

#include "exercise.h"
#include "init.h"   /* FanMode: FAN_IN or FAN_OUT */
#include "tensor.h"

/* Part a: the fan of weight w (in, not modified) for the mode: fan_in or
 * fan_out as defined above, for any w with 2 to 4 dimensions. A tensor with
 * fewer than 2 dimensions has no fans: abort with CHECK (check.h), naming
 * the function and w's shape, as PyTorch raises an error. */
size_t ex08_fan(const Tensor *w, FanMode mode);

/* Part b: the gain for a leaky ReLU with negative slope a (a = 0: ReLU). */
float ex08_leaky_gain(float a);

/* Part c: fill w (out: every element overwritten) with He-normal samples
 * N(0, std^2), std = gain(a) / sqrt(fan(w, mode)), drawn from a generator
 * made with rng_new(seed). The same seed must give the same weights. */
void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed);

/* Part d: the same with He-uniform samples U(-bound, bound),
 * bound = gain(a) * sqrt(3 / fan(w, mode)). */
void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed);

/* Part e: how the activation scale travels through a deep ReLU stack.
 * From a generator made with rng_new(seed): a batch of `batch` inputs of
 * `width` standard-normal values each, h0, a (batch, width) matrix; then
 * `depth` layers h_l = ReLU(h_{l-1} W_l^T), no bias, each W_l a fresh
 * (width, width) matrix with entries drawn from N(0, (gain / sqrt(width))^2).
 * gain = sqrt 2 is He initialisation, gain = 1 is LeCun's std
 * sqrt(1 / n_in). Write the root mean square of each h_l,
 *     rms[l] = sqrt(mean over all batch * width entries of h_l^2),
 * to rms[0 .. depth] (rms[0] is the input's). All sizes >= 1. */
void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch,
                           float gain, uint64_t seed);

#endif
