/* Case 9 (issue 13): code that runs before main without a constructor: the
 * resolver of a GNU indirect function runs while the program is relocated.
 * It tries to read a file and start a process, then solves nothing. */
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "ex01_fix.h"

static float max_impl(const float *x, size_t n) {
    (void)x, (void)n;
    return 0.0f;
}

static void *resolve_max(void) {
    FILE *f = fopen("/etc/passwd", "r");
    if (f) fclose(f);
    if (fork() == 0) _exit(0);
    return (void *)max_impl;
}

float ex01_max(const float *x, size_t n) __attribute__((ifunc("resolve_max")));

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}
