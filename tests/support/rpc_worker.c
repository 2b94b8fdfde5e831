/* rpc_worker.c: the program that runs the student's code (see rpc.h).
 *
 * It reads a request, rebuilds the arguments, calls the student's function
 * through the generated dispatch table, and sends every array back. It
 * holds nothing secret and decides nothing: the test program compares what
 * comes back with the reference. tools/grade/launch.c starts it under a
 * seccomp filter, so the student's code can compute, allocate memory and
 * print, and nothing else.
 *
 * Every array lives in its own mapping, placed so that its last element
 * ends where an unreadable page begins (and another one guards the page
 * before it): a read or write past the end crashes at once, in every build,
 * and the crash report names the array and how far past its end it went.
 * Memory the student frees is filled with a pattern (glibc's perturb
 * option), so a use after free reads garbage instead of the old values.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, mallopt's M_PERTURB */
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "autograd.h"
#include "exercise.h"
#include "rpc.h"

#define MAX_ARRAYS 64
#define CANARY 0xA5

typedef struct {
    const char *name;
    unsigned char *data; /* NULL for a NULL argument */
    size_t bytes, elem_size;
    int dir;        /* RPC_IN or RPC_OUT (an OUT alias makes its base OUT) */
    int alias_of;   /* -1, or the index of the array it lies inside */
    unsigned char *map, *copy; /* the mapping; a copy of an input */
    size_t map_len, slack;     /* bytes of canary before data */
    size_t tail;               /* bytes of canary after data (0: flush) */
} Array;

typedef struct {
    Tensor *t;
    int dir;
    float *sent_grad; /* the gradient array that came with it (or NULL) */
} TensorArg;

struct RpcServe {
    RpcMsg req, rep;
    Array arrays[MAX_ARRAYS];
    int narrays;
    TensorArg tensors[MAX_ARRAYS]; /* tensor arguments and node inputs, in order */
    int ntensors;
};

static RpcServe serve_state;
static size_t page_size;

static void fail_request(const char *why) {
    fprintf(stderr, "grader worker: %s\n", why);
    _exit(3);
}

/* ---- memory ----------------------------------------------------------- */

/* align: -1 for an array flush against the page after it; otherwise the
 * array starts at this address modulo 64 (as in the test's own memory),
 * with less than 64 bytes of canary between its end and that page. */
static unsigned char *guarded_alloc(Array *a, int align) {
    size_t room = align < 0 ? a->bytes : a->bytes + 63;
    size_t span = (room + page_size - 1) / page_size * page_size;
    if (span == 0) span = page_size;
    a->map_len = span + 2 * page_size;
    a->map = mmap(NULL, a->map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a->map == MAP_FAILED) fail_request("out of memory for the arguments");
    if (mprotect(a->map + page_size, span, PROT_READ | PROT_WRITE) != 0)
        fail_request("cannot map the arguments");
    a->tail = align < 0 ? 0 : (span - a->bytes - (size_t)align) % 64;
    a->slack = span - a->bytes - a->tail;
    memset(a->map + page_size, CANARY, a->slack);
    memset(a->map + page_size + span - a->tail, CANARY, a->tail);
    return a->map + page_size + a->slack;
}

static Array *new_array(RpcServe *s, const char *name) {
    if (s->narrays == MAX_ARRAYS) fail_request("too many arrays in one call");
    Array *a = &s->arrays[s->narrays++];
    memset(a, 0, sizeof *a);
    a->name = name;
    a->alias_of = -1;
    return a;
}

/* ---- taking the arguments --------------------------------------------- */

void rpc_take_scalar(RpcServe *s, void *p, size_t size) { rpc_msg_get(&s->req, p, size); }

