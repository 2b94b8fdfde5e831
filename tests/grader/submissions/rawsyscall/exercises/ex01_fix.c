/* Case 9 (issue 13): a system call made by hand, in an encoding a
 * disassembly check would not recognise (a prefixed syscall, as bytes), to
 * open a file behind the C library's back. */
#include <stddef.h>

#include "ex01_fix.h"

static long raw_open(const char *path) {
    long ret;
    __asm__ volatile(".byte 0x2e, 0x0f, 0x05" /* cs syscall */
                     : "=a"(ret)
                     : "a"(2L), "D"(path), "S"(0L), "d"(0L)
                     : "rcx", "r11", "memory");
    return ret;
}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    raw_open("/etc/passwd");
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    raw_open("/etc/passwd");
    return 0.0f;
}
