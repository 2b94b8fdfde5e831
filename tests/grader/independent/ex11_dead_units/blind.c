/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex11_dead_units.c: exercise 11 (see ex11_dead_units.h). */
#include "ex11_dead_units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workbook.h"

void ex11_leaky_relu_forward(float *out, const float *inp, size_t n, float slope) {
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = x > 0.0f ? x : slope * x;
    }
}

void ex11_leaky_relu_backward(float *dinp, const float *inp, const float *dout, size_t n,
                              float slope) {
    for (size_t i = 0; i < n; i++)
        dinp[i] += (inp[i] > 0.0f) ? dout[i] : slope * dout[i];
}

size_t ex11_count_dead(const float *x, size_t n, size_t in, const float *w, const float *b,
                       size_t units, uint8_t *dead) {
    size_t count = 0;
    for (size_t j = 0; j < units; j++) {
        int is_dead = 1;
        for (size_t i = 0; i < n && is_dead; i++) {
            float z = b[j];
            for (size_t k = 0; k < in; k++) z += w[j * in + k] * x[i * in + k];
            if (!(z <= 0.0f)) is_dead = 0;
        }
        dead[j] = (uint8_t)is_dead;
        count += (size_t)is_dead;
    }
    return count;
}

void ex11_train_dead(const Ex11Config *cfg, const float *x, const uint8_t *labels, size_t n,
                     size_t in, float *dead_fraction, float *w1, float *b1, float *w2,
                     float *b2) {
    CHECK(cfg != NULL && x != NULL && labels != NULL, "NULL argument");
    CHECK(n >= 1 && in >= 1 && cfg->hidden >= 1 && cfg->batch_size >= 1, "sizes out of range");
    const size_t H = cfg->hidden;
    Tensor *xt = tensor_matrix(n, in, x);
    int *lab = check_malloc(__func__, n, sizeof *lab);
    for (size_t i = 0; i < n; i++) lab[i] = labels[i];
    Dataset *ds = dataset_wrap(xt, lab, 10);

    Rng rng = rng_new(cfg->seed);
    ActKind act = cfg->slope == 0.0f ? ACT_RELU : ACT_LEAKY_RELU;
    size_t sizes[3] = {in, H, 10};
    Mlp *net = mlp_new(sizes, 3, act, cfg->slope, &rng);
    Linear *l1 = mlp_layer(net, 0);
    tensor_fill(l1->bias, cfg->bias_init);
    Tensor *params[4];
    size_t np = mlp_params(net, params, 4);
    Optimizer *opt = sgd_new(params, np, cfg->lr, 0.0f, 0.0f);
    Batcher *bat = batcher_new(ds, cfg->batch_size, true, cfg->seed + 1);
    uint8_t *dead = check_malloc(__func__, H, sizeof *dead);

    for (size_t e = 0; e <= cfg->epochs; e++) {
        if (e > 0) {
            Batch batch;
            while (batcher_next(bat, &batch)) {
                optim_zero_grad(opt);
                Tensor *loss = tensor_cross_entropy(mlp_forward(net, batch.x), batch.labels);
                autograd_backward(loss);
                optim_step(opt);
                autograd_free_graph(loss);
            }
            batcher_reset(bat);
        }
        size_t nd = ex11_count_dead(x, n, in, l1->weight->data, l1->bias->data, H, dead);
        dead_fraction[e] = (float)((double)nd / (double)H);
        memcpy(w1 + e * H * in, l1->weight->data, H * in * sizeof(float));
        memcpy(b1 + e * H, l1->bias->data, H * sizeof(float));
    }
    Linear *l2 = mlp_layer(net, 1);
    memcpy(w2, l2->weight->data, 10 * H * sizeof(float));
    memcpy(b2, l2->bias->data, 10 * sizeof(float));

    free(dead);
    batcher_free(bat);
    optim_free(opt);
    mlp_free(net);
    dataset_free(ds);
}
