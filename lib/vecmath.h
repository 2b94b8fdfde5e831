/* vecmath.h: exp, log1p, tanh and erf for float, written so that a loop calling
 * them vectorises (see simd.h).
 *
 * libm's expf, log1pf, tanhf and erff are correctly rounded or nearly so, but they
 * are function calls with branches on the argument's range: a loop that
 * calls them runs one element at a time. These versions are branch-free
 * straight-line code (every range is computed and the answer picked with a
 * select), always inlined, built from +, -, *, /, fmaf, comparisons and
 * integer bit operations, so GCC turns a loop over them into vector
 * instructions. The polynomials use fmaf, the fused multiply-add, written
 * out: C defines its result exactly (one rounding), so a result is the
 * same bit pattern on every processor, vectorised or not. Where the
 * processor has FMA (x86-64-v3 and later, every 64-bit ARM) it is one
 * instruction; on older x86 processors fmaf is a libm call, correct but
 * slow, and these functions are then slower than libm's.
 *
 * Accuracy: the error of a result, in ulps of the correctly rounded float
 * (of the subnormals, 2^-149, below the smallest normal float), is at most
 *   vm_expf   1.5 ulps (1.004 measured, near x = -5.85)
 *   vm_log1pf 1 ulp    (0.842 measured, near x = 0.4128)
 *   vm_tanhf  2 ulps   (1.30 measured, near |x| = 0.64)
 *   vm_erff   2 ulps   (1.07 measured, near |x| = 0.90)
 * tests/lib/test_vecmath.c checks these bounds on every 4099th bit pattern
 * of the 2^32 (all magnitudes, subnormals and NaNs included) and on every
 * float, or every 7th, where the formulas switch, where results become
 * subnormal, overflow or saturate. PyTorch's CPU kernels use their own
 * vector approximations too, so the activations built on these differ from
 * torch's in the last bits, as they did with libm; test_activations.c's
 * tolerances against torch's numbers hold.
 * Special values are those of C99 Annex F: exp(-inf) = +0, exp(+inf) = +inf,
 * exp overflows to +inf above 88.72284 and underflows to +0 below -103.97;
 * log1p(-1) = -inf, log1p(x < -1) = NaN, log1p(+inf) = +inf, log1p keeps -0.0;
 * tanh(+-inf) = +-1, erf(+-inf) = +-1, tanh and erf keep -0.0 and are odd;
 * NaN in, NaN out.
 */
#ifndef VECMATH_H
#define VECMATH_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Always inlined: a call inside a loop stops vectorisation, and GCC would
 * otherwise keep the bigger ones (vm_erff) out of line. */
#if defined(__GNUC__)
#define VM_INLINE static inline __attribute__((always_inline))
#else
#define VM_INLINE static inline
#endif

