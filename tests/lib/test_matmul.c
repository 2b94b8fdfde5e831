/* test_matmul.c: the fast matrix products of matmul.h against the
 * definition, matmul_reference.
 *
 * The fast kernel adds the same products in another order and may fuse a
 * multiply and an add, so the two agree to rounding, not bit for bit. The
 * tolerance is the textbook bound for a sum of K products computed in
 * float, K * 2^-23 * sum_k |A[i,k] B[k,j]| (Higham, Accuracy and Stability
 * of Numerical Algorithms, 3.1), which no correct order can exceed and any
 * wrong index breaks by far. The shapes are picked to hit every edge of the
 * blocking in matmul.c: fewer rows or columns than a register tile, one
 * more than a tile, K beyond one block of 256, N beyond one block of 512,
 * M beyond one block of 144, and sizes 0 and 1; for matmul_kernel_dots,
 * every remainder of its 4 x 3 blocks and of its 8 lanes; transpose_kernel,
 * exactly; matmul_kernel_strided on blocks of bigger arrays and on a row
 * stride of 0.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "matmul.h"
#include "rng.h"

static float *random_array(size_t n, uint64_t seed) {
    Rng rng = rng_new(seed);
    float *x = check_malloc(__func__, n ? n : 1, sizeof(float));
    for (size_t i = 0; i < n; i++) x[i] = rng_normal(&rng);
    return x;
}

/* sum_k |A[i,k] B[k,j]|, for the tolerance. */
static double abs_products(const float *a, const float *b, size_t M, size_t K, size_t N, int at,
                           int bt, size_t i, size_t j) {
    double s = 0.0;
    for (size_t k = 0; k < K; k++) {
        float aik = at ? a[k * M + i] : a[i * K + k], bkj = bt ? b[j * K + k] : b[k * N + j];
        s += fabs((double)aik * (double)bkj);
    }
    return s;
}

/* Compares fast with ref (both M x N) within the rounding bound, naming
 * the kernel and the case; start: out before an accumulating product. */
static void compare(const char *kernel, const float *fast, const float *ref, const float *a,
                    const float *b, const float *start, size_t M, size_t K, size_t N, int at,
                    int bt, int accumulate) {
    cr_expect(fast[M * N] == 42.0f, "%s %zux%zux%zu wrote past the end of out", kernel, M, K, N);
    size_t bad = 0;
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++) {
            double tol = (double)K * 0x1p-23 * abs_products(a, b, M, K, N, at, bt, i, j) +
                         (accumulate ? 0x1p-23 * fabs((double)start[i * N + j]) : 0.0);
            double err = fabs((double)fast[i * N + j] - (double)ref[i * N + j]);
            if (!(err <= tol) && bad++ < 3)
                cr_expect_fail("%s (M %zu, K %zu, N %zu, %s%s): out[%zu,%zu] should be %.9g "
                               "(the definition), got %.9g; allowed rounding difference %.3g",
                               kernel, M, K, N, bt ? "b transposed, " : "",
                               accumulate ? "accumulating" : "overwriting", i, j,
                               (double)ref[i * N + j], (double)fast[i * N + j], tol);
        }
}

/* One product, fast against reference, overwriting and accumulating. at:
 * a is stored transposed (matmul_kernel_at), bt: b is (matmul_kernel's
 * b_transposed); not both. dots: matmul_kernel_dots (b transposed, and
 * accumulating only). */
static void check_kernel(size_t M, size_t K, size_t N, int at, int bt, int dots) {
    float *a = random_array(M * K, 1 + M), *b = random_array(K * N, 2 + N);
    float *start = random_array(M * N, 3);
    float *fast = check_malloc(__func__, M * N + 1, sizeof(float));
    float *ref = check_malloc(__func__, M * N + 1, sizeof(float));
    const char *kernel = dots ? "matmul_kernel_dots" : at ? "matmul_kernel_at" : "matmul_kernel";
    for (int accumulate = dots; accumulate < 2; accumulate++) {
        memcpy(fast, start, M * N * sizeof(float));
        memcpy(ref, start, M * N * sizeof(float));
        fast[M * N] = 42.0f; /* a canary past the end */
        if (dots) matmul_kernel_dots(fast, a, b, M, K, N);
        else if (at) matmul_kernel_at(fast, a, b, M, K, N, accumulate);
        else matmul_kernel(fast, a, b, M, K, N, bt, accumulate);
        matmul_reference(ref, a, b, M, K, N, at, bt, accumulate);
        compare(kernel, fast, ref, a, b, start, M, K, N, at, bt, accumulate);
    }
    free(a);
    free(b);
    free(start);
    free(fast);
    free(ref);
}

