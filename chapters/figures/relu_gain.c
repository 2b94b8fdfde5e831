/* relu_gain.c: data for chapter 6's figure of the weights' share: the
 * gradient reaching each layer of a 20-layer ReLU stack (width 64, batch
 * 32, seed 1) for weight gains 1, sqrt 2 and 2, and of a sigmoid stack
 * with gains 4 and 10 (exercise 6's experiment). One row per layer: l,
 * then ||dL/dh_l|| for relu gain 1, sqrt 2, 2 and sigmoid gain 4, 10. */
#include <math.h>

#include "ex06_gradient_norms.h"
#include "workbook.h"

enum { DEPTH = 20, WIDTH = 64, BATCH = 32 };

int main(void) {
    const ActKind acts[5] = {ACT_RELU, ACT_RELU, ACT_RELU, ACT_SIGMOID,
                             ACT_SIGMOID};
    const float gains[5] = {1.0f, sqrtf(2.0f), 2.0f, 4.0f, 10.0f};
    float w[DEPTH], h[5][DEPTH];
    for (int a = 0; a < 5; a++)
        ex06_gradient_norms(w, h[a], DEPTH, WIDTH, BATCH, acts[a], gains[a], 1);
    printf("# layer relu_gain1 relu_gain_sqrt2 relu_gain2 sigmoid_gain4 "
           "sigmoid_gain10\n");
    for (int l = 0; l < DEPTH; l++)
        printf("%d %g %g %g %g %g\n", l, (double)h[0][l], (double)h[1][l],
               (double)h[2][l], (double)h[3][l], (double)h[4][l]);
    return 0;
}
