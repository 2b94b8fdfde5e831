/* ex05_relu_fast.h: exercise 5, a fast ReLU.
 *
 * Read chapter 5 (chapters/05-cost.md), section "Exercise 5: a fast ReLU",
 * then write the function in exercises/ex05_relu_fast.c and check it with
 * `make test EX=5`. The chapter's timing program shows your version next
 * to the library's relu_forward and a plain memory copy; the tests check
 * only that it is right, never how fast it is.
 *
 * What "fast" means here: the compiler turns your loop into vector
 * instructions (SIMD, several floats per instruction) at the workbook's
 * optimisation level, -O2, with no branch per element. Chapter 5,
 * sections "Why ReLU vectorises" and "Helping the compiler", explains what
 * stops GCC at -O2; how you shape the loop is up to you. To see what the
 * compiler did with your loop:
 *     cc -O2 -fopt-info-vec -Ilib -Iexercises -c exercises/ex05_relu_fast.c
 *
 * The result must be bit for bit what the library's relu_forward
 * (lib/activations.h, PyTorch's semantics) gives, for every input:
 *  - x > 0: x; x < 0 (-inf included): +0.0;
 *  - -0.0 stays -0.0 and +0.0 stays +0.0 (PyTorch prints relu(-0.) as -0.);
 *  - NaN stays NaN, whatever its sign bit;
 *  - +inf and the largest floats stay as they are.
 * Many clever branch-free formulas break one of these; the tests try
 * them, on every length from 0 to 67, on large arrays, on short arrays
 * at every alignment (0 to 15 floats past a 64-byte boundary), and on
 * arrays that end right before memory the program may not touch.
 */
#ifndef EX05_RELU_FAST_H
#define EX05_RELU_FAST_H

#include <stddef.h>

#include "exercise.h"

/* out[i] = relu(inp[i]) for i = 0 .. n-1, exactly as relu_forward does;
 * reads nothing outside inp[0 .. n-1] and writes nothing outside
 * out[0 .. n-1] (not even a value it read from there). out is either the
 * same array as inp (in place) or does not overlap it. n may be 0. */
void ex05_relu_fast(float *out, const float *inp, size_t n);

#endif
