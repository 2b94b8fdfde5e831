/* matmul_tile.h: the packed, register-tiled product of matmul.c, written
 * once and included by matmul.c once per instruction set, with
 *   TILE_NAME  the suffix of the functions it defines
 *   TILE_VW    floats per vector register (4 SSE/NEON, 8 AVX2, 16 AVX-512)
 *   TILE_MR    rows of the output tile (one broadcast each per step of k)
 *   TILE_ATTR  the target attribute of that instruction set (or nothing)
 *   TILE_TRANSPOSE8  optional: (dst, ldd, src, lds) writes the transpose of
 *              the 8 x 8 block at src (rows lds apart) to dst (ldd apart)
 * The tile is TILE_MR x (2 TILE_VW): 2 TILE_MR vector accumulators, chosen
 * to fill the register file without spilling (12 of AVX2's 16 registers,
 * 16 of AVX-512's 32). Not a header to include anywhere else. */

#define TILE_NR (2 * TILE_VW)
#define TILE_CAT2(a, b) a##_##b
#define TILE_CAT(a, b) TILE_CAT2(a, b)
#define TILE_VEC TILE_CAT(tile_vec, TILE_NAME)

typedef float TILE_VEC __attribute__((vector_size(TILE_VW * sizeof(float))));

/* acc += A(0..TILE_MR-1, 0..kc-1) B(0..kc-1, 0..TILE_NR-1), where A(i,k) =
 * ap[k sak + i sai] (a packed strip: sak = TILE_MR, sai = 1; rows of A read
 * in place: sak = 1, sai = their stride) and B's row k is bp + k ldb.
 * Inlined twice with constant strides, so that each loop is the plain one. */
TILE_ATTR static inline __attribute__((always_inline)) void TILE_CAT(tile_steps, TILE_NAME)(
    TILE_VEC acc[TILE_MR][2], size_t kc, const float *ap, size_t sak, size_t sai, const float *bp,
    size_t ldb) {
#pragma GCC unroll 4 /* fewer loop tests per multiply-add */
    for (size_t k = 0; k < kc; k++) {
        TILE_VEC b0, b1;
        memcpy(&b0, bp + k * ldb, sizeof b0);
        memcpy(&b1, bp + k * ldb + TILE_VW, sizeof b1);
#pragma GCC unroll 16 /* the accumulators must be registers, not an array */
        for (int i = 0; i < TILE_MR; i++) {
            float ai = ap[k * sak + (size_t)i * sai];
            acc[i][0] += ai * b0; /* scalar * vector: broadcast, then (fused) multiply-add */
            acc[i][1] += ai * b1;
        }
    }
}

/* c[0..mr-1][0..nr-1] (row stride ldc) += A B over kc steps, where A is
 * the packed strip ap (kc groups of TILE_MR floats, a column of the strip
 * each; lda = 0) or TILE_MR rows of A in place, lda (> 0) apart, and bp holds kc
 * rows of TILE_NR floats, ldb apart (a row of the B panel each: the packed
 * panel, or B itself), zero padded. With fresh, c is not read: it becomes
 * 0 + A B, the same bits as adding to zeros (-0 included). */
TILE_ATTR static void TILE_CAT(tile_micro, TILE_NAME)(size_t kc, const float *ap, size_t lda,
                                                      const float *bp, size_t ldb, float *c,
                                                      size_t ldc, size_t mr, size_t nr, int fresh) {
    TILE_VEC acc[TILE_MR][2];
#pragma GCC unroll 16
    for (int i = 0; i < TILE_MR; i++) acc[i][0] = acc[i][1] = (TILE_VEC){0};
    /* The output tile is read and written only after the kc steps: ask for
     * its lines now, so that they arrive during the products (C is often
     * out of L2: 800 KB for the weight gradient of a 784 x 256 layer) */
#pragma GCC unroll 16
    for (int i = 0; i < TILE_MR; i++) {
        if ((size_t)i >= mr) break; /* no pointer past the matrix */
        __builtin_prefetch(c + (size_t)i * ldc, 1, 3);
        __builtin_prefetch(c + (size_t)i * ldc + TILE_NR - 1, 1, 3);
    }
    if (lda) TILE_CAT(tile_steps, TILE_NAME)(acc, kc, ap, 1, lda, bp, ldb);
    else TILE_CAT(tile_steps, TILE_NAME)(acc, kc, ap, TILE_MR, 1, bp, ldb);
    if (nr == TILE_NR) { /* full rows: vectors (the last strip may have mr < TILE_MR) */
#pragma GCC unroll 16
        for (int i = 0; i < TILE_MR; i++) {
            if ((size_t)i >= mr) break;
            float *row = c + (size_t)i * ldc;
            TILE_VEC c0 = {0}, c1 = {0};
            if (!fresh) {
                memcpy(&c0, row, sizeof c0);
                memcpy(&c1, row + TILE_VW, sizeof c1);
            }
            c0 += acc[i][0];
            c1 += acc[i][1];
            memcpy(row, &c0, sizeof c0);
            memcpy(row + TILE_VW, &c1, sizeof c1);
        }
    } else { /* an edge column of tiles: only the part inside the matrix. Each vector is
              * stored on its own (no memcpy of the whole acc array, which
              * would make GCC keep acc in memory on every call). */
        float tile[TILE_MR][TILE_NR];
#pragma GCC unroll 16
        for (int i = 0; i < TILE_MR; i++) {
            memcpy(&tile[i][0], &acc[i][0], sizeof acc[i][0]);
            memcpy(&tile[i][TILE_VW], &acc[i][1], sizeof acc[i][1]);
        }
        for (size_t i = 0; i < mr; i++)
            for (size_t j = 0; j < nr; j++)
                c[i * ldc + j] = (fresh ? 0.0f : c[i * ldc + j]) + tile[i][j];
    }
}

