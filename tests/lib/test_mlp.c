/* test_mlp.c: the MLP's structure (the reference 128-256-256-10 network),
 * its forward pass against the same layers applied by hand, gradients
 * through the whole stack, the hidden-activation trace used to count dead
 * units, memory in no-grad mode, and misuse.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>

#include "activations.h"
#include "autograd.h"
#include "gradcheck.h"
#include "linear.h"
#include "mlp.h"
#include "ops.h"
#include "rng.h"

Test(mlp, reference_network_structure) {
    Rng rng = rng_new(60);
    size_t sizes[4] = {128, 256, 256, 10};
    Mlp *m = mlp_new(sizes, 4, ACT_RELU, 0.0f, &rng);
    cr_expect_eq(mlp_nlayers(m), 3, "128-256-256-10 has 3 Linear layers, got %zu", mlp_nlayers(m));
    for (size_t i = 0; i < 3; i++) {
        Linear *l = mlp_layer(m, i);
        cr_expect(l->weight->shape[0] == sizes[i + 1] && l->weight->shape[1] == sizes[i],
                  "layer %zu weight should be (%zu, %zu), got %s", i, sizes[i + 1], sizes[i],
                  tensor_shape_str(l->weight).text);
    }
    Tensor *params[8] = {NULL};
    size_t n = mlp_params(m, params, 8);
    cr_expect_eq(n, 6, "3 layers have 6 parameter tensors (weight, bias each), got %zu", n);
    cr_expect_eq(mlp_params(m, NULL, 0), 6, "mlp_params(m, NULL, 0) should count 6");
    size_t scalars = 0;
    for (size_t i = 0; i < n; i++) {
        cr_expect(params[i] == (i % 2 ? mlp_layer(m, i / 2)->bias : mlp_layer(m, i / 2)->weight),
                  "params[%zu] should be layer %zu's %s", i, i / 2, i % 2 ? "bias" : "weight");
        scalars += params[i]->size;
    }
    /* 128*256 + 256 + 256*256 + 256 + 256*10 + 10 */
    cr_expect_eq(scalars, 101386, "128-256-256-10 has 101386 parameters, got %zu", scalars);
    mlp_free(m);
    mlp_free(NULL);
}

Test(mlp, forward_is_linear_act_linear_act_linear) {
    Rng rng = rng_new(61);
    size_t sizes[4] = {5, 7, 6, 3};
    Mlp *m = mlp_new(sizes, 4, ACT_LEAKY_RELU, 0.1f, &rng);
    for (size_t i = 0; i < 3; i++) rng_fill_normal(&rng, mlp_layer(m, i)->bias, 0.0f, 0.3f);
    Tensor *x = tensor_matrix(4, 5, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    bool was = autograd_set_enabled(false);
    Tensor *y = mlp_forward(m, x);
    /* by hand: no activation after the last layer */
    Tensor *z0 = linear_forward(mlp_layer(m, 0), x), *h0 = tensor_leaky_relu(z0, 0.1f);
    Tensor *z1 = linear_forward(mlp_layer(m, 1), h0), *h1 = tensor_leaky_relu(z1, 0.1f);
    Tensor *want = linear_forward(mlp_layer(m, 2), h1);
    autograd_set_enabled(was);
    cr_assert(tensor_same_shape(y, want), "x (4, 5) -> y should be %s, got %s",
              tensor_shape_str(want).text, tensor_shape_str(y).text);
    for (size_t i = 0; i < y->size; i++)
        cr_expect(y->data[i] == want->data[i], "element %zu: mlp_forward %g, layers by hand %g", i,
                  (double)y->data[i], (double)want->data[i]);
    Tensor *all[] = {y, z0, h0, z1, h1, want, x};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) tensor_free(all[i]);
    mlp_free(m);
}

/* ---- gradients through the stack -------------------------------------------- */

typedef struct {
    Mlp *m;
    Tensor *g;
} MlpCtx;

/* loss = sum(mlp(x) * g) with the MLP's six parameters swapped for the
 * inputs in[1..6], so gradcheck can perturb them. */
