/* activation_cost.c: data for chapter 5's figure of what each activation
 * costs per element, on the machine that builds the book, against the size
 * of the array: memcpy (the baseline), the library's ReLU, leaky ReLU,
 * sigmoid, tanh and GELU. Each point is the median of REPS timed runs
 * (after one warm-up), with the third fastest and third slowest as its
 * range (a few disturbed runs do not stretch it);
 * each run covers about WORK elements. One block per kernel (gnuplot's
 * index), one row per size: floats, median, min and max ns per element. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workbook.h"

enum { REPS = 11, WORK = 1 << 21 };

typedef void (*Kernel)(float *out, const float *inp, size_t n);

static void copy_kernel(float *out, const float *inp, size_t n) {
    memcpy(out, inp, n * sizeof *out);
}
static void leaky_kernel(float *out, const float *inp, size_t n) {
    leaky_relu_forward(out, inp, n, 0.01f);
}

static double now_ns(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    const struct { const char *name; Kernel kernel; } kernels[] = {
        {"memcpy", copy_kernel},     {"relu", relu_forward},
        {"leaky_relu", leaky_kernel}, {"sigmoid", sigmoid_forward},
        {"tanh", tanh_forward},      {"gelu", gelu_forward}};
    const size_t nk = sizeof kernels / sizeof kernels[0];
    const size_t largest = (size_t)1 << 22;
    float *inp = malloc(largest * sizeof *inp), *out = malloc(largest * sizeof *out);
    Rng rng = rng_new(5);
    for (size_t i = 0; i < largest; i++) inp[i] = rng_normal_ms(&rng, 0.0f, 1.0f);

    for (size_t k = 0; k < nk; k++) {
        printf("# %s: floats median_ns low_ns high_ns (per element)\n", kernels[k].name);
        for (size_t n = (size_t)1 << 10; n <= largest; n <<= 2) {
            size_t times = n >= WORK ? 1 : WORK / n;
            double ns[REPS];
            kernels[k].kernel(out, inp, n); /* warm-up */
            for (int r = 0; r < REPS; r++) {
                double start = now_ns();
                for (size_t t = 0; t < times; t++) kernels[k].kernel(out, inp, n);
                ns[r] = (now_ns() - start) / (double)(times * n);
            }
            qsort(ns, REPS, sizeof ns[0], compare_doubles);
            printf("%zu %.4f %.4f %.4f\n", n, ns[REPS / 2], ns[2], ns[REPS - 3]);
        }
        printf("\n\n");
    }
    free(inp);
    free(out);
    return 0;
}
