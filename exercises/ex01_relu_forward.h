/* ex01_relu_forward.h: exercise 1, ReLU forward over a tensor.
 *
 * Read chapter 1 (chapters/01-relu.md), section "Exercise 1: ReLU forward",
 * then write the two functions in exercises/ex01_relu_forward.c and check
 * them with `make test EX=1`.
 *
 * ReLU (the rectified linear unit) is
 *
 *     relu(x) = x   for x > 0
 *               0   for x <= 0
 *
 * applied to every element on its own. The worked example:
 *     [-2, -0.5, 0, 1.5, 3]  ->  [0, 0, 0, 1.5, 3]
 *
 * Floating-point inputs a textbook leaves open; PyTorch decides them so,
 * and so must you:
 *  - NaN stays NaN: relu(NaN) = NaN. A NaN means something upstream went
 *    wrong, and turning it into 0 would hide that. Careful: every
 *    comparison with NaN is false, so `x > 0` is false for NaN.
 *  - relu(+inf) = +inf, relu(-inf) = 0.
 *  - relu(-0.0) is -0.0 in PyTorch; exercise 1 accepts 0.0 or -0.0 (they
 *    compare equal); exercise 5 asks for the exact sign.
 */
#ifndef EX01_RELU_FORWARD_H
#define EX01_RELU_FORWARD_H

#include <stddef.h>

#include "exercise.h"
#include "tensor.h"

/* Part a, the raw kernel: out[i] = relu(inp[i]) for i = 0 .. n-1.
 * inp (input) and out (output) hold n floats each. out may be the same
 * array as inp (in place: ex01_relu_forward(x, x, n) overwrites x with
 * relu(x)), but does not overlap it otherwise. n may be 0: then do
 * nothing. */
void ex01_relu_forward(float *out, const float *inp, size_t n);

/* Part b, the same over a tensor: returns a NEW tensor of x's shape (any
 * number of dimensions, possibly empty), made by tensor_zeros (tensor.h),
 * holding relu of each element; x is not changed. The caller frees the
 * result with tensor_free. No autograd here (that is exercise 2). */
Tensor *ex01_relu(const Tensor *x);

#endif
