/* Hidden tests of exercise 4 (instructors only): networks drawn at run
 * time from WORKBOOK_SEED (default 2024), so a submission cannot hard-code
 * them. The failure messages print the seed to reproduce a run.
 *
 * The reference counts pieces another way than the usual solution: it
 * sorts the candidate kinks, evaluates the slope of f (in double) at the
 * midpoint of every gap between them, and counts the slope changes.
 * Small integer weights keep every slope exact and every kink -b/w
 * distinct unless equal as fractions. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ex04_linear_regions.h"
#include "harness.h"
#include "rng.h"

#define MAX_UNITS 12

static int float_compare(const void *pa, const void *pb) {
    float a = *(const float *)pa, b = *(const float *)pb;
    return (a > b) - (a < b);
}

static double slope_at(const float *w, const float *b, const float *v, size_t units, double x) {
    double s = 0.0;
    for (size_t j = 0; j < units; j++)
        if ((double)w[j] * x + (double)b[j] > 0.0) s += (double)v[j] * (double)w[j];
    return s;
}

/* Breakpoints by slopes at midpoints; returns their number. */
static size_t reference(const float *w, const float *b, const float *v, size_t units, float lo,
                        float hi, float *points) {
    float cand[MAX_UNITS + 2];
    size_t nc = 0;
    cand[nc++] = lo;
    for (size_t j = 0; j < units; j++) {
        if (w[j] == 0.0f) continue;
        float at = -b[j] / w[j];
        if (lo < at && at < hi) cand[nc++] = at;
    }
    cand[nc++] = hi;
    qsort(cand, nc, sizeof cand[0], float_compare);
    size_t count = 0;
    double prev = (double)NAN;
    for (size_t i = 0; i + 1 < nc; i++) {
        if (cand[i] == cand[i + 1]) continue;
        double s = slope_at(w, b, v, units, 0.5 * ((double)cand[i] + (double)cand[i + 1]));
        if (!isnan(prev) && s != prev) points[count++] = cand[i];
        prev = s;
    }
    return count;
}

/* Checks ex04_breakpoints (and ex04_count_pieces) on one network against
 * want[0..nwant-1], compared exactly; returns 0 after a failure. */
static int check_network(const float *w, const float *b, const float *v, size_t units, float lo,
                         float hi, const float *want, size_t nwant, uint64_t seed, int trial) {
    float got[MAX_UNITS];
    size_t ngot = ex04_breakpoints(w, b, v, units, lo, hi, got);
    char net[600];
    size_t len = (size_t)snprintf(net, sizeof net, "f(x) =");
    for (size_t j = 0; j < units && len < sizeof net; j++)
        len += (size_t)snprintf(net + len, sizeof net - len, " %+.9g relu(%g x %+.9g)",
                                (double)v[j], (double)w[j], (double)b[j]);
    cr_expect(ngot == nwant,
              "ex04_breakpoints for %s on [%g, %g]: expected %zu breakpoints %s, got %zu "
              "(seed %llu, trial %d)",
              net, (double)lo, (double)hi, nwant, harness_fmt_floats(want, nwant), ngot,
              (unsigned long long)seed, trial);
    if (ngot != nwant) return 0;
    char call[800];
    snprintf(call, sizeof call, "ex04_breakpoints for %s on [%g, %g] (seed %llu, trial %d)", net,
             (double)lo, (double)hi, (unsigned long long)seed, trial);
    if (expect_floats_close(call, NULL, got, want, nwant, 0.0f, 0.0f)) return 0;
    size_t pieces = ex04_count_pieces(w, b, v, units, lo, hi);
    cr_expect(pieces == nwant + 1,
              "ex04_count_pieces for %s on [%g, %g]: expected %zu, got %zu (seed %llu, trial %d)",
              net, (double)lo, (double)hi, nwant + 1, pieces, (unsigned long long)seed, trial);
    return pieces == nwant + 1;
}

