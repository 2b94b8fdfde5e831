/* variants_derivative.c: data for chapter 11's figure of the derivatives of
 * ReLU's variants. Prints one row per x in [-4, 3]: x, then the derivatives
 * of relu, leaky relu (slope 0.1), elu (alpha 1), gelu, gelu (tanh form),
 * silu and softplus, from the library's backward kernels with dout = 1
 * (they add into zeroed arrays). */
#include "figure_args.h"
#include "workbook.h"

enum { POINTS = 351 };

int main(int argc, char **argv) {
    double slope = 0.1, alpha = 1, beta = 1;
    const FigureParam params[] = {{"slope", &slope, 0, 1}, {"alpha", &alpha, 0, 5}, {"beta", &beta, 0.1, 10}};
    figure_args(argc, argv, params, sizeof params / sizeof *params);
    static float x[POINTS], ones[POINTS], d[7][POINTS]; /* static: zeroed */
    for (int i = 0; i < POINTS; i++) {
        x[i] = -4.0f + 7.0f * (float)i / (float)(POINTS - 1);
        ones[i] = 1.0f;
    }
    relu_backward(d[0], x, ones, POINTS);
    leaky_relu_backward(d[1], x, ones, POINTS, (float)slope);
    elu_backward(d[2], x, ones, POINTS, (float)alpha);
    gelu_backward(d[3], x, ones, POINTS);
    gelu_tanh_backward(d[4], x, ones, POINTS);
    silu_backward(d[5], x, ones, POINTS);
    softplus_backward(d[6], x, ones, POINTS, (float)beta, 20.0f);

    printf("# x relu' leaky_relu_0.1' elu' gelu' gelu_tanh' silu' softplus'\n");
    for (int i = 0; i < POINTS; i++) {
        printf("%g", (double)x[i]);
        for (int k = 0; k < 7; k++) printf(" %g", (double)d[k][i]);
        printf("\n");
    }
    return 0;
}
