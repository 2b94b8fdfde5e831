/* linear_pieces.c: data for chapter 4's figure of a 1-d ReLU network.
 * The network is the one of the chapter's #linear-pieces program:
 * f(x) = sum_j v_j relu(w_j x + b_j) + c with five units, on [-3, 3].
 * Block 0 (gnuplot index 0): x, f(x), then the five terms v_j relu(w_j x + b_j).
 * Block 1 (index 1): each breakpoint -b_j/w_j inside the interval and f there. */
#include "figure_args.h"
#include "workbook.h"

enum { M = 5, POINTS = 601 };
static int units = M; /* the first units of the five (the page varies it) */
static const float w[M] = {1.0f, -1.0f, 2.0f, 0.5f, -1.5f};
static const float b[M] = {1.0f, 0.5f, -1.0f, -0.75f, -6.0f};
static const float v[M] = {1.0f, 1.5f, -2.0f, 1.0f, 0.5f};
static const float c = -1.0f;
static const float lo = -3.0f, hi = 3.0f;

/* f(x), and the terms v_j relu(w_j x + b_j) in term[] when it is not NULL. */
static float net(float x, float *term) {
    float z[M], h[M], y = c;
    for (int j = 0; j < units; j++) z[j] = w[j] * x + b[j];
    relu_forward(h, z, (size_t)units);
    for (int j = 0; j < units; j++) {
        y += v[j] * h[j];
        if (term) term[j] = v[j] * h[j];
    }
    return y;
}

int main(int argc, char **argv) {
    double n_units = M;
    const FigureParam params[] = {{"units", &n_units, 1, M}};
    figure_args(argc, argv, params, 1);
    units = (int)n_units;
    printf("# x f(x) term1 term2 term3 term4 term5\n");
    for (int i = 0; i < POINTS; i++) {
        float x = lo + (hi - lo) * (float)i / (float)(POINTS - 1), term[M];
        float y = net(x, term);
        printf("%g %g", (double)x, (double)y);
        for (int j = 0; j < units; j++) printf(" %g", (double)term[j]);
        printf("\n");
    }
    printf("\n\n# breakpoint f(breakpoint)\n");
    for (int j = 0; j < units; j++) {
        float x = -b[j] / w[j];
        if (x > lo && x < hi) printf("%g %g\n", (double)x, (double)net(x, NULL));
    }
    return 0;
}
