/* Graded tests of exercise 5, a fast ReLU (exercises/ex05_relu_fast.h).
 * The reference is the library's relu_forward, compared bit for bit (any
 * NaN matches any NaN). No test measures time. */
/* mmap's MAP_ANONYMOUS is outside strict POSIX 2008 (the build's level). */
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ex05_check.h"
#include "ex05_relu_fast.h"
#include "harness.h"
#include "rng.h"
#include "rpc.h"

/* One array, explicit expectations, bit for bit. */
static void check_values(const char *what, const float *x, const float *want, size_t n) {
    float out[16];
    for (size_t i = 0; i < 16; i++) out[i] = GUARD_VALUE;
    ex05_relu_fast(out, x, n);
    for (size_t i = 0; i < n; i++)
        cr_expect(same_result(out[i], want[i]),
                  "ex05_relu_fast on %s: for inp[%zu] = %g (bits 0x%08x) expected %g "
                  "(bits 0x%08x), got %g (bits 0x%08x)",
                  what, i, (double)x[i], bits_of(x[i]), (double)want[i], bits_of(want[i]),
                  (double)out[i], bits_of(out[i]));
    for (size_t i = n; i < 16; i++)
        cr_expect(out[i] == GUARD_VALUE, "ex05_relu_fast on %s (n = %zu) wrote %g to out[%zu]",
                  what, n, (double)out[i], i);
}

EXERCISE_TEST(ex05, worked_example) {
    const float x[5] = {-2.0f, -0.5f, 0.0f, 1.5f, 3.0f};
    const float want[5] = {0.0f, 0.0f, 0.0f, 1.5f, 3.0f};
    check_values("[-2, -0.5, 0, 1.5, 3]", x, want, 5);
}

EXERCISE_TEST(ex05, special_values) {
    /* 11 values: one full block of 8 and a leftover of 3. */
    const float x[11] = {NAN, -NAN, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX,
                         1e-45f, -1e-45f, 2.5f, -7.0f, NAN};
    const float want[11] = {NAN, NAN, INFINITY, 0.0f, FLT_MAX, 0.0f,
                            1e-45f, 0.0f, 2.5f, 0.0f, NAN};
    check_values("[nan, -nan, inf, -inf, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, 2.5, -7, nan]", x,
                 want, 11);
}

EXERCISE_TEST(ex05, signed_zeros) {
    /* relu(-0.0) is -0.0 (PyTorch and relu_forward keep it); a negative
     * input gives +0.0. Checked in a block and in the leftover. */
    const float x[10] = {-0.0f, 0.0f, -1e-45f, -0.0f, -3.0f, 0.0f, -0.0f, -0.0f, -0.0f, -1.0f};
    const float want[10] = {-0.0f, 0.0f, 0.0f, -0.0f, 0.0f, 0.0f, -0.0f, -0.0f, -0.0f, 0.0f};
    check_values("[-0, 0, -1e-45, -0, -3, 0, -0, -0, -0, -1]", x, want, 10);
}

EXERCISE_TEST(ex05, every_length_0_to_67) {
    Rng rng = rng_new(5);
    for (size_t n = 0; n <= 67; n++)
        if (!check_case(&rng, n, 0, 0, 0)) break;
}

EXERCISE_TEST(ex05, misaligned_input) {
    Rng rng = rng_new(6);
    for (size_t off = 1; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, off, 0, 0)) return;
}

EXERCISE_TEST(ex05, misaligned_output) {
    Rng rng = rng_new(7);
    for (size_t off = 1; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, (off + 1) % 4, off, 0)) return;
}

/* Short arrays at every alignment: a kernel that first steps to an aligned
 * address (a scalar prologue) must stop at n when the array ends sooner.
 * The worker's copies keep the alignment this test gives them; a write
 * past the end of out fails the call, a read past inp's end reads a
 * canary or crashes. */
EXERCISE_TEST(ex05, short_arrays_at_every_alignment) {
    Rng rng = rng_new(11);
    rpc_keep_alignment(1);
    for (size_t in_off = 0; in_off < 16; in_off++)
        for (size_t n = 1; n <= 40; n++)
            if (!check_case(&rng, n, in_off, in_off, 0) ||
                !check_case(&rng, n, in_off, (in_off * 5 + 1) % 16, 0) ||
                !check_case(&rng, n, 0, in_off, 1)) {
                rpc_keep_alignment(0);
                return;
            }
    rpc_keep_alignment(0);
}