static void check_product(size_t M, size_t K, size_t N, int at, int bt) {
    check_kernel(M, K, N, at, bt, 0);
}

static const size_t SIZES[] = {1, 3, 8, 9, 17, 33, 64};

Test(matmul, small_shapes_every_layout) {
    for (size_t x = 0; x < sizeof SIZES / sizeof SIZES[0]; x++)
        for (size_t y = 0; y < sizeof SIZES / sizeof SIZES[0]; y++)
            for (size_t z = 0; z < sizeof SIZES / sizeof SIZES[0]; z += 2) {
                check_product(SIZES[x], SIZES[z], SIZES[y], 0, 0);
                check_product(SIZES[x], SIZES[z], SIZES[y], 0, 1);
                check_product(SIZES[x], SIZES[z], SIZES[y], 1, 0);
            }
}

Test(matmul, the_mlp_shapes) {
    check_product(64, 128, 256, 0, 1); /* forward of a layer: x W^T */
    check_product(64, 256, 10, 0, 1);
    check_product(64, 256, 128, 0, 0); /* dx = dy W */
    check_product(256, 64, 128, 1, 0); /* dW = dy^T x */
    check_product(10, 64, 256, 1, 0);
}

/* matmul_kernel_dots: blocks of 4 rows of a by 3 of b, k by 8 lanes and a
 * tail; every remainder of each, and a convolution's weight gradient. */
Test(matmul, dots_every_edge) {
    static const size_t MS[] = {1, 2, 3, 4, 5, 6, 9}, NS[] = {1, 2, 3, 4, 7},
                        KS[] = {1, 7, 8, 9, 33};
    for (size_t x = 0; x < sizeof MS / sizeof MS[0]; x++)
        for (size_t y = 0; y < sizeof NS / sizeof NS[0]; y++)
            for (size_t z = 0; z < sizeof KS / sizeof KS[0]; z++)
                check_kernel(MS[x], KS[z], NS[y], 0, 1, 1);
    check_kernel(16, 490, 72, 0, 1, 1); /* chapter 12's second layer, one group */
    check_kernel(8, 392, 25, 0, 1, 1);  /* and its first */
    check_kernel(0, 5, 3, 0, 1, 1);
    check_kernel(3, 0, 3, 0, 1, 1);
}

/* transpose_kernel: bands of 8 rows in 8 x 8 blocks, then what is left of
 * the columns and of the rows; every entry must move exactly. */
Test(matmul, transpose_every_edge) {
    static const size_t SIDES[] = {1, 7, 8, 9, 17, 64};
    for (size_t x = 0; x < 6; x++)
        for (size_t y = 0; y < 6; y++) {
            size_t rows = SIDES[x], cols = SIDES[y];
            float *src = random_array(rows * cols, 5), *dst = random_array(rows * cols + 1, 6);
            dst[rows * cols] = 42.0f; /* a canary past the end */
            transpose_kernel(dst, src, rows, cols);
            size_t bad = 0;
            for (size_t i = 0; i < rows; i++)
                for (size_t j = 0; j < cols; j++)
                    if (dst[j * rows + i] != src[i * cols + j] && bad++ < 3)
                        cr_expect_fail("transpose_kernel (%zu x %zu): dst[%zu,%zu] should be "
                                       "src[%zu,%zu] = %.9g, got %.9g",
                                       rows, cols, j, i, i, j, (double)src[i * cols + j],
                                       (double)dst[j * rows + i]);
            cr_expect(dst[rows * cols] == 42.0f, "transpose_kernel (%zu x %zu) wrote past the end",
                      rows, cols);
            free(src);
            free(dst);
        }
}

/* matmul_kernel_strided with A and B given by strides: blocks inside bigger
 * arrays, and a row stride of 0 (every row of A the same row), which must
 * not be mistaken for a packed strip when A is read in place. */
