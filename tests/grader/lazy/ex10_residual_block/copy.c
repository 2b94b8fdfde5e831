/* Lazy submission (tests/grader/lazy/): the block returns its input and
 * passes dout straight through (the skip alone); training writes zeros. */
#include "ex10_residual_block.h"

#include <math.h>

#include "check.h"

void ex10_block_forward(float *out, const float *x, const float *params, size_t batch,
                        size_t dim, size_t hidden) {
    (void)params, (void)hidden;
    for (size_t i = 0; i < batch * dim; i++) out[i] = x[i];
}

void ex10_block_backward(float *dx, float *dparams, const float *dout, const float *x,
                         const float *params, size_t batch, size_t dim, size_t hidden) {
    (void)dparams, (void)x, (void)params, (void)hidden;
    for (size_t i = 0; i < batch * dim; i++) dx[i] += dout[i];
}

void ex10_train_residual(float *params, float *epoch_losses, const float *images,
                         const int *labels, size_t n, const Ex10Config *cfg) {
    (void)images, (void)labels;
    CHECK(n >= 1 && cfg->width >= 1 && cfg->blocks >= 1 && cfg->lr > 0.0f &&
              cfg->batch_size >= 1 && cfg->epochs >= 1,
          "bad setting: n %zu, width %zu, blocks %zu, lr %g, batch_size %zu, epochs %zu", n,
          cfg->width, cfg->blocks, (double)cfg->lr, cfg->batch_size, cfg->epochs);
    for (size_t i = 0; i < EX10_NET_PARAMS(cfg->width, cfg->blocks); i++) params[i] = 0.0f;
    for (size_t e = 0; e < cfg->epochs; e++) epoch_losses[e] = logf((float)EX10_CLASSES);
}
