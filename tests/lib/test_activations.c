/* test_activations.c: the ReLU family against PyTorch 1.13.
 *
 * The reference numbers are torch's own, computed by
 * tests/lib/gen_activation_reference.py into
 * tests/lib/data/activations_reference.tsv (read here, so CI needs no torch).
 * Each activation is checked on special inputs (+-inf, NaN, +-0, 1e-7,
 * 1e4, ...) and on random ones: forward values, and gradients of
 * loss = sum(f(x) * w) with a random w, both through the raw kernels and
 * through the autograd ops. Then the worked examples of CURRICULUM.md, the
 * conventions (0, NaN, inf), in-place use, n = 0, accumulation, dispatch and
 * misuse.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "gradcheck.h"
#include "ops.h"
#include "reference.h"
#include "rng.h"
#include "check.h"

#define REF_PATH "tests/lib/data/activations_reference.tsv"

/* ---- comparing floats ------------------------------------------------------ */

/* relu, leaky ReLU and PReLU only select, negate or multiply once, so they
 * are compared bit for bit, signed zeros included (torch: relu(-0.0) = -0.0). */
static bool same_float(float got, float want) {
    if (isnan(want)) return isnan(got);
    return got == want && !signbit(got) == !signbit(want);
}

/* |got - want| <= atol + rtol |want|; NaN matches NaN, inf matches the same inf. */
static bool close_float(float got, float want, float atol, float rtol) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    if (isnan(got) || isinf(got)) return false;
    return fabsf(got - want) <= atol + rtol * fabsf(want);
}

/* "[a, b, c]" of up to 8 floats, for messages (valid until the next call). */
static const char *floats_str(const float *x, size_t n) {
    static char buf[160];
    size_t len = (size_t)snprintf(buf, sizeof buf, "[");
    for (size_t i = 0; i < n && i < 8 && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%g", i ? ", " : "", (double)x[i]);
    if (len < sizeof buf) snprintf(buf + len, sizeof buf - len, "%s]", n > 8 ? ", ..." : "");
    return buf;
}

/* ---- the activations under test, behind one signature ------------------------ */

/* p1, p2 as in the data file: slope / alpha / beta, and softplus's threshold. */
typedef struct {
    const char *name; /* the data file's name column */
    float p1, p2;
    void (*forward)(float *out, const float *inp, size_t n, float p1, float p2);
    void (*backward)(float *dinp, const float *inp, const float *dout, size_t n, float p1, float p2);
    Tensor *(*op)(Tensor *x, float p1, float p2);
    /* Tolerance: exact, or atol + rtol |want|. The transcendental ones call
     * libm's expf/erff/tanhf/log1pf where torch calls SLEEF's vector versions
     * (or oneDNN's, for GELU); both are within an ulp or so of the truth but
     * round differently. rtol 1e-6 (8 to 16 ulps) covers that where nothing
     * cancels. Where the formula subtracts nearly equal numbers, the
     * difference inherits an ulp of those numbers, however small it is:
     * 1 + erf(x / sqrt 2) for x < -2 (an ulp of 1 is 6e-8, times x/2 in
     * gelu), 1 - tanh^2 near saturation, cdf + x pdf where gelu' crosses 0.
     * atol 5e-7 covers a few ulps of numbers up to ~4 in size. Measured
     * worst cases on the data: 2.8e-7 absolute (gelu, x = -3.7), 2e-7
     * relative elsewhere. */
    bool exact;
    float atol, rtol;
} Act;

static void relu_f(float *o, const float *x, size_t n, float p1, float p2) { (void)p1; (void)p2; relu_forward(o, x, n); }
static void relu_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { (void)p1; (void)p2; relu_backward(d, x, g, n); }
static Tensor *relu_t(Tensor *x, float p1, float p2) { (void)p1; (void)p2; return tensor_relu(x); }

static void leaky_f(float *o, const float *x, size_t n, float p1, float p2) { (void)p2; leaky_relu_forward(o, x, n, p1); }
static void leaky_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { (void)p2; leaky_relu_backward(d, x, g, n, p1); }
static Tensor *leaky_t(Tensor *x, float p1, float p2) { (void)p2; return tensor_leaky_relu(x, p1); }

static void prelu_f(float *o, const float *x, size_t n, float p1, float p2) { (void)p2; prelu_forward(o, x, n, p1); }
static void prelu_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { (void)p2; prelu_backward(d, NULL, x, g, n, p1); }
/* The slope as a constant (not learned) tensor, which the result records as
 * its inputs[1]: check_op_gradient frees it from there. The slope gradient
 * has its own tests. */
static Tensor *prelu_t(Tensor *x, float p1, float p2) {
    (void)p2;
    return tensor_prelu(x, tensor_scalar(p1));
}

static void elu_f(float *o, const float *x, size_t n, float p1, float p2) { (void)p2; elu_forward(o, x, n, p1); }
static void elu_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { (void)p2; elu_backward(d, x, g, n, p1); }
static Tensor *elu_t(Tensor *x, float p1, float p2) { (void)p2; return tensor_elu(x, p1); }

#define PLAIN(act)                                                                                \
    static void act##_f(float *o, const float *x, size_t n, float p1, float p2) {                 \
        (void)p1; (void)p2; act##_forward(o, x, n);                                               \
    }                                                                                             \
    static void act##_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { \
        (void)p1; (void)p2; act##_backward(d, x, g, n);                                           \
    }                                                                                             \
    static Tensor *act##_t(Tensor *x, float p1, float p2) { (void)p1; (void)p2; return tensor_##act(x); }
PLAIN(gelu)
PLAIN(gelu_tanh)
PLAIN(silu)
PLAIN(sigmoid)
PLAIN(tanh)

static void softplus_f(float *o, const float *x, size_t n, float p1, float p2) { softplus_forward(o, x, n, p1, p2); }
static void softplus_b(float *d, const float *x, const float *g, size_t n, float p1, float p2) { softplus_backward(d, x, g, n, p1, p2); }
static Tensor *softplus_t(Tensor *x, float p1, float p2) { return tensor_softplus(x, p1, p2); }

