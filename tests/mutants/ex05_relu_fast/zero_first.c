/* Mutant: clears out with memset, then copies the inputs that are not
 * negative; in place (out == inp) the memset has already wiped them. */
#include <string.h>

#include "ex05_relu_fast.h"

void ex05_relu_fast(float *out, const float *inp, size_t n) {
    if (n) memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (!(inp[i] < 0.0f)) out[i] = inp[i];
}
