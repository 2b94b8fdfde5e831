/* test_vecmath.c: the vectorisable exp, log1p, tanh and erf of vecmath.h against
 * the C library's double versions, rounded to float, over the whole float
 * range.
 *
 * The error of a result is |got - exact| in ulps of the correctly rounded
 * float (below the smallest normal float: ulps of the subnormals, 2^-149).
 * glibc's exp, tanh and erf in double are within an ulp of double, 2^29
 * times finer than a float's, so they stand in for the exact value. Each
 * function is checked on every 4099th bit pattern of the 2^32 (about a
 * million floats of every size and sign, subnormals and NaNs included),
 * then on every float of the places where something can go wrong: where
 * the formula switches, where results become subnormal, where they
 * overflow or saturate. The bounds are those vecmath.h documents.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vecmath.h"

typedef struct {
    const char *name;
    float (*fast)(float);
    double (*exact)(double);
    double max_ulps;
} Func;

static float exp_f(float x) { return vm_expf(x); }
static float log1p_f(float x) { return vm_log1pf(x); }
static float tanh_f(float x) { return vm_tanhf(x); }
static float erf_f(float x) { return vm_erff(x); }

static const Func EXP = {"vm_expf", exp_f, exp, 1.5};
static const Func LOG1P = {"vm_log1pf", log1p_f, log1p, 1.0};
static const Func TANH = {"vm_tanhf", tanh_f, tanh, 2.0};
static const Func ERF = {"vm_erff", erf_f, erf, 2.0};

/* Error of got in ulps of the correctly rounded value of exact; 0 for
 * matching NaNs and infinities, HUGE_VAL for any other special mismatch. */
static double ulp_error(float got, double exact) {
    float want = (float)exact;
    if (isnan(exact)) return isnan(got) ? 0.0 : HUGE_VAL;
    if (isinf(want) || isinf(got)) return got == want ? 0.0 : HUGE_VAL;
    if (isnan(got)) return HUGE_VAL;
    float a = fabsf(want);
    double ulp = a < 1.17549435e-38f ? 0x1p-149 : (double)(nextafterf(a, INFINITY) - a);
    return fabs((double)got - exact) / ulp;
}

typedef struct {
    double worst;
    float at;
    size_t count;
} Scan;

static void check_one(const Func *f, float x, Scan *s) {
    double e = ulp_error(f->fast(x), f->exact((double)x));
    s->count++;
    if (e > s->worst) {
        s->worst = e;
        s->at = x;
    }
}

static void expect_bound(const Func *f, const char *where, const Scan *s) {
    cr_expect(s->worst <= f->max_ulps,
              "%s over %s (%zu floats): worst error %.3f ulps at x = %.9g (%a), bound %.1f: "
              "%s(x) gives %.9g, the exact value is %.12g",
              f->name, where, s->count, s->worst, (double)s->at, (double)s->at, f->max_ulps,
              f->name, (double)f->fast(s->at), f->exact((double)s->at));
}

static void scan_bits(const Func *f) {
    Scan s = {0, 0, 0};
    for (uint64_t b = 0; b <= UINT32_MAX; b += 4099) check_one(f, vm_from_bits((uint32_t)b), &s);
    expect_bound(f, "every 4099th bit pattern", &s);
}

/* Every step-th float in [lo, hi] (same sign, |lo| <= |hi| when positive,
 * the other way round when negative): consecutive floats of one sign have
 * consecutive bit patterns. */
static void scan_range(const Func *f, float lo, float hi, unsigned step) {
    Scan s = {0, 0, 0};
    uint32_t a = vm_to_bits(lo), b = vm_to_bits(hi);
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    for (uint64_t bits = a; bits <= b; bits += step) check_one(f, vm_from_bits((uint32_t)bits), &s);
    char where[96];
    snprintf(where, sizeof where, "[%.9g, %.9g] step %u", (double)lo, (double)hi, step);
    expect_bound(f, where, &s);
}

