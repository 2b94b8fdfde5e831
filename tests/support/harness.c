/* harness.c: the graded-test helpers declared in harness.h, and the
 * failure records the grader reads.
 *
 * The test program is trusted: the student's code runs in another process
 * (tests/support/rpc.h), so nothing here needs to defend itself against
 * it. Criterion decides pass or fail; the grader reads that verdict from
 * Criterion's TAP report. What Criterion's reports lose is the failure
 * messages' order and their line breaks, so each failed check is also
 * appended, one line per message with \n and \\ escaped, to the file named
 * by $WB_GRADE_FAILS (when set):
 *     FAIL <suite> <name> <file>:<line>: <message>
 * The grader links with -Wl,--wrap=criterion_send_assert, which routes
 * every assertion through the wrapper below; without it the wrapper is
 * simply never called.
 */
#include "harness.h"

#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void __wrap_criterion_send_assert(struct criterion_assert_stats *stats);
extern void __real_criterion_send_assert(struct criterion_assert_stats *stats)
    __attribute__((weak));

static void record_failure(const struct criterion_assert_stats *stats) {
    const char *path = getenv("WB_GRADE_FAILS");
    if (!path || !criterion_current_test || !criterion_current_suite) return;
    const char *msg = stats->message ? stats->message : "";
    size_t cap = strlen(msg) * 2 + 512;
    char *line = malloc(cap);
    if (!line) return;
    int n = snprintf(line, cap, "FAIL %s %s %s:%u: ", criterion_current_suite->name,
                     criterion_current_test->name, stats->file ? stats->file : "?", stats->line);
    size_t len = n > 0 ? (size_t)n : 0;
    for (const char *p = msg; *p && len + 3 < cap; p++) {
        if (*p == '\\' || *p == '\n') line[len++] = '\\';
        line[len++] = *p == '\n' ? 'n' : *p;
    }
    line[len++] = '\n';
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd >= 0) {
        /* one write per record: O_APPEND keeps parallel tests' lines whole */
        ssize_t w = write(fd, line, len);
        (void)w;
        close(fd);
    }
    free(line);
}

void __wrap_criterion_send_assert(struct criterion_assert_stats *stats) {
    if (!stats->passed) record_failure(stats);
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
