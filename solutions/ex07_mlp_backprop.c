/* ex07_mlp_backprop.c: exercise 7, an MLP's forward and backward pass by
 * hand (see ex07_mlp_backprop.h). */
#include "ex07_mlp_backprop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* SOLUTION BEGIN */
/* out (B, O) = inp (B, I) W^T + b, W (O, I), b (O). */
static void dense_forward(float *out, const float *inp, const float *w, const float *b, size_t B,
                          size_t I, size_t O) {
    for (size_t i = 0; i < B; i++)
        for (size_t o = 0; o < O; o++) {
            float acc = b[o];
            for (size_t k = 0; k < I; k++) acc += inp[i * I + k] * w[o * I + k];
            out[i * O + o] = acc;
        }
}

/* From dout (B, O), the gradient at the layer's output: dw (O, I) =
 * dout^T inp, db (O) = column sums of dout, and, when dinp is not NULL,
 * dinp (B, I) = dout W. All three are overwritten. */
static void dense_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp,
                           const float *w, size_t B, size_t I, size_t O) {
    for (size_t o = 0; o < O; o++) {
        float acc = 0.0f;
        for (size_t i = 0; i < B; i++) acc += dout[i * O + o];
        db[o] = acc;
        for (size_t k = 0; k < I; k++) {
            float g = 0.0f;
            for (size_t i = 0; i < B; i++) g += dout[i * O + o] * inp[i * I + k];
            dw[o * I + k] = g;
        }
    }
    if (!dinp) return;
    for (size_t i = 0; i < B; i++)
        for (size_t k = 0; k < I; k++) {
            float g = 0.0f;
            for (size_t o = 0; o < O; o++) g += dout[i * O + o] * w[o * I + k];
            dinp[i * I + k] = g;
        }
}

/* ReLU's gate, from the layer's output: h > 0 exactly where z > 0. */
static void relu_gate(float *d, const float *h, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!(h[i] > 0.0f)) d[i] = 0.0f;
}
/* SOLUTION END */

float ex07_mlp_forward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       float *h1, float *h2, float *logits) {
    /* STUB (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits; */
    /* STUB exercise_todo("ex07", "ex07_mlp_forward", "chapter 7, section 'Exercise 7: backpropagation by hand'"); */
    /* SOLUTION BEGIN */
    size_t B = s->batch, I = s->in, H1 = s->hidden1, H2 = s->hidden2, O = s->out;
    const float *w1 = params, *b1 = w1 + H1 * I, *w2 = b1 + H1, *b2 = w2 + H2 * H1;
    const float *w3 = b2 + H2, *b3 = w3 + O * H2;
    dense_forward(h1, x, w1, b1, B, I, H1);
    for (size_t i = 0; i < B * H1; i++) h1[i] = h1[i] > 0.0f ? h1[i] : 0.0f;
    dense_forward(h2, h1, w2, b2, B, H1, H2);
    for (size_t i = 0; i < B * H2; i++) h2[i] = h2[i] > 0.0f ? h2[i] : 0.0f;
    dense_forward(logits, h2, w3, b3, B, H2, O);
    double total = 0.0;
    for (size_t i = 0; i < B; i++) {
        const float *y = logits + i * O;
        CHECK(labels[i] >= 0 && (size_t)labels[i] < O, "label %d of row %zu is not in [0, %zu)",
              labels[i], i, O);
        float m = y[0];
        for (size_t o = 1; o < O; o++) m = y[o] > m ? y[o] : m;
        double sum = 0.0;
        for (size_t o = 0; o < O; o++) sum += exp((double)(y[o] - m));
        total += (double)m + log(sum) - (double)y[labels[i]];
    }
    return (float)(total / (double)B);
    /* SOLUTION END */
}

void ex07_mlp_backward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       const float *h1, const float *h2, const float *logits, float *grads,
                       float *dx) {
    /* STUB (void)s, (void)params, (void)x, (void)labels, (void)h1, (void)h2, (void)logits; */
    /* STUB (void)grads, (void)dx; */
    /* STUB exercise_todo("ex07", "ex07_mlp_backward", "chapter 7, section 'Exercise 7: backpropagation by hand'"); */
    /* SOLUTION BEGIN */
    size_t B = s->batch, I = s->in, H1 = s->hidden1, H2 = s->hidden2, O = s->out;
    /* the biases' values are not needed: only the weights carry dL back */
    const float *w1 = params, *w2 = w1 + H1 * I + H1, *w3 = w2 + H2 * H1 + H2;
    float *dw1 = grads, *db1 = dw1 + H1 * I, *dw2 = db1 + H1, *db2 = dw2 + H2 * H1;
    float *dw3 = db2 + H2, *db3 = dw3 + O * H2;
    float *dy = check_malloc(__func__, B * O, sizeof *dy);
    float *dh2 = check_malloc(__func__, B * H2, sizeof *dh2);
    float *dh1 = check_malloc(__func__, B * H1, sizeof *dh1);
    /* dL/dy = (softmax(y) - onehot(label)) / B, row by row */
    for (size_t i = 0; i < B; i++) {
        const float *y = logits + i * O;
        float m = y[0];
        for (size_t o = 1; o < O; o++) m = y[o] > m ? y[o] : m;
        float sum = 0.0f;
        for (size_t o = 0; o < O; o++) sum += expf(y[o] - m);
        for (size_t o = 0; o < O; o++)
            dy[i * O + o] = (expf(y[o] - m) / sum - (o == (size_t)labels[i] ? 1.0f : 0.0f)) /
                            (float)B;
    }
    dense_backward(dh2, dw3, db3, dy, h2, w3, B, H2, O);
    relu_gate(dh2, h2, B * H2);
    dense_backward(dh1, dw2, db2, dh2, h1, w2, B, H1, H2);
    relu_gate(dh1, h1, B * H1);
    dense_backward(dx, dw1, db1, dh1, x, w1, B, I, H1);
    free(dy);
    free(dh2);
    free(dh1);
    /* SOLUTION END */
}
