/* An edited test file: every test passes trivially. Must be ignored. */
#include "harness.h"
EXERCISE_TEST(ex01, scale_basic) {}
EXERCISE_TEST(ex01, scale_negative) {}
EXERCISE_TEST(ex01, max_basic) {}
EXERCISE_TEST(ex01, max_empty_aborts) {}
