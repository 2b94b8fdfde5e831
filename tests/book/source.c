/* source.c: a source file the book-checker fixtures include regions from
 * (tests/book/*.md); it is never compiled. */
#include <stddef.h>

/* book:begin clamp */
static float clamp_low(float x) {
    return x < 0.0f ? 0.0f : x;
}
/* book:end clamp */
