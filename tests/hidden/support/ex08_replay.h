/* ex08_replay.h (instructors only: tests/hidden/ is not in the student
 * edition): exercise 8's prescribed recipes replayed with the library, for
 * the hidden tests to compare the student's numbers with, draw by draw.
 * It is close to a solution, which is why it lives here and not in
 * tests/support/ (docs/contributors-guide.md, "No answers in the student
 * edition"). */
#ifndef EX08_REPLAY_H
#define EX08_REPLAY_H

#include <math.h>

#include "ops.h"
#include "rng.h"
#include "tensor.h"

/* Part e's recipe: h0 from rng_new(seed), then per layer a fresh W drawn
 * from the same generator, h = relu(h W^T); rms[0..depth]. */
static inline void ex08_replay_scale(double *rms, size_t depth, size_t width, size_t batch,
                                     float gain, uint64_t seed) {
    Rng rng = rng_new(seed);
    Tensor *h = tensor_matrix(batch, width, NULL), *w = tensor_matrix(width, width, NULL);
    rng_fill_normal(&rng, h, 0.0f, 1.0f);
    for (size_t l = 0; l <= depth; l++) {
        if (l > 0) {
            rng_fill_normal(&rng, w, 0.0f, gain / sqrtf((float)width));
            Tensor *z = tensor_matmul_bt(h, w), *r = tensor_relu(z);
            tensor_free(z);
            tensor_free(h);
            h = r;
        }
        double s = 0.0;
        for (size_t i = 0; i < h->size; i++) s += (double)h->data[i] * h->data[i];
        rms[l] = sqrt(s / (double)h->size);
    }
    tensor_free(h);
    tensor_free(w);
}

#endif
