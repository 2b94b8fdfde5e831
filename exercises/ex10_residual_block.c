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


void ex10_block_forward(float *out, const float *x, const float *params, size_t batch,
                        size_t dim, size_t hidden) {
    (void)out, (void)x, (void)params, (void)batch, (void)dim, (void)hidden;
    exercise_todo("ex10", "ex10_block_forward", "chapter 9, section 'Exercise 10: a residual block'");
}

void ex10_block_backward(float *dx, float *dparams, const float *dout, const float *x,
                         const float *params, size_t batch, size_t dim, size_t hidden) {
    (void)dx, (void)dparams, (void)dout, (void)x, (void)params, (void)batch, (void)dim, (void)hidden;
    exercise_todo("ex10", "ex10_block_backward", "chapter 9, section 'Exercise 10: a residual block'");
}

void ex10_train_residual(float *params, float *epoch_losses, const float *images,
                         const int *labels, size_t n, const Ex10Config *cfg) {
    (void)params, (void)epoch_losses, (void)images, (void)labels, (void)n, (void)cfg;
    exercise_todo("ex10", "ex10_train_residual", "chapter 9, section 'Exercise 10: a residual block'");
}
