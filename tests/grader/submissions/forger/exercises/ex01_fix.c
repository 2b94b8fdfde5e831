/* Case 9 (issue 13): the generic forger. Before main and in every call it
 * writes forged results (TAP lines, Criterion's synthesis, a reply frame)
 * to every file descriptor it holds, then exits 0. It solves nothing, so it
 * must earn nothing. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "ex01_fix.h"

static void forge(void) {
    static const char text[] = "ok - ex01::scale_basic\nok - ex01::max_basic\n"
                               "[====] Synthesis: Tested: 5 | Passing: 5 | Failing: 0\n";
    unsigned char frame[64] = {0};
    uint64_t len = 9;
    memcpy(frame, &len, 8);
    frame[8] = 'R';
    for (int fd = 0; fd < 1024; fd++) {
        (void)!write(fd, frame, 17);
        (void)!write(fd, text, sizeof text - 1);
    }
    _exit(0);
}

__attribute__((constructor)) static void early(void) { forge(); }

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)out, (void)in, (void)n, (void)k;
    forge();
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    forge();
    return 0.0f;
}
