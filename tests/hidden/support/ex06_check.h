/* ex06_check.h: the reference experiment shared by exercise 6's graded
 * tests (tests/ex06_gradient_norms.c) and hidden tests
 * (tests/hidden/ex06_gradient_norms.c). A header of static functions
 * because the grader links an exercise's test file, the harness and the
 * library only (see ex05_check.h).
 *
 * The reference follows the header's recipe with the library's autograd,
 * which has its own tests against PyTorch and the gradient checker. */
#ifndef EX06_CHECK_H
#define EX06_CHECK_H

#include <math.h>
#include <stdlib.h>

#include "ex06_gradient_norms.h"
#include "harness.h"
#include "workbook.h"

static inline float ex06_ref_norm(const float *g, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)g[i] * (double)g[i];
    return (float)sqrt(s);
}

/* The experiment of ex06_gradient_norms.h, computed by the test. */
static inline void ex06_reference(float *weight_norms, float *input_norms, size_t depth,
                                  size_t width, size_t batch, ActKind act, float gain,
                                  uint64_t seed) {
    Rng rng = rng_new(seed);
    Tensor *x = tensor_requires_grad(tensor_matrix(batch, width, NULL));
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    Tensor **w = calloc(depth, sizeof *w), **h = calloc(depth, sizeof *h);
    cr_assert(w && h, "out of memory");
    for (size_t l = 0; l < depth; l++) {
        w[l] = tensor_requires_grad(tensor_matrix(width, width, NULL));
        rng_fill_normal(&rng, w[l], 0.0f, gain / sqrtf((float)width));
    }
    Tensor *cur = x;
    for (size_t l = 0; l < depth; l++) {
        h[l] = cur;
        Tensor *z = tensor_linear(cur, w[l], NULL);
        cur = tensor_activation(z, act, 0.0f);
    }
    Tensor *loss = tensor_scale(tensor_sum(cur), 1.0f / (float)batch);
    autograd_backward(loss);
    for (size_t l = 0; l < depth; l++) {
        weight_norms[l] = ex06_ref_norm(tensor_grad(w[l]), w[l]->size);
        input_norms[l] = ex06_ref_norm(tensor_grad(h[l]), h[l]->size);
    }
    autograd_free_graph(loss);
    for (size_t l = 0; l < depth; l++) tensor_free(w[l]);
    tensor_free(x);
    free(w);
    free(h);
}

/* Runs the student's function on one setting and compares both arrays
 * with the reference, element by element (relative tolerance: the norms
 * span many orders of magnitude). Returns the number of mismatches. */
static inline size_t ex06_compare(size_t depth, size_t width, size_t batch, ActKind act,
                                  float gain, uint64_t seed) {
    float *got_w = malloc(depth * sizeof *got_w), *got_h = malloc(depth * sizeof *got_h);
    float *want_w = malloc(depth * sizeof *want_w), *want_h = malloc(depth * sizeof *want_h);
    cr_assert(got_w && got_h && want_w && want_h, "out of memory");
    for (size_t l = 0; l < depth; l++) got_w[l] = got_h[l] = NAN;
    ex06_reference(want_w, want_h, depth, width, batch, act, gain, seed);
    ex06_gradient_norms(got_w, got_h, depth, width, batch, act, gain, seed);
    char call[200];
    snprintf(call, sizeof call,
             "ex06_gradient_norms(depth %zu, width %zu, batch %zu, %s, gain %g, seed %llu): "
             "weight_norms[l]", depth, width, batch, act_name(act), (double)gain,
             (unsigned long long)seed);
    size_t bad = expect_floats_close(call, NULL, got_w, want_w, depth, 0.0f, 1e-3f);
    snprintf(call, sizeof call,
             "ex06_gradient_norms(depth %zu, width %zu, batch %zu, %s, gain %g, seed %llu): "
             "input_norms[l]", depth, width, batch, act_name(act), (double)gain,
             (unsigned long long)seed);
    bad += expect_floats_close(call, NULL, got_h, want_h, depth, 0.0f, 1e-3f);
    free(got_w);
    free(got_h);
    free(want_w);
    free(want_h);
    return bad;
}

#endif