#define TRANSCENDENTAL false, 5e-7f, 1e-6f
static const Act RELU = {"relu", 0, 0, relu_f, relu_b, relu_t, true, 0, 0};
static const Act LEAKY_001 = {"leaky_relu", 0.01f, 0, leaky_f, leaky_b, leaky_t, true, 0, 0};
static const Act LEAKY_02 = {"leaky_relu", 0.2f, 0, leaky_f, leaky_b, leaky_t, true, 0, 0};
static const Act PRELU_025 = {"prelu", 0.25f, 0, prelu_f, prelu_b, prelu_t, true, 0, 0};
static const Act PRELU_NEG = {"prelu", -0.5f, 0, prelu_f, prelu_b, prelu_t, true, 0, 0};
static const Act ELU_1 = {"elu", 1.0f, 0, elu_f, elu_b, elu_t, TRANSCENDENTAL};
static const Act ELU_05 = {"elu", 0.5f, 0, elu_f, elu_b, elu_t, TRANSCENDENTAL};
static const Act GELU = {"gelu", 0, 0, gelu_f, gelu_b, gelu_t, TRANSCENDENTAL};
static const Act GELU_TANH = {"gelu_tanh", 0, 0, gelu_tanh_f, gelu_tanh_b, gelu_tanh_t, TRANSCENDENTAL};
static const Act SILU = {"silu", 0, 0, silu_f, silu_b, silu_t, TRANSCENDENTAL};
static const Act SIGMOID = {"sigmoid", 0, 0, sigmoid_f, sigmoid_b, sigmoid_t, TRANSCENDENTAL};
static const Act TANH = {"tanh", 0, 0, tanh_f, tanh_b, tanh_t, TRANSCENDENTAL};
static const Act SOFTPLUS = {"softplus", 1.0f, 20.0f, softplus_f, softplus_b, softplus_t, TRANSCENDENTAL};
static const Act SOFTPLUS_B2 = {"softplus", 2.0f, 20.0f, softplus_f, softplus_b, softplus_t, TRANSCENDENTAL};
static const Act SOFTPLUS_T5 = {"softplus", 1.0f, 5.0f, softplus_f, softplus_b, softplus_t, TRANSCENDENTAL};

static bool act_close(const Act *a, float got, float want) {
    return a->exact ? same_float(got, want) : close_float(got, want, a->atol, a->rtol);
}

/* ---- the reference data ------------------------------------------------------- */

/* The rows of one activation (name, p1, p2) in one set ("edge", "random",
 * "curriculum_A", ...; NULL for edge and random together). */
typedef struct {
    size_t n;
    float *x, *w, *y, *dx, *dp;
} Ref;

static Ref ref_load(const char *set, const char *name, float p1, float p2) {
    RefTable *t = ref_table_load_or_fail(REF_PATH);
    int c_set = ref_table_column(t, "set"), c_name = ref_table_column(t, "name"),
        c_p1 = ref_table_column(t, "p1"), c_p2 = ref_table_column(t, "p2");
    int cols[5] = {ref_table_column(t, "x"), ref_table_column(t, "w"), ref_table_column(t, "y"),
                   ref_table_column(t, "dx"), ref_table_column(t, "dp")};
    for (int k = 0; k < 5; k++)
        if (cols[k] < 0 || c_set < 0 || c_name < 0 || c_p1 < 0 || c_p2 < 0)
            cr_assert_fail("%s lacks one of the columns set name p1 p2 x w y dx dp", REF_PATH);
    Ref r = {0, NULL, NULL, NULL, NULL, NULL};
    float **arrays[5] = {&r.x, &r.w, &r.y, &r.dx, &r.dp};
    for (int k = 0; k < 5; k++) *arrays[k] = check_calloc(__func__, t->nrows + 1, sizeof(float));
    for (size_t row = 0; row < t->nrows; row++) {
        const char *s = ref_table_cell(t, row, c_set);
        bool set_ok = set ? strcmp(s, set) == 0 : (strcmp(s, "edge") == 0 || strcmp(s, "random") == 0);
        if (!set_ok || strcmp(ref_table_cell(t, row, c_name), name) != 0) continue;
        if (ref_table_float(t, row, c_p1) != p1 || ref_table_float(t, row, c_p2) != p2) continue;
        for (int k = 0; k < 5; k++) (*arrays[k])[r.n] = ref_table_float(t, row, cols[k]);
        r.n++;
    }
    ref_table_free(t);
    if (r.n == 0)
        cr_assert_fail("%s has no rows for set %s, %s(p1 %g, p2 %g): re-run gen_activation_reference.py",
                 REF_PATH, set ? set : "edge+random", name, (double)p1, (double)p2);
    return r;
}

static void ref_free(Ref *r) {
    free(r->x);
    free(r->w);
    free(r->y);
    free(r->dx);
    free(r->dp);
}

/* Compares got[i] with want[i] for every row, reporting the first few misses
 * with the input. Returns the number of mismatches. */
static size_t expect_rows(const Act *a, const char *what, const Ref *r, const float *got,
                          const float *want) {
    size_t bad = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (act_close(a, got[i], want[i])) continue;
        if (bad++ < 4)
            cr_expect_fail("%s(x = %.9g, p1 %g, p2 %g) %s: torch gives %.9g, we give %.9g "
                           "(tolerance %s)",
                           a->name, (double)r->x[i], (double)a->p1, (double)a->p2, what,
                           (double)want[i], (double)got[i], a->exact ? "exact, signed zeros too"
                                                                     : "atol 5e-7 + rtol 1e-6");
    }
    return bad;
}

/* Forward kernel on the edge and random inputs, in one call. */
static void check_forward(const Act *a) {
    Ref r = ref_load(NULL, a->name, a->p1, a->p2);
    float *y = check_calloc(__func__, r.n, sizeof(float));
    a->forward(y, r.x, r.n, a->p1, a->p2);
    expect_rows(a, "forward", &r, y, r.y);
    free(y);
    ref_free(&r);
}

/* Backward kernel: with dout = w and dinp starting at 0, dinp is d(sum(f(x) w))/dx. */
static void check_backward(const Act *a) {
    Ref r = ref_load(NULL, a->name, a->p1, a->p2);
    float *dx = check_calloc(__func__, r.n, sizeof(float));
    a->backward(dx, r.x, r.w, r.n, a->p1, a->p2);
    expect_rows(a, "gradient of sum(f(x) * w)", &r, dx, r.dx);
    free(dx);
    ref_free(&r);
}

/* The autograd op: loss = sum(f(x) * w), backward, x->grad against torch's. */
static void check_op_gradient(const Act *a) {
    Ref r = ref_load(NULL, a->name, a->p1, a->p2);
    Tensor *x = tensor_requires_grad(tensor_vector(r.n, r.x));
    Tensor *w = tensor_vector(r.n, r.w);
    Tensor *y = a->op(x, a->p1, a->p2);
    Tensor *slope = y->ninputs == 2 ? y->inputs[1] : NULL; /* prelu's constant slope */
    cr_expect(y->op != NULL && y->inputs[0] == x, "%s: the op must record itself on x", a->name);
    expect_rows(a, "forward through the tensor op", &r, y->data, r.y);
    Tensor *loss = tensor_sum(tensor_mul(y, w));
    autograd_backward(loss);
    expect_rows(a, "x->grad after backward of sum(op(x) * w)", &r, x->grad, r.dx);
    autograd_free_graph(loss);
    tensor_free(slope);
    tensor_free(w);
    tensor_free(x);
    ref_free(&r);
}

/* ---- forward and backward kernels against torch ---------------------------------------- */