void *rpc_take_array(RpcServe *s, const char *name, size_t elem_size, size_t count, int dir) {
    Array *a = new_array(s, name);
    a->elem_size = elem_size;
    a->dir = dir;
    unsigned char kind = 0;
    rpc_msg_get(&s->req, &kind, 1);
    if (kind == 0) return NULL;
    if (count > RPC_MESSAGE_MAX / (elem_size ? elem_size : 1)) fail_request("array too large");
    a->bytes = elem_size * count;
    if (kind == 2) { /* inside an earlier array: same memory */
        uint64_t base = rpc_msg_get_u64(&s->req), off = rpc_msg_get_u64(&s->req);
        if (base >= (uint64_t)(s->narrays - 1) || !s->arrays[base].data ||
            off + a->bytes > s->arrays[base].bytes)
            fail_request("bad alias");
        a->alias_of = (int)base;
        a->data = s->arrays[base].data + off;
        if (dir == RPC_OUT) s->arrays[base].dir = RPC_OUT;
        return a->data;
    }
    int align = kind == 3 ? (int)(rpc_msg_get_u64(&s->req) % 64) : -1;
    a->data = guarded_alloc(a, align);
    rpc_msg_get(&s->req, a->data, a->bytes);
    return a->data;
}

static float *take_floats(RpcServe *s, const char *name, size_t n, int dir) {
    return rpc_take_array(s, name, sizeof(float), n, dir);
}

/* A tensor made by hand around guarded arrays (never tensor_free'd: the
 * mappings are unmapped after the reply). */
static Tensor *take_tensor_body(RpcServe *s, const char *name, int dir) {
    Tensor *t = calloc(1, sizeof *t);
    if (!t) fail_request("out of memory");
    int32_t ndim = 0;
    rpc_msg_get(&s->req, &ndim, sizeof ndim);
    if (ndim < 0 || ndim > TENSOR_MAX_DIMS) fail_request("bad tensor");
    t->ndim = ndim;
    t->size = 1;
    for (int i = 0; i < ndim; i++) {
        t->shape[i] = (size_t)rpc_msg_get_u64(&s->req);
        t->size *= t->shape[i];
    }
    unsigned char flags = 0;
    rpc_msg_get(&s->req, &flags, 1);
    t->requires_grad = flags & 1;
    t->data = take_floats(s, name, t->size, dir);
    t->grad = take_floats(s, name, t->size, dir);
    if (s->ntensors == MAX_ARRAYS) fail_request("too many tensors in one call");
    s->tensors[s->ntensors++] = (TensorArg){t, dir, t->grad};
    return t;
}

Tensor *rpc_take_tensor(RpcServe *s, const char *name, int dir) {
    unsigned char present = 0;
    rpc_msg_get(&s->req, &present, 1);
    return present ? take_tensor_body(s, name, dir) : NULL;
}

/* Stands for the op the test recorded; its backward is never called here. */
static void node_backward_unused(Tensor *out) { (void)out; }
static const Op node_op = {"node", node_backward_unused};

Tensor *rpc_take_node(RpcServe *s, const char *name) {
    Tensor *out = take_tensor_body(s, name, RPC_IN);
    int32_t n = 0;
    rpc_msg_get(&s->req, &n, sizeof n);
    if (n < 0 || n > 3) fail_request("bad node");
    out->op = &node_op;
    out->ninputs = n;
    for (int i = 0; i < n; i++) out->inputs[i] = take_tensor_body(s, "an input's", RPC_OUT);
    return out;
}

/* ---- calling and replying --------------------------------------------- */

void rpc_student_begin(RpcServe *s) {
    if (s->req.bad || s->req.pos != s->req.len) fail_request("malformed request");
    for (int i = 0; i < s->narrays; i++) {
        Array *a = &s->arrays[i];
        if (a->data && a->alias_of < 0 && a->dir == RPC_IN) {
            a->copy = malloc(a->bytes ? a->bytes : 1);
            if (!a->copy) fail_request("out of memory");
            memcpy(a->copy, a->data, a->bytes);
        }
    }
    rpc_msg_reset(&s->rep);
    unsigned char kind = RPC_RESULT;
    rpc_msg_put(&s->rep, &kind, 1);
}

/* Per array: 0 and the bytes (an output), 0 (an unchanged input), 1 and
 * the first changed element (a changed input), 2 and how many bytes before
 * its start were overwritten, 3 and how far past its end a byte was
 * overwritten. Aliases send nothing: their base does. */
