/* gradient_norms.c: data for chapter 6's figure of the gradient reaching
 * each layer of a 20-layer stack (width 64, batch 32, seed 1), for sigmoid
 * and tanh with gain 1 and ReLU with He's gain sqrt 2. The experiment is
 * exercise 6's (ex06_gradient_norms, linked from solutions/). One row per
 * layer l: l, then ||dL/dh_l|| for sigmoid, tanh, relu, then ||dL/dW_l||
 * for the same three. */
#include <math.h>

#include "ex06_gradient_norms.h"
#include "figure_args.h"
#include "workbook.h"

enum { MAX_DEPTH = 100, WIDTH = 64, BATCH = 32 };

int main(int argc, char **argv) {
    double depth = 20, seed = 1, sigmoid_gain = 1, tanh_gain = 1, relu_gain = sqrt(2.0);
    const FigureParam params[] = {{"depth", &depth, 1, MAX_DEPTH}, {"seed", &seed, 0, 1e9},
                                  {"sigmoid_gain", &sigmoid_gain, 0, 10}, {"tanh_gain", &tanh_gain, 0, 10},
                                  {"relu_gain", &relu_gain, 0, 10}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    const int DEPTH = (int)depth;
    const ActKind acts[3] = {ACT_SIGMOID, ACT_TANH, ACT_RELU};
    const float gains[3] = {(float)sigmoid_gain, (float)tanh_gain, (float)relu_gain};
    float w[3][MAX_DEPTH], h[3][MAX_DEPTH];
    for (int a = 0; a < 3; a++)
        ex06_gradient_norms(w[a], h[a], (size_t)DEPTH, WIDTH, BATCH, acts[a], gains[a], (uint64_t)seed);
    printf("# layer input_sigmoid input_tanh input_relu weight_sigmoid weight_tanh weight_relu\n");
    for (int l = 0; l < DEPTH; l++)
        printf("%d %g %g %g %g %g %g\n", l, (double)h[0][l], (double)h[1][l], (double)h[2][l],
               (double)w[0][l], (double)w[1][l], (double)w[2][l]);
    /* What the caption quotes: the mean factor per layer from the top layer
     * down to layer 0, and ReLU's spread (largest over smallest norm). */
    double lo = INFINITY, hi = 0.0;
    for (int l = 0; l < DEPTH; l++)
        lo = fmin(lo, (double)h[2][l]), hi = fmax(hi, (double)h[2][l]);
    double steps = DEPTH > 1 ? DEPTH - 1 : 1;
    printf("# book: gn-sigmoid-factor = %.1f\n# book: gn-sigmoid-orders = %.0f\n"
           "# book: gn-tanh-factor = %.2f\n# book: gn-relu-spread = %.1f\n",
           pow((double)h[0][DEPTH - 1] / (double)h[0][0], 1.0 / steps),
           log10((double)h[0][DEPTH - 1] / (double)h[0][0]),
           pow((double)h[1][DEPTH - 1] / (double)h[1][0], 1.0 / steps), hi / lo);
    return 0;
}