/* Packs rows k0 .. k0+kc-1, columns j0 .. j0+nc-1 of B(k,j) = b[k rsb + j csb]
 * into panels of TILE_NR columns: panel p holds B(k0+k, j0+p TILE_NR+jj) at
 * [(p kc + k) TILE_NR + jj], zero beyond column nc. The loops follow b's
 * layout, so that the reads are contiguous either way. */
TILE_ATTR static void TILE_CAT(tile_pack_b, TILE_NAME)(float *bpack, const float *b, size_t rsb,
                                                       size_t csb, size_t k0, size_t kc, size_t j0,
                                                       size_t nc) {
    for (size_t p = 0; p * TILE_NR < nc; p++) {
        float *dst = bpack + p * kc * TILE_NR;
        size_t jb = j0 + p * TILE_NR, w = nc - p * TILE_NR < TILE_NR ? nc - p * TILE_NR : TILE_NR;
        if (w < TILE_NR) memset(dst, 0, kc * TILE_NR * sizeof(float));
        if (csb == 1 && w == TILE_NR) /* a constant size: vector moves, not rep movs */
            for (size_t k = 0; k < kc; k++)
                memcpy(dst + k * TILE_NR, b + (k0 + k) * rsb + jb, TILE_NR * sizeof(float));
        else if (csb == 1)
            for (size_t k = 0; k < kc; k++) memcpy(dst + k * TILE_NR, b + (k0 + k) * rsb + jb, w * sizeof(float));
        else { /* a transposition: 8 columns at a time, so that each row of the
                * panel is written 8 floats at a time rather than 1 */
            size_t jj = 0;
            for (; jj + 8 <= w; jj += 8) {
                const float *src = b + (jb + jj) * csb + k0 * rsb;
                size_t k = 0;
#ifdef TILE_TRANSPOSE8 /* 8 x 8 blocks in registers where k is contiguous */
                if (rsb == 1)
                    for (; k + 8 <= kc; k += 8)
                        TILE_TRANSPOSE8(dst + k * TILE_NR + jj, TILE_NR, src + k, csb);
#endif
                for (; k < kc; k++)
                    for (size_t q = 0; q < 8; q++)
                        dst[k * TILE_NR + jj + q] = src[q * csb + k * rsb];
            }
            for (; jj < w; jj++) {
                const float *src = b + (jb + jj) * csb + k0 * rsb;
                for (size_t k = 0; k < kc; k++) dst[k * TILE_NR + jj] = src[k * rsb];
            }
        }
    }
}

/* Packs rows i0 .. i0+mr-1, columns k0 .. k0+kc-1 of A(i,k) = a[i rsa + k csa]
 * as apack[k TILE_MR + ii], zero for ii >= mr. */
TILE_ATTR static void TILE_CAT(tile_pack_a, TILE_NAME)(float *apack, const float *a, size_t rsa,
                                                       size_t csa, size_t i0, size_t mr, size_t k0,
                                                       size_t kc) {
    if (mr < TILE_MR) memset(apack, 0, kc * TILE_MR * sizeof(float));
    if (csa == 1)
        for (size_t ii = 0; ii < mr; ii++) {
            const float *src = a + (i0 + ii) * rsa + k0;
            for (size_t k = 0; k < kc; k++) apack[k * TILE_MR + ii] = src[k];
        }
    else if (rsa == 1 && mr == TILE_MR)
        for (size_t k = 0; k < kc; k++)
            memcpy(apack + k * TILE_MR, a + (k0 + k) * csa + i0, TILE_MR * sizeof(float));
    else
        for (size_t k = 0; k < kc; k++) {
            const float *src = a + (k0 + k) * csa + i0 * rsa;
            for (size_t ii = 0; ii < mr; ii++) apack[k * TILE_MR + ii] = src[ii * rsa];
        }
}

