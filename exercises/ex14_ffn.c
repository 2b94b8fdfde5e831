/* ex14_ffn.c: exercise 14, the transformer feed-forward block (see ex14_ffn.h). */
#include "ex14_ffn.h"

#include <stdlib.h>

#include "activations.h"
#include "check.h"


void ex14_ffn_forward(float *out, float *pre, float *hidden, const float *x, const float *w1,
                      const float *b1, const float *w2, const float *b2, size_t tokens,
                      size_t d_model, size_t d_ff, Ex14Act act) {
    (void)out, (void)pre, (void)hidden, (void)x, (void)w1, (void)b1, (void)w2, (void)b2;
    (void)tokens, (void)d_model, (void)d_ff, (void)act;
    exercise_todo("ex14", "ex14_ffn_forward", "chapter 13, section 'Exercise 14: the feed-forward block'");
}

void ex14_ffn_backward(float *dx, float *dw1, float *db1, float *dw2, float *db2,
                       const float *dout, const float *x, const float *pre, const float *hidden,
                       const float *w1, const float *w2, size_t tokens, size_t d_model,
                       size_t d_ff, Ex14Act act) {
    (void)dx, (void)dw1, (void)db1, (void)dw2, (void)db2, (void)dout, (void)x, (void)pre;
    (void)hidden, (void)w1, (void)w2, (void)tokens, (void)d_model, (void)d_ff, (void)act;
    exercise_todo("ex14", "ex14_ffn_backward", "chapter 13, section 'Exercise 14: the feed-forward block'");
}
