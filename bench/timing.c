/* timing.c: the measuring loop and the report of make bench (timing.h). */
#include "timing.h"

#include <stdlib.h>
#include <time.h>

double bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median_ns(void (*fn)(void *ctx), void *ctx) {
    fn(ctx); /* warm-up: caches, page faults, branch predictors */
    size_t reps = 1;
    for (;;) { /* calibrate: double reps until a sample is long enough */
        double start = bench_now_ns();
        for (size_t r = 0; r < reps; r++) fn(ctx);
        if (bench_now_ns() - start >= BENCH_SAMPLE_NS || reps >= ((size_t)1 << 30)) break;
        reps *= 2;
    }
    double samples[BENCH_SAMPLES];
    for (int s = 0; s < BENCH_SAMPLES; s++) {
        double start = bench_now_ns();
        for (size_t r = 0; r < reps; r++) fn(ctx);
        samples[s] = (bench_now_ns() - start) / (double)reps;
    }
    qsort(samples, BENCH_SAMPLES, sizeof samples[0], compare_doubles);
    return samples[BENCH_SAMPLES / 2];
}

FILE *bench_csv_open(const char *path) {
    FILE *f = fopen(path, "a");
    if (!f) {
        perror(path);
        return NULL;
    }
    if (ftell(f) == 0) fprintf(f, "benchmark,size,ns_per_op,ns_per_element,gb_per_s,gflop_per_s\n");
    return f;
}

void bench_table_header(void) {
    printf("%-22s %10s %14s %10s %9s %10s\n", "benchmark", "size", "ns/op", "ns/elem", "GB/s", "GFLOP/s");
}

void bench_report(FILE *csv, const char *name, size_t size, double ns, double elements,
                  double bytes, double flops) {
    double per_elem = elements > 0 ? ns / elements : 0.0;
    double gbs = bytes > 0 ? bytes / ns : 0.0;   /* bytes per ns = GB/s */
    double gflops = flops > 0 ? flops / ns : 0.0; /* flops per ns = GFLOP/s */
    printf("%-22s %10zu %14.1f %10.3f ", name, size, ns, per_elem);
    if (bytes > 0) printf("%9.2f ", gbs); else printf("%9s ", "-");
    if (flops > 0) printf("%10.2f\n", gflops); else printf("%10s\n", "-");
    if (csv) {
        fprintf(csv, "%s,%zu,%.1f,%.4f,", name, size, ns, per_elem);
        if (bytes > 0) fprintf(csv, "%.3f", gbs);
        fprintf(csv, ",");
        if (flops > 0) fprintf(csv, "%.3f", gflops);
        fprintf(csv, "\n");
    }
    fflush(stdout);
}

static volatile float bench_sink;

void bench_consume(const float *x, size_t n) {
    float s = 0.0f;
    for (size_t i = 0; i < n; i += 97) s += x[i];
    bench_sink = s;
}
