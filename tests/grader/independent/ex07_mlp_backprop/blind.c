/* An independent solution, written from the header and the chapter alone
 * by a writer who never saw the tests (issue 18): make check wants full
 * marks from it (tools/grade/check_exercises.py). */
/* ex07_mlp_backprop.c: exercise 7 (see ex07_mlp_backprop.h). */
#include "ex07_mlp_backprop.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* out (B, O) = inp (B, I) W^T + b, W (O, I), optional ReLU */
static void layer_fwd(float *out, const float *inp, const float *W, const float *b, size_t B,
                      size_t I, size_t O, int relu) {
    for (size_t i = 0; i < B; i++)
        for (size_t o = 0; o < O; o++) {
            float acc = b[o];
            for (size_t k = 0; k < I; k++) acc += inp[i * I + k] * W[o * I + k];
            out[i * O + o] = relu ? (acc < 0.0f ? 0.0f : acc) : acc;
        }
}

/* given dout (B, O), writes dW (O, I), db (O) and (if dinp) dinp (B, I) */
static void layer_bwd(const float *dout, const float *inp, const float *W, size_t B, size_t I,
                      size_t O, float *dW, float *db, float *dinp) {
    for (size_t o = 0; o < O; o++) {
        float sb = 0.0f;
        for (size_t i = 0; i < B; i++) sb += dout[i * O + o];
        db[o] = sb;
        for (size_t k = 0; k < I; k++) {
            float acc = 0.0f;
            for (size_t i = 0; i < B; i++) acc += dout[i * O + o] * inp[i * I + k];
            dW[o * I + k] = acc;
        }
    }
    if (dinp)
        for (size_t i = 0; i < B; i++)
            for (size_t k = 0; k < I; k++) {
                float acc = 0.0f;
                for (size_t o = 0; o < O; o++) acc += dout[i * O + o] * W[o * I + k];
                dinp[i * I + k] = acc;
            }
}

float ex07_mlp_forward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       float *h1, float *h2, float *logits) {
    size_t B = s->batch, I = s->in, H1 = s->hidden1, H2 = s->hidden2, O = s->out;
    const float *W1 = params, *b1 = W1 + H1 * I, *W2 = b1 + H1, *b2 = W2 + H2 * H1;
    const float *W3 = b2 + H2, *b3 = W3 + O * H2;
    layer_fwd(h1, x, W1, b1, B, I, H1, 1);
    layer_fwd(h2, h1, W2, b2, B, H1, H2, 1);
    layer_fwd(logits, h2, W3, b3, B, H2, O, 0);
    double total = 0.0;
    for (size_t i = 0; i < B; i++) {
        const float *y = logits + i * O;
        CHECK(labels[i] >= 0 && (size_t)labels[i] < O, "label %d out of range [0, %zu)", labels[i], O);
        float m = y[0];
        for (size_t o = 1; o < s->out; o++) if (y[o] > m) m = y[o];
        double se = 0.0;
        for (size_t o = 0; o < O; o++) se += exp((double)y[o] - (double)m);
        total += log(se) + (double)m - (double)y[labels[i]];
    }
    return (float)(total / (double)B);
}

void ex07_mlp_backward(const Ex07Sizes *s, const float *params, const float *x, const int *labels,
                       const float *h1, const float *h2, const float *logits, float *grads,
                       float *dx) {
    size_t B = s->batch, I = s->in, H1 = s->hidden1, H2 = s->hidden2, O = s->out;
    const float *W1 = params, *b1 = W1 + H1 * I, *W2 = b1 + H1, *b2 = W2 + H2 * H1;
    const float *W3 = b2 + H2;
    (void)b1, (void)b2;
    float *dW1 = grads, *db1 = dW1 + H1 * I, *dW2 = db1 + H1, *db2 = dW2 + H2 * H1;
    float *dW3 = db2 + H2, *db3 = dW3 + O * H2;

    float *dy = check_malloc(__func__, B * O, sizeof *dy);
    float *d2 = check_malloc(__func__, B * H2, sizeof *d2);
    float *d1 = check_malloc(__func__, B * H1, sizeof *d1);
    for (size_t i = 0; i < B; i++) {
        const float *y = logits + i * O;
        float m = y[0];
        for (size_t o = 1; o < O; o++) if (y[o] > m) m = y[o];
        double se = 0.0;
        for (size_t o = 0; o < O; o++) se += exp((double)y[o] - (double)m);
        for (size_t o = 0; o < O; o++) {
            double p = exp((double)y[o] - (double)m) / se;
            dy[i * O + o] = (float)((p - ((int)o == labels[i] ? 1.0 : 0.0)) / (double)B);
        }
    }
    layer_bwd(dy, h2, W3, B, H2, O, dW3, db3, d2);
    for (size_t t = 0; t < B * H2; t++) if (!(h2[t] > 0.0f)) d2[t] = 0.0f;
    layer_bwd(d2, h1, W2, B, H1, H2, dW2, db2, d1);
    for (size_t t = 0; t < B * H1; t++) if (!(h1[t] > 0.0f)) d1[t] = 0.0f;
    layer_bwd(d1, x, W1, B, I, H1, dW1, db1, dx);
    free(dy);
    free(d2);
    free(d1);
}
