/* Lazy submission (tests/grader/lazy/): writes zeros everywhere. */
#include "ex10_residual_block.h"

void ex10_block_forward(float *out, const float *x, const float *params, size_t batch,
                        size_t dim, size_t hidden) {
    (void)x, (void)params, (void)hidden;
    for (size_t i = 0; i < batch * dim; i++) out[i] = 0.0f;
}

void ex10_block_backward(float *dx, float *dparams, const float *dout, const float *x,
                         const float *params, size_t batch, size_t dim, size_t hidden) {
    (void)dx, (void)dparams, (void)dout, (void)x, (void)params, (void)batch, (void)dim;
    (void)hidden;
}

void ex10_train_residual(float *params, float *epoch_losses, const float *images,
                         const int *labels, size_t n, const Ex10Config *cfg) {
    (void)images, (void)labels, (void)n;
    for (size_t i = 0; i < EX10_NET_PARAMS(cfg->width, cfg->blocks); i++) params[i] = 0.0f;
    for (size_t e = 0; e < cfg->epochs; e++) epoch_losses[e] = 0.0f;
}
