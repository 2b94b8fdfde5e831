/* Case 9 (issue 13): replaces the worker by another program with execve,
 * which the launcher's filter had to allow for its own exec; the worker's
 * entry point forbids it (tests/support/rpc_seal.c). */
#include <stddef.h>
#include <unistd.h>

#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    char *argv[] = {"/bin/sh", "-c", "echo escaped", NULL};
    execve("/bin/sh", argv, NULL);
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    float m = x[0];
    for (size_t i = 1; i < n; i++) m = x[i] > m ? x[i] : m;
    return m;
}
