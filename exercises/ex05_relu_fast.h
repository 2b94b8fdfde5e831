/* ex05_relu_fast.h: exercise 5, a fast ReLU.
 *
 * Read chapter 4 (chapters/04-cost.md), section "Exercise 5: a fast ReLU",
 * then write the function in exercises/ex05_relu_fast.c and check it with
 * `make test EX=5`. The chapter's timing program shows your version next
 * to the library's relu_forward and a plain memory copy; the tests check
 * only that it is right, never how fast it is.
 *
 * ReLU costs one comparison per element, so a good loop is limited by
 * memory, not arithmetic, once the compiler vectorizes it: 4 or 8 floats
 * per instruction, with a vector compare and a bitwise select instead of a
 * branch per element. Two things stop GCC at -O2, the workbook's level:
 *  - a loop whose length it does not know (it will not add the extra code
 *    for the leftover elements), and
 *  - out possibly overlapping inp (it will not add a run-time check).
 * So: work in blocks of a fixed size (8 floats), where the inner loop
 * first copies the block of inputs into a local array and then writes
 * the block of outputs as one select each (no `if`, no call), and finish
 * the last n % 8 elements with a plain loop. See what the compiler did:
 *     cc -O2 -fopt-info-vec -Ilib -Iexercises -c exercises/ex05_relu_fast.c
 *
 * The result must be bit for bit what the library's relu_forward
 * (lib/activations.h, PyTorch's semantics) gives, for every input:
 *  - x > 0: x; x < 0 (-inf included): +0.0;
 *  - -0.0 stays -0.0 and +0.0 stays +0.0 (PyTorch prints relu(-0.) as -0.);
 *  - NaN stays NaN, whatever its sign bit;
 *  - +inf and the largest floats stay as they are (no arithmetic on x
 *    that could overflow).
 * Many clever branch-free formulas break one of these; the tests try
 * them, on every length from 0 to 67 (all the ways a block and its
 * leftover can meet), on large arrays, and on arrays that start 1 to 3
 * floats past an aligned address.
 */
#ifndef EX05_RELU_FAST_H
#define EX05_RELU_FAST_H

#include <stddef.h>

#include "exercise.h"

/* out[i] = relu(inp[i]) for i = 0 .. n-1, exactly as relu_forward does;
 * writes nothing outside out[0 .. n-1]. out is either the same array as
 * inp (in place) or does not overlap it. n may be 0. */
void ex05_relu_fast(float *out, const float *inp, size_t n);

#endif