EXERCISE_TEST(ex04, hidden_random_networks) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed);
    for (int trial = 0; trial < 200; trial++) {
        size_t units = rng_below(&rng, MAX_UNITS + 1);
        float w[MAX_UNITS], b[MAX_UNITS], v[MAX_UNITS];
        for (size_t j = 0; j < units; j++) {
            w[j] = (float)rng_below(&rng, 9) - 4.0f;  /* -4 .. 4, zeros included */
            b[j] = (float)rng_below(&rng, 17) - 8.0f; /* -8 .. 8 */
            v[j] = (float)rng_below(&rng, 5) - 2.0f;  /* -2 .. 2, zeros included */
        }
        /* Repeat a unit now and then (scaled, or cancelling) to force
         * coinciding kinks. */
        if (units >= 2 && rng_below(&rng, 2)) {
            float scale = (float)(1 + rng_below(&rng, 2));
            w[1] = scale * w[0];
            b[1] = scale * b[0];
            v[1] = rng_below(&rng, 2) ? -v[0] / scale : v[0];
        }
        float lo = (float)rng_below(&rng, 9) - 6.0f;
        float hi = lo + 0.5f * (float)(1 + rng_below(&rng, 16));
        float want[MAX_UNITS];
        size_t nwant = reference(w, b, v, units, lo, hi, want);
        if (!check_network(w, b, v, units, lo, hi, want, nwant, seed, trial)) return;
    }
}

/* The header's definition, literally: kinks are the floats -b/w, grouped
 * when equal as floats; a group is a breakpoint when its slope changes
 * do not cancel. The values drawn below make every v |w| and every sum
 * exact in float, so the order of the additions does not matter. */
static size_t by_definition(const float *w, const float *b, const float *v, size_t units,
                            float lo, float hi, float *points) {
    float at[MAX_UNITS];
    double jump[MAX_UNITS];
    size_t n = 0;
    for (size_t j = 0; j < units; j++) {
        if (w[j] == 0.0f) continue;
        float p = -b[j] / w[j];
        if (!(lo < p && p < hi)) continue;
        size_t k = 0;
        while (k < n && at[k] != p) k++;
        if (k == n) at[n] = p, jump[n++] = 0.0;
        jump[k] += (double)v[j] * fabs((double)w[j]);
    }
    size_t count = 0;
    for (size_t k = 0; k < n; k++)
        if (jump[k] != 0.0) points[count++] = at[k];
    qsort(points, count, sizeof points[0], float_compare);
    return count;
}

/* Networks whose kinks sit one float apart, or coincide as floats without
 * being equal as fractions, with slope changes that may cancel: where a
 * tolerance, a kink computed another way than the float -b/w, or a kink
 * kept in double gives another answer. */
EXERCISE_TEST(ex04, hidden_kinks_at_float_resolution) {
    uint64_t seed = harness_seed();
    Rng rng = rng_new(seed ^ 0x5eedULL);
    static const float scales[] = {1, 2, 3, 5, 6, 7};
    static const float slopes[] = {1, -1, 0.5f, -0.5f, 2, -2};
    for (int trial = 0; trial < 300; trial++) {
        size_t units = 2 + rng_below(&rng, MAX_UNITS - 1);
        float w[MAX_UNITS], b[MAX_UNITS], v[MAX_UNITS];
        for (size_t j = 0; j < units; j++) {
            w[j] = scales[rng_below(&rng, 6)] * (rng_below(&rng, 4) ? 1.0f : -1.0f);
            b[j] = (float)rng_below(&rng, 21) - 10.0f;
            v[j] = slopes[rng_below(&rng, 6)];
        }
        /* Make unit j a near twin of unit 0: the same kink scaled to
         * another w, its b moved by 0, 1 or 2 floats. */
        for (size_t j = 1; j < units; j++) {
            if (rng_below(&rng, 2)) continue;
            float k = scales[rng_below(&rng, 6)];
            w[j] = k * w[0];
            b[j] = k * b[0];
            for (uint64_t step = rng_below(&rng, 3); step > 0; step--)
                b[j] = nextafterf(b[j], rng_below(&rng, 2) ? INFINITY : -INFINITY);
            /* Cancels unit 0 when the kinks are equal (k = 1 or 2 keeps v exact). */
            if (k <= 2.0f && rng_below(&rng, 2)) v[j] = -v[0] / k;
        }
        float lo = -12.0f, hi = 12.0f;
        float want[MAX_UNITS];
        size_t nwant = by_definition(w, b, v, units, lo, hi, want);
        if (!check_network(w, b, v, units, lo, hi, want, nwant, seed, trial)) return;
    }
}
