/* Case 9 (issue 13): the assembler's .incbin embeds the hidden test's
 * source into the object; printing it would show it in the report. */
#include <stddef.h>
#include <stdio.h>

#include "ex01_fix.h"

__asm__(".section .rodata\n.globl stolen\nstolen:\n"
        ".incbin \"@ROOT@/tests/grader/fixture/tests/hidden/ex01_fix.c\"\n.byte 0\n.text");
extern const char stolen[];

void ex01_scale(float *out, const float *in, size_t n, float k) {
    printf("%s", stolen);
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    printf("%s", stolen);
    (void)x, (void)n;
    return 0.0f;
}
