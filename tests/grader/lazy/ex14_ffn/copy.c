/* Lazy submission (tests/grader/lazy/): the block returns its input (and
 * the backward passes dout on to dx), computing nothing. */
#include "ex14_ffn.h"

void ex14_ffn_forward(float *out, float *pre, float *hidden, const float *x, const float *w1,
                      const float *b1, const float *w2, const float *b2, size_t tokens,
                      size_t d_model, size_t d_ff, Ex14Act act) {
    (void)w1, (void)b1, (void)w2, (void)b2, (void)act;
    for (size_t k = 0; k < tokens * d_model; k++) out[k] = x[k];
    for (size_t k = 0; k < tokens * d_ff; k++) pre[k] = hidden[k] = 0.0f;
}

void ex14_ffn_backward(float *dx, float *dw1, float *db1, float *dw2, float *db2,
                       const float *dout, const float *x, const float *pre, const float *hidden,
                       const float *w1, const float *w2, size_t tokens, size_t d_model,
                       size_t d_ff, Ex14Act act) {
    (void)dw1, (void)db1, (void)dw2, (void)db2, (void)x, (void)pre, (void)hidden, (void)w1;
    (void)w2, (void)d_ff, (void)act;
    for (size_t k = 0; k < tokens * d_model; k++) dx[k] += dout[k];
}
