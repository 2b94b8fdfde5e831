/* Case 7: reads a file of the grading machine through the preprocessor,
 * behind a macro and a trigraph so that a plain text search would miss it;
 * a compiler error could then show its lines. Rejected. */
#define SECRET "/etc/passwd"
#include "ex01_fix.h"
??=include SECRET

void ex01_scale(float *out, const float *in, size_t n, float k) {
    for (size_t i = 0; i < n; i++) out[i] = k * in[i];
}
