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
        float want[MAX_UNITS], got[MAX_UNITS];
        size_t nwant = reference(w, b, v, units, lo, hi, want);
        size_t ngot = ex04_breakpoints(w, b, v, units, lo, hi, got);
        char net[400];
        size_t len = (size_t)snprintf(net, sizeof net, "f(x) =");
        for (size_t j = 0; j < units && len < sizeof net; j++)
            len += (size_t)snprintf(net + len, sizeof net - len, " %+g relu(%g x %+g)",
                                    (double)v[j], (double)w[j], (double)b[j]);
        cr_expect(ngot == nwant,
                  "ex04_breakpoints for %s on [%g, %g]: expected %zu breakpoints %s, got %zu "
                  "(seed %llu, trial %d)",
                  net, (double)lo, (double)hi, nwant, harness_fmt_floats(want, nwant), ngot,
                  (unsigned long long)seed, trial);
        if (ngot == nwant) {
            char call[512];
            snprintf(call, sizeof call, "ex04_breakpoints for %s on [%g, %g] (seed %llu)", net,
                     (double)lo, (double)hi, (unsigned long long)seed);
            expect_floats_close(call, NULL, got, want, nwant, 0.0f, 1e-6f);
        }
        size_t pieces = ex04_count_pieces(w, b, v, units, lo, hi);
        cr_expect(pieces == nwant + 1,
                  "ex04_count_pieces for %s on [%g, %g]: expected %zu, got %zu "
                  "(seed %llu, trial %d)",
                  net, (double)lo, (double)hi, nwant + 1, pieces, (unsigned long long)seed, trial);
    }
}
