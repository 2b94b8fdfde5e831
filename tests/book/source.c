/* source.c: a source file the book-checker fixtures include regions from
 * (tests/book/*.md); it is never compiled. */
#include <stddef.h>

/* book:begin clamp */
static float clamp_low(float x) {
    return x < 0.0f ? 0.0f : x;
}
/* book:end clamp */

/* book:begin too_wide */
static float scaled_sum(const float *values, size_t count, float scale_of_all_values) {
    float s = 0.0f;
    for (size_t i = 0; i < count; i++) s += values[i];
    return s * scale_of_all_values;
}
/* book:end too_wide */