Test(activations_torch, relu_forward) { check_forward(&RELU); }
Test(activations_torch, relu_backward) { check_backward(&RELU); }
Test(activations_torch, leaky_relu_forward_slope_0_01) { check_forward(&LEAKY_001); }
Test(activations_torch, leaky_relu_forward_slope_0_2) { check_forward(&LEAKY_02); }
Test(activations_torch, leaky_relu_backward_slope_0_01) { check_backward(&LEAKY_001); }
Test(activations_torch, leaky_relu_backward_slope_0_2) { check_backward(&LEAKY_02); }
Test(activations_torch, prelu_forward) { check_forward(&PRELU_025); check_forward(&PRELU_NEG); }
Test(activations_torch, prelu_backward_input) { check_backward(&PRELU_025); check_backward(&PRELU_NEG); }
Test(activations_torch, elu_forward) { check_forward(&ELU_1); check_forward(&ELU_05); }
Test(activations_torch, elu_backward) { check_backward(&ELU_1); check_backward(&ELU_05); }
Test(activations_torch, gelu_forward) { check_forward(&GELU); }
Test(activations_torch, gelu_backward) { check_backward(&GELU); }
Test(activations_torch, gelu_tanh_forward) { check_forward(&GELU_TANH); }
Test(activations_torch, gelu_tanh_backward) { check_backward(&GELU_TANH); }
Test(activations_torch, silu_forward) { check_forward(&SILU); }
Test(activations_torch, silu_backward) { check_backward(&SILU); }
Test(activations_torch, sigmoid_forward) { check_forward(&SIGMOID); }
Test(activations_torch, sigmoid_backward) { check_backward(&SIGMOID); }
Test(activations_torch, tanh_forward) { check_forward(&TANH); }
Test(activations_torch, tanh_backward) { check_backward(&TANH); }
Test(activations_torch, softplus_forward) {
    check_forward(&SOFTPLUS);
    check_forward(&SOFTPLUS_B2);
    check_forward(&SOFTPLUS_T5);
}
Test(activations_torch, softplus_backward) {
    check_backward(&SOFTPLUS);
    check_backward(&SOFTPLUS_B2);
    check_backward(&SOFTPLUS_T5);
}

/* The slope gradient, element by element: each element's own contribution
 * (exact: one product, or 0). */
Test(activations_torch, prelu_slope_gradient_per_element) {
    const Act *cases[2] = {&PRELU_025, &PRELU_NEG};
    for (int c = 0; c < 2; c++) {
        Ref r = ref_load(NULL, "prelu", cases[c]->p1, 0);
        for (size_t i = 0; i < r.n; i++) {
            float dslope = 0.0f;
            prelu_backward(NULL, &dslope, &r.x[i], &r.w[i], 1, cases[c]->p1);
            cr_expect(same_float(dslope, r.dp[i]),
                      "prelu(x = %.9g, slope %g), dout %.9g: d(loss)/d(slope) should be %.9g "
                      "(torch), got %.9g",
                      (double)r.x[i], (double)cases[c]->p1, (double)r.w[i], (double)r.dp[i],
                      (double)dslope);
        }
        ref_free(&r);
    }
}

/* Over a whole tensor the slope gradient is the sum of the elements' terms. */
Test(activations_torch, prelu_slope_gradient_summed) {
    Ref r = ref_load("random", "prelu", 0.25f, 0);
    double want = 0.0;
    for (size_t i = 0; i < r.n; i++) want += (double)r.dp[i];
    float dslope = 1.0f; /* backward adds: start from 1 to see it */
    float *dx = check_calloc(__func__, r.n, sizeof(float));
    prelu_backward(dx, &dslope, r.x, r.w, r.n, 0.25f);
    cr_expect(close_float(dslope, (float)(1.0 + want), 1e-6f, 1e-6f),
              "prelu_backward over %zu random inputs, dslope starting at 1: expected 1 + %.9g, "
              "got %.9g", r.n, want, (double)dslope);
    free(dx);
    ref_free(&r);
}

/* ---- the autograd ops against torch ------------------------------------------------------ */

Test(activations_ops, relu_gradient) { check_op_gradient(&RELU); }
Test(activations_ops, leaky_relu_gradient) { check_op_gradient(&LEAKY_001); check_op_gradient(&LEAKY_02); }
Test(activations_ops, prelu_gradient_wrt_x) { check_op_gradient(&PRELU_025); }
Test(activations_ops, elu_gradient) { check_op_gradient(&ELU_1); check_op_gradient(&ELU_05); }
Test(activations_ops, gelu_gradient) { check_op_gradient(&GELU); }
Test(activations_ops, gelu_tanh_gradient) { check_op_gradient(&GELU_TANH); }
Test(activations_ops, silu_gradient) { check_op_gradient(&SILU); }
Test(activations_ops, sigmoid_gradient) { check_op_gradient(&SIGMOID); }
Test(activations_ops, tanh_gradient) { check_op_gradient(&TANH); }
Test(activations_ops, softplus_gradient) {
    check_op_gradient(&SOFTPLUS);
    check_op_gradient(&SOFTPLUS_B2);
    check_op_gradient(&SOFTPLUS_T5);
}

/* A learned slope: slope->grad is torch's sum of the per-element terms. */
Test(activations_ops, prelu_gradient_wrt_slope) {
    Ref r = ref_load("random", "prelu", 0.25f, 0);
    Tensor *x = tensor_requires_grad(tensor_vector(r.n, r.x));
    Tensor *slope = tensor_requires_grad(tensor_scalar(0.25f));
    Tensor *w = tensor_vector(r.n, r.w);
    Tensor *loss = tensor_sum(tensor_mul(tensor_prelu(x, slope), w));
    autograd_backward(loss);
    double want = 0.0;
    for (size_t i = 0; i < r.n; i++) want += (double)r.dp[i];
    cr_expect(close_float(slope->grad[0], (float)want, 1e-6f, 1e-6f),
              "prelu slope gradient of sum(prelu(x, 0.25) * w) over %zu random x: expected "
              "%.9g (torch's terms, summed), got %.9g", r.n, want, (double)slope->grad[0]);
    for (size_t i = 0; i < r.n; i++)
        cr_expect(same_float(x->grad[i], r.dx[i]), "prelu x->grad at x = %.9g: expected %.9g, got %.9g",
                  (double)r.x[i], (double)r.dx[i], (double)x->grad[i]);
    autograd_free_graph(loss);
    tensor_free(w);
    tensor_free(slope);
    tensor_free(x);
    ref_free(&r);
}

/* Only what requires a gradient gets one. */
Test(activations_ops, prelu_fixed_slope_or_fixed_input) {
    float v[3] = {-2.0f, 0.5f, -1.0f};
    Tensor *x = tensor_vector(3, v);
    Tensor *slope = tensor_requires_grad(tensor_scalar(0.1f));
    Tensor *loss = tensor_sum(tensor_prelu(x, slope));
    autograd_backward(loss);
    cr_expect(x->grad == NULL, "x does not require a gradient, yet prelu's backward gave it one");
    cr_expect(close_float(slope->grad[0], -3.0f, 0, 0),
              "d/dslope sum(prelu([-2, 0.5, -1], slope)) = -2 + -1 = -3, got %g", (double)slope->grad[0]);
    autograd_free_graph(loss);
    tensor_free(slope);
    tensor_free(x);

    x = tensor_requires_grad(tensor_vector(3, v));
    slope = tensor_scalar(0.1f);
    loss = tensor_sum(tensor_prelu(x, slope));
    autograd_backward(loss);
    cr_expect(slope->grad == NULL, "the slope does not require a gradient, yet got one");
    float want[3] = {0.1f, 1.0f, 0.1f};
    for (int i = 0; i < 3; i++)
        cr_expect(same_float(x->grad[i], want[i]), "prelu x->grad at x = %g (slope 0.1): expected %g, got %g",
                  (double)v[i], (double)want[i], (double)x->grad[i]);
    autograd_free_graph(loss);
    tensor_free(slope);
    tensor_free(x);
}

