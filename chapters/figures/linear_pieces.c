/* linear_pieces.c: data for chapter 4's figure of a 1-d ReLU network.
 * The network is the one of the chapter's #linear-pieces program:
 * f(x) = sum_j v_j relu(w_j x + b_j) + c with five units, on [-3, 3].
 * Block 0 (gnuplot index 0): x, f(x), then the five terms v_j relu(w_j x + b_j).
 * Block 1 (index 1): each breakpoint -b_j/w_j inside the interval and f there. */
#include "workbook.h"

enum { M = 5, POINTS = 601 };
static const float w[M] = {1.0f, -1.0f, 2.0f, 0.5f, -1.5f};
static const float b[M] = {1.0f, 0.5f, -1.0f, -0.75f, -6.0f};
static const float v[M] = {1.0f, 1.5f, -2.0f, 1.0f, 0.5f};
static const float c = -1.0f;
static const float lo = -3.0f, hi = 3.0f;

/* f(x), and the terms v_j relu(w_j x + b_j) in term[] when it is not NULL. */
static float net(float x, float *term) {
    float z[M], h[M], y = c;
    for (int j = 0; j < M; j++) z[j] = w[j] * x + b[j];
    relu_forward(h, z, M);
    for (int j = 0; j < M; j++) {
        y += v[j] * h[j];
        if (term) term[j] = v[j] * h[j];
    }
    return y;
}

int main(void) {
    printf("# x f(x) term1 term2 term3 term4 term5\n");
    for (int i = 0; i < POINTS; i++) {
        float x = lo + (hi - lo) * (float)i / (float)(POINTS - 1), term[M];
        float y = net(x, term);
        printf("%g %g", (double)x, (double)y);
        for (int j = 0; j < M; j++) printf(" %g", (double)term[j]);
        printf("\n");
    }
    printf("\n\n# breakpoint f(breakpoint)\n");
    for (int j = 0; j < M; j++) {
        float x = -b[j] / w[j];
        if (x > lo && x < hi) printf("%g %g\n", (double)x, (double)net(x, NULL));
    }
    return 0;
}
