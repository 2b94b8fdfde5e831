/* timing.h: how make bench measures, shared by the bench/bench_*.c programs.
 *
 * Method: run the code once to warm caches and page in memory, calibrate a
 * repetition count so that one sample lasts at least BENCH_SAMPLE_NS (so
 * clock_gettime's resolution and call overhead vanish), then take
 * BENCH_SAMPLES samples and keep the median time per call: the median
 * ignores the odd sample slowed by another process, where the mean would not.
 * Clock: CLOCK_THREAD_CPUTIME_ID, the processor time of the calling
 * thread, so that on a shared machine the time other processes take the
 * core away is not counted (time the thread waits for memory is). Every
 * kernel runs on the calling thread: the library starts no threads.
 *
 * Results are printed as a table and appended to a CSV file with the columns
 *   benchmark,size,metric,value
 * e.g. "relu_forward,4096,ns_per_elem,0.021" (bench/README.md lists every
 * row). They are never asserted: speed depends on the machine, and a test
 * that fails on a busy laptop teaches nothing.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <stddef.h>
#include <stdio.h>

#define BENCH_SAMPLES 9
#define BENCH_SAMPLE_NS 2e6 /* 2 ms */

/* The calling thread's processor time in nanoseconds. */
double bench_now_ns(void);

/* Median nanoseconds per call of fn(ctx), measured as described above. */
double bench_median_ns(void (*fn)(void *ctx), void *ctx);

/* Opens the CSV for appending (creating it with its header line when it
 * is new or empty); NULL with a message on stderr if it cannot. */
FILE *bench_csv_open(const char *path);

/* Prints the table header to stdout. */
void bench_table_header(void);

/* One result: a table row on stdout and, if csv is not NULL, a CSV row. */
void bench_report(FILE *csv, const char *benchmark, const char *size, const char *metric,
                  double value);

/* Keeps a result alive so the compiler cannot drop the work behind it. */
void bench_consume(const float *x, size_t n);

#endif
