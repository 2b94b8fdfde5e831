/* ex10_residual_block.c: exercise 10, a residual block with layer
 * normalisation (see ex10_residual_block.h). */
#include "ex10_residual_block.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "layernorm.h"
#include "linear.h"
#include "loss.h"
#include "ops.h"
#include "rng.h"

/* SOLUTION BEGIN */
/* Where each parameter sits in a block's array. */
typedef struct {
    const float *gamma, *beta, *w1, *b1, *w2, *b2;
} BlockParams;

static BlockParams block_params(const float *p, size_t dim, size_t hidden) {
    BlockParams b;
    b.gamma = p;
    b.beta = b.gamma + dim;
    b.w1 = b.beta + dim;
    b.b1 = b.w1 + hidden * dim;
    b.w2 = b.b1 + hidden;
    b.b2 = b.w2 + dim * hidden;
    return b;
}

/* The forward pass, keeping what the backward needs: u (batch, dim), the
 * layer norm's mean and rstd (batch), a (batch, hidden) and r = relu(a). */
static void block_forward_saving(float *out, float *u, float *mean, float *rstd, float *a,
                                 float *r, const float *x, const BlockParams *p, size_t batch,
                                 size_t dim, size_t hidden) {
    layernorm_forward(u, mean, rstd, x, p->gamma, p->beta, batch, dim, LAYERNORM_EPS);
    matmul_kernel(a, u, p->w1, batch, dim, hidden, 1, 0); /* u W1^T */
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < hidden; j++) a[i * hidden + j] += p->b1[j];
    relu_forward(r, a, batch * hidden);
    matmul_kernel(out, r, p->w2, batch, hidden, dim, 1, 0); /* r W2^T */
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < dim; j++) out[i * dim + j] += p->b2[j] + x[i * dim + j];
}

/* Scratch for one block pass, sized for (batch, dim, hidden). */
typedef struct {
    float *u, *mean, *rstd, *a, *r, *dr, *da, *du, *tmp;
} Scratch;

static Scratch scratch_new(size_t batch, size_t dim, size_t hidden) {
    Scratch s;
    s.u = check_malloc(__func__, batch * dim, sizeof(float));
    s.mean = check_malloc(__func__, batch, sizeof(float));
    s.rstd = check_malloc(__func__, batch, sizeof(float));
    s.a = check_malloc(__func__, batch * hidden, sizeof(float));
    s.r = check_malloc(__func__, batch * hidden, sizeof(float));
    s.dr = check_calloc(__func__, batch * hidden, sizeof(float));
    s.da = check_calloc(__func__, batch * hidden, sizeof(float));
    s.du = check_calloc(__func__, batch * dim, sizeof(float));
    s.tmp = check_malloc(__func__, batch * dim, sizeof(float));
    return s;
}

static void scratch_free(Scratch *s) {
    free(s->u), free(s->mean), free(s->rstd), free(s->a), free(s->r);
    free(s->dr), free(s->da), free(s->du), free(s->tmp);
}
/* SOLUTION END */

void ex10_block_forward(float *out, const float *x, const float *params, size_t batch,
                        size_t dim, size_t hidden) {
    /* STUB (void)out, (void)x, (void)params, (void)batch, (void)dim, (void)hidden; */
    /* STUB exercise_todo("ex10", "ex10_block_forward", "chapter 9, section 'Exercise 10: a residual block'"); */
    /* SOLUTION BEGIN */
    BlockParams p = block_params(params, dim, hidden);
    Scratch s = scratch_new(batch, dim, hidden);
    block_forward_saving(out, s.u, s.mean, s.rstd, s.a, s.r, x, &p, batch, dim, hidden);
    scratch_free(&s);
    /* SOLUTION END */
}

