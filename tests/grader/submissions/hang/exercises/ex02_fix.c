/* Case 2, ex02: waits for a line on stdin when n == 0. */
#include <stdio.h>

#include "ex02_fix.h"

float ex02_sum(const float *x, size_t n) {
    char line[16];
    while (n == 0 && !fgets(line, sizeof line, stdin)) {
    }
    float s = 0.0f;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s;
}