/* ---- the autograd ops against finite differences (gradcheck.h) ---------------------------- */

/* loss = sum(f(x) * w) for gradcheck; w is fixed, in the context. */
typedef struct {
    const Act *act;
    Tensor *w;
} GcCtx;

static Tensor *act_loss(Tensor *const *in, void *ctx) {
    const GcCtx *c = ctx;
    Tensor *y = c->act->op(in[0], c->act->p1, c->act->p2);
    return tensor_sum(tensor_mul(y, c->w));
}

/* prelu with the slope as a second input, so its gradient is checked too. */
static Tensor *prelu_loss(Tensor *const *in, void *ctx) {
    const GcCtx *c = ctx;
    return tensor_sum(tensor_mul(tensor_prelu(in[0], in[1]), c->w));
}

/* Checks the op's gradient on the random inputs, GC_CHUNK at a time, away
 * from the kinks (x = 0; softplus's beta x = threshold) where a central
 * difference measures an average of two slopes, not the subgradient.
 * Tolerances as gradcheck.h explains for float32 and eps 1e-3; chunks keep
 * |loss| (and so its float rounding, divided by eps) small. */
#define GC_CHUNK 4
#define GC_EPS 1e-3
#define GC_MARGIN 0.02f /* 20 eps */
static void check_gradcheck(const Act *a, bool with_slope) {
    Ref r = ref_load("random", a->name, a->p1, a->p2);
    float kink = strcmp(a->name, "softplus") == 0 ? a->p2 / a->p1 : 0.0f;
    size_t used = 0;
    for (size_t start = 0; start < r.n; start += GC_CHUNK) {
        float x[GC_CHUNK], w[GC_CHUNK];
        size_t m = 0;
        for (size_t i = start; i < r.n && i < start + GC_CHUNK; i++) {
            if (fabsf(r.x[i]) < GC_MARGIN || fabsf(r.x[i] - kink) < GC_MARGIN) continue;
            x[m] = r.x[i];
            w[m++] = r.w[i];
        }
        if (m == 0) continue;
        used += m;
        Tensor *xt = tensor_vector(m, x);
        GcCtx ctx = {a, tensor_vector(m, w)};
        Tensor *slope = tensor_scalar(a->p1);
        Tensor *in[2] = {xt, slope};
        GradcheckResult res = with_slope ? gradcheck(prelu_loss, &ctx, in, 2, GC_EPS, 1e-3, 1e-2)
                                         : gradcheck(act_loss, &ctx, in, 1, GC_EPS, 1e-3, 1e-2);
        cr_expect(res.ok,
                  "gradcheck of sum(%s(x, p1 %g, p2 %g) * w) for x = %s: input %d, index %zu "
                  "(x = %g): autograd gives %.9g, central differences %.9g",
                  a->name, (double)a->p1, (double)a->p2, floats_str(x, m), res.worst_input,
                  res.worst_index, (double)x[res.worst_index < m ? res.worst_index : 0],
                  res.analytic, res.numeric);
        tensor_free(slope);
        tensor_free(ctx.w);
        tensor_free(xt);
    }
    cr_expect(used >= 30, "%s: only %zu random inputs were far enough from a kink to gradcheck",
              a->name, used);
    ref_free(&r);
}

Test(activations_gradcheck, relu) { check_gradcheck(&RELU, false); }
Test(activations_gradcheck, leaky_relu) { check_gradcheck(&LEAKY_001, false); check_gradcheck(&LEAKY_02, false); }
Test(activations_gradcheck, prelu_input_and_slope) {
    check_gradcheck(&PRELU_025, true);
    check_gradcheck(&PRELU_NEG, true);
}
Test(activations_gradcheck, elu) { check_gradcheck(&ELU_1, false); check_gradcheck(&ELU_05, false); }
Test(activations_gradcheck, gelu) { check_gradcheck(&GELU, false); }
Test(activations_gradcheck, gelu_tanh) { check_gradcheck(&GELU_TANH, false); }
Test(activations_gradcheck, silu) { check_gradcheck(&SILU, false); }
Test(activations_gradcheck, sigmoid) { check_gradcheck(&SIGMOID, false); }
Test(activations_gradcheck, tanh) { check_gradcheck(&TANH, false); }
Test(activations_gradcheck, softplus) {
    check_gradcheck(&SOFTPLUS, false);
    check_gradcheck(&SOFTPLUS_B2, false);
    check_gradcheck(&SOFTPLUS_T5, false);
}

/* ---- CURRICULUM.md's worked examples ------------------------------------------------------ */

/* Runs set (loss = sum(relu(x))) through tensor_relu and compares with torch. */
static void check_curriculum(const char *set, const Act *a) {
    Ref r = ref_load(set, a->name, a->p1, a->p2);
    Tensor *x = tensor_requires_grad(tensor_vector(r.n, r.x));
    Tensor *y = a->op(x, a->p1, a->p2);
    Tensor *loss = tensor_sum(y);
    autograd_backward(loss);
    for (size_t i = 0; i < r.n; i++) {
        cr_expect(act_close(a, y->data[i], r.y[i]), "%s: %s(%g) should be %g, got %g", set, a->name,
                  (double)r.x[i], (double)r.y[i], (double)y->data[i]);
        cr_expect(act_close(a, x->grad[i], r.dx[i]),
                  "%s: d/dx sum(%s(x)) at x = %g should be %g, got %g", set, a->name, (double)r.x[i],
                  (double)r.dx[i], (double)x->grad[i]);
    }
    autograd_free_graph(loss);
    tensor_free(x);
    ref_free(&r);
}

/* Section A: relu([-2, -0.5, 0, 1.5, 3]) = [0, 0, 0, 1.5, 3]; the literal
 * values are checked too, so the data file cannot drift from the text. */
Test(activations_curriculum, A_relu_of_the_classic_input) {
    float x[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f}, want[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f}, y[5];
    relu_forward(y, x, 5);
    for (int i = 0; i < 5; i++)
        cr_expect(same_float(y[i], want[i]), "relu(%g) should be %g, got %g", (double)x[i],
                  (double)want[i], (double)y[i]);
    check_curriculum("curriculum_A", &RELU);
    /* and printed as PyTorch 1.13 prints torch.relu(torch.tensor([...])) */
    Tensor *xt = tensor_vector(5, x), *yt = tensor_relu(xt);
    char text[128];
    tensor_format(text, sizeof text, yt);
    cr_expect_str_eq(text, "tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000])",
                     "tensor_relu([-2, -0.5, 0, 1.5, 3]) should print as torch does, "
                     "tensor([0.0000, 0.0000, 0.0000, 1.5000, 3.0000]); got %s", text);
    tensor_free(yt);
    tensor_free(xt);
}

