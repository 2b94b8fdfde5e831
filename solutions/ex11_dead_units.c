/* ex11_dead_units.c: exercise 11, dead units and leaky ReLU (see
 * ex11_dead_units.h). */
#include "ex11_dead_units.h"

#include <stdlib.h>
#include <string.h>

#include "workbook.h"

void ex11_leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    /* STUB (void)out, (void)inp, (void)n, (void)slope; */
    /* STUB exercise_todo("ex11", "ex11_leaky_relu_forward", "chapter 10, section 'Exercise 11: dead units'"); */
    /* SOLUTION BEGIN */
    for (size_t i = 0; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : slope * inp[i];
    /* SOLUTION END */
}

void ex11_leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n,
                              float slope) {
    /* STUB (void)dinp, (void)inp, (void)dout, (void)n, (void)slope; */
    /* STUB exercise_todo("ex11", "ex11_leaky_relu_backward", "chapter 10, section 'Exercise 11: dead units'"); */
    /* SOLUTION BEGIN */
    /* "> 0" puts 0 and NaN on the slope side, as PyTorch does. */
    for (size_t i = 0; i < n; i++) dinp[i] += inp[i] > 0.0f ? dout[i] : slope * dout[i];
    /* SOLUTION END */
}

size_t ex11_count_dead(const float *x, size_t n, size_t in, const float *w, const float *b,
                       size_t units, uint8_t *dead) {
    /* STUB (void)x, (void)n, (void)in, (void)w, (void)b, (void)units, (void)dead; */
    /* STUB exercise_todo("ex11", "ex11_count_dead", "chapter 10, section 'Exercise 11: dead units'"); */
    /* SOLUTION BEGIN */
    size_t count = 0;
    for (size_t j = 0; j < units; j++) {
        const float *wj = w + j * in;
        int alive = 0;
        /* One example with z > 0 (or NaN) is enough to keep the unit alive. */
        for (size_t i = 0; i < n && !alive; i++) {
            const float *xi = x + i * in;
            float z = b[j];
            for (size_t k = 0; k < in; k++) z += wj[k] * xi[k];
            alive = !(z <= 0.0f);
        }
        dead[j] = (uint8_t)!alive;
        count += !alive;
    }
    return count;
    /* SOLUTION END */
}

void ex11_train_dead(const Ex11Config *cfg, const float *x, const uint8_t *labels, size_t n,
                     size_t in, float *dead_fraction, float *w1, float *b1, float *w2,
                     float *b2) {
    /* STUB (void)cfg, (void)x, (void)labels, (void)n, (void)in, (void)dead_fraction; */
    /* STUB (void)w1, (void)b1, (void)w2, (void)b2; */
    /* STUB exercise_todo("ex11", "ex11_train_dead", "chapter 10, section 'Exercise 11: dead units'"); */
    /* SOLUTION BEGIN */
    size_t hidden = cfg->hidden;
    int *ilabels = check_malloc(__func__, n, sizeof *ilabels);
    for (size_t i = 0; i < n; i++) ilabels[i] = labels[i];
    Dataset *ds = dataset_wrap(tensor_matrix(n, in, x), ilabels, 10);

    Rng rng = rng_new(cfg->seed);
    size_t sizes[3] = {in, hidden, 10};
    ActKind act = cfg->slope == 0.0f ? ACT_RELU : ACT_LEAKY_RELU;
    Mlp *net = mlp_new(sizes, 3, act, cfg->slope, &rng);
    Linear *first = mlp_layer(net, 0);
    tensor_fill(first->bias, cfg->bias_init);

    Tensor *params[4];
    mlp_params(net, params, 4);
    Optimizer *opt = sgd_new(params, 4, cfg->lr, 0.0f, 0.0f);
    Batcher *batcher = batcher_new(ds, cfg->batch_size, true, cfg->seed + 1);
    uint8_t *dead = check_malloc(__func__, hidden, 1);

    for (size_t e = 0; e <= cfg->epochs; e++) {
        if (e > 0) { /* one epoch of training */
            Batch batch;
            while (batcher_next(batcher, &batch)) {
                optim_zero_grad(opt);
                Tensor *loss = tensor_cross_entropy(mlp_forward(net, batch.x), batch.labels);
                autograd_backward(loss);
                optim_step(opt);
                autograd_free_graph(loss);
            }
            batcher_reset(batcher);
        }
        /* Dead on the whole training set, not on the last batch. */
        size_t ndead = ex11_count_dead(x, n, in, first->weight->data, first->bias->data, hidden, dead);
        dead_fraction[e] = (float)((double)ndead / (double)hidden);
        memcpy(w1 + e * hidden * in, first->weight->data, hidden * in * sizeof *w1);
        memcpy(b1 + e * hidden, first->bias->data, hidden * sizeof *b1);
    }
    Linear *second = mlp_layer(net, 1);
    memcpy(w2, second->weight->data, 10 * hidden * sizeof *w2);
    memcpy(b2, second->bias->data, 10 * sizeof *b2);

    free(dead);
    batcher_free(batcher);
    optim_free(opt);
    mlp_free(net);
    dataset_free(ds);
    /* SOLUTION END */
}
