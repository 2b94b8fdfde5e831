/* test_optim.c: SGD (with and without momentum and weight decay) and Adam,
 * three steps each on a fixed quadratic, against torch.optim; plus
 * zero_grad, the learning rate setter and skipped parameters.
 *
 * The quadratic f(p) = sum(a * (p - c)^2) has gradient 2 a (p - c);
 * tests/lib/data/nn_optim.tsv (gen_nn_reference.py) holds p0, a, c and
 * PyTorch's parameters after each step.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "optim.h"
#include "reference.h"

enum { NP = 6, STEPS = 3 };

/* Writes the quadratic's gradient 2 a (p - c) into p->grad, as backward would. */
static void quadratic_grad(Tensor *p, const Tensor *a, const Tensor *c) {
    float *g = tensor_grad(p);
    for (size_t i = 0; i < p->size; i++) g[i] = 2.0f * a->data[i] * (p->data[i] - c->data[i]);
}

typedef enum { RUN_SGD, RUN_SGD_PLAIN, RUN_ADAM } Run;

/* Three steps of the optimizer `run` (settings as in gen_nn_reference.py),
 * compared after each step with PyTorch's parameters `name`. */
static void check_run(Run run, const char *name) {
    RefTable *t = ref_table_load_or_fail("tests/lib/data/nn_optim.tsv");
    size_t n = NP, steps_shape[2] = {STEPS, NP};
    Tensor *p = ref_tensor(t, "quad_p0", 1, &n);
    Tensor *a = ref_tensor(t, "quad_a", 1, &n), *c = ref_tensor(t, "quad_c", 1, &n);
    Tensor *want = ref_tensor(t, name, 2, steps_shape);
    Optimizer *o = run == RUN_SGD         ? sgd_new(&p, 1, 0.1f, 0.9f, 1e-4f)
                   : run == RUN_SGD_PLAIN ? sgd_new(&p, 1, 0.1f, 0.0f, 0.0f)
                                          : adam_new(&p, 1, 0.1f, 0.9f, 0.999f, 1e-8f, 1e-4f);
    for (size_t step = 0; step < STEPS; step++) {
        optim_zero_grad(o);
        quadratic_grad(p, a, c);
        optim_step(o);
        Tensor *row = tensor_vector(NP, want->data + step * NP);
        char what[64];
        snprintf(what, sizeof what, "%s: p after step %zu", name, step + 1);
        ref_expect_close(what, p->data, row, 1e-6f, 1e-5f);
        tensor_free(row);
    }
    optim_free(o);
    tensor_free(p);
    tensor_free(a);
    tensor_free(c);
    tensor_free(want);
    ref_table_free(t);
}

Test(optim, sgd_momentum_weight_decay_matches_pytorch) { check_run(RUN_SGD, "sgd_p"); }
Test(optim, plain_sgd_matches_pytorch) { check_run(RUN_SGD_PLAIN, "sgd_plain_p"); }
Test(optim, adam_matches_pytorch) { check_run(RUN_ADAM, "adam_p"); }

Test(optim, adam_first_step_moves_every_coordinate_by_lr) {
    /* Bias correction makes Adam's first step m/sqrt(v) = g/|g|: each
     * coordinate moves by lr against its gradient's sign, whatever the scale. */
    float g[3] = {1e-3f, -50.0f, 7.0f};
    Tensor *p = tensor_vector(3, NULL);
    Optimizer *o = adam_new(&p, 1, 0.01f, 0.9f, 0.999f, 1e-8f, 0.0f);
    memcpy(tensor_grad(p), g, sizeof g);
    optim_step(o);
    for (int i = 0; i < 3; i++) {
        float want = g[i] > 0 ? -0.01f : 0.01f;
        cr_expect(fabsf(p->data[i] - want) <= 1e-6f,
                  "Adam step 1 with gradient %g from 0: p should be %g, got %g", (double)g[i],
                  (double)want, (double)p->data[i]);
    }
    optim_free(o);
    tensor_free(p);
}

Test(optim, zero_grad_set_lr_and_skipped_parameters) {
    Tensor *p = tensor_vector(2, NULL), *idle = tensor_vector(2, NULL);
    tensor_fill(p, 1.0f);
    tensor_fill(idle, 5.0f); /* never gets a gradient: grad stays NULL */
    Tensor *params[2] = {p, idle};
    Optimizer *o = sgd_new(params, 2, 0.5f, 0.0f, 0.0f);
    float *g = tensor_grad(p);
    g[0] = 1.0f;
    g[1] = -2.0f;
    optim_set_lr(o, 0.25f);
    cr_expect(optim_lr(o) == 0.25f, "optim_lr after optim_set_lr(0.25) gave %g",
              (double)optim_lr(o));
    optim_step(o);
    cr_expect(p->data[0] == 0.75f && p->data[1] == 1.5f,
              "SGD lr 0.25, p = (1, 1), grad (1, -2): p should be (0.75, 1.5), got (%g, %g)",
              (double)p->data[0], (double)p->data[1]);
    cr_expect(idle->grad == NULL && idle->data[0] == 5.0f,
              "a parameter without gradient must be skipped, got %g", (double)idle->data[0]);
    optim_zero_grad(o);
    cr_expect(p->grad[0] == 0.0f && p->grad[1] == 0.0f, "zero_grad left (%g, %g)",
              (double)p->grad[0], (double)p->grad[1]);
    optim_free(o);
    optim_free(NULL);
    tensor_free(p);
    tensor_free(idle);
}

Test(optim, negative_learning_rate_aborts, .signal = SIGABRT) {
    Tensor *p = tensor_vector(2, NULL);
    sgd_new(&p, 1, -0.1f, 0.0f, 0.0f);
}

Test(optim, adam_beta_of_one_aborts, .signal = SIGABRT) {
    Tensor *p = tensor_vector(2, NULL);
    adam_new(&p, 1, 0.1f, 1.0f, 0.999f, 1e-8f, 0.0f); /* bias correction would divide by 0 */
}
