/* activation_patterns.c: data for chapter 4's figure of the activation
 * patterns of three ReLU units on 2-d inputs (the units of the chapter's
 * #activation-patterns program).
 * Block 0 (gnuplot index 0): x1 x2 pattern on a 201 x 201 grid of [-2, 2]^2,
 * pattern = bit j set when unit j is active (relu(w_j . x + b_j) > 0),
 * with a blank line after each row (gnuplot's grid format).
 * Block 1 (index 1): for each unit, two points of its boundary line
 * w_j . x + b_j = 0 at the edges of the square, then a blank line.
 * Block 2 (index 2): for each unit, a point on its boundary and the unit
 * normal w_j / |w_j| scaled to 0.4 (which side the unit is active on). */
#include <math.h>

#include "workbook.h"

static const float w[3][2] = {{1.0f, 1.0f}, {1.0f, -1.0f}, {-1.0f, 0.5f}};
static const float b[3] = {-0.5f, 0.0f, 0.5f};
enum { GRID = 201 };

int main(void) {
    for (int r = 0; r < GRID; r++) {
        float x2 = -2.0f + 4.0f * (float)r / (GRID - 1);
        for (int c = 0; c < GRID; c++) {
            float x1 = -2.0f + 4.0f * (float)c / (GRID - 1);
            float z[3], h[3];
            for (int j = 0; j < 3; j++) z[j] = w[j][0] * x1 + w[j][1] * x2 + b[j];
            relu_forward(h, z, 3);
            int pattern = 0;
            for (int j = 0; j < 3; j++)
                if (h[j] > 0.0f) pattern |= 1 << j;
            printf("%g %g %d\n", (double)x1, (double)x2, pattern);
        }
        printf("\n");
    }
    printf("\n");
    /* Boundary lines: solve for x2 when |w2| >= |w1|, else for x1. */
    for (int j = 0; j < 3; j++) {
        for (int e = 0; e < 2; e++) {
            float t = e ? 2.0f : -2.0f;
            if (fabsf(w[j][1]) >= fabsf(w[j][0]))
                printf("%g %g\n", (double)t, (double)(-(w[j][0] * t + b[j]) / w[j][1]));
            else
                printf("%g %g\n", (double)(-(w[j][1] * t + b[j]) / w[j][0]), (double)t);
        }
        printf("\n");
    }
    printf("\n");
    for (int j = 0; j < 3; j++) {
        float n = sqrtf(w[j][0] * w[j][0] + w[j][1] * w[j][1]);
        /* the boundary point closest to the origin: -b w / |w|^2 */
        float p1 = -b[j] * w[j][0] / (n * n), p2 = -b[j] * w[j][1] / (n * n);
        printf("%g %g %g %g %c\n", (double)p1, (double)p2, (double)(0.4f * w[j][0] / n),
               (double)(0.4f * w[j][1] / n), 'a' + j);
    }
    return 0;
}