void rpc_student_end(RpcServe *s) {
    for (int i = 0; i < s->narrays; i++) {
        Array *a = &s->arrays[i];
        if (!a->data || a->alias_of >= 0) continue;
        size_t before = 0;
        while (before < a->slack && a->map[page_size + a->slack - 1 - before] == CANARY) before++;
        unsigned char status = before < a->slack ? 2 : 0;
        size_t after = a->tail;
        while (after > 0 && a->data[a->bytes + after - 1] == CANARY) after--;
        if (!status && after) status = 3;
        size_t changed = a->bytes;
        if (!status && a->copy) {
            for (size_t k = 0; k < a->bytes; k++)
                if (a->copy[k] != a->data[k]) {
                    changed = k;
                    break;
                }
            if (changed < a->bytes) status = 1;
        }
        rpc_msg_put(&s->rep, &status, 1);
        if (status == 1) rpc_msg_put_u64(&s->rep, changed / a->elem_size);
        if (status == 2) rpc_msg_put_u64(&s->rep, a->slack - before);
        if (status == 3) rpc_msg_put_u64(&s->rep, after);
        if (status == 0 && a->dir == RPC_OUT) rpc_msg_put(&s->rep, a->data, a->bytes);
    }
    /* Output tensors whose gradient the student's code allocated (through
     * tensor_grad): that gradient follows. 0: none, 1: the one sent. */
    for (int i = 0; i < s->ntensors; i++) {
        TensorArg *ta = &s->tensors[i];
        if (ta->dir != RPC_OUT) continue;
        unsigned char kind = !ta->t->grad ? 0 : ta->t->grad == ta->sent_grad ? 1 : 2;
        rpc_msg_put(&s->rep, &kind, 1);
        if (kind == 2) rpc_msg_put(&s->rep, ta->t->grad, ta->t->size * sizeof(float));
    }
}

void rpc_give_scalar(RpcServe *s, const void *p, size_t size) { rpc_msg_put(&s->rep, p, size); }

/* 0: NULL; 1 and an index: one of the tensor arguments; 2: a new tensor. */
void rpc_give_tensor(RpcServe *s, Tensor *t) {
    unsigned char kind = t ? 2 : 0;
    for (int i = 0; t && i < s->ntensors; i++)
        if (s->tensors[i].t == t) {
            kind = 1;
            rpc_msg_put(&s->rep, &kind, 1);
            rpc_msg_put_u64(&s->rep, (uint64_t)i);
            return;
        }
    rpc_msg_put(&s->rep, &kind, 1);
    if (!t) return;
    int32_t ndim = t->ndim;
    rpc_msg_put(&s->rep, &ndim, sizeof ndim);
    for (int i = 0; i < t->ndim && i < TENSOR_MAX_DIMS; i++) rpc_msg_put_u64(&s->rep, t->shape[i]);
    rpc_msg_put_u64(&s->rep, t->size);
    rpc_msg_put(&s->rep, t->data, t->data ? t->size * sizeof(float) : 0);
}

static void send_reply(RpcMsg *m) {
    uint64_t n = m->len;
    if (m->bad) fail_request("reply too large");
    if (rpc_write_all(RPC_FD_REPLY, &n, sizeof n) || rpc_write_all(RPC_FD_REPLY, m->data, m->len))
        _exit(4);
}

static void release_arguments(RpcServe *s) {
    for (int i = 0; i < s->narrays; i++) {
        Array *a = &s->arrays[i];
        if (a->map) munmap(a->map, a->map_len);
        free(a->copy);
    }
    for (int i = 0; i < s->ntensors; i++) {
        TensorArg *ta = &s->tensors[i];
        if (ta->t->grad != ta->sent_grad) free(ta->t->grad); /* from tensor_grad */
        free(ta->t);
    }
    s->narrays = s->ntensors = 0;
}

/* ---- crashes and unfinished stubs ------------------------------------- */

static void send_simple(unsigned char kind, int32_t signo, const char *text) {
    /* No malloc here: this runs in signal handlers. */
    static unsigned char buf[1024];
    size_t len = strlen(text), n = 0;
    if (len > sizeof buf - 32) len = sizeof buf - 32;
    uint64_t body = 1 + sizeof signo + 8 + len;
    memcpy(buf, &body, 8);
    buf[8] = kind;
    memcpy(buf + 9, &signo, sizeof signo);
    uint64_t l = len;
    memcpy(buf + 9 + sizeof signo, &l, 8);
    memcpy(buf + 17 + sizeof signo, text, len);
    n = 17 + sizeof signo + len;
    rpc_write_all(RPC_FD_REPLY, buf, n);
}