EXERCISE_TEST(ex05, in_place) {
    Rng rng = rng_new(8);
    for (size_t off = 0; off <= 3; off++)
        for (size_t n = 0; n <= 67; n++)
            if (!check_case(&rng, n, 0, off, 1)) return;
}

EXERCISE_TEST(ex05, large_arrays) {
    Rng rng = rng_new(9);
    const size_t sizes[4] = {1000000, 1000003, (1u << 20) + 5, 4099};
    for (size_t k = 0; k < 4; k++)
        if (!check_case(&rng, sizes[k], k % 4, (k + 1) % 4, 0)) return;
    check_case(&rng, 1000001, 0, 2, 1);
}

/* Arrays flush against memory the program may not touch: n floats that end
 * exactly where an inaccessible page begins (or start exactly where one
 * ends). A kernel that reads or writes even one float outside its arrays,
 * for instance a whole block of 8 at the tail, crashes here instead of
 * reading harmless leftovers. */
typedef struct {
    char *base;
    size_t bytes;
    float *x;
} Fenced;

static Fenced fenced(size_t n, int at_end) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = (n * sizeof(float) + page - 1) / page * page;
    if (data == 0) data = page;
    Fenced f = {NULL, data + 2 * page, NULL};
    void *m = mmap(NULL, f.bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert(m != MAP_FAILED, "mmap failed");
    f.base = m;
    cr_assert(mprotect(f.base + page, data, PROT_READ | PROT_WRITE) == 0, "mprotect failed");
    f.x = at_end ? (float *)(f.base + page + data) - n : (float *)(f.base + page);
    return f;
}

static void unfence(Fenced f) { munmap(f.base, f.bytes); }

/* What the test was doing, for the message when it crashes. */
static char doing[200];
static void on_crash(int sig) {
    static const char head[] = "ex05_relu_fast crashed on arrays that end (or start) at memory "
                               "it may not touch, while running: ";
    ssize_t unused = write(2, head, sizeof head - 1);
    unused = write(2, doing, strlen(doing));
    static const char tail[] = "\n(it read or wrote outside inp[0 .. n-1] or out[0 .. n-1])\n";
    unused = write(2, tail, sizeof tail - 1);
    (void)unused;
    signal(sig, SIG_DFL);
    raise(sig);
}

static int check_fenced(Rng *rng, size_t n, int at_end, int in_place) {
    Fenced fi = fenced(n, at_end), fo = in_place ? fi : fenced(n, at_end);
    float *want = malloc((n + 1) * sizeof *want), *keep = malloc((n + 1) * sizeof *keep);
    cr_assert(want && keep, "out of memory");
    for (size_t i = 0; i < n; i++) keep[i] = fi.x[i] = draw_value(rng);
    relu_forward(want, keep, n);
    snprintf(doing, sizeof doing, "ex05_relu_fast(%s, %zu) with the arrays %s", in_place ?
             "x, x" : "out, inp", n, at_end ? "ending right before an inaccessible page" :
             "starting right after an inaccessible page");
    ex05_relu_fast(fo.x, fi.x, n);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        if (!same_result(fo.x[i], want[i])) {
            cr_expect_fail("%s: out[%zu] for inp[%zu] = %g: expected %g, got %g", doing, i, i,
                           (double)keep[i], (double)want[i], (double)fo.x[i]);
            ok = 0;
        }
    free(keep);
    free(want);
    if (!in_place) unfence(fo);
    unfence(fi);
    return ok;
}

EXERCISE_TEST(ex05, arrays_next_to_inaccessible_memory) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    Rng rng = rng_new(10);
    const size_t large[3] = {1000, 4099, 65537};
    for (int at_end = 1; at_end >= 0; at_end--)
        for (int in_place = 0; in_place <= 1; in_place++) {
            for (size_t n = 0; n <= 67; n++)
                if (!check_fenced(&rng, n, at_end, in_place)) return;
            for (size_t k = 0; k < 3; k++)
                if (!check_fenced(&rng, large[k], at_end, in_place)) return;
        }
}
