/* Graded tests of exercise 4, counting linear regions
 * (exercises/ex04_linear_regions.h). Every network here is small enough to
 * draw by hand; the comment above each case says what f is. */
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "ex04_linear_regions.h"
#include "harness.h"

/* A network f(x) = sum_j v[j] relu(w[j] x + b[j]) and its description. */
typedef struct {
    const char *what;
    size_t units;
    float w[8], b[8], v[8];
} Net;

/* Checks both functions on net over [lo, hi] against the breakpoints
 * want[0..nwant-1]. */
static void check_net(const Net *net, float lo, float hi, const float *want, size_t nwant) {
    float points[8];
    for (int i = 0; i < 8; i++) points[i] = NAN;
    size_t got = ex04_breakpoints(net->w, net->b, net->v, net->units, lo, hi, points);
    cr_expect(got == nwant, "ex04_breakpoints for f(x) = %s on [%g, %g]: expected %zu breakpoints "
              "%s, got %zu", net->what, (double)lo, (double)hi, nwant,
              harness_fmt_floats(want, nwant), got);
    if (got == nwant) {
        char call[200];
        snprintf(call, sizeof call,
                 "ex04_breakpoints for f(x) = %s on [%g, %g] (in increasing order)",
                 net->what, (double)lo, (double)hi);
        /* Exact: the header defines each kink as the float -b/w. */
        expect_floats_close(call, NULL, points, want, nwant, 0.0f, 0.0f);
    }
    size_t pieces = ex04_count_pieces(net->w, net->b, net->v, net->units, lo, hi);
    cr_expect(pieces == nwant + 1,
              "ex04_count_pieces for f(x) = %s on [%g, %g]: expected %zu pieces, got %zu",
              net->what, (double)lo, (double)hi, nwant + 1, pieces);
}

EXERCISE_TEST(ex04, one_unit) {
    /* relu(x): flat, then slope 1, joined at 0. */
    const Net relu = {"relu(x)", 1, {1}, {0}, {1}};
    const float at0[1] = {0.0f};
    check_net(&relu, -1.0f, 1.0f, at0, 1);
    /* relu(2x - 1): kink at 0.5; a negative v only flips the picture. */
    const Net shifted = {"-3 relu(2x - 1)", 1, {2}, {-1}, {-3}};
    const float at05[1] = {0.5f};
    check_net(&shifted, -4.0f, 4.0f, at05, 1);
    /* relu(-x + 1), w < 0: on for x < 1. */
    const Net flipped = {"relu(-x + 1)", 1, {-1}, {1}, {1}};
    const float at1[1] = {1.0f};
    check_net(&flipped, 0.0f, 2.0f, at1, 1);
}

EXERCISE_TEST(ex04, hat_function) {
    /* relu(x + 1) - 2 relu(x) + relu(x - 1): a hat on [-1, 1], zero outside. */
    const Net hat = {"relu(x + 1) - 2 relu(x) + relu(x - 1)", 3, {1, 1, 1}, {1, 0, -1}, {1, -2, 1}};
    const float all[3] = {-1.0f, 0.0f, 1.0f};
    check_net(&hat, -2.0f, 2.0f, all, 3);
    const float right[2] = {0.0f, 1.0f};
    check_net(&hat, -0.5f, 3.0f, right, 2);
}

EXERCISE_TEST(ex04, unsorted_units) {
    /* The units come in any order; the breakpoints come out sorted. */
    const Net net = {"relu(x - 2) + relu(-x - 1) + relu(4x) + relu(x - 0.5)", 4,
                     {1, -1, 4, 1}, {-2, -1, 0, -0.5f}, {1, 1, 1, 1}};
    const float want[4] = {-1.0f, 0.0f, 0.5f, 2.0f};
    check_net(&net, -3.0f, 3.0f, want, 4);
}

