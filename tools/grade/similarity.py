"""similarity.py: bounded comparison of C files, for the class's hints.

Two questions, both hints for the instructor and never verdicts:
  - are two students' files the same once comments, spacing and names are
    set aside? (similarity.txt's pairs)
  - does a student's function body match one of the library's (lib/*.c and
    the inline functions of lib/*.h), once comments and spacing are gone and
    every identifier is renamed? (a copy of the answer that sits in lib/)

Every step is bounded, whatever the files hold: at most READ_CAP bytes of a
file are read, a comparison is linear in its tokens (sets of k-token
shingles, an exact-match fast path first), and a whole class pass stops at
its time box (the hints then say which exercises were left out).
"""

import os
import re
import time

READ_CAP = 256 << 10     # bytes read from one file
TOKEN_CAP = 40000        # tokens kept from one file
SHINGLE = 5              # tokens per shingle
ALIKE = 0.90             # shingle overlap (Jaccard) that counts as "nearly the same"
BODY_MIN_TOKENS = 40     # shorter function bodies (a plain loop) are too generic to flag

C_KEYWORDS = set("""
auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef
union unsigned void volatile while _Bool _Complex _Noreturn _Static_assert _Alignas _Alignof
_Generic bool size_t uint8_t uint32_t uint64_t int32_t int64_t
""".split())

TOKEN = re.compile(r"[A-Za-z_]\w*|\d[\w.]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|"
                   r"->|\+\+|--|<<=?|>>=?|[<>=!+\-*/%&|^]=|&&|\|\||\S")


def read_source(path):
    """At most READ_CAP bytes of a file as text, or None."""
    try:
        with open(path, "rb") as f:
            return f.read(READ_CAP).decode("utf-8", "replace")
    except OSError:
        return None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"^\s*#[^\n]*", " ", text, flags=re.M)  # preprocessor lines


def tokens(text, rename=True):
    """C tokens without comments; identifiers (not keywords) become "$" when
    rename is set, so a renamed copy reads the same."""
    out = []
    for t in TOKEN.findall(strip_comments(text)):
        if rename and (t[0].isalpha() or t[0] == "_") and t not in C_KEYWORDS:
            t = "$"
        out.append(t)
        if len(out) >= TOKEN_CAP:
            break
    return out


def shingles(toks):
    return {tuple(toks[i:i + SHINGLE]) for i in range(max(1, len(toks) - SHINGLE + 1))}


def overlap(a, b):
    """Jaccard overlap of two shingle sets (0..1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def function_bodies(text):
    """[(name, body tokens)] of the functions defined at the top level of a C
    file: a name and its parameter list followed by a braced body."""
    toks = TOKEN.findall(strip_comments(text))[:TOKEN_CAP]
    out, depth, i = [], 0, 0
    while i < len(toks):
        t = toks[i]
        if t == "{" and depth == 0 and i > 0 and toks[i - 1] == ")":
            # Walk back over the parameter list to the name.
            j, paren = i - 1, 0
            while j >= 0:
                paren += {")": 1, "(": -1}.get(toks[j], 0)
                if paren == 0:
                    break
                j -= 1
            name = toks[j - 1] if j > 0 else "?"
            k, d = i, 0
            while k < len(toks):
                d += {"{": 1, "}": -1}.get(toks[k], 0)
                if d == 0:
                    break
                k += 1
            body = [("$" if (x[0].isalpha() or x[0] == "_") and x not in C_KEYWORDS else x)
                    for x in toks[i:k + 1]]
            out.append((name, body))
            i = k + 1
            continue
        depth += {"{": 1, "}": -1}.get(t, 0)
        i += 1
    return out


class LibraryBodies:
    """The library's function bodies, normalised, to find copies of them."""

    def __init__(self, lib_dir):
        self.bodies = []  # (where, exact key, shingles)
        for f in sorted(os.listdir(lib_dir)) if os.path.isdir(lib_dir) else []:
            if not f.endswith((".c", ".h")):
                continue
            text = read_source(os.path.join(lib_dir, f)) or ""
            for name, body in function_bodies(text):
                if len(body) >= BODY_MIN_TOKENS:
                    self.bodies.append(("lib/%s's %s" % (f, name), tuple(body), shingles(body)))
        self.exact = {b[1]: b[0] for b in self.bodies}

    def copies_in(self, text):
        """["your_fn matches lib/activations.c's gelu_forward", ...]."""
        found = []
        for name, body in function_bodies(text):
            if len(body) < BODY_MIN_TOKENS:
                continue
            where = self.exact.get(tuple(body))
            if not where:
                mine = shingles(body)
                best = max(((overlap(mine, s), w) for w, _, s in self.bodies), default=(0, ""))
                where = best[1] if best[0] >= ALIKE else None
            if where:
                found.append("%s matches %s" % (name, where))
        return found


class TimeBox:
    """A class pass's time limit: over() once it is used up."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def over(self):
        return time.monotonic() > self.end
