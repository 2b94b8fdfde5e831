/* ex09_replay.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 9's prescribed recipe (one generator: mlp_new's
 * weights, then rng_permutation every epoch; plain SGD on mini-batches)
 * replayed with the library, for the hidden tests to compare with. It is
 * a solution, which is why it lives here (docs/contributors-guide.md, "No
 * answers in the student edition"). */
#ifndef EX09_REPLAY_H
#define EX09_REPLAY_H

#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "ex09_convergence.h"
#include "harness.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

static inline void ex09_replay(float *params, float *epoch_losses, const float *images,
                               const int *labels, size_t n, const Ex09Config *cfg) {
    Rng rng = rng_new(cfg->seed);
    size_t nsizes = cfg->depth + 2, sizes[16];
    cr_assert(nsizes <= 16, "ex09 replay: too deep");
    sizes[0] = EX09_INPUTS;
    for (size_t l = 1; l + 1 < nsizes; l++) sizes[l] = cfg->width;
    sizes[nsizes - 1] = EX09_CLASSES;
    Mlp *net = mlp_new(sizes, nsizes, cfg->act, 0.0f, &rng);
    size_t np = mlp_params(net, NULL, 0);
    Tensor **p = malloc(np * sizeof *p);
    size_t *order = malloc(n * sizeof *order);
    int *y = malloc(cfg->batch_size * sizeof *y);
    cr_assert(p && order && y, "out of memory");
    mlp_params(net, p, np);
    for (size_t e = 0; e < cfg->epochs; e++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t batches = 0;
        for (size_t s = 0; s < n; s += cfg->batch_size) {
            size_t b = n - s < cfg->batch_size ? n - s : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX09_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * EX09_INPUTS, images + order[s + k] * EX09_INPUTS,
                       EX09_INPUTS * sizeof(float));
                y[k] = labels[order[s + k]];
            }
            for (size_t j = 0; j < np; j++) tensor_zero_grad(p[j]);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, x), y);
            autograd_backward(loss);
            for (size_t j = 0; j < np; j++)
                for (size_t i = 0; i < p[j]->size; i++) p[j]->data[i] -= cfg->lr * p[j]->grad[i];
            total += loss->data[0], batches++;
            autograd_free_graph(loss);
            tensor_free(x);
        }
        epoch_losses[e] = (float)(total / (double)batches);
    }
    float *at = params;
    for (size_t j = 0; j < np; j++) memcpy(at, p[j]->data, p[j]->size * sizeof(float)), at += p[j]->size;
    free(y), free(order), free(p);
    mlp_free(net);
}

#endif
