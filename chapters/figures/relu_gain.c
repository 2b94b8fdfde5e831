/* relu_gain.c: data for chapter 6's figure of the weights' share: the
 * gradient reaching each layer of a 20-layer ReLU stack (width 64, batch
 * 32, seed 1) for weight gains 1, sqrt 2 and 2, and of a sigmoid stack
 * with gains 4 and 10 (exercise 6's experiment). One row per layer: l,
 * then ||dL/dh_l|| for relu gain 1, sqrt 2, 2 and sigmoid gain 4, 10. */
#include <math.h>

#include "ex06_gradient_norms.h"
#include "figure_args.h"
#include "workbook.h"

enum { MAX_DEPTH = 100, WIDTH = 64, BATCH = 32 };

int main(int argc, char **argv) {
    /* activation: the ActKind of the first three curves (ACT_RELU; the page
     * also offers ACT_TANH, ACT_SIGMOID and ACT_IDENTITY). */
    double depth = 20, seed = 1, activation = ACT_RELU, gain_low = 1, gain_mid = sqrt(2.0), gain_high = 2,
           sigmoid_gain = 4, sigmoid_gain_high = 10;
    const FigureParam params[] = {{"depth", &depth, 1, MAX_DEPTH}, {"seed", &seed, 0, 1e9},
                                  {"activation", &activation, ACT_IDENTITY, ACT_TANH},
                                  {"gain_low", &gain_low, 0, 10}, {"gain_mid", &gain_mid, 0, 10},
                                  {"gain_high", &gain_high, 0, 10}, {"sigmoid_gain", &sigmoid_gain, 0, 10},
                                  {"sigmoid_gain_high", &sigmoid_gain_high, 0, 20}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    const int DEPTH = (int)depth;
    const ActKind act = (ActKind)activation;
    const ActKind acts[5] = {act, act, act, ACT_SIGMOID, ACT_SIGMOID};
    const float gains[5] = {(float)gain_low, (float)gain_mid, (float)gain_high, (float)sigmoid_gain,
                            (float)sigmoid_gain_high};
    float w[MAX_DEPTH], h[5][MAX_DEPTH];
    for (int a = 0; a < 5; a++)
        ex06_gradient_norms(w, h[a], (size_t)DEPTH, WIDTH, BATCH, acts[a], gains[a], (uint64_t)seed);
    printf("# layer relu_gain1 relu_gain_sqrt2 relu_gain2 sigmoid_gain4 sigmoid_gain10\n");
    for (int l = 0; l < DEPTH; l++)
        printf("%d %g %g %g %g %g\n", l, (double)h[0][l], (double)h[1][l],
               (double)h[2][l], (double)h[3][l], (double)h[4][l]);
    return 0;
}
