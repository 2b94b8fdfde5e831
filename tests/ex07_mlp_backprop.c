/* Graded tests of exercise 7, an MLP's forward and backward pass by hand
 * (exercises/ex07_mlp_backprop.h).
 *
 * Every value is compared with the library's own run of the same network
 * (tensor_linear, tensor_relu, tensor_cross_entropy and autograd; see
 * tests/support/ex07_check.h), on several shapes, batch size 1 included,
 * and the reference 128 -> 256 -> 256 -> 10 network. Independently of
 * autograd, the gradient checker (lib/gradcheck.h) compares the student's
 * backward pass with central differences of the student's own forward
 * pass. All inputs come from fixed seeds: nothing here is random from run
 * to run. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ex07_check.h"

/* The shapes the forward and backward tests try: batch, in, hidden1,
 * hidden2, out and the seed of the values. Batch size 1 and a network of
 * single units are among them. */
static const struct { size_t b, i, h1, h2, o; uint64_t seed; } SHAPES[] = {
    {4, 5, 7, 6, 3, 1}, {1, 3, 4, 5, 2, 2}, {1, 1, 1, 1, 1, 5}, {6, 2, 3, 3, 4, 3},
    {3, 8, 16, 8, 10, 4}};

/* Runs check (ex07_check_forward or ex07_check_backward) on every shape. */
static void check_all_shapes(size_t (*check)(const Ex07Case *, uint64_t)) {
    for (size_t k = 0; k < sizeof SHAPES / sizeof SHAPES[0]; k++) {
        Ex07Case c = ex07_case_new(SHAPES[k].b, SHAPES[k].i, SHAPES[k].h1, SHAPES[k].h2,
                                   SHAPES[k].o, SHAPES[k].seed);
        cr_expect_eq(check(&c, SHAPES[k].seed), 0);
        ex07_case_free(&c);
    }
}

EXERCISE_TEST(ex07, forward_matches_the_library) {
    check_all_shapes(ex07_check_forward);
}

EXERCISE_TEST(ex07, forward_is_stable_for_huge_logits) {
    /* W3 and b3 scaled by 1000: logits in the thousands, where a plain
     * exp overflows to inf and inf / inf gives NaN. */
    Ex07Case c = ex07_case_new(3, 4, 5, 6, 3, 17);
    size_t w3 = c.s.hidden1 * c.s.in + c.s.hidden1 + c.s.hidden2 * c.s.hidden1 + c.s.hidden2;
    for (size_t k = w3; k < c.nparams; k++) c.params[k] *= 1000.0f;
    cr_expect_eq(ex07_check_forward(&c, 17), 0, "logits scaled by 1000");
    cr_expect_eq(ex07_check_backward(&c, 17), 0, "logits scaled by 1000");
    ex07_case_free(&c);
}

EXERCISE_TEST(ex07, backward_matches_autograd) {
    check_all_shapes(ex07_check_backward);
}

EXERCISE_TEST(ex07, the_reference_network_128_256_256_10) {
    Ex07Case c = ex07_case_new(2, 128, 256, 256, 10, 7);
    cr_expect_eq(ex07_check_forward(&c, 7), 0);
    cr_expect_eq(ex07_check_backward(&c, 7), 0);
    ex07_case_free(&c);
}

EXERCISE_TEST(ex07, a_unit_at_exactly_zero_passes_no_gradient) {
    /* Hidden unit 0 of each layer has zero weights and a zero bias, so
     * z = 0 exactly for every example: ReLU'(0) = 0 (PyTorch's choice)
     * means its weights and bias get no gradient, and nothing flows back
     * through it. */
    Ex07Case c = ex07_case_new(4, 3, 4, 4, 3, 23);
    const Ex07Sizes *s = &c.s;
    float *w1 = c.params, *b1 = w1 + s->hidden1 * s->in, *w2 = b1 + s->hidden1;
    float *b2 = w2 + s->hidden2 * s->hidden1;
    memset(w1, 0, s->in * sizeof(float)); /* row 0 of W1 */
    b1[0] = 0.0f;
    memset(w2, 0, s->hidden1 * sizeof(float)); /* row 0 of W2 */
    b2[0] = 0.0f;
    cr_expect_eq(ex07_check_backward(&c, 23), 0, "units with z = 0 exactly");
    ex07_case_free(&c);
}

