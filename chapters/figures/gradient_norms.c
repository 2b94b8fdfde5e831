/* gradient_norms.c: data for chapter 6's figure of the gradient reaching
 * each layer of a 20-layer stack (width 64, batch 32, seed 1), for sigmoid
 * and tanh with gain 1 and ReLU with He's gain sqrt 2. The experiment is
 * exercise 6's (ex06_gradient_norms, linked from solutions/). One row per
 * layer l: l, then ||dL/dh_l|| for sigmoid, tanh, relu, then ||dL/dW_l||
 * for the same three. */
#include <math.h>

#include "ex06_gradient_norms.h"
#include "workbook.h"

enum { DEPTH = 20, WIDTH = 64, BATCH = 32 };

int main(void) {
    const ActKind acts[3] = {ACT_SIGMOID, ACT_TANH, ACT_RELU};
    const float gains[3] = {1.0f, 1.0f, sqrtf(2.0f)};
    float w[3][DEPTH], h[3][DEPTH];
    for (int a = 0; a < 3; a++)
        ex06_gradient_norms(w[a], h[a], DEPTH, WIDTH, BATCH, acts[a], gains[a], 1);
    printf("# layer input_sigmoid input_tanh input_relu weight_sigmoid weight_tanh weight_relu\n");
    for (int l = 0; l < DEPTH; l++)
        printf("%d %g %g %g %g %g %g\n", l, (double)h[0][l], (double)h[1][l], (double)h[2][l],
               (double)w[0][l], (double)w[1][l], (double)w[2][l]);
    return 0;
}
