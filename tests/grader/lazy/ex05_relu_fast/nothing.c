/* Lazy submission (tests/grader/lazy/): writes nothing. */
#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) { (void)out, (void)inp, (void)n; }