/* ---- the gradient checker on the student's functions -------------------- */

/* The student's forward and backward as one autograd op, so that
 * gradcheck can compare its gradient with finite differences of its own
 * loss. Inputs: params (a vector) and x. */
static const Ex07Case *current;

static void student_backward(Tensor *out) {
    const Ex07Sizes *s = &current->s;
    Tensor *params = out->inputs[0], *x = out->inputs[1];
    Ex07Run r = ex07_run_new(current);
    ex07_mlp_forward(s, params->data, x->data, current->labels, r.h1, r.h2, r.logits);
    ex07_mlp_backward(s, params->data, x->data, current->labels, r.h1, r.h2, r.logits, r.grads,
                      r.dx);
    float g = out->grad[0];
    float *gp = tensor_grad(params), *gx = tensor_grad(x);
    for (size_t k = 0; k < params->size; k++) gp[k] += g * r.grads[k];
    for (size_t k = 0; k < x->size; k++) gx[k] += g * r.dx[k];
    ex07_run_free(&r);
}

static const Op STUDENT_OP = {"ex07_student_mlp", student_backward};

static Tensor *student_loss(Tensor *const *in, void *ctx) {
    (void)ctx;
    Ex07Run r = ex07_run_new(current);
    float loss = ex07_mlp_forward(&current->s, in[0]->data, in[1]->data, current->labels, r.h1,
                                  r.h2, r.logits);
    ex07_run_free(&r);
    return autograd_record2(tensor_scalar(loss), &STUDENT_OP, in[0], in[1]);
}

static void gradcheck_case(size_t b, size_t i, size_t h1, size_t h2, size_t o, uint64_t seed) {
    Ex07Case c = ex07_case_new(b, i, h1, h2, o, seed);
    current = &c;
    /* A constant loss and zero gradients agree with each other too: the
     * check counts only on the real loss. */
    Ex07Run ref = ex07_reference(&c), mine = ex07_run_new(&c);
    mine.loss = ex07_mlp_forward(&c.s, c.params, c.x, c.labels, mine.h1, mine.h2, mine.logits);
    float want = ref.loss, got = mine.loss;
    ex07_run_free(&ref);
    ex07_run_free(&mine);
    cr_assert(fabsf(got - want) <= 1e-5f + 1e-4f * fabsf(want),
              "ex07_mlp_forward (%s) returned the loss %.7g; expected %.7g (the library's "
              "layers on the same parameters). The gradient check below compares your backward "
              "with your forward and counts only when the forward is right",
              ex07_describe(&c, seed), (double)got, (double)want);
    Tensor *params = tensor_vector(c.nparams, c.params);
    Tensor *x = tensor_matrix(b, i, c.x);
    Tensor *in[2] = {params, x};
    GradcheckResult r = gradcheck(student_loss, NULL, in, 2, 1e-3, 1e-3, 1e-2);
    cr_expect(r.ok, "gradcheck of your backward pass against finite differences of your forward "
              "pass (%s): %s %s: analytic (your backward) %.6g, numeric %.6g",
              ex07_describe(&c, seed), r.worst_input == 0 ? "parameter" : "input x",
              r.worst_input == 0 ? ex07_param_name(&c.s, r.worst_index) : "",
              r.analytic, r.numeric);
    tensor_free(params);
    tensor_free(x);
    ex07_case_free(&c);
}

EXERCISE_TEST(ex07, backward_passes_the_gradient_checker) {
    gradcheck_case(3, 4, 6, 5, 3, 31);
    gradcheck_case(1, 3, 5, 4, 4, 32);
    gradcheck_case(5, 2, 3, 3, 2, 33);
}
