/* relu_derivative.c: data for chapter 2's figure of activation derivatives.
 * Prints one row per x in [-4, 4]: x, then the derivatives of relu, leaky
 * relu (slope 0.1), sigmoid and tanh, computed by the library's backward
 * kernels with dout = 1 (they add into a zeroed dinp). */
#include "workbook.h"

enum { POINTS = 401 };

int main(void) {
    static float x[POINTS], ones[POINTS];
    static float relu[POINTS], leaky[POINTS], sig[POINTS], th[POINTS]; /* zeroed: static */
    for (int i = 0; i < POINTS; i++) {
        x[i] = -4.0f + 8.0f * (float)i / (float)(POINTS - 1);
        ones[i] = 1.0f;
    }
    relu_backward(relu, x, ones, POINTS);
    leaky_relu_backward(leaky, x, ones, POINTS, 0.1f);
    sigmoid_backward(sig, x, ones, POINTS);
    tanh_backward(th, x, ones, POINTS);

    printf("# x relu' leaky_relu_0.1' sigmoid' tanh'\n");
    for (int i = 0; i < POINTS; i++)
        printf("%g %g %g %g %g\n", (double)x[i], (double)relu[i], (double)leaky[i], (double)sig[i],
               (double)th[i]);
    return 0;
}
