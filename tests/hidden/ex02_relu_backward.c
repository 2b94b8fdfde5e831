/* Hidden tests of exercise 2 (instructors only): inputs drawn at run time
 * from WORKBOOK_SEED (default 2024), so a submission cannot hard-code them.
 * The failure messages print the seed to reproduce a run. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ex02_relu_backward.h"
#include "harness.h"
#include "ops.h"
#include "rng.h"

/* A normal sample, or now and then one of the edge cases. */
static float draw_value(Rng *rng) {
    static const float special[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-45f, -1e-45f};
    if (rng_below(rng, 6) == 0) return special[rng_below(rng, 7)];
    return rng_normal(rng) * 3.0f;
}

static float grad_ref(float x, float dout) { return x <= 0.0f ? 0.0f : dout; }

EXERCISE_TEST(ex02, hidden_random_kernel) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 20; trial++) {
        size_t n = 1 + rng_below(&rng, 200);
        float *x = malloc(n * sizeof *x), *dout = malloc(n * sizeof *dout),
              *dinp = malloc(n * sizeof *dinp), *want = malloc(n * sizeof *want);
        cr_assert(x && dout && dinp && want, "out of memory");
        for (size_t i = 0; i < n; i++) {
            x[i] = draw_value(&rng);
            dout[i] = rng_normal(&rng);
            dinp[i] = rng_below(&rng, 2) ? rng_normal(&rng) : 0.0f;
            want[i] = dinp[i] + grad_ref(x[i], dout[i]);
        }
        ex02_relu_backward(dinp, x, dout, n);
        char call[128];
        snprintf(call, sizeof call,
                 "ex02_relu_backward(dinp, x, dout, %zu) on random data (seed %llu, trial %d)", n,
                 (unsigned long long)seed, trial);
        expect_floats_close(call, x, dinp, want, n, 0.0f, 1e-6f);
        free(x);
        free(dout);
        free(dinp);
        free(want);
    }
}

static const Op student_relu_op = {"relu", ex02_relu_node_backward};

static Tensor *student_relu(Tensor *x) {
    Tensor *out = tensor_zeros(x->ndim, x->shape);
    for (size_t i = 0; i < x->size; i++) out->data[i] = x->data[i] < 0.0f ? 0.0f : x->data[i];
    return autograd_record1(out, &student_relu_op, x);
}

EXERCISE_TEST(ex02, hidden_random_graphs) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x9e3779b97f4a7c15u);
    for (int trial = 0; trial < 10; trial++) {
        size_t shape[2] = {1 + rng_below(&rng, 5), 1 + rng_below(&rng, 5)};
        Tensor *x = tensor_requires_grad(tensor_zeros(2, shape));
        Tensor *w = tensor_zeros(2, shape);
        for (size_t i = 0; i < x->size; i++) x->data[i] = draw_value(&rng);
        rng_fill_normal(&rng, w, 0.0f, 1.0f);
        /* Start from a non-zero gradient: backward must add to it. */
        float *g = tensor_grad(x);
        for (size_t i = 0; i < x->size; i++) g[i] = rng_normal(&rng);
        float *want = malloc(x->size * sizeof *want);
        cr_assert(want, "out of memory");
        for (size_t i = 0; i < x->size; i++) want[i] = g[i] + grad_ref(x->data[i], w->data[i]);
        Tensor *loss = tensor_sum(tensor_mul(student_relu(x), w));
        autograd_backward(loss);
        char call[256];
        snprintf(call, sizeof call,
                 "x.grad (non-zero before) after sum(relu(x) * w).backward(), random %s x "
                 "(seed %llu, trial %d)",
                 tensor_shape_str(x).text, (unsigned long long)seed, trial);
        expect_floats_close(call, x->data, x->grad, want, x->size, 0.0f, 1e-6f);
        free(want);
        autograd_free_graph(loss);
        tensor_free(w);
        tensor_free(x);
    }
}
