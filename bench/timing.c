/* timing.c: the measuring loop and the report of make bench (timing.h). */
#include "timing.h"

#include <stdlib.h>
#include <time.h>

double bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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
    if (ftell(f) == 0) fprintf(f, "benchmark,size,metric,value\n");
    return f;
}

void bench_table_header(void) {
    printf("%-22s %12s %-14s %12s\n", "benchmark", "size", "metric", "value");
}

void bench_report(FILE *csv, const char *benchmark, const char *size, const char *metric,
                  double value) {
    printf("%-22s %12s %-14s %12.4g\n", benchmark, size, metric, value);
    if (csv) fprintf(csv, "%s,%s,%s,%.6g\n", benchmark, size, metric, value);
    fflush(stdout);
}

static volatile float bench_sink;

void bench_consume(const float *x, size_t n) {
    float s = 0.0f;
    for (size_t i = 0; i < n; i += 97) s += x[i];
    bench_sink = s;
}
