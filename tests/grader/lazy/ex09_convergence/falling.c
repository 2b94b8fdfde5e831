/* Lazy submission (tests/grader/lazy/): a made-up falling loss curve and
 * zero parameters, no training. */
#include "ex09_convergence.h"

size_t ex09_param_count(const Ex09Config *cfg) {
    size_t w = cfg->width;
    return w * EX09_INPUTS + w + (cfg->depth - 1) * (w * w + w) + EX09_CLASSES * w + EX09_CLASSES;
}

void ex09_train(float *params, float *epoch_losses, const float *images, const int *labels,
                size_t n, const Ex09Config *cfg) {
    (void)images, (void)labels, (void)n;
    for (size_t i = 0; i < ex09_param_count(cfg); i++) params[i] = 0.0f;
    for (size_t e = 0; e < cfg->epochs; e++) epoch_losses[e] = 2.3f / (float)(e + 1);
}