void ex10_block_backward(float *dx, float *dparams, const float *dout, const float *x,
                         const float *params, size_t batch, size_t dim, size_t hidden) {
    /* STUB (void)dx, (void)dparams, (void)dout, (void)x, (void)params, (void)batch, (void)dim, (void)hidden; */
    /* STUB exercise_todo("ex10", "ex10_block_backward", "chapter 9, section 'Exercise 10: a residual block'"); */
    /* SOLUTION BEGIN */
    BlockParams p = block_params(params, dim, hidden);
    float *dgamma = dparams, *dbeta = dgamma + dim, *dw1 = dbeta + dim;
    float *db1 = dw1 + hidden * dim, *dw2 = db1 + hidden, *db2 = dw2 + dim * hidden;
    Scratch s = scratch_new(batch, dim, hidden);
    block_forward_saving(s.tmp, s.u, s.mean, s.rstd, s.a, s.r, x, &p, batch, dim, hidden);
    /* The skip: y = x + branch, so dout reaches x unchanged. */
    for (size_t i = 0; i < batch * dim; i++) dx[i] += dout[i];
    /* branch = r W2^T + b2 */
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < dim; j++) db2[j] += dout[i * dim + j];
    float *dout_t = check_malloc(__func__, batch * dim, sizeof(float));
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < dim; j++) dout_t[j * batch + i] = dout[i * dim + j];
    matmul_kernel(dw2, dout_t, s.r, dim, batch, hidden, 0, 1);  /* dW2 += dout^T r */
    matmul_kernel(s.dr, dout, p.w2, batch, dim, hidden, 0, 0);  /* dr = dout W2 */
    relu_backward(s.da, s.a, s.dr, batch * hidden);             /* da = dr * relu'(a) */
    /* a = u W1^T + b1 */
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < hidden; j++) db1[j] += s.da[i * hidden + j];
    float *da_t = check_malloc(__func__, batch * hidden, sizeof(float));
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < hidden; j++) da_t[j * batch + i] = s.da[i * hidden + j];
    matmul_kernel(dw1, da_t, s.u, hidden, batch, dim, 0, 1);    /* dW1 += da^T u */
    matmul_kernel(s.du, s.da, p.w1, batch, hidden, dim, 0, 0);  /* du = da W1 */
    layernorm_backward(dx, dgamma, dbeta, s.du, x, p.gamma, s.mean, s.rstd, batch, dim);
    free(da_t);
    free(dout_t);
    scratch_free(&s);
    /* SOLUTION END */
}

