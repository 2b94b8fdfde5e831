/* Graded tests of exercise 2, ReLU backward (exercises/ex02_relu_backward.h).
 * The expected gradients are PyTorch 1.13's. */
#include <math.h>

#include "ex02_relu_backward.h"
#include "gradcheck.h"
#include "harness.h"
#include "ops.h"
#include "rng.h"

/* ---- part a: the kernel ---------------------------------------------- */

EXERCISE_TEST(ex02, kernel_worked_example) {
    /* loss = sum(relu(x)) has dL/dy = 1 everywhere. */
    const float x[3] = {-2.0f, 0.5f, 3.0f};
    const float dout[3] = {1.0f, 1.0f, 1.0f};
    const float want[3] = {0.0f, 1.0f, 1.0f};
    float dinp[3] = {0.0f, 0.0f, 0.0f};
    ex02_relu_backward(dinp, x, dout, 3);
    expect_floats_close("ex02_relu_backward(dinp = 0, x = [-2, 0.5, 3], dout = [1, 1, 1], 3)", x,
                        dinp, want, 3, 0.0f, 0.0f);

    const float x1[1] = {-3.0f}, dout1[1] = {1.0f}, want1[1] = {0.0f};
    float dinp1[1] = {0.0f};
    ex02_relu_backward(dinp1, x1, dout1, 1);
    expect_floats_close("ex02_relu_backward(dinp = 0, x = [-3], dout = [1], 1)", x1, dinp1, want1,
                        1, 0.0f, 0.0f);
}

/* Runs the kernel on n <= 8 values from dinp = 0 and compares exactly. */
static void check_kernel(const char *call, const float *x, const float *dout, const float *want,
                         size_t n) {
    float dinp[8] = {0};
    ex02_relu_backward(dinp, x, dout, n);
    expect_floats_close(call, x, dinp, want, n, 0.0f, 0.0f);
}

EXERCISE_TEST(ex02, kernel_zero_at_zero) {
    /* The corner: PyTorch's subgradient at 0 (and -0.0) is 0. Tiny
     * non-zero values are on their side of the corner. */
    const float x[5] = {0.0f, -0.0f, 1e-45f, -1e-45f, 1e-30f};
    const float dout[5] = {5.0f, 5.0f, 5.0f, 5.0f, 5.0f};
    const float want[5] = {0.0f, 0.0f, 5.0f, 0.0f, 5.0f};
    check_kernel("ex02_relu_backward(dinp = 0, x = [0, -0, 1e-45, -1e-45, 1e-30], "
                 "dout = 5, 5) (relu'(0) must be 0)",
                 x, dout, want, 5);
}

EXERCISE_TEST(ex02, kernel_chain_rule) {
    /* dinp = dout * relu'(x): the upstream gradient is scaled, not replaced by 1. */
    const float x[4] = {1.0f, 2.0f, -1.0f, 0.25f};
    const float dout[4] = {0.5f, -2.0f, 4.0f, 3.0f};
    const float want[4] = {0.5f, -2.0f, 0.0f, 3.0f};
    check_kernel("ex02_relu_backward(dinp = 0, x = [1, 2, -1, 0.25], "
                 "dout = [0.5, -2, 4, 3], 4)",
                 x, dout, want, 4);
}

EXERCISE_TEST(ex02, kernel_nan_and_infinities) {
    /* NaN: PyTorch masks with x <= 0, which is false for NaN: gradient 1,
     * whatever the NaN's sign bit (-nan is a NaN too, not a negative
     * number). +inf is positive (gradient 1), -inf negative (gradient 0),
     * and a masked element gets exactly 0 even if dout is huge. */
    const float x[5] = {NAN, INFINITY, -INFINITY, -1.0f, -NAN};
    const float dout[5] = {2.0f, 2.0f, 2.0f, INFINITY, 2.0f};
    const float want[5] = {2.0f, 2.0f, 0.0f, 0.0f, 2.0f};
    check_kernel("ex02_relu_backward(dinp = 0, x = [nan, inf, -inf, -1, -nan], "
                 "dout = [2, 2, 2, inf, 2], 5)",
                 x, dout, want, 5);
}

