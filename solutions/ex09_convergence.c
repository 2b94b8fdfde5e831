/* ex09_convergence.c: exercise 9, the convergence experiment (see
 * ex09_convergence.h). */
#include "ex09_convergence.h"

#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

size_t ex09_param_count(const Ex09Config *cfg) {
    /* STUB (void)cfg; */
    /* STUB exercise_todo("ex09", "ex09_param_count", "chapter 9, section 'Exercise 9: the convergence experiment'"); */
    /* SOLUTION BEGIN */
    size_t w = cfg->width;
    size_t first = w * EX09_INPUTS + w, hidden = w * w + w, last = EX09_CLASSES * w + EX09_CLASSES;
    return first + (cfg->depth - 1) * hidden + last;
    /* SOLUTION END */
}

void ex09_train(float *params, float *epoch_losses, const float *images, const int *labels,
                size_t n, const Ex09Config *cfg) {
    /* STUB (void)params, (void)epoch_losses, (void)images, (void)labels, (void)n, (void)cfg; */
    /* STUB exercise_todo("ex09", "ex09_train", "chapter 9, section 'Exercise 9: the convergence experiment'"); */
    /* SOLUTION BEGIN */
    CHECK(n >= 1 && cfg->width >= 1 && cfg->depth >= 1 && cfg->lr > 0.0f &&
              cfg->batch_size >= 1 && cfg->epochs >= 1,
          "bad setting: n %zu, width %zu, depth %zu, lr %g, batch_size %zu, epochs %zu", n,
          cfg->width, cfg->depth, (double)cfg->lr, cfg->batch_size, cfg->epochs);
    Rng rng = rng_new(cfg->seed);
    size_t nsizes = cfg->depth + 2;
    size_t *sizes = check_malloc(__func__, nsizes, sizeof *sizes);
    sizes[0] = EX09_INPUTS;
    for (size_t l = 1; l <= cfg->depth; l++) sizes[l] = cfg->width;
    sizes[nsizes - 1] = EX09_CLASSES;
    Mlp *net = mlp_new(sizes, nsizes, cfg->act, 0.0f, &rng);
    size_t nparams = mlp_params(net, NULL, 0);
    Tensor **p = check_malloc(__func__, nparams, sizeof *p);
    mlp_params(net, p, nparams);

    size_t *order = check_malloc(__func__, n, sizeof *order);
    int *y = check_malloc(__func__, cfg->batch_size, sizeof *y);
    for (size_t epoch = 0; epoch < cfg->epochs; epoch++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t batches = 0;
        for (size_t start = 0; start < n; start += cfg->batch_size) {
            size_t b = n - start < cfg->batch_size ? n - start : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX09_INPUTS, NULL); /* the last may be smaller */
            for (size_t k = 0; k < b; k++) {
                size_t i = order[start + k];
                memcpy(x->data + k * EX09_INPUTS, images + i * EX09_INPUTS,
                       EX09_INPUTS * sizeof(float));
                y[k] = labels[i];
            }
            for (size_t j = 0; j < nparams; j++) tensor_zero_grad(p[j]);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, x), y);
            autograd_backward(loss);
            for (size_t j = 0; j < nparams; j++)
                for (size_t i = 0; i < p[j]->size; i++) p[j]->data[i] -= cfg->lr * p[j]->grad[i];
            total += (double)loss->data[0];
            batches++;
            autograd_free_graph(loss);
            tensor_free(x);
        }
        epoch_losses[epoch] = (float)(total / (double)batches);
    }
    /* Layer by layer, weight then bias: the order mlp_params hands them out. */
    size_t at = 0;
    for (size_t j = 0; j < nparams; j++) {
        memcpy(params + at, p[j]->data, p[j]->size * sizeof(float));
        at += p[j]->size;
    }
    free(y);
    free(order);
    free(p);
    mlp_free(net);
    free(sizes);
    /* SOLUTION END */
}
