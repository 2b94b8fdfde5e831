/* timing.h: how make bench measures, shared by the bench/bench_*.c programs.
 *
 * Method: run the code once to warm caches and page in memory, calibrate a
 * repetition count so that one sample lasts at least BENCH_SAMPLE_NS (so
 * clock_gettime's resolution and call overhead vanish), then take
 * BENCH_SAMPLES samples and keep the median time per call: the median
 * ignores the odd sample slowed by another process, where the mean would not.
 * Clock: CLOCK_MONOTONIC (never jumps with the wall clock).
 *
 * Results are printed as a table and appended to a CSV file with the columns
 *   benchmark,size,ns_per_op,ns_per_element,gb_per_s,gflop_per_s
 * (empty where a figure does not apply). They are never asserted: speed
 * depends on the machine, and a test that fails on a busy laptop teaches
 * nothing.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stddef.h>
#include <stdio.h>

#define BENCH_SAMPLES 9
#define BENCH_SAMPLE_NS 2e6 /* 2 ms */

/* Monotonic time in nanoseconds. */
double bench_now_ns(void);

/* Median nanoseconds per call of fn(ctx), measured as described above. */
double bench_median_ns(void (*fn)(void *ctx), void *ctx);

/* Opens the CSV for appending (creating it with its header line when it
 * is new or empty); NULL with a message on stderr if it cannot. */
FILE *bench_csv_open(const char *path);

/* Prints the table header to stdout. */
void bench_table_header(void);

/* One result: ns per call, over `elements` elements that move `bytes`
 * bytes and do `flops` floating-point operations (0: not reported).
 * Prints a table row and, if csv is not NULL, a CSV row. */
void bench_report(FILE *csv, const char *name, size_t size, double ns, double elements,
                  double bytes, double flops);

/* Keeps a result alive so the compiler cannot drop the work behind it. */
void bench_consume(const float *x, size_t n);

#endif
