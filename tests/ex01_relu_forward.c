/* Graded tests of exercise 1, ReLU forward (exercises/ex01_relu_forward.h).
 * The expected values are PyTorch 1.13's torch.relu. */
#include <math.h>
#include <stdlib.h>

#include "ex01_relu_forward.h"
#include "harness.h"
#include "rng.h"

/* The answer, written independently of the student's code: NaN is kept. */
static float relu_ref(float x) { return isnan(x) ? x : (x > 0.0f ? x : 0.0f); }

EXERCISE_TEST(ex01, worked_example) {
    const float x[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
    const float want[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    float out[5] = {7, 7, 7, 7, 7};
    ex01_relu_forward(out, x, 5);
    expect_floats_close("ex01_relu_forward(out, [-2, -0.5, 0, 1.5, 3], 5)", x, out, want, 5,
                        0.0f, 0.0f);
}

EXERCISE_TEST(ex01, other_values) {
    /* Not just the worked example: the answer depends on the input. */
    const float x[5] = {3.0f, -1.5f, 0.25f, -7.0f, 2.0f};
    const float want[5] = {3.0f, 0.0f, 0.25f, 0.0f, 2.0f};
    float out[5] = {7, 7, 7, 7, 7};
    ex01_relu_forward(out, x, 5);
    expect_floats_close("ex01_relu_forward(out, [3, -1.5, 0.25, -7, 2], 5)", x, out, want, 5,
                        0.0f, 0.0f);
}

EXERCISE_TEST(ex01, nan_propagates) {
    /* relu(NaN) is NaN in PyTorch: a NaN must not be hidden as a 0. */
    const float x[3] = {NAN, 1.0f, -NAN};
    float out[3] = {7, 7, 7};
    ex01_relu_forward(out, x, 3);
    cr_expect(isnan(out[0]), "ex01_relu_forward: relu(NaN) should be NaN (NaN propagates), got %g",
              (double)out[0]);
    cr_expect(out[1] == 1.0f, "ex01_relu_forward: relu(1) should be 1, got %g", (double)out[1]);
    cr_expect(isnan(out[2]), "ex01_relu_forward: relu(-NaN) should be NaN (NaN propagates), got %g",
              (double)out[2]);
}

EXERCISE_TEST(ex01, infinities) {
    const float x[4] = {INFINITY, -INFINITY, -1e30f, 1e30f};
    const float want[4] = {INFINITY, 0.0f, 0.0f, 1e30f};
    float out[4] = {7, 7, 7, 7};
    ex01_relu_forward(out, x, 4);
    expect_floats_close("ex01_relu_forward(out, [inf, -inf, -1e30, 1e30], 4)", x, out, want, 4,
                        0.0f, 0.0f);
}

EXERCISE_TEST(ex01, tiny_values) {
    /* The smallest floats are still positive or negative: no threshold. */
    const float x[4] = {1e-45f, -1e-45f, 1e-38f, -1e-38f};
    const float want[4] = {1e-45f, 0.0f, 1e-38f, 0.0f};
    float out[4] = {7, 7, 7, 7};
    ex01_relu_forward(out, x, 4);
    expect_floats_close("ex01_relu_forward(out, [1e-45, -1e-45, 1e-38, -1e-38], 4)", x, out, want,
                        4, 0.0f, 0.0f);
}

EXERCISE_TEST(ex01, in_place) {
    /* out == inp: the caller wants x overwritten with relu(x). */
    float x[6] = {-2.0f, 4.0f, -0.5f, 0.0f, 1.5f, NAN};
    const float before[6] = {-2.0f, 4.0f, -0.5f, 0.0f, 1.5f, NAN};
    const float want[6] = {0.0f, 4.0f, 0.0f, 0.0f, 1.5f, NAN};
    ex01_relu_forward(x, x, 6);
    expect_floats_close("ex01_relu_forward(x, x, 6) (in place)", before, x, want, 6, 0.0f, 0.0f);
}

EXERCISE_TEST(ex01, empty_input_touches_nothing) {
    float x[2] = {-1.0f, 2.0f};
    float out[2] = {7.0f, 7.0f};
    ex01_relu_forward(out, x, 0);
    cr_expect(out[0] == 7.0f && out[1] == 7.0f,
              "ex01_relu_forward(out, x, 0) must not write anything, but out became [%g, %g]",
              (double)out[0], (double)out[1]);
    cr_expect(x[0] == -1.0f && x[1] == 2.0f,
              "ex01_relu_forward(out, x, 0) must not change x, but x became [%g, %g]",
              (double)x[0], (double)x[1]);
}

EXERCISE_TEST(ex01, large_input) {
    /* A million normal samples, a million answers (no timing here). */
    size_t n = 1000000;
    float *x = malloc(n * sizeof *x), *out = malloc(n * sizeof *out);
    float *want = malloc(n * sizeof *want);
    cr_assert(x && out && want, "out of memory");
    Rng rng = rng_new(1);
    for (size_t i = 0; i < n; i++) {
        x[i] = rng_normal(&rng);
        want[i] = relu_ref(x[i]);
        out[i] = 7.0f;
    }
    ex01_relu_forward(out, x, n);
    expect_floats_close("ex01_relu_forward(out, x, 1000000) on normal samples", x, out, want, n,
                        0.0f, 0.0f);
    free(x);
    free(out);
    free(want);
}

EXERCISE_TEST(ex01, tensor_worked_example) {
    const float v[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
    const float want[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    Tensor *x = tensor_vector(5, v);
    Tensor *y = ex01_relu(x);
    cr_assert(y != NULL, "ex01_relu(x) returned NULL; it should return a new tensor");
    cr_assert(y != x, "ex01_relu(x) returned x itself; it should return a new tensor");
    cr_expect(y->ndim == 1 && y->shape[0] == 5,
              "ex01_relu of a tensor of shape (5) should have shape (5), got %s",
              tensor_shape_str(y).text);
    if (y->size == 5)
        expect_floats_close("ex01_relu(tensor([-2, -0.5, 0, 1.5, 3]))", v, y->data, want, 5,
                            0.0f, 0.0f);
    expect_floats_close("x after ex01_relu(x) (the input must not change)", NULL, x->data, v, 5,
                        0.0f, 0.0f);
    tensor_free(y);
    tensor_free(x);
}

EXERCISE_TEST(ex01, tensor_keeps_shape) {
    const float v[6] = {1.0f, -2.0f, 0.5f, -4.0f, NAN, -INFINITY};
    const float want[6] = {1.0f, 0.0f, 0.5f, 0.0f, NAN, 0.0f};
    Tensor *x = tensor_matrix(2, 3, v);
    Tensor *y = ex01_relu(x);
    cr_assert(y != NULL && y != x, "ex01_relu(x) should return a new tensor");
    cr_expect(y->ndim == 2 && y->shape[0] == 2 && y->shape[1] == 3,
              "ex01_relu of a (2, 3) tensor should have shape (2, 3), got %s",
              tensor_shape_str(y).text);
    if (y->size == 6)
        expect_floats_close("ex01_relu(tensor([[1, -2, 0.5], [-4, nan, -inf]]))", v, y->data,
                            want, 6, 0.0f, 0.0f);
    tensor_free(y);
    tensor_free(x);

    /* An empty (0, 3) tensor gives an empty (0, 3) tensor. */
    size_t shape[2] = {0, 3};
    Tensor *e = tensor_zeros(2, shape);
    Tensor *r = ex01_relu(e);
    cr_assert(r != NULL && r != e, "ex01_relu of an empty tensor should return a new tensor");
    cr_expect(r->ndim == 2 && r->shape[0] == 0 && r->shape[1] == 3 && r->size == 0,
              "ex01_relu of an empty (0, 3) tensor should have shape (0, 3), got %s",
              tensor_shape_str(r).text);
    tensor_free(r);
    tensor_free(e);
}

EXERCISE_TEST(ex01, tensor_of_zero_dimensions) {
    /* A 0-d tensor (a scalar, shape ()) holds one element: the empty
     * product of its dimensions is 1. */
    const float v[2] = {3.5f, -2.0f}, want[2] = {3.5f, 0.0f};
    for (int k = 0; k < 2; k++) {
        Tensor *x = tensor_scalar(v[k]);
        Tensor *y = ex01_relu(x);
        cr_assert(y != NULL && y != x, "ex01_relu of a 0-d tensor should return a new tensor");
        cr_expect(y->ndim == 0 && y->size == 1,
                  "ex01_relu of a 0-d tensor (shape ()) should have shape () and 1 element, got "
                  "%s with %zu elements", tensor_shape_str(y).text, y->size);
        if (y->size == 1)
            expect_floats_close("ex01_relu(tensor(v)), a 0-d tensor", &v[k], y->data, &want[k], 1,
                                0.0f, 0.0f);
        tensor_free(y);
        tensor_free(x);
    }
}
