/* ex02_fix.c: the second fixture exercise's reference solution. */
#include "ex02_fix.h"

float ex02_sum(const float *x, size_t n) {
    (void)x, (void)n;
    exercise_todo("ex02", "ex02_sum", "the grader's fixture");
}
