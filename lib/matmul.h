/* matmul.h: matrix products on plain row-major float arrays (no checks, no
 * graph); the tensor ops of ops.h and the layers are built on them.
 *
 * Two implementations of the same contract:
 *  - matmul_reference: the textbook triple loop, the readable definition
 *    and what the tests compare the fast kernel with;
 *  - matmul_kernel, matmul_kernel_at: cache-blocked and register-tiled
 *    (matmul.c explains how), the ones the library uses (and
 *    matmul_kernel_dots, for one shape of problem: see below).
 * They agree to rounding: the fast kernel adds the same products in a
 * different order and may fuse a multiply and an add (FMA), so the last
 * bits can differ. Its own results depend only on the shapes and on
 * whether the processor has FMA, never on timing or threads (it runs on
 * the calling thread).
 */
#ifndef MATMUL_H
#define MATMUL_H

#include <stddef.h>

/* out[M,N] (+)= a[M,K] @ b[K,N], or @ b^T when b_transposed (b is [N,K]).
 * With accumulate, adds into out instead of overwriting it. out must not
 * overlap a or b. M, K or N may be 0. */
void matmul_kernel(float *out, const float *a, const float *b,
                   size_t M, size_t K, size_t N, int b_transposed, int accumulate);

/* out[M,N] (+)= a^T @ b with a stored as [K,M] and b as [K,N]: the weight
 * gradient of a layer, dW += dy^T x, without building the transpose. */
void matmul_kernel_at(float *out, const float *a, const float *b,
                      size_t M, size_t K, size_t N, int accumulate);

/* out[M,N] (+)= A @ B for operands given by strides: A(i,k) = a[i rsa + k csa],
 * B(k,j) = b[k rsb + j csb] (out is row-major, M x N). The two functions
 * above are this one with the strides of their layouts; this one also
 * takes blocks inside bigger matrices (a row stride larger than the row). */
void matmul_kernel_strided(float *out, const float *a, size_t rsa, size_t csa, const float *b,
                           size_t rsb, size_t csb, size_t M, size_t K, size_t N, int accumulate);

/* out[M,N] += a[M,K] @ b^T with b stored as [N,K]: each output a dot
 * product of a row of a with a row of b, both contiguous, summed in
 * 8 lanes. For few outputs and long sums, where the packing of
 * matmul_kernel costs as much as the products: a convolution's weight
 * gradient, dW += dY cols^T (16 x 72 outputs, 490 terms each at chapter
 * 12's second layer). Its own order of additions, so its last bits differ
 * from matmul_kernel's. */
void matmul_kernel_dots(float *out, const float *a, const float *b, size_t M, size_t K, size_t N);

/* dst (cols x rows) = the transpose of src (rows x cols), 8 x 8 blocks at a
 * time in registers where the processor has AVX; they must not overlap. */
void transpose_kernel(float *dst, const float *src, size_t rows, size_t cols);

/* The same products by the definition, out[i,j] (+)= sum over k of
 * A[i,k] B[k,j] in order of k, where A is a ([M,K]) or a^T (a stored as
 * [K,M]) and B is b ([K,N]) or b^T (b stored as [N,K]). */
void matmul_reference(float *out, const float *a, const float *b, size_t M, size_t K, size_t N,
                      int a_transposed, int b_transposed, int accumulate);

#endif