EXERCISE_TEST(ex02, kernel_masked_elements_add_nothing_even_for_nan_dout) {
    /* The header: where relu' is 0, exactly 0 is added, whatever dout is
     * (dout * 0 would be NaN for a NaN or infinite dout). */
    const float x[5] = {-1.0f, 0.0f, -0.0f, -INFINITY, 2.0f};
    const float dout[5] = {NAN, NAN, INFINITY, NAN, 3.0f};
    const float want[5] = {0.0f, 0.0f, 0.0f, 0.0f, 3.0f};
    check_kernel("ex02_relu_backward(dinp = 0, x = [-1, 0, -0, -inf, 2], "
                 "dout = [nan, nan, inf, nan, 3], 5)",
                 x, dout, want, 5);
}

EXERCISE_TEST(ex02, kernel_adds_into_dinp) {
    /* Backward adds: dinp already holds the gradient from another use. */
    const float x[4] = {-2.0f, 0.5f, 3.0f, 0.0f};
    const float dout[4] = {1.0f, 1.0f, 2.0f, 1.0f};
    const float want[4] = {10.0f, 21.0f, 32.0f, 40.0f};
    float dinp[4] = {10.0f, 20.0f, 30.0f, 40.0f};
    ex02_relu_backward(dinp, x, dout, 4);
    expect_floats_close("ex02_relu_backward(dinp = [10, 20, 30, 40], x = [-2, 0.5, 3, 0], "
                        "dout = [1, 1, 2, 1], 4) (must add into dinp, not overwrite it)",
                        x, dinp, want, 4, 0.0f, 0.0f);

    /* n = 0 changes nothing. */
    float keep[2] = {1.0f, 2.0f};
    ex02_relu_backward(keep, x, dout, 0);
    cr_expect(keep[0] == 1.0f && keep[1] == 2.0f,
              "ex02_relu_backward(dinp, x, dout, 0) must not write anything, but dinp became "
              "[%g, %g]", (double)keep[0], (double)keep[1]);
}

/* ---- part b: the autograd node ----------------------------------------- */

/* The ReLU op with the student's backward rule; the forward is computed
 * here, so these tests depend only on ex02. */
static const Op student_relu_op = {"relu", ex02_relu_node_backward};

static Tensor *student_relu(Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    for (size_t i = 0; i < x->size; i++) out->data[i] = x->data[i] < 0.0f ? 0.0f : x->data[i];
    return autograd_record1(out, &student_relu_op, x);
}

/* x.grad after loss = sum(relu(x)).backward(), x a fresh leaf. */
static void check_sum_relu_grad(const float *values, const float *want, size_t n) {
    Tensor *x = tensor_requires_grad(tensor_vector(n, values));
    Tensor *loss = tensor_sum(student_relu(x));
    autograd_backward(loss);
    char call[128];
    snprintf(call, sizeof call, "x.grad after sum(relu(x)).backward() with x = %s",
             harness_fmt_floats(values, n));
    cr_assert(x->grad != NULL, "%s: x.grad was never allocated (use tensor_grad(x))", call);
    expect_floats_close(call, values, x->grad, want, n, 0.0f, 0.0f);
    autograd_free_graph(loss);
    tensor_free(x);
}

EXERCISE_TEST(ex02, node_worked_examples) {
    const float x[3] = {-2.0f, 0.5f, 3.0f}, want[3] = {0.0f, 1.0f, 1.0f};
    check_sum_relu_grad(x, want, 3);
    const float x1[1] = {-3.0f}, want1[1] = {0.0f};
    check_sum_relu_grad(x1, want1, 1);
    const float x2[4] = {0.0f, 1.0f, -0.0f, NAN}, want2[4] = {0.0f, 1.0f, 0.0f, 1.0f};
    check_sum_relu_grad(x2, want2, 4);
}

