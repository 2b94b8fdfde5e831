/* Issue 19: 200,000 compiler errors from a few lines (macros): the grader
 * stops the compiler after 1 MB of messages instead of reading them all. */
#include "ex02_fix.h"
#define A 1 = 1;
#define B A A A A A A A A A A
#define C B B B B B B B B B B
#define D C C C C C C C C C C
#define E D D D D D D D D D D
#define F E E E E E E E E E E
void f(void);
void f(void) { F F }
