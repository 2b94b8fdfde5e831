/* Hidden tests of exercise 1 (instructors only): inputs drawn at run time
 * from WORKBOOK_SEED (default 2024), so a submission cannot hard-code them.
 * The failure messages print the seed to reproduce a run. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ex01_relu_forward.h"
#include "harness.h"
#include "rng.h"

static float relu_ref(float x) { return isnan(x) ? x : (x > 0.0f ? x : 0.0f); }

/* A normal sample scaled by a random power of ten, or now and then one of
 * the special values. */
static float draw_value(Rng *rng) {
    static const float special[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-45f, -1e-45f};
    if (rng_below(rng, 8) == 0) return special[rng_below(rng, 7)];
    return rng_normal(rng) * powf(10.0f, (float)rng_below(rng, 7) - 3.0f);
}

EXERCISE_TEST(ex01, hidden_random_arrays) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 1 + rng_below(&rng, 300);
        float *x = malloc(n * sizeof *x), *out = malloc(n * sizeof *out),
              *want = malloc(n * sizeof *want);
        cr_assert(x && out && want, "out of memory");
        for (size_t i = 0; i < n; i++) {
            x[i] = draw_value(&rng);
            want[i] = relu_ref(x[i]);
            out[i] = 7.0f;
        }
        ex01_relu_forward(out, x, n);
        char call[160];
        snprintf(call, sizeof call, "ex01_relu_forward(out, x, %zu) (seed %llu, trial %d)", n,
                 (unsigned long long)seed, trial);
        expect_floats_close(call, x, out, want, n, 0.0f, 0.0f);
        /* ...and the same in place. */
        float *y = malloc(n * sizeof *y);
        cr_assert(y, "out of memory");
        for (size_t i = 0; i < n; i++) y[i] = x[i];
        ex01_relu_forward(y, y, n);
        snprintf(call, sizeof call, "ex01_relu_forward(x, x, %zu) in place (seed %llu, trial %d)",
                 n, (unsigned long long)seed, trial);
        expect_floats_close(call, x, y, want, n, 0.0f, 0.0f);
        free(x);
        free(out);
        free(want);
        free(y);
    }
}

EXERCISE_TEST(ex01, hidden_random_tensors) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x9e3779b97f4a7c15u);
    for (int trial = 0; trial < 20; trial++) {
        int ndim = 1 + (int)rng_below(&rng, 4);
        size_t shape[4];
        for (int d = 0; d < ndim; d++) shape[d] = rng_below(&rng, 5);
        Tensor *x = tensor_zeros(ndim, shape);
        for (size_t i = 0; i < x->size; i++) x->data[i] = draw_value(&rng);
        Tensor *keep = tensor_copy(x);
        Tensor *y = ex01_relu(x);
        cr_assert(y != NULL && y != x, "ex01_relu(x) should return a new tensor (seed %llu)",
                  (unsigned long long)seed);
        cr_assert(tensor_same_shape(x, y), "ex01_relu of a %s tensor returned shape %s (seed %llu)",
                  tensor_shape_str(x).text, tensor_shape_str(y).text, (unsigned long long)seed);
        float *want = malloc((x->size ? x->size : 1) * sizeof *want);
        cr_assert(want, "out of memory");
        for (size_t i = 0; i < x->size; i++) want[i] = relu_ref(x->data[i]);
        char call[160];
        snprintf(call, sizeof call, "ex01_relu(x of shape %s) (seed %llu)",
                 tensor_shape_str(x).text, (unsigned long long)seed);
        expect_floats_close(call, x->data, y->data, want, x->size, 0.0f, 0.0f);
        expect_floats_close("x after ex01_relu(x) (the input must not change)", NULL, x->data,
                            keep->data, x->size, 0.0f, 0.0f);
        free(want);
        tensor_free(y);
        tensor_free(keep);
        tensor_free(x);
    }
}
