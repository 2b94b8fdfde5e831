/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). The writer filed it as a
 * wrong solution (draws block by block) following the header's old
 * wording; the header now states the solution's order, which this follows. */
#include "ex10_residual_block.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "init.h"
#include "layernorm.h"
#include "linear.h"
#include "loss.h"
#include "ops.h"
#include "rng.h"

typedef struct {
    const float *gamma, *beta, *W1, *b1, *W2, *b2;
} BlockParams;

static BlockParams block_params(const float *p, size_t dim, size_t hidden) {
    BlockParams bp;
    bp.gamma = p;
    bp.beta = bp.gamma + dim;
    bp.W1 = bp.beta + dim;
    bp.b1 = bp.W1 + hidden * dim;
    bp.W2 = bp.b1 + hidden;
    bp.b2 = bp.W2 + dim * hidden;
    return bp;
}

/* the forward's intermediates: u (batch, dim), a, r (batch, hidden), mean, rstd (batch) */
static void block_fwd_saved(float *out, float *u, float *a, float *r, float *mean, float *rstd,
                            const float *x, const float *params, size_t batch, size_t dim,
                            size_t hidden) {
    BlockParams p = block_params(params, dim, hidden);
    layernorm_forward(u, mean, rstd, x, p.gamma, p.beta, batch, dim, LAYERNORM_EPS);
    matmul_kernel(a, u, p.W1, batch, dim, hidden, 1, 0);
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < hidden; j++) a[i * hidden + j] += p.b1[j];
    relu_forward(r, a, batch * hidden);
    matmul_kernel(out, r, p.W2, batch, hidden, dim, 1, 0);
    for (size_t i = 0; i < batch; i++)
        for (size_t j = 0; j < dim; j++) out[i * dim + j] += p.b2[j] + x[i * dim + j];
}

void ex10_block_forward(float *out, const float *x, const float *params, size_t batch,
                        size_t dim, size_t hidden) {
    float *u = check_malloc(__func__, batch * dim, sizeof *u);
    float *a = check_malloc(__func__, batch * hidden, sizeof *a);
    float *r = check_malloc(__func__, batch * hidden, sizeof *r);
    float *mean = check_malloc(__func__, batch, sizeof *mean);
    float *rstd = check_malloc(__func__, batch, sizeof *rstd);
    block_fwd_saved(out, u, a, r, mean, rstd, x, params, batch, dim, hidden);
    free(u), free(a), free(r), free(mean), free(rstd);
}

void ex10_block_backward(float *dx, float *dparams, const float *dout, const float *x,
                         const float *params, size_t batch, size_t dim, size_t hidden) {
    BlockParams p = block_params(params, dim, hidden);
    float *dgamma = dparams, *dbeta = dgamma + dim, *dW1 = dbeta + dim, *db1 = dW1 + hidden * dim;
    float *dW2 = db1 + hidden, *db2 = dW2 + dim * hidden;
    float *y = check_malloc(__func__, batch * dim, sizeof *y);
    float *u = check_malloc(__func__, batch * dim, sizeof *u);
    float *a = check_malloc(__func__, batch * hidden, sizeof *a);
    float *r = check_malloc(__func__, batch * hidden, sizeof *r);
    float *mean = check_malloc(__func__, batch, sizeof *mean);
    float *rstd = check_malloc(__func__, batch, sizeof *rstd);
    float *dr = check_malloc(__func__, batch * hidden, sizeof *dr);
    float *da = check_calloc(__func__, batch * hidden, sizeof *da);
    float *du = check_malloc(__func__, batch * dim, sizeof *du);
    block_fwd_saved(y, u, a, r, mean, rstd, x, params, batch, dim, hidden);
    const float *g = dout;
    for (size_t i = 0; i < batch * dim; i++) dx[i] += g[i];
    for (size_t j = 0; j < dim; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < batch; i++) s += g[i * dim + j];
        db2[j] += s;
    }
    matmul_kernel_at(dW2, g, r, dim, batch, hidden, 1);
    matmul_kernel(dr, g, p.W2, batch, dim, hidden, 0, 0);
    relu_backward(da, a, dr, batch * hidden);
    for (size_t j = 0; j < hidden; j++) {
        float s = 0.0f;
        for (size_t i = 0; i < batch; i++) s += da[i * hidden + j];
        db1[j] += s;
    }
    matmul_kernel_at(dW1, da, u, hidden, batch, dim, 1);
    matmul_kernel(du, da, p.W1, batch, hidden, dim, 0, 0);

    layernorm_backward(dx, dgamma, dbeta, du, x, p.gamma, mean, rstd, batch, dim);
    free(y), free(u), free(a), free(r), free(mean), free(rstd), free(dr), free(da), free(du);
}

static Tensor *he_matrix(size_t out, size_t in, Rng *rng) {
    Tensor *w = tensor_requires_grad(tensor_matrix(out, in, NULL));
    init_kaiming_normal(w, 0.0f, FAN_IN, rng);
    return w;
}

static void sgd(Tensor *t, float lr) {
    float *g = tensor_grad(t);
    for (size_t i = 0; i < t->size; i++) t->data[i] -= lr * g[i];
}