EXERCISE_TEST(ex02, node_uses_upstream_gradient) {
    /* loss = sum(relu(x) * w): the node receives dL/dout = w, not ones. */
    const float xv[4] = {1.0f, -1.0f, 2.0f, 0.5f}, wv[4] = {3.0f, 5.0f, -0.5f, 0.25f};
    const float want[4] = {3.0f, 0.0f, -0.5f, 0.25f};
    Tensor *x = tensor_requires_grad(tensor_vector(4, xv));
    Tensor *w = tensor_vector(4, wv);
    Tensor *loss = tensor_sum(tensor_mul(student_relu(x), w));
    autograd_backward(loss);
    cr_assert(x->grad != NULL, "x.grad was never allocated (use tensor_grad(x))");
    expect_floats_close("x.grad after sum(relu(x) * [3, 5, -0.5, 0.25]).backward(), "
                        "x = [1, -1, 2, 0.5]",
                        xv, x->grad, want, 4, 0.0f, 0.0f);
    autograd_free_graph(loss);
    tensor_free(w);
    tensor_free(x);
}

EXERCISE_TEST(ex02, node_accumulates) {
    /* An existing gradient is added to, not overwritten. */
    const float xv[3] = {-2.0f, 0.5f, 3.0f}, want[3] = {1.0f, 2.0f, 2.0f};
    Tensor *x = tensor_requires_grad(tensor_vector(3, xv));
    float *g = tensor_grad(x);
    for (int i = 0; i < 3; i++) g[i] = 1.0f;
    Tensor *loss = tensor_sum(student_relu(x));
    autograd_backward(loss);
    expect_floats_close("x.grad (already [1, 1, 1]) after sum(relu(x)).backward(), "
                        "x = [-2, 0.5, 3]",
                        xv, x->grad, want, 3, 0.0f, 0.0f);
    autograd_free_graph(loss);

    /* A value used twice: loss = sum(relu(x) + relu(x)) gives 2 * relu'(x). */
    tensor_zero_grad(x);
    loss = tensor_sum(tensor_add(student_relu(x), student_relu(x)));
    autograd_backward(loss);
    const float want2[3] = {0.0f, 2.0f, 2.0f};
    expect_floats_close("x.grad after sum(relu(x) + relu(x)).backward(), x = [-2, 0.5, 3] "
                        "(both uses must add up)",
                        xv, x->grad, want2, 3, 0.0f, 0.0f);
    autograd_free_graph(loss);
    tensor_free(x);
}

static Tensor *relu_times_weights(Tensor *const *in, void *ctx) {
    return tensor_sum(tensor_mul(student_relu(in[0]), (Tensor *)ctx));
}

EXERCISE_TEST(ex02, node_agrees_with_gradcheck) {
    /* Away from the kink at 0 (|x| >= 0.1, far more than eps = 1e-3), the
     * central difference and autograd must agree (chapter 2 explains why
     * the kink itself is avoided). */
    Rng rng = rng_new(2);
    size_t shape[2] = {3, 4};
    Tensor *x = tensor_zeros(2, shape), *w = tensor_zeros(2, shape);
    for (size_t i = 0; i < x->size; i++) {
        float v = rng_uniform_range(&rng, 0.1f, 2.0f);
        x->data[i] = rng_below(&rng, 2) ? v : -v;
    }
    rng_fill_normal(&rng, w, 0.0f, 1.0f);
    Tensor *in[1] = {x};
    GradcheckResult r = gradcheck(relu_times_weights, w, in, 1, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok,
              "gradcheck of sum(relu(x) * w) for a random (3, 4) x with |x| >= 0.1: at x[%zu] = "
              "%g autograd gave %g but the central difference gives %g",
              r.worst_index, (double)x->data[r.worst_index < x->size ? r.worst_index : 0],
              r.analytic, r.numeric);
    tensor_free(w);
    tensor_free(x);
}
