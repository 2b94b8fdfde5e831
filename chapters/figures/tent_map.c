/* tent_map.c: data for chapter 4's figure of depth multiplying pieces.
 * t(x) = 2 relu(x) - 4 relu(x - 1/2) is one layer of two ReLU units; the
 * rows are x in [0, 1] (multiples of 1/1024, so the arithmetic is exact)
 * and t(x), t(t(x)), t(t(t(x))): 2, 4 and 8 linear pieces. */
#include "figure_args.h"
#include "workbook.h"

static float tent(float x) {
    float z[2] = {x, x - 0.5f}, h[2];
    relu_forward(h, z, 2);
    return 2.0f * h[0] - 4.0f * h[1];
}

int main(int argc, char **argv) {
    enum { GRID = 1024 };
    double layers = 3; /* columns t, t o t, ... up to this many layers */
    const FigureParam params[] = {{"layers", &layers, 1, 9}};
    figure_args(argc, argv, params, 1);
    printf("# x t(x) t(t(x)) t(t(t(x)))\n");
    for (int i = 0; i <= GRID; i++) {
        float x = (float)i / GRID, y = x;
        printf("%g", (double)x);
        for (int l = 0; l < (int)layers; l++) printf(" %g", (double)(y = tent(y)));
        printf("\n");
    }
    return 0;
}
