/* Case 7: includes the hidden test of exercise 1 (@ROOT@ is replaced by the
 * checkout's path when make check copies this file), with the path built
 * from macros. Rejected, and no line of the hidden test is shown. */
#define STR(x) #x
#define XSTR(x) STR(x)
#define HIDDEN_DIR tests/hidden
#include XSTR(@ROOT@/tests/grader/fixture/HIDDEN_DIR/ex01_fix.c)

float ex02_sum(const float *x, size_t n) {
    float s = 0.0f;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s;
}
