/* ex09_convergence.c: exercise 9, the convergence experiment (see
 * ex09_convergence.h). */
#include "ex09_convergence.h"

#include <stdlib.h>
#include <string.h>

#include "autograd.h"
#include "check.h"
#include "loss.h"
#include "mlp.h"
#include "rng.h"

size_t ex09_param_count(const Ex09Config *cfg) {
    (void)cfg;
    exercise_todo("ex09", "ex09_param_count", "chapter 9, section 'Exercise 9: the convergence experiment'");
}

void ex09_train(float *params, float *epoch_losses, const float *images, const int *labels,
                size_t n, const Ex09Config *cfg) {
    (void)params, (void)epoch_losses, (void)images, (void)labels, (void)n, (void)cfg;
    exercise_todo("ex09", "ex09_train", "chapter 9, section 'Exercise 9: the convergence experiment'");
}
