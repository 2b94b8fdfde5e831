/* ex12_variants.c: exercise 12, GELU, SiLU, ELU and PReLU, forward and
 * backward (see ex12_variants.h). */
#include "ex12_variants.h"

#include <math.h>


void ex12_gelu_forward(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
    exercise_todo("ex12", "ex12_gelu_forward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_gelu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)dinp, (void)inp, (void)dout, (void)n;
    exercise_todo("ex12", "ex12_gelu_backward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_gelu_tanh_forward(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
    exercise_todo("ex12", "ex12_gelu_tanh_forward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_gelu_tanh_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)dinp, (void)inp, (void)dout, (void)n;
    exercise_todo("ex12", "ex12_gelu_tanh_backward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_silu_forward(float *out, const float *inp, size_t n) {
    (void)out, (void)inp, (void)n;
    exercise_todo("ex12", "ex12_silu_forward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_silu_backward(float *dinp, const float *inp, const float *dout, size_t n) {
    (void)dinp, (void)inp, (void)dout, (void)n;
    exercise_todo("ex12", "ex12_silu_backward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_elu_forward(float *out, const float *inp, size_t n, float alpha) {
    (void)out, (void)inp, (void)n, (void)alpha;
    exercise_todo("ex12", "ex12_elu_forward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_elu_backward(float *dinp, const float *inp, const float *dout, size_t n, float alpha) {
    (void)dinp, (void)inp, (void)dout, (void)n, (void)alpha;
    exercise_todo("ex12", "ex12_elu_backward", "chapter 11, section 'Exercise 12: the variants'");
}

void ex12_prelu_forward(float *out, const float *inp, size_t n, float slope) {
    (void)out, (void)inp, (void)n, (void)slope;
    exercise_todo("ex12", "ex12_prelu_forward", "chapter 11, section 'Exercise 12: the variants'");
}

float ex12_prelu_backward(float *dinp, const float *inp, const float *dout, size_t n, float slope) {
    (void)dinp, (void)inp, (void)dout, (void)n, (void)slope;
    exercise_todo("ex12", "ex12_prelu_backward", "chapter 11, section 'Exercise 12: the variants'");
}