/* out (+)= A @ B with A(i,k) = a[i rsa + k csa], B(k,j) = b[k rsb + j csb]
 * (accumulate: add to out; else the first block of k writes it, and out is
 * never read or zeroed first),
 * in the loop order of BLIS: blocks of TILE_KC steps of k and TILE_NC
 * columns; each block of B is packed once into TILE_NR-wide panels, then
 * for each block of TILE_MC rows of A, packed into TILE_MR-row strips
 * (apack, TILE_MC x TILE_KC floats, stays in L2), every panel meets every
 * strip: a panel (TILE_KC x TILE_NR floats, 32 KiB at most) stays in L1
 * while the strips stream past it, so the micro-kernel's vector loads hit
 * L1 and only its broadcasts come from L2. When A has at most
 * TILE_DIRECT_M rows and B's rows are contiguous, a panel is used by only a
 * few strips: packing it would cost more than the products, so the
 * micro-kernel reads the full panels from B in place (same products, same
 * order, same results) and only the edge panel is packed. That is the case
 * of a convolution (a few filters, many positions).
 * The other way round, when A's rows are contiguous and the block of B is
 * narrow (nc x kc at most TILE_A_DIRECT floats, all its panels fit in L2
 * together): A is then the big operand (a layer's weights times a batch's
 * transpose, W x^T), and packing it would copy it once per block for a
 * few panels. Its full strips are read in place instead, strips outside
 * and panels inside, so that each strip of A comes from memory once and
 * stays in L1 while every panel (from L2) passes it; only the edge strip
 * is packed. */
TILE_ATTR static void TILE_CAT(tile_matmul, TILE_NAME)(float *out, const float *a, size_t rsa,
                                                       size_t csa, const float *b, size_t rsb,
                                                       size_t csb, size_t M, size_t K, size_t N,
                                                       int accumulate, float *bpack, float *apack) {
    for (size_t k0 = 0; k0 < K; k0 += TILE_KC) {
        size_t kc = K - k0 < TILE_KC ? K - k0 : TILE_KC;
        for (size_t j0 = 0; j0 < N; j0 += TILE_NC) {
            size_t nc = N - j0 < TILE_NC ? N - j0 : TILE_NC;
            int direct = csb == 1 && M <= TILE_DIRECT_M;
            int adirect = csa == 1 && rsa > 0 && !direct && nc * kc <= TILE_A_DIRECT;
            size_t full = direct ? nc / TILE_NR * TILE_NR : 0; /* columns read in place */
            TILE_CAT(tile_pack_b, TILE_NAME)(bpack, b, rsb, csb, k0, kc, j0 + full, nc - full);
            for (size_t i0 = 0; i0 < M; i0 += TILE_MC) {
                size_t mc = M - i0 < TILE_MC ? M - i0 : TILE_MC;
                for (size_t ii = 0; ii < mc; ii += TILE_MR)
                    if (!adirect || ii + TILE_MR > mc) /* read in place: full strips */
                        TILE_CAT(tile_pack_a, TILE_NAME)(apack + ii * kc, a, rsa, csa, i0 + ii,
                                                         mc - ii < TILE_MR ? mc - ii : TILE_MR,
                                                         k0, kc);
                /* Strips outside, each strip's tiles along C's rows: for A
                 * read in place (above), and for short blocks of k (kc <
                 * 64), where the output tile's load and store weigh more
                 * than the panel's reuse. */
                int strips_out = adirect || kc < 64;
                size_t jstep = strips_out ? nc : TILE_NR, istep = strips_out ? mc : TILE_MR;
                for (size_t jo = 0; jo < nc; jo += jstep)
                    for (size_t io = 0; io < mc; io += istep)
                        for (size_t ii = io; ii < io + istep && ii < mc; ii += TILE_MR)
                            for (size_t jj = jo; jj < jo + jstep && jj < nc; jj += TILE_NR) {
                                size_t nr = nc - jj < TILE_NR ? nc - jj : TILE_NR;
                                size_t mr = mc - ii < TILE_MR ? mc - ii : TILE_MR;
                                const float *bp = jj < full ? b + k0 * rsb + j0 + jj
                                                            : bpack + (jj - full) * kc;
                                int in_place = adirect && ii + TILE_MR <= mc;
                                const float *ap = in_place ? a + (i0 + ii) * rsa + k0
                                                           : apack + ii * kc;
                                TILE_CAT(tile_micro, TILE_NAME)(kc, ap, in_place ? rsa : 0, bp,
                                                                jj < full ? rsb : TILE_NR,
                                                                out + (i0 + ii) * N + j0 + jj, N,
                                                                mr, nr, !accumulate && k0 == 0);
                            }
            }
        }
    }
}

#undef TILE_NR
#undef TILE_CAT2
#undef TILE_CAT
#undef TILE_VEC