static void check_strided(size_t M, size_t K, size_t N, size_t rsa, size_t rsb, size_t csb) {
    size_t na = (M - 1) * rsa + K, nb = (K - 1) * rsb + (N - 1) * csb + 1;
    float *a = random_array(na, 7), *b = random_array(nb, 8);
    float *out = check_malloc(__func__, M * N, sizeof(float));
    matmul_kernel_strided(out, a, rsa, 1, b, rsb, csb, M, K, N, 0);
    size_t bad = 0;
    for (size_t i = 0; i < M; i++)
        for (size_t j = 0; j < N; j++) {
            double want = 0.0, mag = 0.0;
            for (size_t k = 0; k < K; k++) {
                double p = (double)a[i * rsa + k] * (double)b[k * rsb + j * csb];
                want += p, mag += fabs(p);
            }
            double tol = (double)K * 0x1p-23 * mag;
            if (!(fabs((double)out[i * N + j] - want) <= tol) && bad++ < 3)
                cr_expect_fail("matmul_kernel_strided (M %zu, K %zu, N %zu, A's row stride %zu, "
                               "B's strides %zu and %zu): out[%zu,%zu] should be %.9g, got %.9g",
                               M, K, N, rsa, rsb, csb, i, j, want, (double)out[i * N + j]);
        }
    free(a);
    free(b);
    free(out);
}

Test(matmul, strided_operands) {
    check_strided(13, 20, 40, 31, 1, 25); /* blocks of bigger arrays, B transposed */
    check_strided(70, 300, 9, 301, 9, 1);  /* A read in place, two blocks of k */
    check_strided(12, 50, 20, 0, 1, 50);   /* one row of A for every row */
    check_strided(7, 10, 3, 0, 3, 1);
}

Test(matmul, beyond_one_cache_block) {
    check_product(13, 300, 40, 0, 0);  /* K over 256: two blocks of k */
    check_product(13, 300, 40, 0, 1);
    check_product(7, 20, 600, 0, 0);   /* N over 512: two blocks of columns */
    check_product(7, 300, 600, 1, 0);
    check_product(150, 70, 40, 0, 1);  /* M over 144: two blocks of rows */
    check_product(290, 300, 20, 0, 0); /* three, and two of k */
    check_product(200, 20, 50, 1, 0);  /* short k: the other loop order */
}

Test(matmul, empty_dimensions) {
    float out[6] = {1, 2, 3, 4, 5, 6}, a[6] = {1, 1, 1, 1, 1, 1}, b[6] = {1, 1, 1, 1, 1, 1};
    matmul_kernel(out, a, b, 2, 0, 3, 0, 1); /* K = 0, accumulate: nothing to add */
    for (int i = 0; i < 6; i++)
        cr_expect(out[i] == (float)(i + 1), "matmul_kernel with K = 0, accumulating, changed out[%d] "
                  "from %d to %g", i, i + 1, (double)out[i]);
    matmul_kernel(out, a, b, 2, 0, 3, 0, 0); /* K = 0, overwrite: an empty sum is 0 */
    for (int i = 0; i < 6; i++)
        cr_expect(out[i] == 0.0f, "matmul_kernel with K = 0 should write 0 to out[%d], got %g", i,
                  (double)out[i]);
    out[0] = 9.0f;
    matmul_kernel(out, a, b, 0, 3, 2, 0, 0); /* M = 0: no output at all */
    matmul_kernel_at(out, a, b, 2, 3, 0, 0);
    cr_expect(out[0] == 9.0f, "a product with M = 0 or N = 0 wrote to out: %g", (double)out[0]);
}

/* Infinities and NaN propagate as in the definition (no product is skipped
 * because a factor is 0 somewhere else). */
Test(matmul, nan_and_inf_propagate) {
    float a[2 * 3] = {1, NAN, 0, 2, 1, 1}, b[3 * 2] = {1, 1, 0, 1, INFINITY, 1}, out[4];
    matmul_kernel(out, a, b, 2, 3, 2, 0, 0);
    cr_expect(isnan(out[0]) && isnan(out[1]), "row 0 of a holds NaN: out[0,:] should be NaN, got %g %g",
              (double)out[0], (double)out[1]);
    cr_expect(isinf(out[2]) && out[2] > 0 && out[3] == 4.0f,
              "row 1 = [2 1 1] times columns [1 0 inf] and [1 1 1]: expected inf and 4, got %g and %g",
              (double)out[2], (double)out[3]);
}
