/* gradcheck.h: checking autograd's gradients against finite differences.
 *
 * A backward rule can be wrong in ways no forward test sees. gradcheck
 * computes d(loss)/d(input) twice, by autograd and numerically, and compares
 * them element by element:
 *
 *     static Tensor *loss_fn(Tensor *const *in, void *ctx) {
 *         (void)ctx;
 *         return tensor_sum(tensor_mul(in[0], in[1]));
 *     }
 *     Tensor *in[2] = {a, b};
 *     GradcheckResult r = gradcheck(loss_fn, NULL, in, 2, 1e-3, 1e-3, 1e-2);
 *     if (!r.ok) gradcheck_fprint(stderr, &r);
 *
 * Why central differences: (f(x+eps) - f(x-eps)) / (2 eps) has an error of
 * order eps^2, where the one-sided (f(x+eps) - f(x)) / eps has an error of
 * order eps. With float32 data eps cannot be tiny (f(x+eps) and f(x-eps)
 * would round to the same float), so the better order is what makes the
 * check sharp: eps = 1e-3 leaves a truncation error near 1e-6.
 *
 * Why double: the two losses agree in most of their digits, and their
 * difference is divided by a small number. The loss itself is float32 (the
 * library computes in float), but the subtraction, the division and the
 * comparison are done in double so that they add no rounding of their own.
 * The step is the one the float input really took, (float)(x+eps) -
 * (float)(x-eps), not 2 eps. What remains is the float rounding of the
 * loss, about |loss| * 6e-8 / eps: hence tolerances like atol 1e-3,
 * rtol 1e-2 for float32 and eps 1e-3, not 1e-7.
 *
 * Why not at a kink: ReLU has no derivative at 0. There the central
 * difference measures the average slope (0.5 for relu at x = 0, half of
 * the step in, half out) while autograd returns the subgradient it was
 * given (0 for relu), so both can be "right" and still disagree. Pick test
 * inputs at least a few eps away from kinks (0 for relu, any x where
 * max/abs switch sides).
 */
#ifndef GRADCHECK_H
#define GRADCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "tensor.h"

/* Builds a scalar loss (one element) from the inputs, with differentiable
 * ops; ctx is passed through for anything else the function needs. The
 * result must be a new tensor (gradcheck frees it with autograd_free_graph). */
typedef Tensor *(*GradcheckFn)(Tensor *const *inputs, void *ctx);

typedef struct {
    bool ok;            /* every element within atol + rtol * |numeric| */
    double max_error;   /* the largest |analytic - numeric| over all elements */
    int worst_input;    /* the element that exceeds its tolerance the most */
    size_t worst_index; /*   (or comes closest to it): input number and index, */
    double analytic, numeric; /* and both derivatives there; -1 if no elements */
} GradcheckResult;

/* Compares autograd's gradient of f at inputs with central differences
 * (f(x+eps) - f(x-eps)) / (2 eps), computed in double, element by element;
 * ok when |analytic - numeric| <= atol + rtol * |numeric| everywhere (a NaN
 * on either side is a failure).
 *
 * The inputs must be leaf tensors; gradcheck marks them requires_grad (so
 * the caller does not have to), turns autograd on for the duration, restores
 * every input's data exactly, zeroes the inputs' grads and leaves them
 * holding the analytic gradient, and frees every graph it builds. Other
 * tensors f uses that require a gradient (parameters in ctx) receive one
 * backward's worth of gradient too.
 * Aborts if f is NULL, an input is NULL or not a leaf, f returns NULL or a
 * loss of more than one element, the loss does not depend on the inputs, or
 * eps is too small to move an input in float32. */
GradcheckResult gradcheck(GradcheckFn f, void *ctx, Tensor *const *inputs, int ninputs,
                          double eps, double atol, double rtol);

/* Prints a one-line verdict to f: "gradcheck: ok, max error 3e-06" or
 * "gradcheck: FAILED: input 0, index 3: analytic 1 vs numeric 0.5 ...". */
void gradcheck_fprint(FILE *f, const GradcheckResult *r);

#endif