void ex10_train_residual(float *params, float *epoch_losses, const float *images,
                         const int *labels, size_t n, const Ex10Config *cfg) {
    CHECK(cfg != NULL, "cfg is NULL");
    CHECK(n > 0, "n must be >= 1");
    CHECK(cfg->width >= 1 && cfg->blocks >= 1 && cfg->batch_size >= 1 && cfg->epochs >= 1,
          "settings out of range");
    CHECK(cfg->lr > 0.0f, "lr must be > 0");
    const size_t W = cfg->width, NB = cfg->blocks, BP = EX10_BLOCK_PARAMS(W, W);
    Rng rng = rng_new(cfg->seed);
    Tensor *W0 = he_matrix(W, EX10_INPUTS, &rng);
    Tensor *b0 = tensor_requires_grad(tensor_vector(W, NULL));
    float *bparams = check_calloc(__func__, NB * BP, sizeof *bparams);
    float *bgrads = check_calloc(__func__, NB * BP, sizeof *bgrads);
    Tensor *tmp = tensor_matrix(W, W, NULL);
    for (size_t k = 0; k < NB; k++) {
        float *p = bparams + k * BP;
        for (size_t j = 0; j < W; j++) p[j] = 1.0f; /* gamma */
        init_kaiming_normal(tmp, 0.0f, FAN_IN, &rng);
        memcpy(p + 2 * W, tmp->data, W * W * sizeof(float)); /* W1 */
        init_kaiming_normal(tmp, 0.0f, FAN_IN, &rng);
        memcpy(p + 2 * W + W * W + W, tmp->data, W * W * sizeof(float)); /* W2 */
    }
    tensor_free(tmp);
    Tensor *gf = tensor_requires_grad(tensor_vector(W, NULL));
    tensor_fill(gf, 1.0f);
    Tensor *bf = tensor_requires_grad(tensor_vector(W, NULL));
    Tensor *Wout = he_matrix(EX10_CLASSES, W, &rng);
    Tensor *bout = tensor_requires_grad(tensor_vector(EX10_CLASSES, NULL));
    Tensor *lib_params[6] = {W0, b0, gf, bf, Wout, bout};

    size_t *order = check_malloc(__func__, n, sizeof *order);
    int *yb = check_malloc(__func__, cfg->batch_size, sizeof *yb);
    float **hs = check_calloc(__func__, NB + 1, sizeof *hs);
    for (size_t k = 0; k <= NB; k++) hs[k] = check_malloc(__func__, cfg->batch_size * W, sizeof(float));
    float *d = check_malloc(__func__, cfg->batch_size * W, sizeof *d);
    float *dprev = check_malloc(__func__, cfg->batch_size * W, sizeof *dprev);

    for (size_t e = 0; e < cfg->epochs; e++) {
        rng_permutation(&rng, order, n);
        double total = 0.0;
        size_t nbatches = 0;
        for (size_t start = 0; start < n; start += cfg->batch_size) {
            size_t b = n - start < cfg->batch_size ? n - start : cfg->batch_size;
            Tensor *x = tensor_matrix(b, EX10_INPUTS, NULL);
            for (size_t k = 0; k < b; k++) {
                memcpy(x->data + k * EX10_INPUTS, images + order[start + k] * EX10_INPUTS,
                       EX10_INPUTS * sizeof(float));
                yb[k] = labels[order[start + k]];
            }
            for (int j = 0; j < 6; j++) tensor_zero_grad(lib_params[j]);
            memset(bgrads, 0, NB * BP * sizeof *bgrads);

            Tensor *h0 = tensor_relu(tensor_linear(x, W0, b0));
            memcpy(hs[0], h0->data, b * W * sizeof(float));
            for (size_t k = 0; k < NB; k++)
                ex10_block_forward(hs[k + 1], hs[k], bparams + k * BP, b, W, W);
            size_t shp[2] = {b, W};
            Tensor *hl = tensor_requires_grad(tensor_from_array(2, shp, hs[NB]));
            Tensor *loss = tensor_cross_entropy(
                tensor_linear(tensor_layernorm(hl, gf, bf, LAYERNORM_EPS), Wout, bout), yb);
            autograd_backward(loss);
            memcpy(d, tensor_grad(hl), b * W * sizeof(float));
            for (size_t k = NB; k-- > 0;) {
                memset(dprev, 0, b * W * sizeof(float));
                ex10_block_backward(dprev, bgrads + k * BP, d, hs[k], bparams + k * BP, b, W, W);
                memcpy(d, dprev, b * W * sizeof(float));
            }
            autograd_backward_with(h0, d);

            total += loss->data[0];
            nbatches++;
            for (int j = 0; j < 6; j++) sgd(lib_params[j], cfg->lr);
            for (size_t i = 0; i < NB * BP; i++) bparams[i] -= cfg->lr * bgrads[i];
            autograd_free_graph(loss);
            tensor_free(hl);
            autograd_free_graph(h0);
            tensor_free(x);
        }
        epoch_losses[e] = (float)(total / (double)nbatches);
    }

    float *dst = params;
    memcpy(dst, W0->data, W0->size * sizeof(float)); dst += W0->size;
    memcpy(dst, b0->data, b0->size * sizeof(float)); dst += b0->size;
    memcpy(dst, bparams, NB * BP * sizeof(float)); dst += NB * BP;
    memcpy(dst, gf->data, W * sizeof(float)); dst += W;
    memcpy(dst, bf->data, W * sizeof(float)); dst += W;
    memcpy(dst, Wout->data, Wout->size * sizeof(float)); dst += Wout->size;
    memcpy(dst, bout->data, bout->size * sizeof(float));

    for (size_t k = 0; k <= NB; k++) free(hs[k]);
    free(hs), free(d), free(dprev), free(order), free(yb), free(bparams), free(bgrads);
    for (int j = 0; j < 6; j++) tensor_free(lib_params[j]);
}