/* Section B: the gradient of sum(relu([-2, 0.5, 3])) is [0, 1, 1]. */
Test(activations_curriculum, B_gradient_of_sum_relu) {
    float v[3] = {-2.0f, 0.5f, 3.0f}, want[3] = {0.0f, 1.0f, 1.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(3, v));
    Tensor *loss = tensor_sum(tensor_relu(x));
    autograd_backward(loss);
    for (int i = 0; i < 3; i++)
        cr_expect(same_float(x->grad[i], want[i]),
                  "d/dx sum(relu(x)) for x = [-2, 0.5, 3] at x = %g should be %g, got %g",
                  (double)v[i], (double)want[i], (double)x->grad[i]);
    autograd_free_graph(loss);
    tensor_free(x);
    check_curriculum("curriculum_B", &RELU);
}

/* Sections B and H: x = [-3] gets gradient [0], the dead unit. */
Test(activations_curriculum, H_dead_unit_gets_no_gradient) {
    Tensor *x = tensor_requires_grad(tensor_vector(1, (float[]){-3.0f}));
    Tensor *loss = tensor_sum(tensor_relu(x));
    autograd_backward(loss);
    cr_expect(same_float(x->grad[0], 0.0f), "d/dx relu(x) at x = -3 should be 0, got %g",
              (double)x->grad[0]);
    autograd_free_graph(loss);
    tensor_free(x);
    check_curriculum("curriculum_H", &RELU);
}

/* Section C: the largest derivatives, sigmoid'(0) = 0.25, tanh'(0) = 1, relu' = 1. */
Test(activations_curriculum, C_maximum_derivatives) {
    float zero = 0.0f, one = 1.0f, d;
    d = 0.0f; sigmoid_backward(&d, &zero, &one, 1);
    cr_expect(same_float(d, 0.25f), "sigmoid'(0) should be 0.25, got %.9g", (double)d);
    d = 0.0f; tanh_backward(&d, &zero, &one, 1);
    cr_expect(same_float(d, 1.0f), "tanh'(0) should be 1, got %.9g", (double)d);
    d = 0.0f; relu_backward(&d, &one, &one, 1);
    cr_expect(same_float(d, 1.0f), "relu'(1) should be 1, got %.9g", (double)d);
    check_curriculum("curriculum_C", &SIGMOID);
    check_curriculum("curriculum_C", &TANH);
    check_curriculum("curriculum_C", &RELU);
}

/* Section L: leaky ReLU (slope 0.01) on section A's input; gradient 0.01 for x <= 0. */
Test(activations_curriculum, L_leaky_relu_example) { check_curriculum("curriculum_L", &LEAKY_001); }

/* ---- conventions: 0, NaN, inf ---------------------------------------------------------------- */

Test(activations_conventions, relu_derivative_at_zero_is_zero) {
    float x[2] = {0.0f, -0.0f}, dout[2] = {1.0f, 1.0f}, d[2] = {0.0f, 0.0f};
    relu_backward(d, x, dout, 2);
    cr_expect(d[0] == 0.0f, "relu'(0) should be 0 (the subgradient PyTorch uses), got %g", (double)d[0]);
    cr_expect(d[1] == 0.0f, "relu'(-0.0) should be 0, got %g", (double)d[1]);
}

Test(activations_conventions, leaky_derivative_at_zero_is_the_slope) {
    float x = 0.0f, dout = 1.0f, d = 0.0f;
    leaky_relu_backward(&d, &x, &dout, 1, 0.01f);
    cr_expect(same_float(d, 0.01f), "leaky_relu'(0) with slope 0.01 should be 0.01, got %.9g", (double)d);
}

Test(activations_conventions, relu_nan_and_inf) {
    float x[4] = {NAN, INFINITY, -INFINITY, -0.0f}, y[4];
    relu_forward(y, x, 4);
    cr_expect(isnan(y[0]), "relu(NaN) should be NaN (NaN propagates), got %g", (double)y[0]);
    cr_expect(y[1] == INFINITY, "relu(+inf) should be +inf, got %g", (double)y[1]);
    cr_expect(same_float(y[2], 0.0f), "relu(-inf) should be 0, got %g", (double)y[2]);
    cr_expect(same_float(y[3], -0.0f), "relu(-0.0) should be -0.0 as in torch, got %g (sign %d)",
              (double)y[3], signbit(y[3]) != 0 ? 1 : 0);
    float dout[4] = {2.0f, 3.0f, 4.0f, 5.0f}, d[4] = {0};
    relu_backward(d, x, dout, 4);
    cr_expect(d[0] == 2.0f, "relu'(NaN) should be 1 (torch masks with x <= 0): dout 2 should pass, got %g",
              (double)d[0]);
    cr_expect(d[1] == 3.0f, "relu'(+inf) should be 1: dout 3 should pass, got %g", (double)d[1]);
    cr_expect(d[2] == 0.0f, "relu'(-inf) should be 0, got %g", (double)d[2]);
}

/* A blocked unit blocks everything: an inf or NaN in dout is selected away, not multiplied by 0. */
Test(activations_conventions, relu_blocks_nan_gradient_where_off) {
    float x = -1.0f, dout = NAN, d = 0.0f;
    relu_backward(&d, &x, &dout, 1);
    cr_expect(d == 0.0f, "relu_backward at x = -1 with dout = NaN should add 0, got %g", (double)d);
}

Test(activations_conventions, leaky_nan_and_inf) {
    float x[3] = {NAN, -INFINITY, INFINITY}, y[3], d[3] = {0}, dout[3] = {1, 1, 1};
    leaky_relu_forward(y, x, 3, 0.01f);
    leaky_relu_backward(d, x, dout, 3, 0.01f);
    cr_expect(isnan(y[0]) && y[1] == -INFINITY && y[2] == INFINITY,
              "leaky_relu(NaN, -inf, inf) should be (NaN, -inf, inf), got (%g, %g, %g)",
              (double)y[0], (double)y[1], (double)y[2]);
    cr_expect(same_float(d[0], 0.01f), "leaky_relu'(NaN) should be the slope 0.01 as in torch, got %g",
              (double)d[0]);
}

