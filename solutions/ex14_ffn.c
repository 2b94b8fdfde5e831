/* ex14_ffn.c: exercise 14, the transformer feed-forward block (see ex14_ffn.h). */
#include "ex14_ffn.h"

#include <stdlib.h>

#include "activations.h"
#include "check.h"

/* SOLUTION BEGIN */
/* The checks both passes share: sizes that make sense and a known act. */
static void check_sizes(const char *func, size_t tokens, size_t d_model, size_t d_ff,
                        Ex14Act act) {
    if (tokens == 0 || d_model == 0 || d_ff == 0)
        check_fail(func, __FILE__, __LINE__,
                   "tokens, d_model and d_ff must be >= 1, got %zu, %zu, %zu", tokens, d_model,
                   d_ff);
    if (act != EX14_RELU && act != EX14_GELU)
        check_fail(func, __FILE__, __LINE__, "act must be EX14_RELU or EX14_GELU, got %d",
                   (int)act);
}
/* SOLUTION END */

void ex14_ffn_forward(float *out, float *pre, float *hidden, const float *x, const float *w1,
                      const float *b1, const float *w2, const float *b2, size_t tokens,
                      size_t d_model, size_t d_ff, Ex14Act act) {
    /* STUB (void)out, (void)pre, (void)hidden, (void)x, (void)w1, (void)b1, (void)w2, (void)b2; */
    /* STUB (void)tokens, (void)d_model, (void)d_ff, (void)act; */
    /* STUB exercise_todo("ex14", "ex14_ffn_forward", "chapter 13, section 'Exercise 14: the feed-forward block'"); */
    /* SOLUTION BEGIN */
    check_sizes(__func__, tokens, d_model, d_ff, act);
    for (size_t t = 0; t < tokens; t++) {
        const float *xt = x + t * d_model;
        float *pt = pre + t * d_ff, *ht = hidden + t * d_ff;
        for (size_t j = 0; j < d_ff; j++) {
            float s = b1[j];
            for (size_t i = 0; i < d_model; i++) s += w1[j * d_model + i] * xt[i];
            pt[j] = s;
        }
        if (act == EX14_RELU) relu_forward(ht, pt, d_ff);
        else gelu_forward(ht, pt, d_ff);
        for (size_t i = 0; i < d_model; i++) {
            float s = b2[i];
            for (size_t j = 0; j < d_ff; j++) s += w2[i * d_ff + j] * ht[j];
            out[t * d_model + i] = s;
        }
    }
    /* SOLUTION END */
}

void ex14_ffn_backward(float *dx, float *dw1, float *db1, float *dw2, float *db2,
                       const float *dout, const float *x, const float *pre, const float *hidden,
                       const float *w1, const float *w2, size_t tokens, size_t d_model,
                       size_t d_ff, Ex14Act act) {
    /* STUB (void)dx, (void)dw1, (void)db1, (void)dw2, (void)db2, (void)dout, (void)x, (void)pre; */
    /* STUB (void)hidden, (void)w1, (void)w2, (void)tokens, (void)d_model, (void)d_ff, (void)act; */
    /* STUB exercise_todo("ex14", "ex14_ffn_backward", "chapter 13, section 'Exercise 14: the feed-forward block'"); */
    /* SOLUTION BEGIN */
    check_sizes(__func__, tokens, d_model, d_ff, act);
    /* dh and dpre of one token at a time: the tokens are independent. */
    float *dh = check_malloc(__func__, d_ff, sizeof(float));
    float *dpre = check_malloc(__func__, d_ff, sizeof(float));
    for (size_t t = 0; t < tokens; t++) {
        const float *go = dout + t * d_model, *xt = x + t * d_model;
        const float *ht = hidden + t * d_ff, *pt = pre + t * d_ff;
        /* out = hidden W2^T + b2 */
        for (size_t j = 0; j < d_ff; j++) dh[j] = 0.0f;
        for (size_t i = 0; i < d_model; i++) {
            db2[i] += go[i];
            for (size_t j = 0; j < d_ff; j++) {
                dw2[i * d_ff + j] += go[i] * ht[j];
                dh[j] += go[i] * w2[i * d_ff + j];
            }
        }
        /* hidden = act(pre): the kernels add dh * act'(pre) into dpre */
        for (size_t j = 0; j < d_ff; j++) dpre[j] = 0.0f;
        if (act == EX14_RELU) relu_backward(dpre, pt, dh, d_ff);
        else gelu_backward(dpre, pt, dh, d_ff);
        /* pre = x W1^T + b1 */
        for (size_t j = 0; j < d_ff; j++) {
            db1[j] += dpre[j];
            for (size_t i = 0; i < d_model; i++) {
                dw1[j * d_model + i] += dpre[j] * xt[i];
                dx[t * d_model + i] += dpre[j] * w1[j * d_model + i];
            }
        }
    }
    free(dpre);
    free(dh);
    /* SOLUTION END */
}
