/* stats.h: the sample-statistics checks, shared with the exercise tests;
 * see tests/support/stats.h. */
#include "../support/stats.h"