static Tensor *mlp_loss(Tensor *const *in, void *ctx) {
    MlpCtx *c = ctx;
    for (size_t i = 0; i < 3; i++) {
        mlp_layer(c->m, i)->weight = in[1 + 2 * i];
        mlp_layer(c->m, i)->bias = in[2 + 2 * i];
    }
    return tensor_sum(tensor_mul(mlp_forward(c->m, in[0]), c->g));
}

static void gradcheck_mlp(ActKind act, uint64_t seed) {
    Rng rng = rng_new(seed);
    size_t sizes[4] = {3, 5, 4, 2};
    Mlp *m = mlp_new(sizes, 4, act, 0.0f, &rng);
    Tensor *in[7];
    in[0] = tensor_matrix(6, 3, NULL);
    rng_fill_normal(&rng, in[0], 0.0f, 1.0f);
    for (size_t i = 0; i < 3; i++) { /* take the parameters out: gradcheck owns its inputs */
        Linear *l = mlp_layer(m, i);
        in[1 + 2 * i] = l->weight;
        in[2 + 2 * i] = l->bias;
        rng_fill_normal(&rng, l->bias, 0.0f, 0.3f);
    }
    Tensor *g = tensor_matrix(6, 2, NULL);
    rng_fill_normal(&rng, g, 0.0f, 1.0f);
    MlpCtx ctx = {m, g};
    GradcheckResult r = gradcheck(mlp_loss, &ctx, in, 7, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "MLP 3-5-4-2 with %s: input %d (0 = x, then W0, b0, W1, ...) index %zu: "
              "autograd %g, finite differences %g", act_name(act), r.worst_input, r.worst_index,
              r.analytic, r.numeric);
    tensor_free(in[0]);
    tensor_free(g);
    mlp_free(m); /* frees the parameters, which are in[1..6] */
}

Test(mlp, gradients_match_finite_differences) {
    gradcheck_mlp(ACT_RELU, 62);
    gradcheck_mlp(ACT_TANH, 63);
    gradcheck_mlp(ACT_SIGMOID, 64);
}

/* ---- the trace of hidden activations ------------------------------------------ */

Test(mlp, trace_exposes_hidden_activations_and_counts_dead_units) {
    Rng rng = rng_new(65);
    size_t sizes[4] = {4, 8, 6, 2};
    Mlp *m = mlp_new(sizes, 4, ACT_RELU, 0.0f, &rng);
    /* Kill 3 units of the first hidden layer: a bias of -100 keeps their
     * pre-activation negative for any input of this size. */
    for (size_t j = 0; j < 3; j++) mlp_layer(m, 0)->bias->data[j] = -100.0f;
    Tensor *x = tensor_matrix(10, 4, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);

    for (int recording = 0; recording <= 1; recording++) {
        bool was = autograd_set_enabled(recording);
        Tensor *hidden[2] = {NULL, NULL};
        Tensor *y = mlp_forward_trace(m, x, hidden);
        autograd_set_enabled(was);
        cr_assert(hidden[0] && hidden[1], "both hidden activations must be set");
        cr_expect(hidden[0]->shape[0] == 10 && hidden[0]->shape[1] == 8 &&
                      hidden[1]->shape[1] == 6, "hidden shapes should be (10, 8) and (10, 6), "
                  "got %s and %s", tensor_shape_str(hidden[0]).text,
                  tensor_shape_str(hidden[1]).text);
        size_t dead = 0; /* zero on every example */
        for (size_t j = 0; j < 8; j++) {
            bool alive = false;
            for (size_t i = 0; i < 10; i++) alive = alive || hidden[0]->data[i * 8 + j] > 0.0f;
            dead += !alive;
        }
        cr_expect_eq(dead, 3, "%s: 3 units with bias -100 are dead, counted %zu",
                     recording ? "recording" : "no-grad", dead);
        if (recording) { /* the trace holds the graph's tensors: they get gradients */
            Tensor *loss = tensor_sum(y);
            autograd_backward(loss);
            cr_assert(hidden[1]->grad != NULL, "after backward, hidden[1]->grad should be set");
            /* y = h1 W2^T + b2 and loss = sum(y): dloss/dh1[i, j] = sum_k W2[k, j] */
            const Tensor *w2 = mlp_layer(m, 2)->weight;
            for (size_t j = 0; j < 6; j++) {
                float want = w2->data[j] + w2->data[6 + j];
                cr_expect(fabsf(hidden[1]->grad[j] - want) <= 1e-6f,
                          "dloss/dhidden1[0, %zu] should be W2[0, %zu] + W2[1, %zu] = %g, got %g",
                          j, j, j, (double)want, (double)hidden[1]->grad[j]);
            }
            mlp_trace_free(loss, hidden, 2);
        } else {
            mlp_trace_free(y, hidden, 2); /* the sanitizer build's leak report shows leftovers */
        }
    }
    tensor_free(x);
    mlp_free(m);
}

