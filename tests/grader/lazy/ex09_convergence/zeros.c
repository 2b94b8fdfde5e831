/* Lazy submission (tests/grader/lazy/): checks the settings and counts the
 * parameters (a size formula), then trains nothing: zero parameters and a
 * constant loss. */
#include "ex09_convergence.h"

#include <math.h>

#include "check.h"

size_t ex09_param_count(const Ex09Config *cfg) {
    size_t w = cfg->width;
    return w * EX09_INPUTS + w + (cfg->depth - 1) * (w * w + w) + EX09_CLASSES * w + EX09_CLASSES;
}

void ex09_train(float *params, float *epoch_losses, const float *images, const int *labels,
                size_t n, const Ex09Config *cfg) {
    (void)images, (void)labels;
    CHECK(n >= 1 && cfg->width >= 1 && cfg->depth >= 1 && cfg->lr > 0.0f &&
              cfg->batch_size >= 1 && cfg->epochs >= 1,
          "bad setting: n %zu, width %zu, depth %zu, lr %g, batch_size %zu, epochs %zu", n,
          cfg->width, cfg->depth, (double)cfg->lr, cfg->batch_size, cfg->epochs);
    for (size_t i = 0; i < ex09_param_count(cfg); i++) params[i] = 0.0f;
    for (size_t e = 0; e < cfg->epochs; e++) epoch_losses[e] = logf((float)EX09_CLASSES);
}
