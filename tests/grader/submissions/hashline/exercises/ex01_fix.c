/* Case 9 (issue 13): #line names the hidden test's source, so that the
 * compiler, when it shows the error's line, would quote that file. */
#include "ex01_fix.h"

#line 9 "@ROOT@/tests/grader/fixture/tests/hidden/ex01_fix.c"
this is not C;