Test(activations_conventions, sigmoid_and_tanh_saturate_without_nan) {
    float x[6] = {-INFINITY, -1e30f, -100.0f, 100.0f, 1e30f, INFINITY}, s[6], t[6];
    sigmoid_forward(s, x, 6);
    tanh_forward(t, x, 6);
    for (int i = 0; i < 6; i++) {
        float want_s = x[i] < 0 ? 0.0f : 1.0f, want_t = x[i] < 0 ? -1.0f : 1.0f;
        cr_expect(close_float(s[i], want_s, 1e-30f, 0), "sigmoid(%g) should be %g, got %g",
                  (double)x[i], (double)want_s, (double)s[i]);
        cr_expect(t[i] == want_t, "tanh(%g) should be %g, got %g", (double)x[i], (double)want_t,
                  (double)t[i]);
    }
    float dout[6] = {1, 1, 1, 1, 1, 1}, ds[6] = {0}, dt[6] = {0};
    sigmoid_backward(ds, x, dout, 6);
    tanh_backward(dt, x, dout, 6);
    for (int i = 0; i < 6; i++) {
        cr_expect(close_float(ds[i], 0.0f, 1e-30f, 0), "sigmoid'(%g) should be 0, got %g",
                  (double)x[i], (double)ds[i]);
        cr_expect(dt[i] == 0.0f, "tanh'(%g) should be 0, got %g", (double)x[i], (double)dt[i]);
    }
    float nan_in = NAN, out;
    sigmoid_forward(&out, &nan_in, 1);
    cr_expect(isnan(out), "sigmoid(NaN) should be NaN, got %g", (double)out);
}

/* The tensor ops' backward from the saved output gives, bit for bit, what
 * the kernels from x give: both use the rounded output, one recomputes it. */
Test(activations_conventions, backward_from_output_matches_backward_from_input) {
    enum { N = 1031 };
    float x[N], y[N], dout[N], from_x[N], from_y[N];
    for (int i = 0; i < N; i++) {
        x[i] = (float)(i - N / 2) * 0.037f; /* -19 .. 19, through 0 */
        dout[i] = 1.0f + (float)(i % 7);
    }
    x[0] = -INFINITY, x[1] = INFINITY, x[2] = NAN, x[3] = -0.0f, x[4] = -100.0f, x[5] = 100.0f;
    for (int act = 0; act < 2; act++) {
        const char *name = act == 0 ? "sigmoid" : "tanh";
        for (int i = 0; i < N; i++) from_x[i] = from_y[i] = 0.5f; /* both add into it */
        if (act == 0) {
            sigmoid_forward(y, x, N);
            sigmoid_backward(from_x, x, dout, N);
            sigmoid_backward_from_output(from_y, y, dout, N);
        } else {
            tanh_forward(y, x, N);
            tanh_backward(from_x, x, dout, N);
            tanh_backward_from_output(from_y, y, dout, N);
        }
        for (int i = 0; i < N; i++)
            cr_expect(memcmp(&from_x[i], &from_y[i], sizeof(float)) == 0,
                      "%s at x = %g: from the output %.9g, from x %.9g", name, (double)x[i],
                      (double)from_y[i], (double)from_x[i]);
    }
}

/* sigmoid(-20) = 2.06e-9 keeps its digits (1 - sigmoid(20) would round to 0). */
Test(activations_conventions, sigmoid_small_values_keep_precision) {
    float x = -20.0f, s;
    sigmoid_forward(&s, &x, 1);
    cr_expect(close_float(s, 2.06115369e-9f, 0, 1e-6f), "sigmoid(-20) should be 2.06115369e-9, got %.9g",
              (double)s);
}

Test(activations_conventions, softplus_threshold_is_linear) {
    float x[3] = {20.5f, 10.5f, -INFINITY}, y[3], d[3] = {0}, dout[3] = {1, 1, 1};
    softplus_forward(y, x, 2, 1.0f, 20.0f);
    cr_expect(same_float(y[0], 20.5f), "softplus(20.5) (beta 1, threshold 20) is x itself, 20.5; got %.9g",
              (double)y[0]);
    softplus_forward(&y[1], &x[1], 1, 2.0f, 20.0f);
    cr_expect(same_float(y[1], 10.5f),
              "softplus(10.5, beta 2): beta x = 21 > 20, so the result is x = 10.5; got %.9g", (double)y[1]);
    softplus_forward(&y[2], &x[2], 1, 1.0f, 20.0f);
    cr_expect(same_float(y[2], 0.0f), "softplus(-inf) should be 0, got %g", (double)y[2]);
    softplus_backward(d, x, dout, 1, 1.0f, 20.0f);
    cr_expect(same_float(d[0], 1.0f), "softplus'(20.5) above the threshold should be exactly 1, got %.9g",
              (double)d[0]);
}

Test(activations_conventions, smooth_ones_are_nan_at_infinity_like_torch) {
    float x[2] = {-INFINITY, INFINITY}, y[2], d[2] = {0}, dout[2] = {1, 1};
    gelu_forward(y, x, 2);
    cr_expect(isnan(y[0]) && y[1] == INFINITY, "gelu(-inf, inf) should be (NaN, inf) as in torch, got (%g, %g)",
              (double)y[0], (double)y[1]);
    gelu_backward(d, x, dout, 2);
    cr_expect(isnan(d[0]) && isnan(d[1]), "gelu'(-inf, inf) should be (NaN, NaN) as in torch, got (%g, %g)",
              (double)d[0], (double)d[1]);
    silu_forward(y, x, 2);
    cr_expect(isnan(y[0]) && y[1] == INFINITY, "silu(-inf, inf) should be (NaN, inf) as in torch, got (%g, %g)",
              (double)y[0], (double)y[1]);
}

/* torch 1.13's ELU computes exp(x) - 1, which for tiny x differs from the
 * exact expm1(x): elu(-1e-7) = exp(-1e-7) - 1 = -1.1920929e-7 (exp(-1e-7)
 * rounds to 1 - 2^-23), not -1e-7. The reference tests' atol hides this. */
Test(activations_conventions, elu_of_tiny_input_is_torchs_exp_minus_one) {
    Ref r = ref_load("edge", "elu", 1.0f, 0);
    for (size_t i = 0; i < r.n; i++) {
        if (!(fabsf(r.x[i]) < 1e-6f && r.x[i] < 0)) continue;
        float y;
        elu_forward(&y, &r.x[i], 1, 1.0f);
        cr_expect(close_float(y, r.y[i], 0, 1e-6f), "elu(%.9g) should be torch's %.9g (exp(x) - 1), got %.9g",
                  (double)r.x[i], (double)r.y[i], (double)y);
    }
    ref_free(&r);
}

/* ---- kernel mechanics: in place, n = 0, accumulation -------------------------------------- */

static const Act *const ALL[] = {&RELU, &LEAKY_001, &PRELU_025, &ELU_1, &GELU, &GELU_TANH,
                                 &SILU, &SIGMOID, &TANH, &SOFTPLUS};
#define NALL (sizeof ALL / sizeof ALL[0])

/* 6 is past softplus's threshold for beta 2 (12 > 20 is false, but 12 > 10
 * would be true), so a wrong threshold shows. */
static const float SAMPLE[8] = {-3.0f, -0.5f, 0.0f, 0.25f, 1.0f, 6.0f, -INFINITY, NAN};

Test(activations_kernels, forward_in_place_matches_out_of_place) {
    for (size_t k = 0; k < NALL; k++) {
        float sep[8], inplace[8];
        memcpy(inplace, SAMPLE, sizeof SAMPLE);
        ALL[k]->forward(sep, SAMPLE, 8, ALL[k]->p1, ALL[k]->p2);
        ALL[k]->forward(inplace, inplace, 8, ALL[k]->p1, ALL[k]->p2);
        for (int i = 0; i < 8; i++)
            cr_expect(same_float(inplace[i], sep[i]), "%s in place (out == inp) at x = %g: expected %.9g, got %.9g",
                      ALL[k]->name, (double)SAMPLE[i], (double)sep[i], (double)inplace[i]);
    }
}

