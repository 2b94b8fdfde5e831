/* ex10_check.h: what exercise 10's graded and hidden tests share: the
 * reference block and network built from the library's differentiable ops
 * (so autograd gives the reference gradients), and the plain network the
 * residual one is compared with. A header of static functions (see
 * ex05_check.h for why). */
#ifndef EX10_CHECK_H
#define EX10_CHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "ex10_residual_block.h"
#include "harness.h"
#include "layernorm.h"
#include "linear.h"
#include "loss.h"
#include "mlp.h"
#include "ops.h"
#include "rng.h"

/* A block's parameters as leaf tensors that require gradients. */
typedef struct {
    Tensor *gamma, *beta, *w1, *b1, *w2, *b2;
} RefBlock;

static inline RefBlock ref_block(const float *p, size_t dim, size_t hidden) {
    RefBlock b;
    b.gamma = tensor_requires_grad(tensor_vector(dim, p));
    b.beta = tensor_requires_grad(tensor_vector(dim, p + dim));
    b.w1 = tensor_requires_grad(tensor_matrix(hidden, dim, p + 2 * dim));
    b.b1 = tensor_requires_grad(tensor_vector(hidden, p + 2 * dim + hidden * dim));
    b.w2 = tensor_requires_grad(tensor_matrix(dim, hidden, p + 2 * dim + hidden * dim + hidden));
    b.b2 = tensor_requires_grad(tensor_vector(dim, p + 2 * dim + 2 * hidden * dim + hidden));
    return b;
}

/* The block's gradients, in the parameter layout. */
static inline void ref_block_grads(const RefBlock *b, float *g, size_t dim, size_t hidden) {
    const Tensor *t[6] = {b->gamma, b->beta, b->w1, b->b1, b->w2, b->b2};
    size_t at = 0;
    for (int k = 0; k < 6; k++) {
        for (size_t i = 0; i < t[k]->size; i++) g[at + i] = t[k]->grad ? t[k]->grad[i] : 0.0f;
        at += t[k]->size;
    }
    (void)dim, (void)hidden;
}

static inline void ref_block_free(RefBlock *b) {
    tensor_free(b->gamma), tensor_free(b->beta), tensor_free(b->w1);
    tensor_free(b->b1), tensor_free(b->w2), tensor_free(b->b2);
}

/* y = x + W2 relu(W1 LayerNorm(x) + b1) + b2, recorded for autograd. */
static inline Tensor *ref_block_forward(const RefBlock *b, Tensor *x) {
    Tensor *u = tensor_layernorm(x, b->gamma, b->beta, LAYERNORM_EPS);
    Tensor *r = tensor_relu(tensor_linear(u, b->w1, b->b1));
    return tensor_add(x, tensor_linear(r, b->w2, b->b2));
}

/* Random block parameters: gamma near 1, the rest of the scale He uses. */
static inline void random_block_params(float *p, size_t dim, size_t hidden, Rng *rng) {
    size_t n = EX10_BLOCK_PARAMS(dim, hidden);
    for (size_t i = 0; i < n; i++) p[i] = 0.5f * rng_normal(rng);
    for (size_t i = 0; i < dim; i++) p[i] = 1.0f + 0.3f * rng_normal(rng);
}

/* Part c's network with trained parameters, evaluated on n digits
 * (images n * 784, labels n) with the library's ops: mean cross-entropy
 * and accuracy. */
static inline void ex10_evaluate(const float *params, const Ex10Config *cfg, const float *images,
                                 const int *labels, size_t n, float *loss, float *acc) {
    size_t w = cfg->width, bp = EX10_BLOCK_PARAMS(w, w);
    bool was = autograd_set_enabled(false);
    Tensor *x = tensor_matrix(n, EX10_INPUTS, images);
    Tensor *w0 = tensor_matrix(w, EX10_INPUTS, params), *b0 = tensor_vector(w, params + w * 784);
    Tensor *z = tensor_linear(x, w0, b0);
    Tensor *h = tensor_relu(z);
    tensor_free(z);
    const float *p = params + w * EX10_INPUTS + w;
    for (size_t k = 0; k < cfg->blocks; k++, p += bp) {
        RefBlock b = ref_block(p, w, w);
        Tensor *u = tensor_layernorm(h, b.gamma, b.beta, LAYERNORM_EPS);
        Tensor *a = tensor_linear(u, b.w1, b.b1);
        Tensor *r = tensor_relu(a);
        Tensor *c = tensor_linear(r, b.w2, b.b2);
        Tensor *next = tensor_add(h, c);
        tensor_free(u), tensor_free(a), tensor_free(r), tensor_free(c), tensor_free(h);
        h = next;
        ref_block_free(&b);
    }
    Tensor *gf = tensor_vector(w, p), *bf = tensor_vector(w, p + w);
    Tensor *hn = tensor_layernorm(h, gf, bf, LAYERNORM_EPS);
    p += 2 * w;
    Tensor *wo = tensor_matrix(EX10_CLASSES, w, p), *bo = tensor_vector(EX10_CLASSES, p + 10 * w);
    Tensor *logits = tensor_linear(hn, wo, bo);
    tensor_free(gf), tensor_free(bf), tensor_free(hn);
    Tensor *l = tensor_cross_entropy(logits, labels);
    *loss = l->data[0];
    *acc = accuracy(logits, labels);
    tensor_free(l), tensor_free(logits), tensor_free(wo), tensor_free(bo), tensor_free(h);
    tensor_free(w0), tensor_free(b0), tensor_free(x);
    autograd_set_enabled(was);
}

#endif
