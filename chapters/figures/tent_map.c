/* tent_map.c: data for chapter 4's figure of depth multiplying pieces.
 * t(x) = 2 relu(x) - 4 relu(x - 1/2) is one layer of two ReLU units; the
 * rows are x in [0, 1] (multiples of 1/1024, so the arithmetic is exact)
 * and t(x), t(t(x)), t(t(t(x))): 2, 4 and 8 linear pieces. */
#include "workbook.h"

static float tent(float x) {
    float z[2] = {x, x - 0.5f}, h[2];
    relu_forward(h, z, 2);
    return 2.0f * h[0] - 4.0f * h[1];
}

int main(void) {
    enum { GRID = 1024 };
    printf("# x t(x) t(t(x)) t(t(t(x)))\n");
    for (int i = 0; i <= GRID; i++) {
        float x = (float)i / GRID, y1 = tent(x), y2 = tent(y1), y3 = tent(y2);
        printf("%g %g %g %g\n", (double)x, (double)y1, (double)y2, (double)y3);
    }
    return 0;
}
