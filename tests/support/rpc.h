/* rpc.h: how a graded test calls the student's code in another process.
 *
 * The grader never loads student code into the process that decides the
 * verdict. A test program (Criterion, the tests, the reference library) is
 * linked with a *proxy* for each exercise function; the student's code is
 * linked into a separate *worker* program that the first proxy call starts
 * under a seccomp filter (tools/grade/launch.c). A call is one request and
 * one reply over two pipes:
 *
 *   proxy (trusted)                         worker (student code, confined)
 *   ex01_relu_forward(out, x, 5)
 *     request: name, scalars, arrays  --->  arrays rebuilt, each ending at an
 *                                           unreadable page; the student's
 *                                           ex01_relu_forward(out, x, 5) runs
 *     out[] copied back               <---  reply: every array, the result
 *
 * The proxies and the worker's dispatch table are generated from
 * tests/calls/exNN_<topic>.calls by tools/grade/calls.py; both sides use the
 * helpers below, so the test bodies call exNN_* exactly as if the student's
 * code were linked in. The proxy trusts nothing in a reply: every length is
 * the one it expects, and a crash, a hang, an exit or a malformed reply
 * fails the test with a message that says what happened.
 *
 * File descriptors of the worker: 0 /dev/null, 1 and 2 its output (read by
 * the proxy and shown with a failure), 3 requests, 4 replies.
 */
#ifndef RPC_H
#define RPC_H

#include <stddef.h>
#include <stdint.h>

#include "tensor.h"

#define RPC_FD_REQUEST 3
#define RPC_FD_REPLY 4

/* Largest message either way: the MNIST arrays of a training exercise fit. */
#define RPC_MESSAGE_MAX ((size_t)1 << 30)

/* Reply kinds (the first byte of a reply). */
enum {
    RPC_RESULT = 'R', /* the call returned: outputs follow */
    RPC_TODO = 'T',   /* the stub's "not implemented yet": a message follows */
    RPC_CRASH = 'C',  /* a deadly signal: signo, then what the worker knows */
    RPC_HELLO = 'H',  /* the worker started (sent once, before any request) */
    RPC_FORBIDDEN = 'F', /* the code reached a library function that computes
                            the exercise's answer: its name follows */
};

/* Array and tensor directions, as written in a .calls file. */
enum { RPC_IN = 0, RPC_OUT = 1 };

/* A growable message buffer with a read cursor. */
typedef struct {
    unsigned char *data;
    size_t len, cap, pos;
    int bad; /* a read went past the end or a value was out of range */
} RpcMsg;

void rpc_msg_reset(RpcMsg *m);
void rpc_msg_free(RpcMsg *m);
void rpc_msg_put(RpcMsg *m, const void *p, size_t n);
void rpc_msg_put_u64(RpcMsg *m, uint64_t v);
void rpc_msg_put_str(RpcMsg *m, const char *s);
/* Reads n bytes into p (zero-fills and sets bad past the end). */
void rpc_msg_get(RpcMsg *m, void *p, size_t n);
uint64_t rpc_msg_get_u64(RpcMsg *m);
/* A pointer to the next n bytes inside the message, or NULL (and bad). */
const void *rpc_msg_view(RpcMsg *m, size_t n);
/* Copies a string of at most cap-1 bytes into buf. */
void rpc_msg_get_str(RpcMsg *m, char *buf, size_t cap);

/* Whole messages on a pipe: a u64 length, then the bytes. */
int rpc_write_all(int fd, const void *p, size_t n);
int rpc_read_all(int fd, void *p, size_t n);

/* ---- the proxy side (tests/support/rpc_client.c) ---------------------- */

/* How a call is shown in messages: "ex01_relu_forward(out, inp, n = 5)". */
void rpc_show_begin(char *buf, size_t cap, const char *function);
void rpc_show_name(char *buf, size_t cap, const char *text);
void rpc_show_number(char *buf, size_t cap, const char *name, double v, int is_float);
#define RPC_SHOW(buf, cap, name, v)                                                         \
    rpc_show_number(buf, cap, name, (double)(v),                                           \
                    _Generic((v), float: 1, double: 1, long double: 1, default: 0))

typedef struct RpcCall RpcCall;

/* Starts a call of `function`; `shown` describes it in messages, e.g.
 * "ex01_relu_forward(out, inp, n = 5)". seconds: how long it may take, or 0
 * for $WB_CALL_TIMEOUT (the larger of the two counts). */
RpcCall *rpc_call_begin(const char *function, const char *shown, int seconds);
void rpc_put_scalar(RpcCall *c, const void *p, size_t size);
/* An array argument of count elements of elem_size bytes; NULL is sent as
 * NULL. dir RPC_IN: the student must not change it; RPC_OUT: copied back.
 * An array inside an earlier one (in place: out == inp) arrives as the
 * same memory. */
void rpc_put_array(RpcCall *c, const char *name, const void *p, size_t elem_size, size_t count,
                   int dir);
/* From now on (on != 0), each array's copy in the worker starts at the same
 * address modulo 64 as the test's array, for tests of misaligned arrays;
 * it then ends up to 63 bytes before the unreadable page, and a write into
 * that gap fails the call. Off (the default): every copy ends flush
 * against the page, so any read past the end crashes. */
void rpc_keep_alignment(int on);
/* A tensor argument: shape, data and gradient (when it has one). dir as
 * above (RPC_OUT copies data and gradient back). */
void rpc_put_tensor(RpcCall *c, const char *name, const Tensor *t, int dir);
/* An autograd node: out (data, gradient) and its inputs; the inputs'
 * gradients are copied back (a backward rule adds into them). */
void rpc_put_node(RpcCall *c, const char *name, const Tensor *out);
/* Runs the call; returns only if the student's function returned. */
void rpc_call_run(RpcCall *c);
void rpc_get_scalar(RpcCall *c, void *p, size_t size);
/* A returned tensor: NULL, one of the tensor arguments, or a new tensor. */
Tensor *rpc_get_tensor(RpcCall *c);
void rpc_call_end(RpcCall *c);

/* ---- the worker side (tests/support/rpc_worker.c) --------------------- */

typedef struct RpcServe RpcServe;
typedef struct {
    const char *name;
    void (*serve)(RpcServe *s);
} RpcEntry;

/* The generated dispatch table, ended by {NULL, NULL}. */
extern const RpcEntry rpc_entries[];

/* The exercise's forbidden library functions (`forbid` in its .calls file)
 * are linked as stand-ins that call rpc_forbidden_call: it tells the test
 * which one was reached, and the worker ends. rpc_forbid_only (generated,
 * NULL-ended) lists the functions during which they are forbidden (empty:
 * always); rpc_forbid_active says whether one of those is running. */
_Noreturn void rpc_forbidden_call(const char *function);
extern const char *const rpc_forbid_only[];
extern unsigned char rpc_forbid_active;

void rpc_take_scalar(RpcServe *s, void *p, size_t size);
void *rpc_take_array(RpcServe *s, const char *name, size_t elem_size, size_t count, int dir);
Tensor *rpc_take_tensor(RpcServe *s, const char *name, int dir);
Tensor *rpc_take_node(RpcServe *s, const char *name);
/* Between taking the arguments and calling the student's function. */
void rpc_student_begin(RpcServe *s);
/* After it returned: every array and tensor goes back, then the result. */
void rpc_student_end(RpcServe *s);
void rpc_give_scalar(RpcServe *s, const void *p, size_t size);
void rpc_give_tensor(RpcServe *s, Tensor *t);

#endif
