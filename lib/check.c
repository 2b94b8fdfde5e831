/* check.c: the abort-with-a-message helpers declared in check.h. */
#include "check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void check_fail(const char *func, const char *file, int line, const char *fmt, ...) {
    fflush(stdout); /* keep the program's own output before the error */
    fprintf(stderr, "%s: ", func);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (%s:%d)\n", file, line);
    abort();
}

size_t check_mul(const char *func, size_t a, size_t b) {
    if (a != 0 && b > SIZE_MAX / a)
        check_fail(func, __FILE__, __LINE__, "size %zu x %zu overflows size_t", a, b);
    return a * b;
}

void *check_calloc(const char *func, size_t count, size_t size) {
    size_t bytes = check_mul(func, count, size);
    void *p = calloc(bytes ? bytes : 1, 1);
    if (!p) check_fail(func, __FILE__, __LINE__, "out of memory allocating %zu bytes", bytes);
    return p;
}

void *check_malloc(const char *func, size_t count, size_t size) {
    size_t bytes = check_mul(func, count, size);
    void *p = malloc(bytes ? bytes : 1);
    if (!p) check_fail(func, __FILE__, __LINE__, "out of memory allocating %zu bytes", bytes);
    return p;
}

void *check_realloc(const char *func, void *p, size_t count, size_t size) {
    size_t bytes = check_mul(func, count, size);
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q) check_fail(func, __FILE__, __LINE__, "out of memory allocating %zu bytes", bytes);
    return q;
}