EXERCISE_TEST(ex04, coinciding_breakpoints_count_once) {
    /* |x| = relu(x) + relu(-x): two kinks at 0, one corner. */
    const Net absx = {"relu(x) + relu(-x) = |x|", 2, {1, -1}, {0, 0}, {1, 1}};
    const float at0[1] = {0.0f};
    check_net(&absx, -1.0f, 1.0f, at0, 1);
    /* relu(2x - 1) and relu(4x - 2) both switch at 0.5; relu(x + 1) at -1. */
    const Net same = {"relu(2x - 1) + relu(4x - 2) + relu(x + 1)", 3, {2, 4, 1}, {-1, -2, 1},
                      {1, 1, 1}};
    const float want[2] = {-1.0f, 0.5f};
    check_net(&same, -2.0f, 2.0f, want, 2);
}

EXERCISE_TEST(ex04, outside_and_at_the_ends) {
    /* Kinks at -1, 1, 3 and 5 on [-1, 3]: the ends do not split the
     * interval, 5 is outside; only the kink at 1 counts. */
    const Net net = {"relu(x + 1) + relu(x - 1) + relu(x - 3) + relu(x - 5)", 4, {1, 1, 1, 1},
                     {1, -1, -3, -5}, {1, 1, 1, 1}};
    const float want[1] = {1.0f};
    check_net(&net, -1.0f, 3.0f, want, 1);
    /* All kinks outside: one straight piece. */
    check_net(&net, 6.0f, 9.0f, NULL, 0);
}

EXERCISE_TEST(ex04, units_without_a_kink) {
    /* w = 0: 2 relu(0 x + 3) = 6 and relu(0 x - 1) = 0 are constants; only
     * relu(x - 0.25) bends f. */
    const Net net = {"2 relu(0x + 3) + relu(0x - 1) + relu(x - 0.25) + relu(0x + 0)", 4,
                     {0, 0, 1, 0}, {3, -1, -0.25f, 0}, {2, 1, 1, 1}};
    const float want[1] = {0.25f};
    check_net(&net, -1.0f, 1.0f, want, 1);
}

EXERCISE_TEST(ex04, slope_must_really_change) {
    /* v = 0: the unit switches but contributes nothing. */
    const Net dead = {"0 relu(x) + relu(x - 0.5)", 2, {1, 1}, {0, -0.5f}, {0, 1}};
    const float want[1] = {0.5f};
    check_net(&dead, -1.0f, 1.0f, want, 1);
    /* relu(x) - relu(-x) = x: both units switch at 0 but the slopes they
     * trade are equal (1 on each side): one straight piece. */
    const Net line = {"relu(x) - relu(-x) = x", 2, {1, -1}, {0, 0}, {1, -1}};
    check_net(&line, -1.0f, 1.0f, NULL, 0);
    /* relu(x) - relu(x) = 0, plus a real corner at -0.5. */
    const Net cancel = {"relu(x) - relu(x) + relu(2x + 1)", 3, {1, 1, 2}, {0, 0, 1}, {1, -1, 1}};
    const float at[1] = {-0.5f};
    check_net(&cancel, -1.0f, 1.0f, at, 1);
}

EXERCISE_TEST(ex04, staircase) {
    /* Eight units with kinks at 0.5, 1, ..., 4 on [0, 3.75]: seven
     * breakpoints, eight pieces. */
    Net stairs = {"sum_k relu(x - k/2), k = 1..8", 8, {1, 1, 1, 1, 1, 1, 1, 1},
                  {-0.5f, -1, -1.5f, -2, -2.5f, -3, -3.5f, -4}, {1, 1, 1, 1, 1, 1, 1, 1}};
    const float want[7] = {0.5f, 1.0f, 1.5f, 2.0f, 2.5f, 3.0f, 3.5f};
    check_net(&stairs, 0.0f, 3.75f, want, 7);
    /* No units: f is a constant, one piece. */
    const Net none = {"0 (no units)", 0, {0}, {0}, {0}};
    check_net(&none, -1.0f, 1.0f, NULL, 0);
}

EXERCISE_TEST(ex04, kinks_one_float_apart) {
    /* relu(x - 0.5) and relu(x - 0.50000006): kinks at neighbouring floats
     * are different points (no tolerance merges them), and so are two
     * kinks a millionth apart. */
    const Net close = {"relu(x - 0.5) + relu(x - 0.50000006)", 2, {1, 1},
                       {-0.5f, -(0.5f + 0x1p-24f)}, {1, 1}};
    const float want[2] = {0.5f, 0.5f + 0x1p-24f};
    check_net(&close, 0.0f, 1.0f, want, 2);
    const Net near = {"relu(x - 1000) - relu(x - 1000.001)", 2, {1, 1}, {-1000.0f, -1000.001f},
                      {1, -1}};
    const float want_near[2] = {1000.0f, 1000.001f};
    check_net(&near, 999.0f, 1001.0f, want_near, 2);
}

