/* gradcheck.c: autograd's gradient against central differences (gradcheck.h).
 *
 * One backward pass gives every analytic derivative at once; the numeric
 * side perturbs one input element at a time, evaluating f twice per element,
 * so the cost is 2 * (total input size) forward passes: gradcheck is for
 * small test tensors.
 */
#include "gradcheck.h"

#include <math.h>

#include "autograd.h"
#include "check.h"

/* CHECK, naming gradcheck (the caller's entry point) rather than a helper. */
#define GRADCHECK_CHECK(cond, ...) \
    do { if (!(cond)) check_fail("gradcheck", __FILE__, __LINE__, __VA_ARGS__); } while (0)

/* Runs f and checks what it returned. */
static Tensor *evaluate(GradcheckFn f, void *ctx, Tensor *const *inputs) {
    Tensor *loss = f(inputs, ctx);
    GRADCHECK_CHECK(loss != NULL, "the loss function returned NULL");
    GRADCHECK_CHECK(loss->size == 1, "the loss must hold one number, got shape %s: reduce it "
                    "with tensor_sum or tensor_mean", tensor_shape_str(loss).text);
    GRADCHECK_CHECK(loss->requires_grad,
                    "the loss does not depend on any input: it has no gradient to check");
    return loss;
}

/* f's value at the current inputs, its graph freed at once. */
static double loss_value(GradcheckFn f, void *ctx, Tensor *const *inputs) {
    Tensor *loss = evaluate(f, ctx, inputs);
    double value = (double)loss->data[0];
    autograd_free_graph(loss);
    return value;
}

/* (f(x + eps) - f(x - eps)) / step for element i of x, where step is the
 * distance the float really moved; x->data[i] is restored bit for bit. */
static double central_difference(GradcheckFn f, void *ctx, Tensor *const *inputs, Tensor *x,
                                 size_t i, double eps) {
    float saved = x->data[i];
    float plus = (float)((double)saved + eps), minus = (float)((double)saved - eps);
    GRADCHECK_CHECK(plus != minus, "eps = %g is too small to move x = %g in float32", eps, (double)saved);
    x->data[i] = plus;
    double f_plus = loss_value(f, ctx, inputs);
    x->data[i] = minus;
    double f_minus = loss_value(f, ctx, inputs);
    x->data[i] = saved;
    return (f_plus - f_minus) / ((double)plus - (double)minus);
}

GradcheckResult gradcheck(GradcheckFn f, void *ctx, Tensor *const *inputs, int ninputs,
                          double eps, double atol, double rtol) {
    CHECK(f != NULL, "the loss function is NULL");
    CHECK(inputs != NULL && ninputs >= 1, "no inputs (inputs %p, ninputs %d)",
          (const void *)inputs, ninputs);
    CHECK(eps > 0.0 && atol >= 0.0 && rtol >= 0.0,
          "eps must be positive and the tolerances non-negative (eps %g, atol %g, rtol %g)",
          eps, atol, rtol);
    for (int k = 0; k < ninputs; k++) {
        CHECK(inputs[k] != NULL, "input %d is NULL", k);
        tensor_requires_grad(inputs[k]); /* aborts unless it is a leaf */
        tensor_grad(inputs[k]);
        tensor_zero_grad(inputs[k]);
    }
    bool was_enabled = autograd_set_enabled(true);

    Tensor *loss = evaluate(f, ctx, inputs);
    autograd_backward(loss);
    autograd_free_graph(loss);

    GradcheckResult r = {.ok = true, .max_error = 0.0, .worst_input = -1, .worst_index = 0,
                         .analytic = 0.0, .numeric = 0.0};
    double worst_excess = -HUGE_VAL;
    for (int k = 0; k < ninputs; k++) {
        Tensor *x = inputs[k];
        for (size_t i = 0; i < x->size; i++) {
            double analytic = (double)x->grad[i];
            double numeric = central_difference(f, ctx, inputs, x, i, eps);
            double error = fabs(analytic - numeric);
            double tolerance = atol + rtol * fabs(numeric);
            if (!(error <= tolerance)) r.ok = false; /* a NaN on either side fails too */
            if (isnan(error)) r.max_error = (double)NAN;
            else if (error > r.max_error) r.max_error = error; /* a NaN stays */
            double excess = isnan(error) ? HUGE_VAL : error - tolerance;
            if (r.worst_input < 0 || excess > worst_excess) {
                worst_excess = excess;
                r.worst_input = k;
                r.worst_index = i;
                r.analytic = analytic;
                r.numeric = numeric;
            }
        }
    }
    autograd_set_enabled(was_enabled);
    return r;
}

void gradcheck_fprint(FILE *f, const GradcheckResult *r) {
    CHECK(f != NULL && r != NULL, "NULL argument (f %p, r %p)", (void *)f, (const void *)r);
    if (r->ok) {
        fprintf(f, "gradcheck: ok, max error %.3g\n", r->max_error);
    } else {
        fprintf(f, "gradcheck: FAILED: input %d, index %zu: analytic %.9g vs numeric %.9g "
                "(error %.3g; max error %.3g)\n", r->worst_input, r->worst_index, r->analytic,
                r->numeric, fabs(r->analytic - r->numeric), r->max_error);
    }
}
