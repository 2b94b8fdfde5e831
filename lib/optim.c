/* optim.c: SGD and Adam, one loop over each parameter's elements.
 *
 * The state (SGD's momentum buffer, Adam's m and v) is one float array per
 * parameter, allocated on the parameter's first step; the step counter is
 * per parameter too, as in PyTorch, so a parameter that received no
 * gradient for a while gets its bias correction right.
 */
#include "optim.h"

#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "simd.h"

typedef enum { OPTIM_SGD, OPTIM_ADAM } OptimKind;

struct Optimizer {
    OptimKind kind;
    Tensor **params;  /* n borrowed parameters */
    size_t n;
    float lr, weight_decay;
    float momentum;           /* SGD */
    float beta1, beta2, eps;  /* Adam */
    float **state1;   /* per parameter: SGD momentum buffer, Adam m (NULL before step 1) */
    float **state2;   /* per parameter: Adam v */
    long *steps;      /* per parameter: steps taken */
};

static Optimizer *optim_new(const char *func, OptimKind kind, Tensor *const *params, size_t n,
                            float lr, float weight_decay) {
    if (!params && n > 0) check_fail(func, __FILE__, __LINE__, "params is NULL but n = %zu", n);
    for (size_t i = 0; i < n; i++)
        if (!params[i]) check_fail(func, __FILE__, __LINE__, "params[%zu] is NULL", i);
    if (!(lr >= 0.0f) || !(weight_decay >= 0.0f))
        check_fail(func, __FILE__, __LINE__, "lr %g and weight_decay %g must be >= 0",
                   (double)lr, (double)weight_decay);
    Optimizer *o = check_calloc(func, 1, sizeof *o);
    o->kind = kind;
    o->n = n;
    o->lr = lr;
    o->weight_decay = weight_decay;
    o->params = check_calloc(func, n, sizeof *o->params);
    o->state1 = check_calloc(func, n, sizeof *o->state1);
    o->state2 = check_calloc(func, n, sizeof *o->state2);
    o->steps = check_calloc(func, n, sizeof *o->steps);
    for (size_t i = 0; i < n; i++) o->params[i] = params[i];
    return o;
}

Optimizer *sgd_new(Tensor *const *params, size_t n, float lr, float momentum,
                   float weight_decay) {
    CHECK(momentum >= 0.0f, "momentum %g must be >= 0", (double)momentum);
    Optimizer *o = optim_new(__func__, OPTIM_SGD, params, n, lr, weight_decay);
    o->momentum = momentum;
    return o;
}

Optimizer *adam_new(Tensor *const *params, size_t n, float lr, float beta1, float beta2,
                    float eps, float weight_decay) {
    CHECK(beta1 >= 0.0f && beta1 < 1.0f && beta2 >= 0.0f && beta2 < 1.0f,
          "betas must be in [0, 1), got beta1 %g, beta2 %g", (double)beta1, (double)beta2);
    CHECK(eps > 0.0f, "eps %g must be > 0", (double)eps);
    Optimizer *o = optim_new(__func__, OPTIM_ADAM, params, n, lr, weight_decay);
    o->beta1 = beta1;
    o->beta2 = beta2;
    o->eps = eps;
    return o;
}

/* The loops read the hyperparameters from locals, not through o: a store
 * to data[i] could otherwise (for the compiler) change o->lr, which then has
 * to be reloaded every iteration and the loop cannot be vectorised. Both
 * are SIMD_CLONES (simd.h): the baseline build alone runs them 4 floats at
 * a time, the AVX2 clone 8 (same operations, same bits). */
SIMD_CLONES static void sgd_update(Optimizer *o, size_t k) {
    Tensor *p = o->params[k];
    float *buf = o->state1[k], *data = p->data;
    const float *grad = p->grad;
    const float lr = o->lr, wd = o->weight_decay, mom = o->momentum;
    const int first = o->steps[k] == 1;
    if (mom != 0.0f) {
        for (size_t i = 0; i < p->size; i++) {
            float g = grad[i] + wd * data[i];
            buf[i] = first ? g : mom * buf[i] + g;
            data[i] -= lr * buf[i];
        }
    } else {
        for (size_t i = 0; i < p->size; i++) data[i] -= lr * (grad[i] + wd * data[i]);
    }
}

SIMD_CLONES static void adam_update(Optimizer *o, size_t k) {
    Tensor *p = o->params[k];
    float *m = o->state1[k], *v = o->state2[k];
    double t = (double)o->steps[k];
    float bias1 = (float)(1.0 - pow((double)o->beta1, t));
    float bias2_sqrt = (float)sqrt(1.0 - pow((double)o->beta2, t));
    float step_size = o->lr / bias1;
    float *data = p->data;
    const float *grad = p->grad;
    const float wd = o->weight_decay, beta1 = o->beta1, beta2 = o->beta2, eps = o->eps;
    for (size_t i = 0; i < p->size; i++) {
        float g = grad[i] + wd * data[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * g;
        v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
        float denom = sqrtf(v[i]) / bias2_sqrt + eps;
        data[i] -= step_size * m[i] / denom;
    }
}

void optim_step(Optimizer *o) {
    CHECK(o != NULL, "optimizer is NULL");
    for (size_t k = 0; k < o->n; k++) {
        Tensor *p = o->params[k];
        if (!p->grad) continue;
        if (!o->state1[k]) { /* first step: state starts at zero */
            o->state1[k] = check_calloc(__func__, p->size, sizeof(float));
            if (o->kind == OPTIM_ADAM)
                o->state2[k] = check_calloc(__func__, p->size, sizeof(float));
        }
        o->steps[k]++;
        if (o->kind == OPTIM_SGD) sgd_update(o, k);
        else adam_update(o, k);
    }
}

void optim_zero_grad(Optimizer *o) {
    CHECK(o != NULL, "optimizer is NULL");
    for (size_t k = 0; k < o->n; k++) tensor_zero_grad(o->params[k]);
}

void optim_set_lr(Optimizer *o, float lr) {
    CHECK(o != NULL, "optimizer is NULL");
    CHECK(lr >= 0.0f, "lr %g must be >= 0", (double)lr);
    o->lr = lr;
}

float optim_lr(const Optimizer *o) {
    CHECK(o != NULL, "optimizer is NULL");
    return o->lr;
}

void optim_free(Optimizer *o) {
    if (!o) return;
    for (size_t k = 0; k < o->n; k++) {
        free(o->state1[k]);
        free(o->state2[k]);
    }
    free(o->state1);
    free(o->state2);
    free(o->steps);
    free(o->params);
    free(o);
}
