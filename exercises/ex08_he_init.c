/* ex08_he_init.c: exercise 8, He initialisation (see ex08_he_init.h). */
#include "ex08_he_init.h"

#include <math.h>

#include "activations.h"
#include "autograd.h"
#include "check.h"
#include "ops.h"
#include "rng.h"

size_t ex08_fan(const Tensor *w, FanMode mode) {
    (void)w, (void)mode;
    exercise_todo("ex08", "ex08_fan", "chapter 8, section 'Exercise 8: He initialisation'");
}

float ex08_leaky_gain(float a) {
    (void)a;
    exercise_todo("ex08", "ex08_leaky_gain", "chapter 8, section 'Exercise 8: He initialisation'");
}

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
    exercise_todo("ex08", "ex08_kaiming_normal", "chapter 8, section 'Exercise 8: He initialisation'");
}

void ex08_kaiming_uniform(Tensor *w, float a, FanMode mode, uint64_t seed) {
    (void)w, (void)a, (void)mode, (void)seed;
    exercise_todo("ex08", "ex08_kaiming_uniform", "chapter 8, section 'Exercise 8: He initialisation'");
}


void ex08_activation_scale(float *rms, size_t depth, size_t width, size_t batch, float gain,
                           uint64_t seed) {
    (void)rms, (void)depth, (void)width, (void)batch, (void)gain, (void)seed;
    exercise_todo("ex08", "ex08_activation_scale", "chapter 8, section 'Exercise 8: He initialisation'");
}
