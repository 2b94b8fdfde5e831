/* mlp.c: the MLP of mlp.h, a loop over linear_forward and tensor_activation.
 *
 * Memory: when autograd records, every intermediate is part of the output's
 * graph and autograd_free_graph frees it. When it does not (no-grad mode,
 * for evaluation), the intermediates are plain tensors nobody else refers
 * to, so the forward pass frees each one as soon as the next is computed.
 */
#include "mlp.h"

#include <stdlib.h>

#include "autograd.h"
#include "check.h"

struct Mlp {
    size_t nlayers;
    Linear **layers;  /* nlayers, layer i: sizes[i] -> sizes[i+1] */
    ActKind act;
    float act_param;
};

Mlp *mlp_new(const size_t *sizes, size_t nsizes, ActKind act, float act_param, Rng *rng) {
    CHECK(sizes != NULL && nsizes >= 2, "an MLP needs at least 2 sizes (one layer), got %zu",
          sizes ? nsizes : 0);
    (void)act_name(act); /* aborts on a kind outside the enum, here rather than in forward */
    Mlp *m = check_malloc(__func__, 1, sizeof *m);
    m->nlayers = nsizes - 1;
    m->layers = check_malloc(__func__, m->nlayers, sizeof *m->layers);
    m->act = act;
    m->act_param = act_param;
    for (size_t i = 0; i < m->nlayers; i++) m->layers[i] = linear_new(sizes[i], sizes[i + 1], rng);
    return m;
}

/* Returns next; frees cur if it was an unrecorded intermediate (not the
 * caller's input, not kept for the trace) that next does not refer to. */
static Tensor *advance(Tensor *cur, Tensor *next, const Tensor *input, bool keep_cur) {
    if (next->op == NULL && cur != input && !keep_cur) tensor_free(cur);
    return next;
}

Tensor *mlp_forward_trace(Mlp *m, Tensor *x, Tensor **hidden) {
    CHECK(m != NULL && x != NULL, "MLP or input is NULL (m %p, x %p)", (void *)m, (void *)x);
    size_t in = m->layers[0]->weight->shape[1];
    CHECK(x->ndim == 2 && x->shape[1] == in,
          "MLP with %zu inputs expects x of shape (B, %zu), got %s", in, in,
          tensor_shape_str(x).text);
    Tensor *h = x;
    for (size_t i = 0; i < m->nlayers; i++) {
        bool keep = hidden && i > 0; /* h is hidden[i-1] */
        h = advance(h, linear_forward(m->layers[i], h), x, keep);
        if (i + 1 < m->nlayers) {
            h = advance(h, tensor_activation(h, m->act, m->act_param), x, false);
            if (hidden) hidden[i] = h;
        }
    }
    return h;
}

Tensor *mlp_forward(Mlp *m, Tensor *x) { return mlp_forward_trace(m, x, NULL); }

void mlp_trace_free(Tensor *out, Tensor **hidden, size_t nhidden) {
    /* Unrecorded hidden tensors are leaves, which autograd_free_graph leaves
     * alone, yet the last of them can be an input of the graph (when the
     * first layers are frozen): count them while the graph is intact, free
     * them after it. They come first in the trace: once an activation is
     * recorded, every later one depends on it and is recorded too. */
    size_t leaves = 0;
    while (leaves < nhidden && (hidden[leaves] == NULL || hidden[leaves]->op == NULL)) leaves++;
    if (out && out->op == NULL) tensor_free(out);
    else autograd_free_graph(out);
    for (size_t i = 0; i < leaves; i++) tensor_free(hidden[i]);
}

size_t mlp_params(Mlp *m, Tensor **params, size_t max) {
    CHECK(m != NULL, "MLP is NULL");
    CHECK(params != NULL || max == 0, "params is NULL but max = %zu", max);
    size_t n = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        if (n < max) params[n] = m->layers[i]->weight;
        n++;
        if (n < max) params[n] = m->layers[i]->bias;
        n++;
    }
    return n;
}

Linear *mlp_layer(Mlp *m, size_t i) {
    CHECK(m != NULL, "MLP is NULL");
    CHECK(i < m->nlayers, "layer %zu out of range: the MLP has %zu layers", i, m->nlayers);
    return m->layers[i];
}

size_t mlp_nlayers(const Mlp *m) {
    CHECK(m != NULL, "MLP is NULL");
    return m->nlayers;
}

void mlp_free(Mlp *m) {
    if (!m) return;
    for (size_t i = 0; i < m->nlayers; i++) linear_free(m->layers[i]);
    free(m->layers);
    free(m);
}
