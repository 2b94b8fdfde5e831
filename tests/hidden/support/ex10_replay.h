/* ex10_replay.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 10's part c recipe replayed with the library's ops
 * and autograd (the block as in ex10_check.h): the header's draw order
 * (W0; block by block its W1 then its W2; Wout; one generator), then each
 * epoch's rng_permutation from the same generator and plain SGD. It is a
 * solution, which is why it lives here (docs/contributors-guide.md, "No
 * answers in the student edition"). */
#ifndef EX10_REPLAY_H
#define EX10_REPLAY_H

#include "ex10_check.h"

/* The leaves of the network at P (EX10_NET_PARAMS layout), requiring grad. */
typedef struct {
    Tensor *w0, *b0, *gf, *bf, *wout, *bout;
    RefBlock blk[8];
} Ex10Net;

static inline Ex10Net ex10_net_of(const float *P, size_t w, size_t nb) {
    Ex10Net t;
    size_t bp = EX10_BLOCK_PARAMS(w, w);
    t.w0 = tensor_requires_grad(tensor_matrix(w, EX10_INPUTS, P));
    t.b0 = tensor_requires_grad(tensor_vector(w, P + w * EX10_INPUTS));
    const float *at = P + w * EX10_INPUTS + w;
    for (size_t k = 0; k < nb; k++) t.blk[k] = ref_block(at + k * bp, w, w);
    at += nb * bp;
    t.gf = tensor_requires_grad(tensor_vector(w, at));
    t.bf = tensor_requires_grad(tensor_vector(w, at + w));
    t.wout = tensor_requires_grad(tensor_matrix(EX10_CLASSES, w, at + 2 * w));
    t.bout = tensor_requires_grad(tensor_vector(EX10_CLASSES, at + 2 * w + EX10_CLASSES * w));
    return t;
}

/* P -= lr * grad, then frees the leaves. */
static inline void ex10_net_step(Ex10Net *t, float *P, size_t w, size_t nb, float lr) {
    size_t bp = EX10_BLOCK_PARAMS(w, w), at = 0;
    float *g = calloc(bp, sizeof *g);
    cr_assert(g, "out of memory");
    Tensor *head[2] = {t->w0, t->b0}, *tail[4] = {t->gf, t->bf, t->wout, t->bout};
    for (int j = 0; j < 2; j++) {
        for (size_t i = 0; i < head[j]->size; i++) P[at + i] -= lr * tensor_grad(head[j])[i];
        at += head[j]->size;
    }
    for (size_t k = 0; k < nb; k++) {
        ref_block_grads(&t->blk[k], g, w, w);
        for (size_t i = 0; i < bp; i++) P[at + i] -= lr * g[i];
        ref_block_free(&t->blk[k]);
        at += bp;
    }
    for (int j = 0; j < 4; j++) {
        for (size_t i = 0; i < tail[j]->size; i++) P[at + i] -= lr * tensor_grad(tail[j])[i];
        at += tail[j]->size;
    }
    for (int j = 0; j < 2; j++) tensor_free(head[j]);
    for (int j = 0; j < 4; j++) tensor_free(tail[j]);
    free(g);
}

static inline void ex10_replay(float *P, float *epoch_losses, const float *images,
                               const int *labels, size_t n, const Ex10Config *cfg) {
    size_t w = cfg->width, nb = cfg->blocks, bp = EX10_BLOCK_PARAMS(w, w);
    cr_assert(nb <= 8, "ex10 replay: too many blocks");
    for (size_t i = 0; i < EX10_NET_PARAMS(w, nb); i++) P[i] = 0.0f;
    Rng rng = rng_new(cfg->seed);
    Tensor *t = tensor_matrix(w, EX10_INPUTS, NULL);
    rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / EX10_INPUTS));
    memcpy(P, t->data, t->size * sizeof(float));
    tensor_free(t);
    float *blocks = P + w * EX10_INPUTS + w;
    t = tensor_matrix(w, w, NULL);
    for (size_t k = 0; k < nb; k++) {
        float *p = blocks + k * bp;
        for (size_t i = 0; i < w; i++) p[i] = 1.0f;
        rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / (float)w));
        memcpy(p + 2 * w, t->data, w * w * sizeof(float));
        rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / (float)w));
        memcpy(p + 2 * w + w * w + w, t->data, w * w * sizeof(float));
    }
    tensor_free(t);
    float *fin = blocks + nb * bp;
    for (size_t i = 0; i < w; i++) fin[i] = 1.0f;
    t = tensor_matrix(EX10_CLASSES, w, NULL);
    rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / (float)w));
    memcpy(fin + 2 * w, t->data, t->size * sizeof(float));
    tensor_free(t);

    size_t *order = malloc(n * sizeof *order);
    int *y = malloc(cfg->batch_size * sizeof *y);
    cr_assert(order && y, "out of memory");
    for (size_t e = 0; e < cfg->epochs; e++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t batches = 0;
        for (size_t s = 0; s < n; s += cfg->batch_size) {
            size_t b = n - s < cfg->batch_size ? n - s : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX10_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * EX10_INPUTS, images + order[s + k] * EX10_INPUTS,
                       EX10_INPUTS * sizeof(float));
                y[k] = labels[order[s + k]];
            }
            Ex10Net net = ex10_net_of(P, w, nb);
            Tensor *h = tensor_relu(tensor_linear(x, net.w0, net.b0));
            for (size_t k = 0; k < nb; k++) h = ref_block_forward(&net.blk[k], h);
            Tensor *hn = tensor_layernorm(h, net.gf, net.bf, LAYERNORM_EPS);
            Tensor *loss = tensor_cross_entropy(tensor_linear(hn, net.wout, net.bout), y);
            autograd_backward(loss);
            total += loss->data[0], batches++;
            autograd_free_graph(loss);
            ex10_net_step(&net, P, w, nb, cfg->lr);
            tensor_free(x);
        }
        epoch_losses[e] = (float)(total / (double)batches);
    }
    free(y), free(order);
}

#endif
