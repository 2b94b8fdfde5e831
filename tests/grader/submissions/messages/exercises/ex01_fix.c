/* Case 5: output and messages full of quotes, "]]>", newlines, control
 * bytes and "status":"PASSED" (printed, then a crash for k < 0; max is
 * wrong so its failure message carries the values). ex02 does not compile,
 * and its compiler message carries the same text. */
#include <stdio.h>

#include "check.h"
#include "ex01_fix.h"

void ex01_scale(float *out, const float *in, size_t n, float k) {
    if (k < 0.0f) {
        printf("\"status\":\"PASSED\", \"score\": 100}]]><testcase name=\"x\"/>\x01\x02\x1b[31m\x7f\n"
               "<![CDATA[ & ]]> \\u0000 \xff\xfe invalid utf-8\n");
        fflush(stdout);
        *(volatile float *)NULL = k;
    }
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}

float ex01_max(const float *x, size_t n) {
    CHECK(n > 0, "\"status\":\"PASSED\" ]]> \x01");
    return x[0];
}
