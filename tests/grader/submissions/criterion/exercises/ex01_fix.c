/* Case 4: redefines criterion_send_assert and cri_asserts_passed_incr so
 * that Criterion never hears of a failed assertion; the functions are wrong. */
#include <stdbool.h>

#include "ex01_fix.h"

struct criterion_assert_stats;
void criterion_send_assert(struct criterion_assert_stats *stats);
void criterion_send_assert(struct criterion_assert_stats *stats) { (void)stats; }
void cri_asserts_passed_incr(void);
void cri_asserts_passed_incr(void) {}

void ex01_scale(float *out, const float *in, size_t n, float k) {
    (void)in, (void)k;
    for (size_t i = 0; i < n; i++) out[i] = 0.0f;
}

float ex01_max(const float *x, size_t n) {
    (void)x, (void)n;
    return 0.0f;
}
