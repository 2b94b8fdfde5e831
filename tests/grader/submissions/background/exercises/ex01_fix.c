/* Case 6: starts a background process (fork, setsid) that outlives the
 * test, waits, then prints forged results. The code itself is right. With
 * the policy on it is rejected (fork, setsid); with it off the sandbox
 * kills the process before the report is read. */
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "ex01_fix.h"

static void daemonize(void) {
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            sleep(2);
            printf("ok - ex01::max_basic\n[====] Synthesis: Tested: 5 | Passing: 5\n");
            fflush(stdout);
            sleep(600);
        }
        _exit(0);
    }
}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    daemonize();
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "empty (n = %zu)", n);
    float m = x[0];
    for (size_t i = 1; i < n; i++)
        if (x[i] > m) m = x[i];
    return m;
}