static void describe_address(char *out, size_t cap, const void *addr) {
    const unsigned char *p = addr;
    RpcServe *s = &serve_state;
    for (int i = 0; i < s->narrays; i++) {
        Array *a = &s->arrays[i];
        if (!a->map) continue;
        const unsigned char *end = a->data + a->bytes;
        size_t elem = a->elem_size ? a->elem_size : 1;
        if (p >= end && p < a->map + a->map_len) {
            size_t count = a->bytes / elem, past = (size_t)(p - end);
            if (count == 0)
                snprintf(out, cap, "the address is %zu bytes past the end of %s, which has no "
                         "elements at all (its length is 0)", past, a->name);
            else
                snprintf(out, cap, "the address is %zu bytes past the end of %s (element %zu of "
                         "an array of %zu: the last valid index is %zu)", past, a->name,
                         count + past / elem, count, count - 1);
            return;
        }
        if (p >= a->map && p < a->data) {
            snprintf(out, cap, "the address is %zu bytes before the start of %s",
                     (size_t)(a->data - p), a->name);
            return;
        }
    }
    if ((uintptr_t)p < 65536)
        snprintf(out, cap, "the address is %lu: a NULL pointer (or NULL plus an index)",
                 (unsigned long)(uintptr_t)p);
    else
        snprintf(out, cap, "the address %p is not in any array the test passed", addr);
}

/* Where the crash happened, for the grader to turn into a file and line
 * (addr2line on this program, which is built with -g). */
static uintptr_t crash_pc(void *ctx) {
    const ucontext_t *uc = ctx;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}

/* The worker's ELF header, where the program was loaded: a PIE worker's
 * code addresses are shown relative to it, as addr2line reads them. */
extern const char __ehdr_start[];

/* ---- checks: which function's CHECK stopped the program ---------------
 * A misuse test passes only when the called function's own check fired
 * (rpc_client.c): the worker is linked with -Wl,--wrap for check_fail and
 * the check_* helpers (whose failures call check_fail inside check.c, where
 * --wrap does not reach), so the crash record can say "[check NAME]". */
static char check_func[128];

static void note_check(const char *func) {
    if (!check_func[0]) snprintf(check_func, sizeof check_func, "%s", func ? func : "?");
}

void __wrap_check_fail(const char *func, const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));
_Noreturn void __real_check_fail(const char *func, const char *file, int line, const char *fmt,
                                 ...);
void __wrap_check_fail(const char *func, const char *file, int line, const char *fmt, ...) {
    note_check(func);
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    __real_check_fail(func, file, line, "%s", message);
}

/* The helpers' own failures: the name is noted before, forgotten after. */
size_t __real_check_mul(const char *func, size_t a, size_t b);
void *__real_check_malloc(const char *func, size_t count, size_t size);
void *__real_check_calloc(const char *func, size_t count, size_t size);
void *__real_check_realloc(const char *func, void *p, size_t count, size_t size);
size_t __wrap_check_mul(const char *func, size_t a, size_t b);
void *__wrap_check_malloc(const char *func, size_t count, size_t size);
void *__wrap_check_calloc(const char *func, size_t count, size_t size);
void *__wrap_check_realloc(const char *func, void *p, size_t count, size_t size);
#define NOTED(call) (note_check(func), tmp = (call), check_func[0] = '\0', tmp)
size_t __wrap_check_mul(const char *func, size_t a, size_t b) {
    size_t tmp;
    return NOTED(__real_check_mul(func, a, b));
}
void *__wrap_check_malloc(const char *func, size_t count, size_t size) {
    void *tmp;
    return NOTED(__real_check_malloc(func, count, size));
}
void *__wrap_check_calloc(const char *func, size_t count, size_t size) {
    void *tmp;
    return NOTED(__real_check_calloc(func, count, size));
}
void *__wrap_check_realloc(const char *func, void *p, size_t count, size_t size) {
    void *tmp;
    return NOTED(__real_check_realloc(func, p, count, size));
}