Test(activations_kernels, n_zero_touches_nothing) {
    float canary = 42.0f, dslope = 7.0f;
    for (size_t k = 0; k < NALL; k++) {
        ALL[k]->forward(&canary, NULL, 0, ALL[k]->p1, ALL[k]->p2);
        ALL[k]->backward(&canary, NULL, NULL, 0, ALL[k]->p1, ALL[k]->p2);
        cr_expect(canary == 42.0f, "%s with n = 0 wrote to its output: %g", ALL[k]->name, (double)canary);
    }
    prelu_backward(NULL, &dslope, NULL, NULL, 0, 0.25f);
    cr_expect(dslope == 7.0f, "prelu_backward with n = 0 changed dslope from 7 to %g", (double)dslope);
}

/* Backward kernels add into dinp: starting from 1, the result is 1 + dout f'(x). */
Test(activations_kernels, backward_adds_into_dinp) {
    float dout[8] = {0.5f, -1.0f, 2.0f, 1.5f, -0.25f, 1.0f, 1.0f, 1.0f};
    for (size_t k = 0; k < NALL; k++) {
        float fresh[8] = {0}, acc[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        ALL[k]->backward(fresh, SAMPLE, dout, 6, ALL[k]->p1, ALL[k]->p2);
        ALL[k]->backward(acc, SAMPLE, dout, 6, ALL[k]->p1, ALL[k]->p2);
        for (int i = 0; i < 6; i++)
            cr_expect(acc[i] == 1.0f + fresh[i],
                      "%s_backward must add into dinp: at x = %g, dinp = 1 beforehand should become "
                      "1 + %.9g, got %.9g", ALL[k]->name, (double)SAMPLE[i], (double)fresh[i], (double)acc[i]);
    }
    float x = -2.0f, g = 3.0f, dslope = 1.0f;
    prelu_backward(NULL, &dslope, &x, &g, 1, 0.25f);
    cr_expect(dslope == 1.0f + -6.0f, "prelu_backward must add into dslope: 1 + (-2 * 3) = -5, got %g",
              (double)dslope);
}

/* ---- the vectorised loops ----------------------------------------------------
 * A kernel over many elements runs its vector body (and, in the middle of
 * an array, never the scalar remainder loop); over 1 element it runs the
 * scalar code. The two must agree bit for bit, special values included
 * (simd.h: the library is built without contraction, so they do). The
 * special values sit at every offset of a vector, so each lane sees each. */
static const float SPECIALS[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 0x1p-149f,
                                 -0x1p-149f, 1.17549435e-38f, 3.40282347e38f, -3.40282347e38f,
                                 88.7228f, 89.0f, -87.5f, -104.0f, 0.625f, -0.875f, 4.0f,
                                 20.0f, 20.5f, -17.0f, 1e-7f, -1e-7f};
#define NSPECIALS (sizeof SPECIALS / sizeof SPECIALS[0])

static float *vector_input(size_t n, uint64_t seed) {
    Rng rng = rng_new(seed);
    float *x = check_malloc(__func__, n, sizeof(float));
    for (size_t i = 0; i < n; i++) x[i] = rng_normal_ms(&rng, 0.0f, 4.0f);
    for (size_t i = 0; i < n; i += 3) x[i] = SPECIALS[(i / 3) % NSPECIALS];
    return x;
}

Test(activations_kernels, vector_body_matches_scalar_code_bit_for_bit) {
    const size_t n = 1031; /* not a multiple of any vector width: a remainder too */
    float *x = vector_input(n, 11), *dout = vector_input(n, 12);
    float *y = check_calloc(__func__, n, sizeof(float)), *d = check_calloc(__func__, n, sizeof(float));
    for (size_t k = 0; k < NALL; k++) {
        const Act *a = ALL[k];
        memset(d, 0, n * sizeof(float));
        a->forward(y, x, n, a->p1, a->p2);
        a->backward(d, x, dout, n, a->p1, a->p2);
        size_t bad = 0;
        for (size_t i = 0; i < n; i++) {
            float y1, d1 = 0.0f;
            a->forward(&y1, &x[i], 1, a->p1, a->p2);
            a->backward(&d1, &x[i], &dout[i], 1, a->p1, a->p2);
            if ((!same_float(y[i], y1) || !same_float(d[i], d1)) && bad++ < 4)
                cr_expect_fail("%s(p1 %g) at x = %.9g (element %zu of %zu, dout %.9g): over the array "
                               "forward %.9g, backward %.9g; alone forward %.9g, backward %.9g",
                               a->name, (double)a->p1, (double)x[i], i, n, (double)dout[i],
                               (double)y[i], (double)d[i], (double)y1, (double)d1);
        }
    }
    free(x);
    free(dout);
    free(y);
    free(d);
}

/* relu_forward streams arrays of 1M floats or more past the cache; the
 * result is the same select: checked against the definition, with out not
 * aligned to a vector, and in place (which does not stream). */
Test(activations_kernels, relu_on_arrays_beyond_the_cache) {
    const size_t n = ((size_t)1 << 20) + 37;
    float *x = vector_input(n, 13), *buf = check_malloc(__func__, n + 1, sizeof(float));
    float *y = buf + 1;
    relu_forward(y, x, n);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        float want = x[i] < 0.0f ? 0.0f : x[i];
        if (!same_float(y[i], want) && bad++ < 4)
            cr_expect_fail("relu_forward over %zu floats: element %zu, x = %.9g, should be %.9g, got %.9g",
                           n, i, (double)x[i], (double)want, (double)y[i]);
    }
    memcpy(y, x, n * sizeof(float));
    relu_forward(y, y, n);
    for (size_t i = 0; i < n; i++) {
        float want = x[i] < 0.0f ? 0.0f : x[i];
        if (!same_float(y[i], want) && bad++ < 4)
            cr_expect_fail("relu_forward in place over %zu floats: element %zu, x = %.9g, should be %.9g, got %.9g",
                           n, i, (double)x[i], (double)want, (double)y[i]);
    }
    free(x);
    free(buf);
}

/* A value used twice gets both gradients (the op's backward adds, too). */
Test(activations_ops, gradient_accumulates_over_two_uses) {
    float v[2] = {-1.0f, 2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(2, v));
    Tensor *loss = tensor_sum(tensor_add(tensor_relu(x), tensor_leaky_relu(x, 0.5f)));
    autograd_backward(loss);
    float want[2] = {0.5f, 2.0f};
    for (int i = 0; i < 2; i++)
        cr_expect(same_float(x->grad[i], want[i]), "d/dx sum(relu(x) + leaky_relu(x, 0.5)) at x = %g "
                  "should be %g, got %g", (double)v[i], (double)want[i], (double)x->grad[i]);
    autograd_free_graph(loss);
    tensor_free(x);
}

/* Every op's backward adds into x->grad: through y = f(x) + f(x), x gets
 * twice the gradient of one use. */
