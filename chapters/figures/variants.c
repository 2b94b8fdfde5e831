/* variants.c: data for chapter 11's figure of ReLU's variants. Prints one
 * row per x in [-4, 3]: x, relu, leaky relu (slope 0.1, ten times PyTorch's
 * default so that it is visible), elu (alpha 1), gelu, gelu (tanh form),
 * silu, softplus (beta 1, threshold 20), all from the library's kernels. */
#include "figure_args.h"
#include "workbook.h"

enum { POINTS = 351 };

int main(int argc, char **argv) {
    double slope = 0.1, alpha = 1, beta = 1;
    const FigureParam params[] = {{"slope", &slope, 0, 1}, {"alpha", &alpha, 0, 5}, {"beta", &beta, 0.1, 10}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    static float x[POINTS], y[7][POINTS];
    for (int i = 0; i < POINTS; i++) x[i] = -4.0f + 7.0f * (float)i / (float)(POINTS - 1);

    relu_forward(y[0], x, POINTS);
    leaky_relu_forward(y[1], x, POINTS, (float)slope);
    elu_forward(y[2], x, POINTS, (float)alpha);
    gelu_forward(y[3], x, POINTS);
    gelu_tanh_forward(y[4], x, POINTS);
    silu_forward(y[5], x, POINTS);
    softplus_forward(y[6], x, POINTS, (float)beta, 20.0f);

    printf("# x relu leaky_relu_0.1 elu gelu gelu_tanh silu softplus\n");
    for (int i = 0; i < POINTS; i++) {
        printf("%g", (double)x[i]);
        for (int k = 0; k < 7; k++) printf(" %g", (double)y[k][i]);
        printf("\n");
    }
    return 0;
}
