/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex09_convergence.c: exercise 9 (see ex09_convergence.h). */
#include "ex09_convergence.h"

#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

size_t ex09_param_count(const Ex09Config *cfg) {
    size_t w = cfg->width;
    return EX09_INPUTS * w + w + (cfg->depth - 1) * (w * w + w) + EX09_CLASSES * w + EX09_CLASSES;
}

void ex09_train(float *params, float *epoch_losses, const float *images, const int *labels,
                size_t n, const Ex09Config *cfg) {
    CHECK(n > 0, "n must be >= 1");
    CHECK(cfg != NULL, "cfg is NULL");
    CHECK(cfg->width >= 1 && cfg->depth >= 1 && cfg->batch_size >= 1 && cfg->epochs >= 1,
          "settings out of range: width %zu depth %zu batch_size %zu epochs %zu", cfg->width,
          cfg->depth, cfg->batch_size, cfg->epochs);
    CHECK(cfg->lr > 0.0f, "lr must be > 0, got %g", (double)cfg->lr);
    Rng rng = rng_new(cfg->seed);
    size_t nsizes = cfg->depth + 2;
    size_t *sizes = check_malloc(__func__, nsizes, sizeof *sizes);
    sizes[0] = EX09_INPUTS;
    for (size_t i = 1; i <= cfg->depth; i++) sizes[i] = cfg->width;
    sizes[nsizes - 1] = EX09_CLASSES;
    Mlp *net = mlp_new(sizes, nsizes, cfg->act, 0.0f, &rng);
    size_t np = mlp_params(net, NULL, 0);
    Tensor **p = check_malloc(__func__, np, sizeof *p);
    mlp_params(net, p, np);
    size_t *order = check_malloc(__func__, n, sizeof *order);
    int *yb = check_malloc(__func__, cfg->batch_size, sizeof *yb);

    for (size_t e = 0; e < cfg->epochs; e++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t nb = 0;
        for (size_t start = 0; start < n; start += cfg->batch_size) {
            size_t b = n - start < cfg->batch_size ? n - start : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX09_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                size_t idx = order[start + k];
                memcpy(x->data + k * EX09_INPUTS, images + idx * EX09_INPUTS,
                       EX09_INPUTS * sizeof(float));
                yb[k] = labels[idx];
            }
            for (size_t j = 0; j < np; j++) tensor_zero_grad(p[j]);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, x), yb);
            autograd_backward(loss);
            for (size_t j = 0; j < np; j++)
                for (size_t i = 0; i < p[j]->size; i++) p[j]->data[i] -= cfg->lr * p[j]->grad[i];
            total += loss->data[0];
            nb++;
            autograd_free_graph(loss);
            tensor_free(x);
        }
        epoch_losses[e] = (float)(total / (double)nb);
    }
    float *dst = params;
    for (size_t j = 0; j < np; j++) {
        memcpy(dst, p[j]->data, p[j]->size * sizeof(float));
        dst += p[j]->size;
    }
    free(yb);
    free(order);
    free(p);
    free(sizes);
    mlp_free(net);
}
