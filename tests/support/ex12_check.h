/* ex12_check.h: what the graded (tests/ex12_variants.c) and hidden
 * (tests/hidden/ex12_variants.c) tests of exercise 12 share: calling the
 * student's kernels by name, and wrapping them as autograd ops so that the
 * library's gradient checker (gradcheck.h) can compare the student's
 * backward with central differences of the student's forward.
 * A header of static inline functions, like ex05_check.h, because the
 * grader links an exercise's test files, the harness and the library only. */
#ifndef EX12_CHECK_H
#define EX12_CHECK_H

#include <math.h>
#include <string.h>

#include "autograd.h"
#include "ex12_variants.h"
#include "gradcheck.h"
#include "harness.h"
#include "ops.h"
#include "tensor.h"

/* The student's forward kernel called `name` ("gelu", "gelu_tanh", "silu",
 * "elu", "prelu"); param is alpha or the slope. */
static inline void ex12_forward(const char *name, float param, float *out, const float *x,
                                size_t n) {
    if (!strcmp(name, "gelu")) ex12_gelu_forward(out, x, n);
    else if (!strcmp(name, "gelu_tanh")) ex12_gelu_tanh_forward(out, x, n);
    else if (!strcmp(name, "silu")) ex12_silu_forward(out, x, n);
    else if (!strcmp(name, "elu")) ex12_elu_forward(out, x, n, param);
    else if (!strcmp(name, "prelu")) ex12_prelu_forward(out, x, n, param);
    else cr_assert_fail("ex12 test: unknown kernel %s", name);
}

/* The student's backward kernel; returns PReLU's slope gradient (0 for the others). */
static inline float ex12_backward(const char *name, float param, float *dinp, const float *x,
                                  const float *dout, size_t n) {
    if (!strcmp(name, "gelu")) ex12_gelu_backward(dinp, x, dout, n);
    else if (!strcmp(name, "gelu_tanh")) ex12_gelu_tanh_backward(dinp, x, dout, n);
    else if (!strcmp(name, "silu")) ex12_silu_backward(dinp, x, dout, n);
    else if (!strcmp(name, "elu")) ex12_elu_backward(dinp, x, dout, n, param);
    else if (!strcmp(name, "prelu")) return ex12_prelu_backward(dinp, x, dout, n, param);
    else cr_assert_fail("ex12 test: unknown kernel %s", name);
    return 0.0f;
}

/* f(x) and f'(x) of kernel `name` at one point, from the chapter's formulas
 * in double: a sanity value, not a kernel (no loop, no float care). */
static inline void ex12_formula(const char *name, double a, double x, double *f, double *df) {
    if (!strcmp(name, "gelu")) {
        double cdf = 0.5 * (1.0 + erf(x / sqrt(2.0)));
        *f = x * cdf, *df = cdf + x * exp(-0.5 * x * x) / sqrt(2.0 * 3.14159265358979323846);
    } else if (!strcmp(name, "gelu_tanh")) {
        double c = sqrt(2.0 / 3.14159265358979323846), t = tanh(c * (x + 0.044715 * x * x * x));
        *f = 0.5 * x * (1.0 + t);
        *df = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3.0 * 0.044715 * x * x);
    } else if (!strcmp(name, "silu")) {
        double s = 1.0 / (1.0 + exp(-x));
        *f = x * s, *df = s * (1.0 + x * (1.0 - s));
    } else if (!strcmp(name, "elu")) {
        *f = x > 0 ? x : a * expm1(x), *df = x > 0 ? 1.0 : a * exp(x);
    } else {
        *f = x > 0 ? x : a * x, *df = x > 0 ? 1.0 : a;
    }
}

/* The contract tests (adds into dinp, in place, gradcheck) hold for any
 * consistent pair of kernels, the identity or zeros included: they give
 * points only once forward and backward compute `name` at x = -1 and 1.5. */
static inline void ex12_expect_computes(const char *name, float param) {
    const float x[2] = {-1.0f, 1.5f}, ones[2] = {1.0f, 1.0f};
    float y[2] = {-12345.0f, -12345.0f}, d[2] = {0.0f, 0.0f};
    ex12_forward(name, param, y, x, 2);
    ex12_backward(name, param, d, x, ones, 2);
    for (int i = 0; i < 2; i++) {
        double f, df;
        ex12_formula(name, param, x[i], &f, &df);
        cr_assert(fabs(y[i] - f) <= 1e-5 + 1e-4 * fabs(f) && fabs(d[i] - df) <= 1e-5 + 1e-4 * fabs(df),
                  "ex12_%s (parameter %g) at x = %g: forward gave %g and backward (dout = 1, "
                  "dinp = 0) %g; expected %.6g and %.6g. This test checks a property of your "
                  "kernels and counts only once they compute %s",
                  name, (double)param, (double)x[i], (double)y[i], (double)d[i], f, df, name);
    }
}

/* ---- the student's kernels as an autograd op, for gradcheck --------------
 * The op's inputs are x and a 1-element tensor holding the parameter; the
 * parameter's gradient is filled for PReLU (its slope is learned). The
 * kernel's name travels in a file-level variable: tests run one at a time. */
static const char *ex12_op_name;

static inline void ex12_op_backward(Tensor *out) {
    Tensor *x = out->inputs[0], *p = out->inputs[1];
    /* x always requires a gradient here (gradcheck marks it) */
    float dslope = ex12_backward(ex12_op_name, p->data[0], tensor_grad(x), x->data, out->grad,
                                 x->size);
    if (p->requires_grad && !strcmp(ex12_op_name, "prelu")) tensor_grad(p)[0] += dslope;
}

static const Op ex12_op = {"ex12_student_kernel", ex12_op_backward};

static inline Tensor *ex12_apply(Tensor *x, Tensor *p) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    ex12_forward(ex12_op_name, p->data[0], out->data, x->data, x->size);
    return autograd_record2(out, &ex12_op, x, p);
}

/* loss = sum(f(x; p) * w): a random w makes every element's gradient count. */
static inline Tensor *ex12_loss(Tensor *const *in, void *ctx) {
    Tensor *w = ctx;
    return tensor_sum(tensor_mul(ex12_apply(in[0], in[1]), w));
}

/* Runs gradcheck on the student's kernel `name` at x (n values) with the
 * parameter param and weights w; checks the slope too for PReLU. Fails the
 * test with gradcheck's verdict, the inputs and `where` (e.g. the seed). */
static inline void ex12_expect_gradcheck(const char *name, float param, const float *x,
                                         const float *w, size_t n, const char *where) {
    ex12_expect_computes(name, param);
    ex12_op_name = name;
    Tensor *xt = tensor_vector(n, x), *pt = tensor_scalar(param), *wt = tensor_vector(n, w);
    Tensor *in[2] = {xt, pt};
    int ninputs = strcmp(name, "prelu") ? 1 : 2;
    GradcheckResult r = gradcheck(ex12_loss, wt, in, ninputs, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok,
              "gradcheck of your %s (parameter %g) %s at x = %s: your backward gives %g for "
              "d(loss)/d(%s[%zu]), central differences of your forward give %g",
              name, (double)param, where, harness_fmt_floats(x, n), r.analytic,
              r.worst_input == 1 ? "slope" : "x", r.worst_index, r.numeric);
    tensor_free(xt);
    tensor_free(pt);
    tensor_free(wt);
}

#endif
