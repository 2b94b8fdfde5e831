/* ex11_replay.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 11's part c recipe (mlp_new from rng_new(seed), first
 * biases set, SGD, batcher_new(..., seed + 1)) replayed with the library:
 * the first layer's weight after each epoch. It is a solution, which is
 * why it lives here (docs/contributors-guide.md, "No answers in the
 * student edition"). */
#ifndef EX11_REPLAY_H
#define EX11_REPLAY_H

#include <stdlib.h>
#include <string.h>

#include "ex11_dead_units.h"
#include "harness.h"
#include "workbook.h"

/* w1: (epochs + 1) * hidden * in floats, snapshot e after e epochs. */
static inline void ex11_replay(const Ex11Config *cfg, const float *x, const uint8_t *labels,
                               size_t n, size_t in, float *w1) {
    int *il = malloc(n * sizeof *il);
    cr_assert(il, "out of memory");
    for (size_t i = 0; i < n; i++) il[i] = labels[i];
    Dataset *ds = dataset_wrap(tensor_matrix(n, in, x), il, 10);
    Rng rng = rng_new(cfg->seed);
    Mlp *net = mlp_new((size_t[]){in, cfg->hidden, 10}, 3,
                       cfg->slope == 0.0f ? ACT_RELU : ACT_LEAKY_RELU, cfg->slope, &rng);
    Linear *first = mlp_layer(net, 0);
    tensor_fill(first->bias, cfg->bias_init);
    Tensor *p[4];
    mlp_params(net, p, 4);
    Optimizer *opt = sgd_new(p, 4, cfg->lr, 0.0f, 0.0f);
    Batcher *bt = batcher_new(ds, cfg->batch_size, true, cfg->seed + 1);
    size_t size = cfg->hidden * in;
    memcpy(w1, first->weight->data, size * sizeof *w1);
    for (size_t e = 1; e <= cfg->epochs; e++) {
        Batch b;
        while (batcher_next(bt, &b)) {
            optim_zero_grad(opt);
            Tensor *loss = tensor_cross_entropy(mlp_forward(net, b.x), b.labels);
            autograd_backward(loss);
            optim_step(opt);
            autograd_free_graph(loss);
        }
        batcher_reset(bt);
        memcpy(w1 + e * size, first->weight->data, size * sizeof *w1);
    }
    batcher_free(bt);
    optim_free(opt);
    mlp_free(net);
    dataset_free(ds);
}

#endif
