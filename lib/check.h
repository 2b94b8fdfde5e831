/* check.h: failing loudly on API misuse.
 *
 * A library call that is given impossible arguments (mismatched shapes,
 * NULL tensors, sizes that overflow) cannot return anything meaningful, so it
 * prints the function, the values that were wrong and the file:line of the
 * check, then aborts. Tests catch this with Criterion's `.signal = SIGABRT`.
 * Bad *runtime* input (a corrupt data file) is not misuse: those functions
 * return an error message instead (see idx.h, datafile.h).
 */
#ifndef CHECK_H
#define CHECK_H

#include <stddef.h>

/* CHECK(cond, fmt, ...): if cond is false, print
 *   "<function>: <message> (<file>:<line>)" to stderr and abort(). */
#define CHECK(cond, ...) \
    do { if (!(cond)) check_fail(__func__, __FILE__, __LINE__, __VA_ARGS__); } while (0)

_Noreturn void check_fail(const char *func, const char *file, int line,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Multiplies a * b, aborting with the caller's name if the product does not
 * fit in size_t (sizes come from users, so this guards every malloc). */
/* Size of the error buffers that runtime-input functions (idx.h,
 * datafile.h) fill: char err[ERR_SIZE]. */
#define ERR_SIZE 256

size_t check_mul(const char *func, size_t a, size_t b);

/* malloc/calloc that abort with a message instead of returning NULL.
 * count * size is checked for overflow. Zero bytes gives a valid pointer. */
void *check_calloc(const char *func, size_t count, size_t size);
void *check_malloc(const char *func, size_t count, size_t size);
/* realloc with the same checks; p may be NULL. */
void *check_realloc(const char *func, void *p, size_t count, size_t size);

#endif