Test(mlp, trace_with_a_frozen_first_layer_frees_everything) {
    /* Layer 0 frozen and x constant: hidden[0] is computed unrecorded (a
     * leaf), and it is an input of the recorded rest of the network.
     * mlp_trace_free must free the graph before that leaf, and both (the
     * sanitizer build reports a leak or a use after free otherwise). */
    Rng rng = rng_new(70);
    size_t sizes[4] = {3, 5, 4, 2};
    Mlp *m = mlp_new(sizes, 4, ACT_RELU, 0.0f, &rng);
    mlp_layer(m, 0)->weight->requires_grad = false;
    mlp_layer(m, 0)->bias->requires_grad = false;
    Tensor *x = tensor_matrix(6, 3, NULL);
    rng_fill_normal(&rng, x, 0.0f, 1.0f);
    Tensor *hidden[2] = {NULL, NULL};
    Tensor *loss = tensor_sum(mlp_forward_trace(m, x, hidden));
    cr_assert(hidden[0] && hidden[1], "both hidden activations must be set");
    cr_expect(hidden[0]->op == NULL && hidden[1]->op != NULL,
              "layer 0 frozen: hidden[0] should be unrecorded (op %s), hidden[1] recorded (op %s)",
              hidden[0]->op ? "set" : "NULL", hidden[1]->op ? "set" : "NULL");
    autograd_backward(loss);
    cr_expect(mlp_layer(m, 0)->weight->grad == NULL && mlp_layer(m, 1)->weight->grad != NULL,
              "only the trained layers get gradients: layer 0 W.grad %p, layer 1 W.grad %p",
              (void *)mlp_layer(m, 0)->weight->grad, (void *)mlp_layer(m, 1)->weight->grad);
    mlp_trace_free(loss, hidden, 2);
    tensor_free(x);
    mlp_free(m);
}

Test(mlp, no_grad_forward_frees_its_intermediates) {
    /* The intermediates are freed on the way (the sanitizer build's leak
     * report would list any left behind); what a test can check is that the
     * output is a plain tensor, which tensor_free alone releases. */
    Rng rng = rng_new(66);
    size_t sizes[5] = {3, 4, 4, 4, 2};
    Mlp *m = mlp_new(sizes, 5, ACT_RELU, 0.0f, &rng);
    Tensor *x = tensor_matrix(2, 3, NULL);
    bool was = autograd_set_enabled(false);
    Tensor *y = mlp_forward(m, x);
    autograd_set_enabled(was);
    cr_expect(y->op == NULL, "no-grad forward must not record");
    tensor_free(y);
    tensor_free(x);
    mlp_free(m);
}

/* ---- misuse -------------------------------------------------------------------- */

Test(mlp, wrong_input_width_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(67);
    size_t sizes[3] = {128, 256, 10};
    Mlp *m = mlp_new(sizes, 3, ACT_RELU, 0.0f, &rng);
    mlp_forward(m, tensor_matrix(2, 100, NULL));
}

Test(mlp, single_size_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(68);
    size_t sizes[1] = {4};
    mlp_new(sizes, 1, ACT_RELU, 0.0f, &rng);
}

Test(mlp, layer_out_of_range_aborts, .signal = SIGABRT) {
    Rng rng = rng_new(69);
    size_t sizes[3] = {2, 3, 1};
    mlp_layer(mlp_new(sizes, 3, ACT_RELU, 0.0f, &rng), 2);
}