/* Bit casts (memcpy is the defined way; compilers emit no copy). */
VM_INLINE float vm_from_bits(uint32_t u) {
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
VM_INLINE uint32_t vm_to_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

/* cond ? a : b by bit masks. A ?: that picks a constant over a value only
 * one side needs lets GCC move that value's computation into a branch,
 * and a branch stops vectorisation; a blend of bits cannot be moved. */
VM_INLINE float vm_select(int cond, float a, float b) {
    uint32_t m = 0u - (uint32_t)(cond != 0);
    return vm_from_bits((vm_to_bits(a) & m) | (vm_to_bits(b) & ~m));
}

/* |x| and the sign of s given to |x|, by bit operations. */
VM_INLINE float vm_copysign(float x, float s) {
    return vm_from_bits((vm_to_bits(x) & 0x7fffffffu) | (vm_to_bits(s) & 0x80000000u));
}

/* exp(x) = 2^n * exp(r), n = round(x / ln 2), |r| <= ln(2) / 2.
 * r = x - n ln 2 in two steps (Cody and Waite): ln 2 = LN2_HI + LN2_LO where
 * LN2_HI has 9 significant bits, so n * LN2_HI is exact for |n| < 2^15 and
 * the subtraction loses nothing. exp(r) is Cephes' degree-7 polynomial.
 * vm_exp_reduce returns exp(r) and n (as a float); x must be finite with
 * |x| < 2^21 (callers clamp). */
VM_INLINE float vm_exp_reduce(float x, float *n) {
    const float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    const float ROUND = 12582912.0f; /* 1.5 * 2^23: adding it rounds to an integer */
    *n = fmaf(x, LOG2E, ROUND) - ROUND;
    float r = fmaf(-*n, LN2_LO, fmaf(-*n, LN2_HI, x));
    float p = 1.9875691500e-4f;
    p = fmaf(p, r, 1.3981999507e-3f);
    p = fmaf(p, r, 8.3334519073e-3f);
    p = fmaf(p, r, 4.1665795894e-2f);
    p = fmaf(p, r, 1.6666665459e-1f);
    p = fmaf(p, r, 5.0000001201e-1f);
    return fmaf(p, r * r, r) + 1.0f;
}

/* 2^k for an integer k in [-126, 127], built in the exponent field. */
VM_INLINE float vm_pow2i(int32_t k) { return vm_from_bits((uint32_t)(k + 127) << 23); }

/* exp(x) for every float. 2^n is applied in two halves so that results
 * between the smallest normal float and the smallest subnormal (n down to
 * -150) come out right with a single rounding, and e^89 still overflows to
 * inf. The clamp keeps n in range (and turns NaN into a number: converting
 * NaN to int is undefined); the last line puts NaN back. */
VM_INLINE float vm_expf(float x) {
    float xc = x > -104.0f ? x : -104.0f; /* NaN -> -104 */
    xc = xc < 89.0f ? xc : 89.0f;
    float n, p = vm_exp_reduce(xc, &n);
    /* >> of a negative int is an arithmetic shift in GCC and Clang (C11
     * leaves it to the implementation); it is one instruction, / 2 is four. */
    int32_t ni = (int32_t)n, n1 = ni >> 1, n2 = ni - n1; /* both in [-75, 64] */
    float y = p * vm_pow2i(n1) * vm_pow2i(n2);
    return x != x ? x : y;
}

/* exp(x) for -87 <= x <= 88 (normal, finite results) only: one scaling,
 * no special cases, for callers that know their range (vm_erff). */
VM_INLINE float vm_expf_normal(float x) {
    float n, p = vm_exp_reduce(x, &n);
    return p * vm_pow2i((int32_t)n);
}

/* log1p(x) = log(1 + x), accurate also where 1 + x rounds (|x| small).
 * u = 1 + x rounded is split as 2^k * m with m in [sqrt(2)/2, sqrt(2)) by
 * moving sqrt(2)/2's bit pattern to 1.0's and reading the exponent field;
 * log(m) = log(1 + f) = 2 atanh(s), s = f / (2 + f), is the odd series
 * f - f^2/2 + s (f^2/2 + R(s^2)) with R the minimax polynomial of
 * FreeBSD's logf (coefficients Lg1-Lg4, |error| < 2^-34 on this range);
 * ln 2 is split in two (LN2_HI has 12 trailing zero bits, so k LN2_HI is
 * exact). The rounding error of 1 + x is put back to first order:
 * c = (x - (u - 1)) / u (or (1 - (u - x)) / u when x dominates), dropped
 * when k >= 25 (1 is then below u's last bit). All of it is computed for
 * every x; selects pick the special values at the end. */
VM_INLINE float vm_log1pf(float x) {
    const float LN2_HI = 6.9313812256e-01f, LN2_LO = 9.0580006145e-06f;
    const float LG1 = 0.66666662693f, LG2 = 0.40000972152f, LG3 = 0.28498786688f,
                LG4 = 0.24279078841f;
    float u = 1.0f + x;
    uint32_t iu = vm_to_bits(u) + (0x3f800000u - 0x3f3504f3u);
    int32_t k = (int32_t)(iu >> 23) - 0x7f;
    float c_big = 1.0f - (u - x), c_small = x - (u - 1.0f); /* both, then a select */
    float c = (k >= 2 ? c_big : c_small) / u;
    c = k < 25 ? c : 0.0f;
    float f = vm_from_bits((iu & 0x007fffffu) + 0x3f3504f3u) - 1.0f;
    float s = f / (2.0f + f), z = s * s, w = z * z;
    float r = z * (LG1 + w * LG3) + w * (LG2 + w * LG4);
    float hfsq = 0.5f * f * f, dk = (float)k;
    float y = s * (hfsq + r) + (dk * LN2_LO + c) - hfsq + f + dk * LN2_HI;
    y = vm_copysign(y, x); /* log1p(x) has x's sign: -0 stays -0 */
    uint32_t xb = vm_to_bits(x); /* integer tests of x: -inf, < -1 and NaN in one */
    y = vm_select(xb == 0xbf800000u, -INFINITY, y);  /* x = -1 */
    y = vm_select(xb > 0xbf800000u, NAN, y);         /* x < -1, -inf, negative NaN */
    y = vm_select(xb == 0x7f800000u, INFINITY, y);   /* x = +inf */
    return vm_select(x != x, x, y);
}

/* tanh(x): for |x| < 0.625, x + x^3 P(x^2) (Cephes' odd polynomial); above,
 * 1 - 2 / (exp(2|x|) + 1) with the sign of x, which has no cancellation
 * there (tanh >= 0.55) and reaches exactly 1 by itself (exp overflows to
 * inf at |x| > 44, 2 / inf = 0). Both are computed; a select picks one. */
VM_INLINE float vm_tanhf(float x) {
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = fmaf(p, z, 2.06390887954e-2f);
    p = fmaf(p, z, -5.37397155531e-2f);
    p = fmaf(p, z, 1.33314422036e-1f);
    p = fmaf(p, z, -3.33332819422e-1f);
    float small = fmaf(x, z * p, x);
    float ax = vm_copysign(x, 1.0f);
    float big = 1.0f - 2.0f / (vm_expf(2.0f * ax) + 1.0f);
    /* The sign of x at the end gives tanh(-0) = -0 (x + x (z p) is +0 there). */
    return vm_copysign(ax < 0.625f ? small : big, x); /* NaN: big, which is NaN */
}

/* erf(x), odd, so computed for t = |x| and given x's sign:
 *  - t < 0.875: t + t * P(t^2), P of degree 6 (a least-squares fit close to
 *    minimax, made for this library: tests/lib/test_vecmath.c checks it);
 *    writing erf(t) = t + t P rather than t * (1.128... + ...) keeps the
 *    rounding of 2/sqrt(pi) out of the result.
 *  - t >= 0.875: 1 - erfc(t) with erfc(t) = exp(R(t) - t^2), R of degree 7
 *    fitted to log(erfc(t)) + t^2, weighted by erfc(t) (the error that
 *    reaches 1 - erfc). t is clamped to 4, where 1 - erfc rounds to 1.
 * NaN fails both tests and is put back at the end. */
VM_INLINE float vm_erff(float x) {
    float t = vm_copysign(x, 1.0f), z = t * t;
    float p = 8.36709514260292e-05f;
    p = fmaf(p, z, -8.133827359415591e-04f);
    p = fmaf(p, z, 5.19928801804781e-03f);
    p = fmaf(p, z, -2.6858121156692505e-02f);
    p = fmaf(p, z, 1.1283654719591141e-01f);
    p = fmaf(p, z, -3.761262893676758e-01f);
    p = fmaf(p, z, 1.2837916612625122e-01f);
    float small = fmaf(t, p, t);
    float tc = t < 4.0f ? t : 4.0f;
    float q = -1.9996967239421792e-05f;
    q = fmaf(q, tc, 4.2227262747474015e-04f);
    q = fmaf(q, tc, -4.114399664103985e-03f);
    q = fmaf(q, tc, 2.4976342916488647e-02f);
    q = fmaf(q, tc, -1.0806792229413986e-01f);
    q = fmaf(q, tc, 3.664681911468506e-01f);
    q = fmaf(q, tc, -1.129427194595337f);
    q = fmaf(q, tc, 1.5716583584435284e-04f);
    float big = 1.0f - vm_expf_normal(fmaf(-tc, tc, q)); /* argument in [-17.7, -0.77] */
    float y = vm_copysign(t < 0.875f ? small : big, x);
    return x != x ? x : y;
}

#endif
