"""reading_order.py: the order in which a student meets the exercises.

It is the book's order, not the registry's row order: by chapter (the
chapters' files are numbered, NN-<topic>.md), then by where the exercise's
section stands in its chapter, then by exercise number. An exercise added
for chapter 11 after exercise 14 therefore comes right after chapter 11's
other exercises in `make progress`, the next-step hints, exercises/README.md
and the book's exercise list, wherever its row is in exercises.tsv.
Used by tools/grade/grade.py (read_registry) and tools/book/book.py.
"""

import os
import re


def section_line(root, chapter, section):
    """The line of chapters/<chapter>.md whose heading carries {#section}
    (a large number when there is none, so it sorts last in its chapter)."""
    heading = re.compile(r"^#.*\{#%s[\s}]" % re.escape(section))
    try:
        with open(os.path.join(root, "chapters", chapter + ".md"), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if heading.match(line):
                    return n
    except OSError:
        pass
    return 1 << 30


def sort_reading_order(root, exercises, chapter, section, number):
    """`exercises` sorted in reading order; chapter, section and number are
    functions that read those fields of one exercise."""
    lines = {}

    def key(e):
        where = (chapter(e), section(e))
        if where not in lines:
            lines[where] = section_line(root, *where)
        return (chapter(e), lines[where], int(number(e)))
    return sorted(exercises, key=key)
