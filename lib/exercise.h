/* exercise.h: what an unfinished exercise says.
 *
 * Each exercise stub calls exercise_todo() where the student's code goes.
 * In a test run the grader's harness installs a handler that fails the test
 * with the message; anywhere else the message is printed and the program
 * aborts, so an unfinished exercise is never mistaken for a finished one.
 */
#ifndef EXERCISE_H
#define EXERCISE_H

/* Reports that `function` of `exercise` is not written yet, pointing the
 * student at `where` to read (a chapter section). Does not return. E.g.
 *   exercise_todo("ex02", "relu_backward", "chapter 2, 'The derivative'"); */
_Noreturn void exercise_todo(const char *exercise, const char *function, const char *where);

/* The handler receives the full message; it must not return (a test
 * framework's fail-and-stop). NULL restores the default (print, abort). */
typedef void (*ExerciseTodoHandler)(const char *message);
void exercise_set_todo_handler(ExerciseTodoHandler handler);

#endif
