/* Issue 11: exercise 8's initialiser is the library's. */
#include "ex08_he_init.h"
#include "init.h"

void ex08_kaiming_normal(Tensor *w, float a, FanMode mode, uint64_t seed) {
    Rng rng = rng_new(seed);
    init_kaiming_normal(w, a, mode, &rng);
}
