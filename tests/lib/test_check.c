/* test_check.c: CHECK's message and abort, overflow-checked sizes (check.h). */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

static void fails_with_a_message(int value) {
    CHECK(value == 3, "value is %d, expected %d", value, 3);
}

/* Runs fails_with_a_message(value) in a child process; returns what it
 * wrote to stderr and, in *sig, the signal that ended it (0 if none). */
static void run_child(int value, char *err, size_t size, int *sig) {
    int fds[2];
    cr_assert(pipe(fds) == 0, "pipe failed");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed");
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        fails_with_a_message(value);
        _exit(0);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t n;
    while (len + 1 < size && (n = read(fds[0], err + len, size - 1 - len)) > 0) len += (size_t)n;
    err[len] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    *sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

Test(check, failed_check_names_function_values_and_line_then_aborts) {
    char err[512];
    int sig;
    run_child(5, err, sizeof err, &sig);
    cr_expect(sig == SIGABRT, "a failed CHECK should abort (SIGABRT = %d), the child ended with signal %d",
              SIGABRT, sig);
    const char *start = "fails_with_a_message: value is 5, expected 3 (";
    cr_expect(strncmp(err, start, strlen(start)) == 0 &&
                  strstr(err, "test_check.c:") != NULL && strstr(err, ")\n") != NULL,
              "the message should be 'fails_with_a_message: value is 5, expected 3 (<file>:<line>)', got '%s'",
              err);
}

Test(check, passing_check_does_nothing) {
    char err[512];
    int sig;
    run_child(3, err, sizeof err, &sig);
    cr_expect(sig == 0 && err[0] == '\0', "a passing CHECK should neither abort (signal %d) nor print ('%s')",
              sig, err);
}

Test(check, mul_returns_the_product) {
    cr_expect(check_mul("t", 6, 7) == 42, "check_mul(6, 7) should be 42, got %zu", check_mul("t", 6, 7));
    cr_expect(check_mul("t", 0, SIZE_MAX) == 0, "check_mul(0, SIZE_MAX) should be 0");
    cr_expect(check_mul("t", SIZE_MAX, 1) == SIZE_MAX, "check_mul(SIZE_MAX, 1) should be SIZE_MAX");
    cr_expect(check_mul("t", SIZE_MAX / 2, 2) == SIZE_MAX - 1, "check_mul(SIZE_MAX/2, 2) should fit");
}

Test(check, mul_overflow_aborts, .signal = SIGABRT) {
    check_mul("t", SIZE_MAX / 2, 4);
}

Test(check, mul_overflow_by_one_aborts, .signal = SIGABRT) {
    check_mul("t", (SIZE_MAX / 3) + 1, 3);
}

Test(check, allocations_of_zero_bytes_are_valid) {
    void *a = check_malloc("t", 0, sizeof(float)), *b = check_calloc("t", 0, sizeof(float));
    cr_expect(a != NULL && b != NULL, "zero-byte allocations should return valid pointers (%p, %p)", a, b);
    free(a);
    free(b);
}

Test(check, calloc_zero_fills) {
    int *p = check_calloc("t", 100, sizeof *p);
    int nonzero = 0;
    for (int i = 0; i < 100; i++) nonzero += p[i] != 0;
    cr_expect(nonzero == 0, "check_calloc(100 ints) should be zero-filled, %d are not", nonzero);
    free(p);
}

Test(check, malloc_overflow_aborts, .signal = SIGABRT) {
    check_malloc("t", SIZE_MAX / 2, 4);
}

Test(check, calloc_overflow_aborts, .signal = SIGABRT) {
    check_calloc("t", SIZE_MAX / 4 + 1, 4);
}
