/* matmul.c: the matrix products of matmul.h.
 *
 * The reference is the definition. The fast kernel is organised as in
 * GotoBLAS / BLIS, small enough to read:
 *  - cache blocking: k is cut into blocks of TILE_KC and the columns into
 *    blocks of TILE_NC, so that the packed block of B (TILE_KC x TILE_NC
 *    floats, 512 KiB) stays in the L2 cache while every row strip of A
 *    streams past it;
 *  - packing: the block of B is copied into panels TILE_NR columns wide
 *    and a strip of A into TILE_MR-row columns, contiguous and zero padded.
 *    Transposed operands cost nothing extra: only the packing reads them
 *    with other strides. The inner loop then has no edge cases;
 *  - register tiling: the micro-kernel keeps a TILE_MR x TILE_NR tile of
 *    the output in vector registers for a whole block of k: per step it
 *    loads 2 vectors of B, broadcasts TILE_MR numbers of A and does
 *    2 TILE_MR vector multiply-adds, with no loads or stores of the output.
 * matmul_tile.h holds that code once; it is compiled here for AVX-512,
 * AVX2 + FMA and plain C vectors (GCC's vector extension: SSE2 on x86,
 * NEON on ARM), and the best one the processor supports runs.
 */
#include "matmul.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "simd.h"

/* ---- the definition ------------------------------------------------------ */

void matmul_reference(float *out, const float *a, const float *b, size_t M, size_t K, size_t N,
                      int a_transposed, int b_transposed, int accumulate) {
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++) {
            float s = 0.0f;
            for (size_t k = 0; k < K; k++) {
                float aik = a_transposed ? a[k * M + i] : a[i * K + k];
                float bkj = b_transposed ? b[j * K + k] : b[k * N + j];
                s += aik * bkj;
            }
            out[i * N + j] = accumulate ? out[i * N + j] + s : s;
        }
}

/* ---- the blocked, register-tiled kernel ------------------------------------- */

#define TILE_KC 256
#define TILE_NC 512
#define TILE_MC 144 /* rows of A packed at once: a multiple of every TILE_MR below */
#define TILE_NR_MAX 32 /* the widest panel of the variants below */
#define TILE_MR_MAX 8  /* the tallest strip */
#define TILE_DIRECT_M 64 /* at most this many rows of A: B is read unpacked (matmul_tile.h) */
#define TILE_A_DIRECT 32768 /* at most this many floats in a block of B (128 KiB): A is read
                             * unpacked (matmul_tile.h) */

#define TILE_NAME generic
#define TILE_VW 4
#define TILE_MR 4
#define TILE_ATTR
#include "matmul_tile.h"
#undef TILE_NAME
#undef TILE_VW
#undef TILE_MR
#undef TILE_ATTR

#ifdef SIMD_X86_DISPATCH
#include <immintrin.h>

/* dst[j][i] = src[i][j] for an 8 x 8 block of floats: the packing of a
 * transposed operand (matmul_tile.h), in registers: 8 loads, 24 shuffles,
 * 8 stores instead of 64 scalar loads and stores. AVX, so usable by the
 * AVX2 and AVX-512 variants. */
__attribute__((target("avx"))) static inline void transpose8_avx(float *dst, size_t ldd,
                                                                 const float *src, size_t lds) {
    __m256 r[8], t[8];
    for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(src + (size_t)i * lds);
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xee);
        r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xee);
    }
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_ps(dst + (size_t)i * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
        _mm256_storeu_ps(dst + (size_t)(i + 4) * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
    }
}
#define TILE_TRANSPOSE8 transpose8_avx

#define TILE_NAME avx2
#define TILE_VW 8
#define TILE_MR 6
#define TILE_ATTR __attribute__((target("arch=x86-64-v3")))
#include "matmul_tile.h"
#undef TILE_NAME
#undef TILE_VW
#undef TILE_MR
#undef TILE_ATTR

#define TILE_NAME avx512
#define TILE_VW 16
#define TILE_MR 8
#define TILE_ATTR __attribute__((target("arch=x86-64-v4")))
#include "matmul_tile.h"
#undef TILE_NAME
#undef TILE_VW
#undef TILE_MR
#undef TILE_ATTR
#undef TILE_TRANSPOSE8
#endif

