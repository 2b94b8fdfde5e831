/* harness.c: the graded-test helpers declared in harness.h, and the
 * grader's side channel.
 *
 * Why a side channel: Criterion reports a test that calls exit(0) as
 * passed, and anything printed on stdout can be forged by student code. So
 * when tools/grade/grade.py runs a test it gives the test process two
 * files through the environment:
 *   WB_GRADE_NONCE    a file holding a secret per-run nonce; read once and
 *                     deleted in harness_test_init, before student code runs;
 *   WB_GRADE_CHANNEL  a FIFO (or file) the harness appends its records to:
 *                       START <suite> <name>
 *                       FAIL <file>:<line>: <message>   (one per failed assertion)
 *                       END <suite> <name> <nonce> failed=<n>
 *                       SIGNAL <suite> <name> <nonce> <signo>  (.signal tests)
 *                       CRASH <suite> <name> <signo>  (any other deadly signal)
 * The grader counts a test as passed only if Criterion says so AND the END
 * record (or, for a test declared with .signal, the SIGNAL record) carries
 * the nonce and reports no failed assertion. (Criterion runs each test in a
 * re-executed worker process, so inherited file descriptors cannot be used
 * as the channel: boxfort renumbers them.) Failed assertions are counted
 * by wrapping criterion_send_assert (the grader links with
 * -Wl,--wrap=criterion_send_assert); without that option the wrapper is
 * simply never called. Outside the grader (no environment) nothing of this
 * happens and the tests behave like plain Criterion tests.
 */
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exercise.h"

#define NONCE_MAX 64

static int channel_fd = -1;
static char nonce[NONCE_MAX + 1];
static int failed_asserts;
static int expected_signal;

/* The linker's --wrap turns the tests' calls of criterion_send_assert into
 * calls of __wrap_criterion_send_assert, and __real_... into the original.
 * Weak, so that a link without --wrap still works. */
void __wrap_criterion_send_assert(struct criterion_assert_stats *stats);
extern void __real_criterion_send_assert(struct criterion_assert_stats *stats)
    __attribute__((weak));

