/* rpc.c: the message buffer and pipe I/O shared by proxy and worker (rpc.h). */
#include "rpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rpc_msg_reset(RpcMsg *m) {
    m->len = m->pos = 0;
    m->bad = 0;
}

void rpc_msg_free(RpcMsg *m) {
    free(m->data);
    memset(m, 0, sizeof *m);
}

void rpc_msg_put(RpcMsg *m, const void *p, size_t n) {
    if (m->bad || n > RPC_MESSAGE_MAX - m->len) {
        m->bad = 1;
        return;
    }
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap < m->len + n) cap *= 2;
        unsigned char *d = realloc(m->data, cap);
        if (!d) {
            m->bad = 1;
            return;
        }
        m->data = d;
        m->cap = cap;
    }
    if (n) memcpy(m->data + m->len, p, n);
    m->len += n;
}

void rpc_msg_put_u64(RpcMsg *m, uint64_t v) { rpc_msg_put(m, &v, sizeof v); }

void rpc_msg_put_str(RpcMsg *m, const char *s) {
    size_t n = s ? strlen(s) : 0;
    rpc_msg_put_u64(m, n);
    rpc_msg_put(m, s, n);
}

const void *rpc_msg_view(RpcMsg *m, size_t n) {
    if (m->bad || n > m->len - m->pos) {
        m->bad = 1;
        return NULL;
    }
    const void *p = m->data + m->pos;
    m->pos += n;
    return p;
}

void rpc_msg_get(RpcMsg *m, void *p, size_t n) {
    const void *src = rpc_msg_view(m, n);
    if (src && n)
        memcpy(p, src, n);
    else if (!src && n)
        memset(p, 0, n);
}

uint64_t rpc_msg_get_u64(RpcMsg *m) {
    uint64_t v = 0;
    rpc_msg_get(m, &v, sizeof v);
    return v;
}

void rpc_msg_get_str(RpcMsg *m, char *buf, size_t cap) {
    uint64_t n = rpc_msg_get_u64(m);
    const char *s = rpc_msg_view(m, (size_t)n);
    size_t k = s ? (n < cap - 1 ? (size_t)n : cap - 1) : 0;
    if (k) memcpy(buf, s, k);
    buf[k] = '\0';
}

int rpc_write_all(int fd, const void *p, size_t n) {
    const char *b = p;
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

int rpc_read_all(int fd, void *p, size_t n) {
    char *b = p;
    while (n > 0) {
        ssize_t r = read(fd, b, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        b += r;
        n -= (size_t)r;
    }
    return 0;
}

void rpc_show_begin(char *buf, size_t cap, const char *function) {
    snprintf(buf, cap, "%s(", function);
}

void rpc_show_name(char *buf, size_t cap, const char *text) {
    size_t used = strlen(buf);
    if (used < cap) snprintf(buf + used, cap - used, "%s", text);
}

void rpc_show_number(char *buf, size_t cap, const char *name, double v, int is_float) {
    size_t used = strlen(buf);
    if (used < cap) snprintf(buf + used, cap - used, is_float ? "%s = %g" : "%s = %.0f", name, v);
}
