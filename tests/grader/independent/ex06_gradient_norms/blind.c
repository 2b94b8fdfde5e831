/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex06_gradient_norms.c: exercise 6 (see ex06_gradient_norms.h). */
#include "ex06_gradient_norms.h"

#include <math.h>
#include <stdlib.h>

#include "workbook.h"

static float frob(const float *g, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)g[i] * (double)g[i];
    return (float)sqrt(s);
}

void ex06_gradient_norms(float *weight_norms, float *input_norms, size_t depth, size_t width,
                         size_t batch, ActKind act, float gain, uint64_t seed) {
    Rng rng = rng_new(seed);
    Tensor *x = tensor_requires_grad(tensor_matrix(batch, width, NULL));
    Tensor **W = check_calloc(__func__, depth, sizeof *W);
    Tensor **h = check_calloc(__func__, depth, sizeof *h);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    for (size_t l = 0; l < depth; l++) {
        W[l] = tensor_requires_grad(tensor_matrix(width, width, NULL));
        rng_fill_normal(&rng, W[l], 0.0f, gain / sqrtf((float)width));
    }
    Tensor *cur = x;
    for (size_t l = 0; l < depth; l++) {
        h[l] = cur;
        cur = tensor_activation(tensor_linear(cur, W[l], NULL), act, 0.0f);
    }
    Tensor *loss = tensor_scale(tensor_sum(cur), 1.0f / (float)batch);
    autograd_backward(loss);
    for (size_t l = 0; l < depth; l++) {
        weight_norms[l] = frob(tensor_grad(W[l]), W[l]->size);
        input_norms[l] = frob(tensor_grad(h[l]), h[l]->size);
    }
    autograd_free_graph(loss);
    for (size_t l = 0; l < depth; l++) tensor_free(W[l]);
    tensor_free(x);
    free(W);
    free(h);
}
