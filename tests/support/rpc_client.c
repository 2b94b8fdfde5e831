/* rpc_client.c: the proxy side of a call into the student's code (rpc.h).
 *
 * Runs inside the test program, which decides the verdict, so it treats the
 * worker as hostile: it waits with a deadline, reads at most what it asked
 * for, checks every length, and turns whatever went wrong (a crash, a hang,
 * an exit, an unfinished stub, an input the student changed) into a test
 * failure that says what happened, in the student's terms. Text that comes
 * from the worker is shown with unusual bytes replaced, so it cannot forge
 * a line of the report.
 */
#define _GNU_SOURCE /* pipe2, F_DUPFD_CLOEXEC */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "harness.h"
#include "rpc.h"

#define MAX_ARGS 64
#define OUTPUT_KEEP 4096

typedef struct {
    const char *name;
    const unsigned char *p;
    size_t bytes;
    int dir, alias_of;
} SentArray;

struct RpcCall {
    const char *function;
    char shown[256];
    int seconds;
    RpcMsg req, rep;
    SentArray arrays[MAX_ARGS];
    int narrays;
    struct {
        Tensor *t;
        int dir;
    } tensors[MAX_ARGS];
    int ntensors;
    char problems[1024]; /* changed inputs, writes before an array */
};

/* The worker of this test process, started by the first call. */
static struct {
    pid_t pid;
    int req, rep, out;
    int via_bwrap; /* bubblewrap reports a death by signal s as exit status 128 + s */
} worker = {0, -1, -1, -1, 0};

/* What the student's code printed in this test (the first OUTPUT_KEEP bytes). */
static char printed[OUTPUT_KEEP + 1];
static size_t nprinted, ndropped;

/* ---- messages --------------------------------------------------------- */

/* Bytes from the worker, made safe to show: printable ASCII and newlines. */
static void clean(char *s) {
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"') *s = '\'';
        else if (ch == '\\') *s = '/';
        else if ((ch < 0x20 && ch != '\n') || ch >= 0x7f) *s = '?';
    }
}

/* The crash record's "[pc 0x...]" becomes "\001pc 0x...\001": the only form
 * the grader turns into a file and line (tools/grade/run.py), and one that
 * no cleaned text (the student's output, the rest of the record) contains. */
static void mark_crash_pc(char *detail, size_t cap) {
    char *at = strstr(detail, "[pc 0x"), *end = at ? strchr(at, ']') : NULL;
    if (!end || (size_t)(end - detail) + 2 > cap) return;
    *at = '\001';
    *end = '\001';
}

static const char *printed_text(void) {
    static char buf[OUTPUT_KEEP + 200];
    if (!nprinted) return "";
    printed[nprinted] = '\0';
    clean(printed);
    snprintf(buf, sizeof buf, "\nwhat your code printed before that:\n%s%s", printed,
             ndropped ? "\n... (more output cut)" : "");
    return buf;
}