EXERCISE_TEST(ex04, small_changes_of_slope) {
    /* A slope change of 1e-7 is a change: only an exact 0 is none. */
    const Net tiny = {"1e-7 relu(x) + relu(x - 0.5)", 2, {1, 1}, {0, -0.5f}, {1e-7f, 1}};
    const float want[2] = {0.0f, 0.5f};
    check_net(&tiny, -1.0f, 1.0f, want, 2);
    /* Two units at the same kink that nearly cancel: the slope changes by
     * 1 - 0.99999994 = 6e-8 there, not by 0. */
    const Net almost = {"relu(x) - 0.99999994 relu(x)", 2, {1, 1}, {0, 0}, {1, -(1.0f - 0x1p-24f)}};
    const float at0[1] = {0.0f};
    check_net(&almost, -1.0f, 1.0f, at0, 1);
    /* (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 exactly, which rounds to the float
     * 1 + 2^-11: the slope changes by 2^-24 at 0, not by 0. */
    const Net rounded = {"1.000244 relu(1.000244 x) - 1.000488 relu(x)", 2,
                         {1.0f + 0x1p-12f, 1}, {0, 0}, {1.0f + 0x1p-12f, -(1.0f + 0x1p-11f)}};
    check_net(&rounded, -1.0f, 1.0f, at0, 1);
    /* Slope changes of 2 and -2 at one float cancel exactly: no kink. */
    const Net exact = {"relu(2x - 1) - 2 relu(x - 0.5)", 2, {2, 1}, {-1, -0.5f}, {1, -2}};
    check_net(&exact, -1.0f, 1.0f, NULL, 0);
}

EXERCISE_TEST(ex04, kink_is_the_float_division) {
    /* 28/3 rounds to 9.33333302 as one float division; -b * (1/w) rounds
     * twice and gives 9.33333397. */
    const Net third = {"relu(3x - 28)", 1, {3}, {-28}, {1}};
    const float want[1] = {28.0f / 3.0f};
    check_net(&third, 0.0f, 20.0f, want, 1);
    /* 7/3 and 13.99999905/6 are different numbers, but both divisions
     * round to the same float, 2.33333325: one point for the header, where
     * slope changes 3 and -3 cancel (no breakpoint) or 3 and 3 add up. */
    const Net cancel = {"relu(3x - 7) - 0.5 relu(6x - 13.99999905)", 2, {3, 6},
                        {-7, -14.0f + 0x1p-20f}, {1, -0.5f}};
    check_net(&cancel, 0.0f, 4.0f, NULL, 0);
    const Net add = {"relu(3x - 7) + 0.5 relu(6x - 13.99999905)", 2, {3, 6},
                     {-7, -14.0f + 0x1p-20f}, {1, 0.5f}};
    const float at[1] = {7.0f / 3.0f};
    check_net(&add, 0.0f, 4.0f, at, 1);
}

EXERCISE_TEST(ex04, close_kinks_in_reverse_order) {
    /* Kinks less than 1 apart, given from right to left. */
    const Net net = {"relu(x - 0.3) + relu(x - 0.2) + relu(x - 0.1) + relu(x + 0.4)", 4,
                     {1, 1, 1, 1}, {-0.3f, -0.2f, -0.1f, 0.4f}, {1, 1, 1, 1}};
    const float want[4] = {-0.4f, 0.1f, 0.2f, 0.3f};
    check_net(&net, -1.0f, 1.0f, want, 4);
}

EXERCISE_TEST(ex04, breakpoints_rejects_an_empty_interval, .signal = SIGABRT) {
    /* [1, -1] is empty: part a must abort with a message naming the
     * interval (CHECK), not return 0 breakpoints as if all were well. */
    const float w[1] = {1.0f}, b[1] = {0.0f}, v[1] = {1.0f};
    float points[1];
    ex04_breakpoints(w, b, v, 1, 1.0f, -1.0f, points);
}
