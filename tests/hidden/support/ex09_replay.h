/* ex09_replay.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 9's prescribed recipe replayed with the library
 * (mlp_sgd.h), for the hidden tests to compare with. */
#ifndef EX09_REPLAY_H
#define EX09_REPLAY_H

#include "ex09_convergence.h"
#include "mlp_sgd.h"

static inline void ex09_replay(float *params, float *epoch_losses, const float *images,
                               const int *labels, size_t n, const Ex09Config *cfg) {
    Rng rng = rng_new(cfg->seed);
    size_t nsizes = cfg->depth + 2, sizes[16];
    cr_assert(nsizes <= 16, "ex09 replay: too deep");
    sizes[0] = EX09_INPUTS;
    for (size_t l = 1; l + 1 < nsizes; l++) sizes[l] = cfg->width;
    sizes[nsizes - 1] = EX09_CLASSES;
    Mlp *net = mlp_new(sizes, nsizes, cfg->act, 0.0f, &rng);
    mlp_sgd(net, &rng, images, labels, n, EX09_INPUTS, cfg->batch_size, cfg->lr, cfg->epochs,
            epoch_losses);
    size_t np = mlp_params(net, NULL, 0);
    Tensor *p[64];
    cr_assert(np <= 64, "ex09 replay: too many parameter tensors");
    mlp_params(net, p, np);
    for (size_t j = 0; j < np; j++) {
        memcpy(params, p[j]->data, p[j]->size * sizeof(float));
        params += p[j]->size;
    }
    mlp_free(net);
}

#endif