static void on_crash(int signo, siginfo_t *info, void *ctx) {
    char text[512] = "";
    if (signo == SIGABRT && check_func[0])
        snprintf(text, sizeof text, "[check %s]", check_func);
    if (signo == SIGSEGV || signo == SIGBUS) describe_address(text, sizeof text, info->si_addr);
    uintptr_t pc = crash_pc(ctx);
    if (pc > (uintptr_t)__ehdr_start) pc -= (uintptr_t)__ehdr_start;
    size_t used = strlen(text);
    if (pc && used + 40 < sizeof text)
        snprintf(text + used, sizeof text - used, "%s[pc 0x%lx]", used ? "\n" : "",
                 (unsigned long)pc);
    fflush(stdout);
    send_simple(RPC_CRASH, signo, text);
    signal(signo, SIG_DFL);
    raise(signo);
}

/* AddressSanitizer reports memory errors itself: then only aborts are caught
 * here (for the check's name). */
static void catch_crashes(int abort_only) {
    static char alt_stack[1 << 16];
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    const int deadly[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
    for (size_t i = 0; i < (abort_only ? 1 : sizeof deadly / sizeof deadly[0]); i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_crash;
        sa.sa_flags = (int)(SA_SIGINFO | SA_ONSTACK | SA_RESETHAND);
        sigemptyset(&sa.sa_mask);
        sigaction(deadly[i], &sa, NULL);
    }
}

static _Noreturn void on_todo(const char *message) {
    fflush(stdout);
    send_simple(RPC_TODO, 0, message);
    _exit(0);
}

unsigned char rpc_forbid_active = 1;

_Noreturn void rpc_forbidden_call(const char *function) {
    fflush(stdout);
    send_simple(RPC_FORBIDDEN, 0, function);
    _exit(0);
}

/* Whether the forbidden functions are forbidden while `name` runs. */
static unsigned char forbidden_during(const char *name) {
    if (!rpc_forbid_only[0]) return 1;
    for (const char *const *f = rpc_forbid_only; *f; f++)
        if (strcmp(*f, name) == 0) return 1;
    return 0;
}

int main(void) {
    page_size = (size_t)sysconf(_SC_PAGESIZE);
#ifdef M_PERTURB
    mallopt(M_PERTURB, 0x5a);
#endif
    setvbuf(stdout, NULL, _IOLBF, 0);
    exercise_set_todo_handler(on_todo);
#ifdef __SANITIZE_ADDRESS__ /* its own reports say more */
    catch_crashes(1);
#else
    catch_crashes(0);
#endif
    /* Started (the student's constructors, if any, have run): say so. */
    unsigned char hello[9] = {1, 0, 0, 0, 0, 0, 0, 0, RPC_HELLO};
    if (rpc_write_all(RPC_FD_REPLY, hello, sizeof hello)) return 0;
    RpcServe *s = &serve_state;
    for (;;) {
        uint64_t len;
        if (rpc_read_all(RPC_FD_REQUEST, &len, sizeof len)) return 0; /* the test ended */
        if (len > RPC_MESSAGE_MAX) fail_request("request too large");
        rpc_msg_reset(&s->req);
        rpc_msg_put(&s->req, NULL, 0);
        if (s->req.cap < len) {
            free(s->req.data);
            s->req.data = malloc(len ? len : 1);
            s->req.cap = len;
            if (!s->req.data) fail_request("out of memory for the request");
        }
        if (rpc_read_all(RPC_FD_REQUEST, s->req.data, len)) return 0;
        s->req.len = len;
        char name[128];
        rpc_msg_get_str(&s->req, name, sizeof name);
        const RpcEntry *e = rpc_entries;
        while (e->name && strcmp(e->name, name) != 0) e++;
        if (!e->name) fail_request("unknown function");
        rpc_forbid_active = forbidden_during(e->name);
        e->serve(s);
        fflush(stdout);
        fflush(stderr);
        send_reply(&s->rep);
        release_arguments(s);
    }
}