Test(activations_ops, every_kind_accumulates_over_two_uses) {
    const float param[ACT_COUNT] = {0, 0, 0.2f, 0.5f, 0, 0, 0, 0, 0, 2.0f};
    for (int k = 0; k < ACT_COUNT; k++) {
        Tensor *x1 = tensor_requires_grad(tensor_vector(6, SAMPLE));
        Tensor *x2 = tensor_requires_grad(tensor_vector(6, SAMPLE));
        Tensor *once = tensor_sum(tensor_activation(x1, (ActKind)k, param[k]));
        Tensor *twice = tensor_sum(tensor_add(tensor_activation(x2, (ActKind)k, param[k]),
                                              tensor_activation(x2, (ActKind)k, param[k])));
        autograd_backward(once);
        autograd_backward(twice);
        for (int i = 0; i < 6; i++)
            cr_expect(same_float(x2->grad[i], 2.0f * x1->grad[i]),
                      "%s used twice: d/dx sum(f(x) + f(x)) at x = %g should be 2 * %.9g, got %.9g",
                      act_name((ActKind)k), (double)SAMPLE[i], (double)x1->grad[i], (double)x2->grad[i]);
        autograd_free_graph(once);
        autograd_free_graph(twice);
        tensor_free(x1);
        tensor_free(x2);
    }
}

/* ---- tensor ops: shape, recording, dispatch ------------------------------------------------ */

Test(activations_ops, keeps_shape_and_records_only_when_needed) {
    Tensor *m = tensor_matrix(2, 3, (float[]){-1, 2, -3, 4, -5, 6});
    Tensor *y = tensor_relu(m);
    cr_expect(y->ndim == 2 && y->shape[0] == 2 && y->shape[1] == 3,
              "relu of a (2, 3) tensor should have shape (2, 3), got %s", tensor_shape_str(y).text);
    cr_expect(y->op == NULL && !y->requires_grad, "relu of a tensor that needs no gradient must not record");
    cr_expect(y != m && m->data[0] == -1.0f, "tensor_relu must return a new tensor and leave x alone");
    tensor_free(y);
    tensor_requires_grad(m);
    y = tensor_relu(m);
    cr_expect(y->op != NULL && strcmp(y->op->name, "relu") == 0 && y->requires_grad,
              "relu of a tensor that requires a gradient must record op 'relu'");
    tensor_free(y);
    tensor_free(m);
}

Test(activations_ops, act_name_of_every_kind) {
    const char *want[ACT_COUNT] = {"identity", "relu", "leaky_relu", "elu", "gelu", "gelu_tanh",
                                   "silu", "sigmoid", "tanh", "softplus"};
    for (int k = 0; k < ACT_COUNT; k++)
        cr_expect_str_eq(act_name((ActKind)k), want[k], "act_name(%d) should be \"%s\", got \"%s\"", k,
                         want[k], act_name((ActKind)k));
}

/* tensor_activation(x, kind, param) gives the same values, gradient and op as the direct call. */
Test(activations_ops, dispatch_matches_direct_calls) {
    const Act *direct[ACT_COUNT] = {NULL, &RELU, &LEAKY_02, &ELU_05, &GELU, &GELU_TANH,
                                    &SILU, &SIGMOID, &TANH, &SOFTPLUS_B2};
    for (int k = 0; k < ACT_COUNT; k++) {
        float param = direct[k] ? direct[k]->p1 : 0.0f;
        Tensor *x = tensor_requires_grad(tensor_vector(8, SAMPLE));
        Tensor *w = tensor_vector(8, (float[]){1, -2, 3, 0.5f, -1, 2, 1, 1});
        Tensor *y = tensor_activation(x, (ActKind)k, param);
        cr_expect(y->op != NULL && strcmp(y->op->name, act_name((ActKind)k)) == 0,
                  "tensor_activation(kind %s) should record op '%s', got '%s'", act_name((ActKind)k),
                  act_name((ActKind)k), y->op ? y->op->name : "(none)");
        float want_y[8], want_dx[8] = {0};
        if (direct[k]) {
            direct[k]->forward(want_y, SAMPLE, 8, direct[k]->p1, direct[k]->p2);
            direct[k]->backward(want_dx, SAMPLE, w->data, 8, direct[k]->p1, direct[k]->p2);
        } else { /* identity */
            memcpy(want_y, SAMPLE, sizeof want_y);
            memcpy(want_dx, w->data, sizeof want_dx);
        }
        Tensor *loss = tensor_sum(tensor_mul(y, w));
        autograd_backward(loss);
        for (int i = 0; i < 8; i++) {
            cr_expect(same_float(y->data[i], want_y[i]), "tensor_activation(%s, param %g) at x = %g: "
                      "expected %.9g, got %.9g", act_name((ActKind)k), (double)param, (double)SAMPLE[i],
                      (double)want_y[i], (double)y->data[i]);
            cr_expect(same_float(x->grad[i], want_dx[i]), "gradient through tensor_activation(%s, param "
                      "%g) at x = %g: expected %.9g, got %.9g", act_name((ActKind)k), (double)param,
                      (double)SAMPLE[i], (double)want_dx[i], (double)x->grad[i]);
        }
        autograd_free_graph(loss);
        tensor_free(w);
        tensor_free(x);
    }
}

/* ---- misuse ------------------------------------------------------------------------------------ */

Test(activations_misuse, relu_of_null_aborts, .signal = SIGABRT) { tensor_relu(NULL); }
Test(activations_misuse, leaky_relu_of_null_aborts, .signal = SIGABRT) { tensor_leaky_relu(NULL, 0.01f); }
Test(activations_misuse, gelu_of_null_aborts, .signal = SIGABRT) { tensor_gelu(NULL); }
Test(activations_misuse, sigmoid_of_null_aborts, .signal = SIGABRT) { tensor_sigmoid(NULL); }
Test(activations_misuse, activation_of_null_aborts, .signal = SIGABRT) {
    tensor_activation(NULL, ACT_IDENTITY, 0.0f);
}
Test(activations_misuse, prelu_of_null_x_aborts, .signal = SIGABRT) {
    tensor_prelu(NULL, tensor_scalar(0.25f));
}
Test(activations_misuse, prelu_with_null_slope_aborts, .signal = SIGABRT) {
    tensor_prelu(tensor_vector(2, NULL), NULL);
}
Test(activations_misuse, prelu_with_two_slopes_aborts, .signal = SIGABRT) {
    tensor_prelu(tensor_vector(2, NULL), tensor_vector(2, NULL));
}
Test(activations_misuse, softplus_beta_zero_aborts, .signal = SIGABRT) {
    tensor_softplus(tensor_vector(2, NULL), 0.0f, 20.0f);
}
Test(activations_misuse, unknown_kind_aborts, .signal = SIGABRT) {
    tensor_activation(tensor_vector(2, NULL), (ActKind)ACT_COUNT, 0.0f);
}
Test(activations_misuse, act_name_of_unknown_kind_aborts, .signal = SIGABRT) { act_name((ActKind)-1); }
