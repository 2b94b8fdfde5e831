/* ex06_gradient_norms.c: exercise 6, gradient norms through a deep stack
 * (see ex06_gradient_norms.h). */
#include "ex06_gradient_norms.h"

#include <math.h>
#include <stdlib.h>

#include "workbook.h"

/* SOLUTION BEGIN */
/* || g ||, accumulated in double so that 4096 squares do not lose digits. */
static float frobenius(const float *g, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)g[i] * (double)g[i];
    return (float)sqrt(s);
}
/* SOLUTION END */

void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth, size_t width,
                         size_t batch, ActKind act, float gain, uint64_t seed) {
    /* STUB (void)weight_norms, (void)input_norms, (void)depth, (void)width; */
    /* STUB (void)batch, (void)act, (void)gain, (void)seed; */
    /* STUB exercise_todo("ex06", "ex06_gradient_norms", "chapter 6, section 'Exercise 6: measuring gradient norms'"); */
    /* SOLUTION BEGIN */
    Rng rng = rng_new(seed);
    Tensor *x = tensor_requires_grad(tensor_matrix(batch, width, NULL));
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    Tensor **w = check_malloc(__func__, depth, sizeof *w);
    Tensor **h = check_malloc(__func__, depth, sizeof *h); /* h[l] is layer l's input */
    for (size_t l = 0; l < depth; l++) {
        w[l] = tensor_requires_grad(tensor_matrix(width, width, NULL));
        rng_fill_normal(&rng, w[l], 0.0f, gain / sqrtf((float)width));
    }
    bool was = autograd_set_enabled(true);
    Tensor *cur = x;
    for (size_t l = 0; l < depth; l++) {
        h[l] = cur;
        cur = tensor_activation(tensor_linear(cur, w[l], NULL), act, 0.0f);
    }
    Tensor *loss = tensor_scale(tensor_sum(cur), 1.0f / (float)batch);
    autograd_backward(loss);
    for (size_t l = 0; l < depth; l++) {
        weight_norms[l] = frobenius(tensor_grad(w[l]), w[l]->size);
        input_norms[l] = frobenius(tensor_grad(h[l]), h[l]->size);
    }
    autograd_free_graph(loss);
    autograd_set_enabled(was);
    for (size_t l = 0; l < depth; l++) tensor_free(w[l]);
    tensor_free(x);
    free(w);
    free(h);
    /* SOLUTION END */
}
