/* mlp_sgd.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 9's training recipe with the library (one generator:
 * the caller's mlp_new drew the weights from it, then rng_permutation each
 * epoch; mini-batches in that order, the last holding the remainder; plain
 * SGD on the mean cross-entropy). Shared by the hidden tests of exercise 9
 * (the replay) and 10 (the plain network). It is exercise 9's solution,
 * which is why it lives here (docs/contributors-guide.md, "No answers in
 * the student edition"). */
#ifndef MLP_SGD_H
#define MLP_SGD_H

#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "harness.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

/* Trains net on n examples of `inputs` floats; epoch_losses (epochs
 * floats, or NULL) gets each epoch's mean batch loss. */
static inline void mlp_sgd(Mlp *net, Rng *rng, const float *images, const int *labels, size_t n,
                           size_t inputs, size_t batch_size, float lr, size_t epochs,
                           float *epoch_losses) {
    size_t np = mlp_params(net, NULL, 0);
    Tensor **p = malloc(np * sizeof *p);
    size_t *order = malloc(n * sizeof *order);
    int *y = malloc(batch_size * sizeof *y);
    cr_assert(p && order && y, "out of memory");
    mlp_params(net, p, np);
    for (size_t e = 0; e < epochs; e++) {
        rng_permutation(rng, order, n);
        double total = 0.0;
        size_t batches = 0;
        for (size_t s = 0; s < n; s += batch_size) {
            size_t b = n - s < batch_size ? n - s : batch_size;
            Tensor *x = tensor_matrix(b, inputs, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * inputs, images + order[s + k] * inputs,
                       inputs * sizeof(float));
                y[k] = labels[order[s + k]];
            }
            for (size_t j = 0; j < np; j++) tensor_zero_grad(p[j]);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, x), y);
            autograd_backward(loss);
            for (size_t j = 0; j < np; j++)
                for (size_t i = 0; i < p[j]->size; i++) p[j]->data[i] -= lr * p[j]->grad[i];
            total += loss->data[0], batches++;
            autograd_free_graph(loss);
            tensor_free(x);
        }
        if (epoch_losses) epoch_losses[e] = (float)(total / (double)batches);
    }
    free(y), free(order), free(p);
}

#endif
