"""warning_notes.py: one line under each compiler warning a student sees,
saying what it usually means in an exercise of this workbook.

The warning set students get (STUDENT_WARNINGS in mk/config.mk) leaves out
the warnings that fire on the code the chapters ask for, so that each one
shown is worth reading; this says why it is.
"""

import re

NOTES = {
    "-Wunused-variable": "a variable is never used: left over from an earlier try, or a step "
                         "not written yet",
    "-Wunused-but-set-variable": "a variable is computed but never used: a result the code "
                                 "forgets to store or return?",
    "-Wunused-parameter": "a parameter is never read: a size, stride or option of the task the "
                          "code does not handle yet",
    "-Wunused-function": "a static function is never called: dead code, or a call forgotten",
    "-Wunused-value": "a computed value is thrown away: an assignment or a return missing?",
    "-Wconversion": "a value is converted to a narrower type and may change (double to float, "
                    "float to int): write the cast, e.g. (float)sum, where you mean it",
    "-Wfloat-conversion": "a floating-point value is narrowed (double to float, float to int) "
                          "and may change: write the cast where you mean it",
    "-Wsign-compare": "a signed and an unsigned number are compared: a negative value then "
                      "compares as huge; use size_t for sizes and indices",
    "-Wtype-limits": "a comparison that is always true or false (a size_t is never < 0): a "
                     "loop counting down with size_t does not stop",
    "-Wshadow": "a new variable hides another of the same name: the code may use the wrong one",
    "-Wuninitialized": "a variable is read before anything was written to it: its value is "
                       "garbage",
    "-Wmaybe-uninitialized": "on some path a variable is read before it is written",
    "-Wimplicit-function-declaration": "a function is called without its declaration: include "
                                       "its header (lib/*.h) or check the spelling",
    "-Wreturn-type": "the function can end without returning a value: the caller gets garbage",
    "-Wmissing-prototypes": "a function not in the exercise's header: make your helpers static",
    "-Wstrict-prototypes": "a function declared with () instead of (void): C then accepts any "
                           "arguments",
    "-Wvla": "an array sized at run time on the stack: a large size crashes; allocate with "
             "malloc or the library's tensors",
    "-Wparentheses": "an assignment used as a condition or an unclear mix of operators: did you "
                     "mean == ?",
    "-Wincompatible-pointer-types": "a pointer of the wrong type is passed: the function reads "
                                    "the memory as something it is not",
    "-Wint-conversion": "an integer used as a pointer or the other way round: almost always a bug",
    "-Wdiscarded-qualifiers": "const data passed where it may be written: the exercise's inputs "
                              "must stay unchanged",
    "-Wabsolute-value": "abs() on a floating-point value truncates it to an integer: use fabsf",
    "-Wsequence-point": "a variable changed twice in one expression: the result is undefined",
    "-Warray-bounds": "an index outside an array's bounds",
    "-Wstringop-overflow": "a write past the end of a buffer",
    "-Wformat": "a printf format that does not match its argument's type",
    "-Wimplicit-fallthrough": "a switch case runs into the next one: a break missing?",
    "-Wmisleading-indentation": "the indentation suggests a block the braces do not make",
    "-Wempty-body": "an if or loop with an empty body (a stray semicolon?)",
    "-Wdiv-by-zero": "a division by a constant zero",
    "-Wpointer-sign": "a pointer to signed data used as unsigned or the other way round",
    "-Woverflow": "a constant does not fit its type and changes value",
}
GENERIC = "the compiler suspects a mistake on this line (see the GCC manual for %s)"
WARNING = re.compile(r"\bwarning: .*\[(-W[\w+-]+)(=[\w-]+)?\]\s*$")
QUOTED = re.compile(r"^\s*\d*\s*\|")  # the source line and caret GCC prints under it


def explain(text):
    """The compiler's warnings, each followed (after its quoted source
    line) by one "means:" line."""
    out, note = [], None
    for line in text.splitlines():
        if note and not QUOTED.match(line):
            out.append(note)
            note = None
        out.append(line)
        m = WARNING.search(line)
        if m:
            note = "  means: " + NOTES.get(m.group(1), GENERIC % m.group(1))
    if note:
        out.append(note)
    return "\n".join(out)