void matmul_kernel_strided(float *out, const float *a, size_t rsa, size_t csa, const float *b,
                           size_t rsb, size_t csb, size_t M, size_t K, size_t N,
                           int accumulate) {
    if (M == 0 || N == 0) return;
    if (K == 0) { /* no products: out keeps its values or becomes 0 */
        if (!accumulate) memset(out, 0, M * N * sizeof(float));
        return;
    }
    size_t kc = K < TILE_KC ? K : TILE_KC, nc = N < TILE_NC ? N : TILE_NC;
    size_t npad = (nc + TILE_NR_MAX - 1) / TILE_NR_MAX * TILE_NR_MAX;
    /* strips of A are TILE_MR rows, zero padded: room for mc rounded up to any TILE_MR */
    size_t mc = M < TILE_MC ? M : TILE_MC, mpad = mc + TILE_MR_MAX;
    float *bpack = check_malloc(__func__, check_mul(__func__, kc, npad), sizeof(float));
    float *apack = check_malloc(__func__, check_mul(__func__, kc, mpad), sizeof(float));
#ifdef SIMD_X86_DISPATCH
    if (__builtin_cpu_supports("x86-64-v4"))
        tile_matmul_avx512(out, a, rsa, csa, b, rsb, csb, M, K, N, accumulate, bpack, apack);
    else if (__builtin_cpu_supports("x86-64-v3"))
        tile_matmul_avx2(out, a, rsa, csa, b, rsb, csb, M, K, N, accumulate, bpack, apack);
    else
#endif
        tile_matmul_generic(out, a, rsa, csa, b, rsb, csb, M, K, N, accumulate, bpack, apack);
    free(bpack);
    free(apack);
}

void matmul_kernel(float *out, const float *a, const float *b,
                   size_t M, size_t K, size_t N, int b_transposed, int accumulate) {
    if (b_transposed) matmul_kernel_strided(out, a, K, 1, b, 1, K, M, K, N, accumulate);
    else matmul_kernel_strided(out, a, K, 1, b, N, 1, M, K, N, accumulate);
}

void matmul_kernel_at(float *out, const float *a, const float *b,
                      size_t M, size_t K, size_t N, int accumulate) {
    matmul_kernel_strided(out, a, 1, M, b, N, 1, M, K, N, accumulate);
}

/* ---- transposition -------------------------------------------------------- */

void transpose_kernel(float *dst, const float *src, size_t rows, size_t cols) {
    size_t i = 0;
#ifdef SIMD_X86_DISPATCH
    if (__builtin_cpu_supports("avx"))
        for (; i + 8 <= rows; i += 8) { /* a band of 8 rows */
            size_t j = 0;
            for (; j + 8 <= cols; j += 8)
                transpose8_avx(dst + j * rows + i, rows, src + i * cols + j, cols);
            for (; j < cols; j++)
                for (size_t q = 0; q < 8; q++) dst[j * rows + i + q] = src[(i + q) * cols + j];
        }
#endif
    for (; i < rows; i++)
        for (size_t j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
}

/* ---- dot products of rows ------------------------------------------------ */

typedef float DotVec __attribute__((vector_size(8 * sizeof(float))));

/* The sum of v's lanes, in lane order. */
static inline float lanes_sum(DotVec v) {
    float s = 0.0f;
#pragma GCC unroll 8
    for (int l = 0; l < 8; l++) s += v[l];
    return s;
}

/* A block of DOT_MR rows of a by DOT_NR rows of b, 12 sums of 8 lanes kept
 * in registers (12 of AVX2's 16): per 8 steps of k, 7 vector loads and 12
 * multiply-adds, with no packing. Rows past M or N (an edge block) read
 * row 0 again and their sums are dropped. */
enum { DOT_MR = 4, DOT_NR = 3 };

SIMD_CLONES void matmul_kernel_dots(float *out, const float *a, const float *b, size_t M,
                                    size_t K, size_t N) {
    size_t K8 = K / 8 * 8;
    for (size_t i0 = 0; i0 < M; i0 += DOT_MR)
        for (size_t j0 = 0; j0 < N; j0 += DOT_NR) {
            const float *ar[DOT_MR], *br[DOT_NR];
            DotVec acc[DOT_MR][DOT_NR];
#pragma GCC unroll 4 /* every small loop unrolled: acc must be registers */
            for (size_t i = 0; i < DOT_MR; i++) ar[i] = a + (i0 + i < M ? i0 + i : 0) * K;
#pragma GCC unroll 3
            for (size_t j = 0; j < DOT_NR; j++) br[j] = b + (j0 + j < N ? j0 + j : 0) * K;
#pragma GCC unroll 4
            for (size_t i = 0; i < DOT_MR; i++)
#pragma GCC unroll 3
                for (size_t j = 0; j < DOT_NR; j++) acc[i][j] = (DotVec){0};
            for (size_t k = 0; k < K8; k += 8) {
                DotVec bv[DOT_NR], av;
#pragma GCC unroll 3
                for (size_t j = 0; j < DOT_NR; j++) memcpy(&bv[j], br[j] + k, sizeof av);
#pragma GCC unroll 4
                for (size_t i = 0; i < DOT_MR; i++) {
                    memcpy(&av, ar[i] + k, sizeof av);
#pragma GCC unroll 3
                    for (size_t j = 0; j < DOT_NR; j++) acc[i][j] += av * bv[j];
                }
            }
#pragma GCC unroll 4
            for (size_t i = 0; i < DOT_MR; i++)
#pragma GCC unroll 3
                for (size_t j = 0; j < DOT_NR; j++) {
                    if (i0 + i >= M || j0 + j >= N) continue;
                    float s = lanes_sum(acc[i][j]);
                    for (size_t k = K8; k < K; k++) s += ar[i][k] * br[j][k];
                    out[(i0 + i) * N + j0 + j] += s;
                }
        }
}