/* write() all of buf; async-signal-safe, as the signal handler uses it. */
static void channel_write(const char *buf, size_t len) {
    if (channel_fd < 0) return;
    while (len > 0) {
        ssize_t n = write(channel_fd, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        buf += n;
        len -= (size_t)n;
    }
}

/* One record; names and messages are made one-line so records stay parsable. */
static void channel_record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void channel_record(const char *fmt, ...) {
    if (channel_fd < 0) return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (len < 0) return;
    size_t n = (size_t)len < sizeof line - 2 ? (size_t)len : sizeof line - 2;
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r') line[i] = ' ';
    line[n++] = '\n';
    channel_write(line, n);
}

static const char *current_suite(void) {
    return criterion_current_suite && criterion_current_suite->name ? criterion_current_suite->name
                                                                    : "?";
}

static const char *current_test(void) {
    return criterion_current_test && criterion_current_test->name ? criterion_current_test->name
                                                                  : "?";
}

/* For a test declared with .signal: the expected death is the way it ends. */
static void on_expected_signal(int signo) {
    char line[256];
    int len = snprintf(line, sizeof line, "SIGNAL %s %s %s %d\n", current_suite(), current_test(),
                       nonce, signo);
    if (len > 0) channel_write(line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
    signal(signo, SIG_DFL);
    raise(signo);
}

/* Any other deadly signal: say which (the grader explains it to the
 * student), then die of it as before. Runs on its own stack, so a stack
 * overflow is reported too. Not under AddressSanitizer, whose own report
 * is more useful. */
#ifndef __SANITIZE_ADDRESS__
static void on_crash(int signo) {
    char line[256];
    int len = snprintf(line, sizeof line, "CRASH %s %s %d\n", current_suite(), current_test(), signo);
    if (len > 0) channel_write(line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
    signal(signo, SIG_DFL);
    raise(signo);
}

static void catch_crashes(void) {
    static char alt_stack[1 << 16];
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    const int deadly[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof deadly / sizeof deadly[0]; i++) {
        if (deadly[i] == expected_signal) continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_crash;
        sa.sa_flags = (int)(SA_ONSTACK | SA_RESETHAND);
        sigemptyset(&sa.sa_mask);
        sigaction(deadly[i], &sa, NULL);
    }
}
#else
static void catch_crashes(void) {}
#endif

/* Reads the nonce file named by WB_GRADE_NONCE, then deletes it, so that
 * code running later in this process cannot find it again. */
static void read_nonce(void) {
    const char *path = getenv("WB_GRADE_NONCE");
    nonce[0] = '\0';
    if (!path) return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, nonce, NONCE_MAX);
        nonce[n > 0 ? n : 0] = '\0';
        nonce[strcspn(nonce, " \t\r\n")] = '\0';
        close(fd);
    }
    unlink(path);
    unsetenv("WB_GRADE_NONCE");
}

/* An unfinished stub fails the running test with its message and stops it. */
static void fail_with_todo(const char *message) {
    cr_assert_fail("%s", message);
    __builtin_unreachable();
}

void harness_test_init(void) {
    exercise_set_todo_handler(fail_with_todo);
    failed_asserts = 0;
    const char *channel = getenv("WB_GRADE_CHANNEL");
    if (channel) {
        channel_fd = open(channel, O_WRONLY | O_APPEND | O_CLOEXEC);
        unsetenv("WB_GRADE_CHANNEL");
    }
    read_nonce();
    /* No nonce here: student code runs after this record, and must never
     * find the nonce in anything it could read. */
    channel_record("START %s %s", current_suite(), current_test());
    /* Criterion places the extra data unaligned: copy the field out rather
     * than reading it in place (UBSan would rightly complain). */
    expected_signal = 0;
    if (criterion_current_test && criterion_current_test->data)
        memcpy(&expected_signal,
               (const char *)criterion_current_test->data +
                   offsetof(struct criterion_test_extra_data, signal),
               sizeof expected_signal);
    if (expected_signal > 0) signal(expected_signal, on_expected_signal);
    if (channel_fd >= 0) catch_crashes();
}

void harness_test_reached_end(const char *suite, const char *name) {
    channel_record("END %s %s %s failed=%d", suite, name, nonce, failed_asserts);
}

void __wrap_criterion_send_assert(struct criterion_assert_stats *stats) {
    if (!stats->passed) {
        failed_asserts++;
        channel_record("FAIL %s:%u: %s", stats->file ? stats->file : "?", stats->line,
                       stats->message ? stats->message : "");
    }
    if (__real_criterion_send_assert) __real_criterion_send_assert(stats);
}

int harness_close(float got, float want, float atol, float rtol) {
    if (isnan(want)) return isnan(got);
    if (isinf(want)) return got == want;
    if (isnan(got) || isinf(got)) return 0;
    return fabsf(got - want) <= atol + rtol * fabsf(want);
}

void expect_close(float got, float want, float atol, float rtol, const char *what, ...) {
    if (harness_close(got, want, atol, rtol)) return;
    char text[512];
    va_list ap;
    va_start(ap, what);
    vsnprintf(text, sizeof text, what, ap);
    va_end(ap);
    cr_expect_fail("%s: expected %.9g, got %.9g", text, (double)want, (double)got);
}

const char *harness_fmt_floats(const float *x, size_t n) {
    static char buf[256];
    size_t len = (size_t)snprintf(buf, sizeof buf, "[");
    for (size_t i = 0; i < n && i < 8 && len < sizeof buf; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%g", i ? ", " : "", (double)x[i]);
    if (len < sizeof buf) snprintf(buf + len, sizeof buf - len, "%s]", n > 8 ? ", ..." : "");
    return buf;
}

uint64_t harness_seed(void) {
    const char *s = getenv("WORKBOOK_SEED");
    return s && *s ? strtoull(s, NULL, 10) : 2024u;
}

size_t expect_floats_close(const char *call, const float *input, const float *got,
                           const float *want, size_t n, float atol, float rtol) {
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (harness_close(got[i], want[i], atol, rtol)) continue;
        if (bad++ >= 3) continue; /* the first few mismatches say enough */
        if (input)
            cr_expect_fail("%s: for input x[%zu] = %g, expected %.9g, got %.9g", call, i,
                    (double)input[i], (double)want[i], (double)got[i]);
        else
            cr_expect_fail("%s: at index %zu, expected %.9g, got %.9g", call, i, (double)want[i],
                    (double)got[i]);
    }
    if (bad > 3) cr_expect_fail("%s: %zu of %zu values were wrong in all", call, bad, n);
    return bad;
}