void ex10_train_residual(float *params, float *epoch_losses, const float *images,
                         const int *labels, size_t n, const Ex10Config *cfg) {
    /* STUB (void)params, (void)epoch_losses, (void)images, (void)labels, (void)n, (void)cfg; */
    /* STUB exercise_todo("ex10", "ex10_train_residual", "chapter 9, section 'Exercise 10: a residual block'"); */
    /* SOLUTION BEGIN */
    CHECK(n >= 1 && cfg->width >= 1 && cfg->blocks >= 1 && cfg->lr > 0.0f &&
              cfg->batch_size >= 1 && cfg->epochs >= 1,
          "bad setting: n %zu, width %zu, blocks %zu, lr %g, batch_size %zu, epochs %zu", n,
          cfg->width, cfg->blocks, (double)cfg->lr, cfg->batch_size, cfg->epochs);
    size_t w = cfg->width, nb = cfg->blocks, bp = EX10_BLOCK_PARAMS(w, w);
    Rng rng = rng_new(cfg->seed);
    /* The input and output layers are library tensors, trained through
     * autograd; the blocks' parameters are one flat array. */
    Tensor *w0 = tensor_requires_grad(tensor_matrix(w, EX10_INPUTS, NULL));
    Tensor *b0 = tensor_requires_grad(tensor_vector(w, NULL));
    rng_fill_normal(&rng, w0, 0.0f, sqrtf(2.0f / EX10_INPUTS));
    float *blocks = check_calloc(__func__, nb * bp, sizeof(float));
    float *dblocks = check_calloc(__func__, nb * bp, sizeof(float));
    for (size_t k = 0; k < nb; k++) {
        float *p = blocks + k * bp;
        Tensor *t = tensor_matrix(w, w, NULL);
        for (size_t i = 0; i < w; i++) p[i] = 1.0f; /* gamma */
        rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / (float)w));
        memcpy(p + 2 * w, t->data, w * w * sizeof(float));                 /* W1 */
        rng_fill_normal(&rng, t, 0.0f, sqrtf(2.0f / (float)w));
        memcpy(p + 2 * w + w * w + w, t->data, w * w * sizeof(float));     /* W2 */
        tensor_free(t);
    }
    Tensor *wout = tensor_requires_grad(tensor_matrix(EX10_CLASSES, w, NULL));
    Tensor *bout = tensor_requires_grad(tensor_vector(EX10_CLASSES, NULL));
    rng_fill_normal(&rng, wout, 0.0f, sqrtf(2.0f / (float)w));
    Tensor *gf = tensor_requires_grad(tensor_vector(w, NULL));
    Tensor *bf = tensor_requires_grad(tensor_vector(w, NULL));
    tensor_fill(gf, 1.0f);
    Tensor *lib_params[6] = {w0, b0, gf, bf, wout, bout};

    size_t *order = check_malloc(__func__, n, sizeof *order);
    int *y = check_malloc(__func__, cfg->batch_size, sizeof *y);
    float *hs = check_malloc(__func__, (nb + 1) * cfg->batch_size * w, sizeof(float));
    float *d = check_malloc(__func__, cfg->batch_size * w, sizeof(float));
    float *dprev = check_malloc(__func__, cfg->batch_size * w, sizeof(float));
    for (size_t epoch = 0; epoch < cfg->epochs; epoch++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t batches = 0;
        for (size_t start = 0; start < n; start += cfg->batch_size) {
            size_t b = n - start < cfg->batch_size ? n - start : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX10_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * EX10_INPUTS, images + order[start + k] * EX10_INPUTS,
                       EX10_INPUTS * sizeof(float));
                y[k] = labels[order[start + k]];
            }
            for (int j = 0; j < 6; j++) tensor_zero_grad(lib_params[j]);
            memset(dblocks, 0, nb * bp * sizeof(float));
            /* forward: library input layer, then the blocks on raw arrays */
            Tensor *h0 = tensor_relu(tensor_linear(x, w0, b0));
            memcpy(hs, h0->data, b * w * sizeof(float));
            for (size_t k = 0; k < nb; k++)
                ex10_block_forward(hs + (k + 1) * b * w, hs + k * b * w, blocks + k * bp, b, w, w);
            Tensor *hl = tensor_requires_grad(tensor_matrix(b, w, hs + nb * b * w));
            Tensor *hn = tensor_layernorm(hl, gf, bf, LAYERNORM_EPS);
            Tensor *loss = tensor_cross_entropy(tensor_linear(hn, wout, bout), y);
            total += (double)loss->data[0];
            batches++;
            /* backward: final norm and output layer by autograd, blocks by hand, input layer by autograd */
            autograd_backward(loss);
            memcpy(d, hl->grad, b * w * sizeof(float));
            for (size_t k = nb; k-- > 0;) {
                memset(dprev, 0, b * w * sizeof(float));
                ex10_block_backward(dprev, dblocks + k * bp, d, hs + k * b * w, blocks + k * bp, b,
                                    w, w);
                memcpy(d, dprev, b * w * sizeof(float));
            }
            autograd_backward_with(h0, d);
            for (int j = 0; j < 6; j++)
                for (size_t i = 0; i < lib_params[j]->size; i++)
                    lib_params[j]->data[i] -= cfg->lr * lib_params[j]->grad[i];
            for (size_t i = 0; i < nb * bp; i++) blocks[i] -= cfg->lr * dblocks[i];
            autograd_free_graph(loss);
            autograd_free_graph(h0);
            tensor_free(hl);
            tensor_free(x);
        }
        epoch_losses[epoch] = (float)(total / (double)batches);
    }
    float *at = params;
    memcpy(at, w0->data, w0->size * sizeof(float)), at += w0->size;
    memcpy(at, b0->data, b0->size * sizeof(float)), at += b0->size;
    memcpy(at, blocks, nb * bp * sizeof(float)), at += nb * bp;
    memcpy(at, gf->data, w * sizeof(float)), at += w;
    memcpy(at, bf->data, w * sizeof(float)), at += w;
    memcpy(at, wout->data, wout->size * sizeof(float)), at += wout->size;
    memcpy(at, bout->data, bout->size * sizeof(float));
    free(dprev), free(d), free(hs), free(y), free(order), free(dblocks), free(blocks);
    for (int j = 0; j < 6; j++) tensor_free(lib_params[j]);
    /* SOLUTION END */
}
