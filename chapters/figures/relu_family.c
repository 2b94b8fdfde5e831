/* relu_family.c: data for chapter 1's figure of ReLU and its relatives.
 * Prints one row per x in [-4, 4]: x, relu, leaky relu (slope 0.1, steeper
 * than PyTorch's 0.01 so that it is visible), gelu, sigmoid, tanh, all
 * computed by the library's kernels. */
#include "workbook.h"

enum { POINTS = 401 };

int main(void) {
    static float x[POINTS], relu[POINTS], leaky[POINTS], gelu[POINTS], sig[POINTS], th[POINTS];
    for (int i = 0; i < POINTS; i++) x[i] = -4.0f + 8.0f * (float)i / (float)(POINTS - 1);

    relu_forward(relu, x, POINTS);
    leaky_relu_forward(leaky, x, POINTS, 0.1f);
    gelu_forward(gelu, x, POINTS);
    sigmoid_forward(sig, x, POINTS);
    tanh_forward(th, x, POINTS);

    printf("# x relu leaky_relu_0.1 gelu sigmoid tanh\n");
    for (int i = 0; i < POINTS; i++)
        printf("%g %g %g %g %g %g\n", (double)x[i], (double)relu[i], (double)leaky[i],
               (double)gelu[i], (double)sig[i], (double)th[i]);
    return 0;
}
