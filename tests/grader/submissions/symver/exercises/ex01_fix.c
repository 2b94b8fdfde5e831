/* Case 9 (issue 13): a versioned symbol definition that replaces a C
 * library function (the reference the tests compute with) at link time,
 * so that a wrong answer would agree with a wrong reference. */
#include <stddef.h>

#include "ex01_fix.h"

__asm__(".symver fake_fmaxf, fmaxf@@GLIBC_2.2.5");
float fake_fmaxf(float a, float b);
float fake_fmaxf(float a, float b) {
    (void)a, (void)b;
    return 0.0f;
}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    return 0.0f;
}