Test(vecmath_exp, whole_range) { scan_bits(&EXP); }
Test(vecmath_exp, subnormal_results_and_underflow) { scan_range(&EXP, -104.0f, -87.0f, 7); }
Test(vecmath_exp, overflow_edge) { scan_range(&EXP, 88.0f, 89.0f, 1); }
Test(vecmath_exp, near_zero) { scan_range(&EXP, -0.01f, 0.01f, 97); }
Test(vecmath_log1p, whole_range) { scan_bits(&LOG1P); }
Test(vecmath_log1p, near_zero) {
    scan_range(&LOG1P, 0x1p-149f, 0.01f, 97); /* scan_range wants one sign per range */
    scan_range(&LOG1P, -0.01f, -0x1p-149f, 97);
}
Test(vecmath_log1p, near_minus_one) { scan_range(&LOG1P, -1.0f, -0.99f, 7); }
Test(vecmath_log1p, where_the_reduction_switches) {
    scan_range(&LOG1P, -0.3f, -0.29f, 1); /* 1 + x near sqrt(2)/2 */
    scan_range(&LOG1P, 0.41f, 0.42f, 1);  /* 1 + x near sqrt(2) */
    scan_range(&LOG1P, 1.8f, 2.2f, 7);    /* k = 1 -> 2: the correction's other form */
    scan_range(&LOG1P, 1.6e7f, 3.4e7f, 7); /* k = 24 -> 25: the correction is dropped */
}
Test(vecmath_log1p, subnormal_inputs) { scan_range(&LOG1P, 1e-45f, 1.2e-38f, 4099); }
Test(vecmath_tanh, whole_range) { scan_bits(&TANH); }
Test(vecmath_tanh, where_the_formula_switches) {
    scan_range(&TANH, 0.6f, 0.65f, 1);
    scan_range(&TANH, -0.65f, -0.6f, 1);
}
Test(vecmath_tanh, saturation) { scan_range(&TANH, 8.0f, 10.0f, 7); }
Test(vecmath_tanh, subnormal_inputs) { scan_range(&TANH, 1e-45f, 1.2e-38f, 4099); }
Test(vecmath_erf, whole_range) { scan_bits(&ERF); }
Test(vecmath_erf, where_the_formula_switches) {
    scan_range(&ERF, 0.85f, 0.9f, 1);
    scan_range(&ERF, -0.9f, -0.85f, 1);
}
Test(vecmath_erf, saturation) { scan_range(&ERF, 3.5f, 4.5f, 7); }
Test(vecmath_erf, subnormal_inputs) { scan_range(&ERF, 1e-45f, 1.2e-38f, 4099); }

/* The values C99's Annex F prescribes, sign of zero included. */
static void expect_same(const char *what, float got, float want) {
    bool ok = isnan(want) ? isnan(got) : (got == want && !signbit(got) == !signbit(want));
    cr_expect(ok, "%s should be %g, got %g", what, (double)want, (double)got);
}

Test(vecmath_special, exp) {
    expect_same("vm_expf(-inf)", vm_expf(-INFINITY), 0.0f);
    expect_same("vm_expf(+inf)", vm_expf(INFINITY), INFINITY);
    expect_same("vm_expf(NaN)", vm_expf(NAN), NAN);
    expect_same("vm_expf(0)", vm_expf(0.0f), 1.0f);
    expect_same("vm_expf(-0)", vm_expf(-0.0f), 1.0f);
    expect_same("vm_expf(89) (overflow)", vm_expf(89.0f), INFINITY);
    expect_same("vm_expf(-104) (underflow)", vm_expf(-104.0f), 0.0f);
    expect_same("vm_expf(-1000)", vm_expf(-1000.0f), 0.0f);
    expect_same("vm_expf(1e30)", vm_expf(1e30f), INFINITY);
    expect_same("vm_expf(largest float below the overflow threshold)", vm_expf(88.7228317f),
                3.40279851e38f);
}

Test(vecmath_special, log1p) {
    expect_same("vm_log1pf(-0)", vm_log1pf(-0.0f), -0.0f);
    expect_same("vm_log1pf(0)", vm_log1pf(0.0f), 0.0f);
    expect_same("vm_log1pf(-1)", vm_log1pf(-1.0f), -INFINITY);
    expect_same("vm_log1pf(-2)", vm_log1pf(-2.0f), NAN);
    expect_same("vm_log1pf(-inf)", vm_log1pf(-INFINITY), NAN);
    expect_same("vm_log1pf(+inf)", vm_log1pf(INFINITY), INFINITY);
    expect_same("vm_log1pf(NaN)", vm_log1pf(NAN), NAN);
    expect_same("vm_log1pf(largest float)", vm_log1pf(3.40282347e38f), 88.7228394f);
    expect_same("vm_log1pf(smallest subnormal)", vm_log1pf(0x1p-149f), 0x1p-149f);
}

Test(vecmath_special, tanh_and_erf) {
    expect_same("vm_tanhf(-0)", vm_tanhf(-0.0f), -0.0f);
    expect_same("vm_tanhf(0)", vm_tanhf(0.0f), 0.0f);
    expect_same("vm_tanhf(+inf)", vm_tanhf(INFINITY), 1.0f);
    expect_same("vm_tanhf(-inf)", vm_tanhf(-INFINITY), -1.0f);
    expect_same("vm_tanhf(NaN)", vm_tanhf(NAN), NAN);
    expect_same("vm_tanhf(20)", vm_tanhf(20.0f), 1.0f);
    expect_same("vm_tanhf(smallest subnormal)", vm_tanhf(0x1p-149f), 0x1p-149f);
    expect_same("vm_erff(-0)", vm_erff(-0.0f), -0.0f);
    expect_same("vm_erff(0)", vm_erff(0.0f), 0.0f);
    expect_same("vm_erff(+inf)", vm_erff(INFINITY), 1.0f);
    expect_same("vm_erff(-inf)", vm_erff(-INFINITY), -1.0f);
    expect_same("vm_erff(NaN)", vm_erff(NAN), NAN);
    expect_same("vm_erff(5)", vm_erff(5.0f), 1.0f);
}