static _Noreturn void call_fails(const RpcCall *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static _Noreturn void call_fails(const RpcCall *c, const char *fmt, ...) {
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cr_assert_fail("%s %s%s", c ? c->shown : "the exercise", text, printed_text());
    abort(); /* not reached: cr_assert_fail ends the test */
}

/* A sanitizer's report in what the worker printed, as one line: the
 * sanitizer's name and diagnosis, and where in the student's file (the
 * grader's copy, under .../compile/, which run.py names exercises/...).
 * NULL when the output holds no report. */
static const char *sanitizer_summary(const char *out) {
    static char buf[700];
    const char *ub = strstr(out, "runtime error: ");
    const char *line = strstr(out, "SUMMARY: AddressSanitizer: ");
    const char *name = "AddressSanitizer";
    if (ub) {
        while (ub > out && ub[-1] != '\n') ub--; /* the location begins the line */
        line = ub;
        name = "UndefinedBehaviorSanitizer";
    } else if (line) {
        line += strlen("SUMMARY: ");
        name = NULL; /* the SUMMARY line names it */
    } else if ((line = strstr(out, "ERROR: AddressSanitizer: ")) ||
               (line = strstr(out, "ERROR: LeakSanitizer: "))) {
        line += strlen("ERROR: ");
        name = NULL;
    }
    if (!line) return NULL;
    const char *at = strstr(out, "/compile/");
    while (at && at > out && at[-1] != ' ' && at[-1] != '\n') at--;
    int n = (int)strcspn(line, "\n"), m = at ? (int)strcspn(at, " \n") : 0;
    int show_at = at && !memmem(line, (size_t)n, at, (size_t)m); /* not already in the line */
    snprintf(buf, sizeof buf, "%s%s%.*s%s%.*s%s", name ? name : "", name ? ": " : "", n, line,
             show_at ? " (your line: " : "", show_at ? m : 0, show_at ? at : "",
             show_at ? ")" : "");
    clean(buf);
    return buf;
}

static int expected_signal(void) {
    int sig = 0;
    /* Criterion stores the extra data unaligned: copy the field out. */
    if (criterion_current_test && criterion_current_test->data)
        memcpy(&sig, (const char *)criterion_current_test->data +
                         offsetof(struct criterion_test_extra_data, signal), sizeof sig);
    return sig;
}

static const char *signal_help(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV, a segmentation fault: it read or wrote memory it does not own "
                         "(an index past the end, a NULL or freed pointer) or overflowed the stack "
                         "(endless recursion)";
    case SIGBUS: return "SIGBUS, a bus error: it touched memory that is not there";
    case SIGFPE: return "SIGFPE, an arithmetic error: an integer division by zero (float division "
                        "never raises it)";
    case SIGILL: return "SIGILL, an illegal instruction: in C most often the end of a non-void "
                        "function reached without a `return` (gcc plants a trap there), or "
                        "__builtin_trap()";
    case SIGTRAP: return "SIGTRAP, a trap instruction (a breakpoint or __builtin_trap)";
    case SIGABRT: return "SIGABRT, an abort: a CHECK in the library failed (its message is below) or "
                         "abort() or assert() was called";
    case SIGKILL: return "SIGKILL: it used too much memory or CPU time";
    case SIGXCPU: return "SIGXCPU: it used too much CPU time";
    case SIGSYS: return "SIGSYS: it made a system call that graded code may not make (opening a "
                        "file, starting a program, the network...): exercise code only computes, "
                        "allocates memory and prints";
    default: return "a signal that stopped it";
    }
}

/* Whether the worker's crash record says a check of the called function, or
 * of a function defined in the student's file ($WB_OWN_FUNCTIONS, from the
 * grader's reading of the object), stopped it: "[check NAME]". */
static int own_check_fired(const RpcCall *c, const char *detail) {
    const char *at = strstr(detail, "[check ");
    if (!at) return 0;
    char name[128];
    size_t n = strcspn(at + 7, "]");
    if (n == 0 || n >= sizeof name || at[7 + n] != ']') return 0;
    memcpy(name, at + 7, n);
    name[n] = '\0';
    if (strcmp(name, c->function) == 0) return 1;
    const char *own = getenv("WB_OWN_FUNCTIONS");
    for (const char *p = own ? own : ""; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && strncmp(p, name, n) == 0) return 1;
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}

/* ---- the worker process ----------------------------------------------- */

static void drain_output(void) {
    char buf[4096];
    for (;;) {
        ssize_t n = read(worker.out, buf, sizeof buf);
        if (n <= 0) return;
        size_t room = OUTPUT_KEEP - nprinted, k = (size_t)n < room ? (size_t)n : room;
        memcpy(printed + nprinted, buf, k);
        nprinted += k;
        ndropped += (size_t)n - k;
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void close_worker_fds(void) {
    if (worker.req >= 0) close(worker.req);
    if (worker.rep >= 0) close(worker.rep);
    if (worker.out >= 0) close(worker.out);
    worker.req = worker.rep = worker.out = -1;
}

/* Waits up to `seconds` for the worker to end (then kills it); returns its
 * wait status. */
static int reap_worker(double seconds) {
    int status = 0;
    double end = now() + seconds;
    for (;;) {
        drain_output();
        pid_t r = waitpid(worker.pid, &status, WNOHANG);
        if (r == worker.pid || (r < 0 && errno != EINTR)) break;
        if (now() > end) {
            kill(worker.pid, SIGKILL);
            waitpid(worker.pid, &status, 0);
            break;
        }
        usleep(2000);
    }
    drain_output();
    close_worker_fds();
    worker.pid = 0;
    return status;
}

static int high_fd(int fd) {
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    close(fd);
    return h;
}

/* How long a worker may take to start (its hello): longer means code that
 * runs before main (a constructor) hangs. */
#define START_SECONDS 5.0

static const char *not_started =
    "did not run: your code did not finish starting (something in it runs before any "
    "function is called, such as a constructor, and never ends): every test of this exercise "
    "fails the same way";

/* $WB_START_FAILED names a file (in the grader's scratch folder) that the
 * first test to see a worker hang at start creates: the exercise's other
 * tests then fail at once instead of each waiting. */
static int start_failed_before(void) {
    const char *mark = getenv("WB_START_FAILED");
    return mark && *mark && access(mark, F_OK) == 0;
}

static void note_start_failed(void) {
    const char *mark = getenv("WB_START_FAILED");
    if (!mark || !*mark) return;
    int fd = open(mark, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
}

/* Waits for the worker's hello: 1 when it came, 0 when it did not. */
static int await_hello(void) {
    unsigned char hello[9];
    size_t got = 0;
    double end = now() + START_SECONDS;
    while (got < sizeof hello) {
        double left = end - now();
        if (left <= 0) return 0;
        struct pollfd p[2] = {{worker.rep, POLLIN, 0}, {worker.out, POLLIN, 0}};
        if (poll(p, 2, (int)(left * 1000) + 1) < 0 && errno != EINTR) return 0;
        if (p[1].revents) drain_output();
        if (!p[0].revents) continue;
        ssize_t n = read(worker.rep, hello + got, sizeof hello - got);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return 1; /* ended: the call says how */
        if (n > 0) got += (size_t)n;
    }
    return hello[0] == 1 && hello[8] == RPC_HELLO;
}

static void start_worker(const RpcCall *c) {
    const char *path = getenv("WB_WORKER");
    const char *launcher = getenv("WB_LAUNCHER");
    if (!path || !*path)
        call_fails(c, "cannot run: the grader did not say where the program with your code is "
                      "(WB_WORKER); run the tests with `make test`");
    int req[2], rep[2], out[2];
    if (pipe2(req, O_CLOEXEC) || pipe2(rep, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
        call_fails(c, "cannot run: no pipes (%s)", strerror(errno));
    for (int i = 0; i < 2; i++) {
        req[i] = high_fd(req[i]);
        rep[i] = high_fd(rep[i]);
        out[i] = high_fd(out[i]);
    }
    /* WB_LAUNCHER: the launcher's argv, tab-separated (bubblewrap may come
     * first); "none" runs the worker unconfined (a system without seccomp). */
    static char copy[4096];
    char *argv[64];
    int argc = 0;
    snprintf(copy, sizeof copy, "%s", launcher ? launcher : "none");
    if (strcmp(copy, "none") != 0) {
        for (char *tok = strtok(copy, "\t"); tok && argc < 60; tok = strtok(NULL, "\t"))
            argv[argc++] = tok;
        const char *mode = getenv("WB_LAUNCH_MODE");
        argv[argc++] = (char *)(mode && *mode ? mode : "worker");
    }
    argv[argc++] = (char *)path;
    argv[argc] = NULL;
    const char *base = strrchr(argv[0], '/');
    worker.via_bwrap = strcmp(base ? base + 1 : argv[0], "bwrap") == 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) call_fails(c, "cannot run: fork failed (%s)", strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0 ||
            dup2(req[0], RPC_FD_REQUEST) < 0 || dup2(rep[1], RPC_FD_REPLY) < 0)
            _exit(126);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
        execv(argv[0], argv);
        _exit(127);
    }
    close(req[0]);
    close(rep[1]);
    close(out[1]);
    worker.pid = pid;
    worker.req = req[1];
    worker.rep = rep[0];
    worker.out = out[0];
    fcntl(worker.req, F_SETFL, O_NONBLOCK);
    fcntl(worker.rep, F_SETFL, O_NONBLOCK);
    fcntl(worker.out, F_SETFL, O_NONBLOCK);
    signal(SIGPIPE, SIG_IGN);
    if (!await_hello()) {
        reap_worker(0);
        note_start_failed();
        call_fails(c, "%s", not_started);
    }
}

/* Sends the request and reads the reply into c->rep: 0 on a reply, -1 when
 * the worker closed its end (it ended), -2 when the deadline passed. */
static int exchange(RpcCall *c, double deadline) {
    uint64_t len = c->req.len;
    const unsigned char *parts[2] = {(const unsigned char *)&len, c->req.data};
    size_t sizes[2] = {sizeof len, c->req.len}, part = 0, sent = 0;
    uint64_t want = 0;
    unsigned char head[8];
    size_t got_head = 0, got = 0;
    rpc_msg_reset(&c->rep);
    for (;;) {
        struct pollfd p[3] = {{worker.rep, POLLIN, 0}, {worker.out, POLLIN, 0},
                              {part < 2 ? worker.req : -1, POLLOUT, 0}};
        double left = deadline - now();
        if (left <= 0) return -2;
        int r = poll(p, 3, (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR) return -1;
        if (p[1].revents) drain_output();
        if (part < 2 && p[2].revents) {
            if (p[2].revents & (POLLERR | POLLHUP)) return -1;
            ssize_t n = write(worker.req, parts[part] + sent, sizes[part] - sent);
            if (n < 0 && errno != EAGAIN && errno != EINTR) return -1;
            if (n > 0) sent += (size_t)n;
            while (part < 2 && sent == sizes[part]) {
                part++;
                sent = 0;
            }
        }
        if (!p[0].revents) continue;
        ssize_t n;
        if (got_head < sizeof head) {
            n = read(worker.rep, head + got_head, sizeof head - got_head);
            if (n > 0) got_head += (size_t)n;
            if (got_head == sizeof head) {
                memcpy(&want, head, sizeof want);
                if (want > RPC_MESSAGE_MAX || want == 0) return -1;
                rpc_msg_put(&c->rep, NULL, 0);
                free(c->rep.data);
                c->rep.data = malloc((size_t)want);
                c->rep.cap = (size_t)want;
                if (!c->rep.data) return -1;
            }
        } else {
            n = read(worker.rep, c->rep.data + got, (size_t)want - got);
            if (n > 0) got += (size_t)n;
        }
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return -1;
        if (got_head == sizeof head && got == want) {
            c->rep.len = (size_t)want;
            c->rep.pos = 0;
            return 0;
        }
    }
}

static int call_timeout(void) {
    const char *t = getenv("WB_CALL_TIMEOUT");
    int s = t ? atoi(t) : 0;
    return s > 0 ? s : 10;
}

/* ---- building the request --------------------------------------------- */

/* The grader's self-test kills a test from outside this way: a test whose
 * name is $WB_FAULT_KILL dies by SIGKILL at its first call (only once when
 * $WB_FAULT_ONCE names a file, which it then creates), as if the machine
 * had killed it. Nothing a student controls sets the environment. */
static void fault_injection(void) {
    const char *victim = getenv("WB_FAULT_KILL");
    if (!victim || !criterion_current_test || strcmp(victim, criterion_current_test->name) != 0)
        return;
    const char *once = getenv("WB_FAULT_ONCE");
    if (once && *once) {
        int fd = open(once, O_CREAT | O_EXCL | O_WRONLY, 0600);
        if (fd < 0) return; /* killed once already */
        close(fd);
    }
    raise(SIGKILL);
}

RpcCall *rpc_call_begin(const char *function, const char *shown, int seconds) {
    fault_injection();
    RpcCall *c = calloc(1, sizeof *c);
    cr_assert(c != NULL, "out of memory in the test program");
    c->function = function;
    c->seconds = seconds;
    snprintf(c->shown, sizeof c->shown, "%s", shown);
    rpc_msg_put_str(&c->req, function);
    return c;
}

void rpc_put_scalar(RpcCall *c, const void *p, size_t size) { rpc_msg_put(&c->req, p, size); }

static int keep_alignment;
void rpc_keep_alignment(int on) { keep_alignment = on; }

void rpc_put_array(RpcCall *c, const char *name, const void *p, size_t elem_size, size_t count,
                   int dir) {
    cr_assert(c->narrays < MAX_ARGS, "test error: too many arrays in one call");
    SentArray *a = &c->arrays[c->narrays++];
    unsigned char kind = 0;
    a->name = name;
    a->p = p;
    a->bytes = elem_size * count;
    a->dir = dir;
    a->alias_of = -1;
    if (!p) {
        rpc_msg_put(&c->req, &kind, 1);
        return;
    }
    for (int i = 0; i < c->narrays - 1; i++) {
        SentArray *b = &c->arrays[i];
        if (!b->p || b->alias_of >= 0) continue;
        if (a->p >= b->p && a->p + a->bytes <= b->p + b->bytes) {
            kind = 2;
            a->alias_of = i;
            if (dir == RPC_OUT) b->dir = RPC_OUT;
            rpc_msg_put(&c->req, &kind, 1);
            rpc_msg_put_u64(&c->req, (uint64_t)i);
            rpc_msg_put_u64(&c->req, (uint64_t)(a->p - b->p));
            return;
        }
    }
    /* Not inside an earlier array (it may still overlap one in part, as a
     * misuse test's one scratch buffer passed for everything): it travels
     * as its own copy, placed as rpc_keep_alignment says. */
    kind = keep_alignment ? 3 : 1;
    rpc_msg_put(&c->req, &kind, 1);
    if (kind == 3) rpc_msg_put_u64(&c->req, (uint64_t)((uintptr_t)p % 64));
    rpc_msg_put(&c->req, p, a->bytes);
}

static void put_tensor_body(RpcCall *c, const char *name, const Tensor *t, int dir) {
    cr_assert(c->ntensors < MAX_ARGS, "test error: too many tensors in one call");
    int32_t ndim = t->ndim;
    rpc_msg_put(&c->req, &ndim, sizeof ndim);
    for (int i = 0; i < t->ndim; i++) rpc_msg_put_u64(&c->req, t->shape[i]);
    unsigned char flags = t->requires_grad ? 1 : 0;
    rpc_msg_put(&c->req, &flags, 1);
    rpc_put_array(c, name, t->data, sizeof(float), t->size, dir);
    rpc_put_array(c, name, t->grad, sizeof(float), t->size, dir);
    c->tensors[c->ntensors].t = (Tensor *)t;
    c->tensors[c->ntensors++].dir = dir;
}

void rpc_put_tensor(RpcCall *c, const char *name, const Tensor *t, int dir) {
    unsigned char present = t != NULL;
    rpc_msg_put(&c->req, &present, 1);
    if (t) put_tensor_body(c, name, t, dir);
}

void rpc_put_node(RpcCall *c, const char *name, const Tensor *out) {
    cr_assert(out != NULL, "test error: %s gets a NULL node", c->shown);
    put_tensor_body(c, name, out, RPC_IN);
    int32_t n = out->ninputs;
    rpc_msg_put(&c->req, &n, sizeof n);
    for (int i = 0; i < n; i++) put_tensor_body(c, "an input's gradient", out->inputs[i], RPC_OUT);
}

/* ---- running it ------------------------------------------------------- */

static void note_problem(RpcCall *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note_problem(RpcCall *c, const char *fmt, ...) {
    size_t used = strlen(c->problems);
    if (used + 2 >= sizeof c->problems) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->problems + used, sizeof c->problems - used, fmt, ap);
    va_end(ap);
}

static void read_outputs(RpcCall *c) {
    for (int i = 0; i < c->narrays; i++) {
        SentArray *a = &c->arrays[i];
        if (!a->p || a->alias_of >= 0) continue;
        unsigned char status = 2;
        rpc_msg_get(&c->rep, &status, 1);
        if (status == 1) {
            uint64_t k = rpc_msg_get_u64(&c->rep);
            note_problem(c, "; it changed its input %s (first at element %llu), which it must only "
                         "read", a->name, (unsigned long long)k);
        } else if (status == 2) {
            uint64_t k = rpc_msg_get_u64(&c->rep);
            note_problem(c, "; it wrote %llu bytes before the start of %s",
                         (unsigned long long)k, a->name);
        } else if (status == 3) {
            uint64_t k = rpc_msg_get_u64(&c->rep);
            note_problem(c, "; it wrote past the end of %s (up to %llu bytes after its last "
                         "element)", a->name, (unsigned long long)k);
        } else if (status != 0) {
            c->rep.bad = 1;
        } else if (a->dir == RPC_OUT) {
            const void *src = rpc_msg_view(&c->rep, a->bytes);
            if (src && a->bytes) memcpy((void *)a->p, src, a->bytes);
        }
    }
    for (int i = 0; i < c->ntensors; i++) {
        if (c->tensors[i].dir != RPC_OUT) continue;
        Tensor *t = c->tensors[i].t;
        unsigned char kind = 3;
        rpc_msg_get(&c->rep, &kind, 1);
        if (kind == 2) {
            const void *src = rpc_msg_view(&c->rep, t->size * sizeof(float));
            if (src) memcpy(tensor_grad(t), src, t->size * sizeof(float));
        } else if (kind > 2 || (kind == 1 && !t->grad)) {
            c->rep.bad = 1;
        }
    }
}

void rpc_call_run(RpcCall *c) {
    cr_assert(!c->req.bad, "test error: the arguments of %s are too large to send", c->shown);
    if (!worker.pid && start_failed_before()) call_fails(c, "%s", not_started);
    if (!worker.pid) start_worker(c);
    int timeout = call_timeout();
    if (c->seconds > timeout) timeout = c->seconds;
    int r = exchange(c, now() + timeout);
    if (r == 0 && c->rep.len > 0 && c->rep.data[0] == RPC_RESULT) {
        c->rep.pos = 1;
        read_outputs(c);
        if (c->rep.bad) {
            reap_worker(0);
            call_fails(c, "sent back something the grader cannot read (did it write over the "
                          "grader's memory?)");
        }
        if (c->problems[0]) call_fails(c, "returned, but%s", c->problems + 1);
        return;
    }
    /* Anything else ends the worker: find out how, and say so. */
    char detail[600] = "";
    int kind = r == 0 && c->rep.len > 0 ? c->rep.data[0] : 0;
    if (r == 0 && (kind == RPC_TODO || kind == RPC_CRASH || kind == RPC_FORBIDDEN)) {
        c->rep.pos = 1;
        int32_t signo;
        rpc_msg_get(&c->rep, &signo, sizeof signo);
        rpc_msg_get_str(&c->rep, detail, sizeof detail);
        clean(detail);
        mark_crash_pc(detail, sizeof detail);
    }
    if (r == -2) kill(worker.pid, SIGKILL);
    int via_bwrap = worker.via_bwrap;
    int status = reap_worker(2.0);
    if (via_bwrap && WIFEXITED(status) && WEXITSTATUS(status) > 128)
        status = WEXITSTATUS(status) - 128; /* as a wait status: killed by that signal */
    if (kind == RPC_TODO) /* the trusted side's words first: a reply cannot replace them */
        call_fails(c, "reached the stub: %s", detail);
    if (kind == RPC_FORBIDDEN)
        call_fails(c, "called the library's %.80s, which computes what this exercise asks you to "
                      "write (directly, for some argument values, or through what it calls): "
                      "the call was stopped there and this test scores 0; compute the answer "
                      "in your own code", detail);
    if (r == -2)
        call_fails(c, "did not return within %d s: an endless loop, or a loop whose end "
                      "condition is never reached?", timeout);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == expected_signal() && !own_check_fired(c, detail))
            call_fails(c, "stopped the program with %s, but not through a CHECK of its own: a "
                          "misuse test passes only when %s's check fires (CHECK(condition, "
                          "\"message\") in your function or a helper of yours; its message "
                          "starts with the function's name)", signal_help(sig), c->function);
        if (sig == expected_signal()) {
            /* The test expects this death (a CHECK on misuse): die the same way. */
            printed[nprinted] = '\0';
            clean(printed);
            fprintf(stderr, "%s", printed);
            signal(sig, SIG_DFL);
            raise(sig);
        }
        printed[nprinted] = '\0';
        const char *stop = sanitizer_summary(printed);
        if (stop) /* ASan aborts (abort_on_error): its SIGABRT is not a CHECK's */
            call_fails(c, "was stopped by %s\n(the sanitizer's full report is below)", stop);
        call_fails(c, "crashed with %s%s%s", signal_help(sig), detail[0] ? ".\n" : "", detail);
    }
    printed[nprinted] = '\0';
    const char *report = WIFEXITED(status) ? sanitizer_summary(printed) : NULL;
    if (report) /* UBSan ends the process with exit(1), ASan may too */
        call_fails(c, "was stopped by %s\n(the sanitizer's full report is below)", report);
    if (WIFEXITED(status) && (strstr(printed, "runtime error:") || strstr(printed, "Sanitizer")))
        call_fails(c, "was stopped by the sanitizer: undefined behaviour or a memory error, "
                      "described below");
    if (WIFEXITED(status) && (strncmp(printed, "wb-launch:", 10) == 0 ||
                              strncmp(printed, "bwrap:", 6) == 0 ||
                              (nprinted == 0 && WEXITSTATUS(status) >= 125)))
        call_fails(c, "could not be started by the grader (exit status %d: the launcher or its "
                      "sandbox failed; not your fault, tell the instructor)", WEXITSTATUS(status));
    if (WIFEXITED(status))
        call_fails(c, "ended the whole program (exit status %d) instead of returning: exercise "
                      "code must not call exit()", WEXITSTATUS(status));
    call_fails(c, "stopped without an answer");
}

void rpc_get_scalar(RpcCall *c, void *p, size_t size) { rpc_msg_get(&c->rep, p, size); }

Tensor *rpc_get_tensor(RpcCall *c) {
    unsigned char kind = 3;
    rpc_msg_get(&c->rep, &kind, 1);
    if (kind == 0) return NULL;
    if (kind == 1) {
        uint64_t i = rpc_msg_get_u64(&c->rep);
        if (i < (uint64_t)c->ntensors) return c->tensors[i].t;
        c->rep.bad = 1;
        return NULL;
    }
    int32_t ndim = -1;
    rpc_msg_get(&c->rep, &ndim, sizeof ndim);
    size_t shape[TENSOR_MAX_DIMS] = {0}, size = 1;
    if (kind != 2 || ndim < 0 || ndim > TENSOR_MAX_DIMS) {
        c->rep.bad = 1;
        return NULL;
    }
    for (int i = 0; i < ndim; i++) {
        shape[i] = (size_t)rpc_msg_get_u64(&c->rep);
        if (shape[i] && size > RPC_MESSAGE_MAX / shape[i]) c->rep.bad = 1;
        else size *= shape[i];
    }
    uint64_t sent = rpc_msg_get_u64(&c->rep);
    const float *data = rpc_msg_view(&c->rep, (size_t)size * sizeof(float));
    if (c->rep.bad || sent != size || !data) {
        c->rep.bad = 1;
        return NULL;
    }
    return tensor_from_array(ndim, shape, data);
}

void rpc_call_end(RpcCall *c) {
    int bad = c->rep.bad || c->rep.pos != c->rep.len;
    if (bad) {
        reap_worker(0);
        call_fails(c, "sent back an answer the grader cannot read");
    }
    rpc_msg_free(&c->req);
    rpc_msg_free(&c->rep);
    free(c);
}
