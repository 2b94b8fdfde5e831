#!/usr/bin/env python3
"""hint_text.py FILE [LEVEL]: an exercise's hint (exercises/hints/NN.md) for
the terminal (make hint): the math between $...$ as plain text (x^2,
sqrt(2/π), ½, Greek letters as Unicode) instead of raw LaTeX.

LEVEL 1 (the default) stops at the "<!-- level 2 -->" line; LEVEL 2 shows
the whole file with that line as a separator.
"""

import re
import sys

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "psi": "ψ", "omega": "ω", "Delta": "Δ", "Phi": "Φ",
    "Sigma": "Σ", "Omega": "Ω", "Gamma": "Γ", "Lambda": "Λ", "Theta": "Θ",
    "pm": "±", "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "infty": "∞", "sum": "Σ", "prod": "Π",
    "partial": "∂", "nabla": "∇", "in": "∈", "to": "→", "rightarrow": "→", "mapsto": "↦",
    "odot": "⊙", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "mid": "|", "ldots": "...",
    "cdots": "...", "dots": "...", "sim": "~", "ll": "≪", "gg": "≫", "lfloor": "⌊",
    "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "{": "{", "}": "}", "%": "%", "_": "_",
    ",": " ", ";": " ", ":": " ", "!": "", "quad": "  ", "qquad": "   ", " ": " ",
    "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "",
}
HALVES = {"12": "½", "14": "¼", "34": "¾", "13": "⅓"}


def arg(text, i):
    """The argument at text[i:] (a {group} or one character): (arg, next i)."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i < len(text) and text[i] == "{":
        depth, j = 1, i + 1
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        return text[i + 1:j - 1], j
    if i < len(text) and text[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        return text[i:i + m.end()], i + m.end()
    return text[i:i + 1], i + 1


def group(s):
    """(s) unless s is one symbol or number."""
    return s if re.fullmatch(r"[\w.α-ωΑ-Ω]+", s) else "(%s)" % s


def plain(tex):
    """LaTeX math as plain text."""
    out, i = [], 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name, i = m.group(1), i + m.end()
            if name in ("frac", "tfrac", "dfrac"):
                a, i = arg(tex, i)
                b, i = arg(tex, i)
                if a + b in HALVES:
                    out.append(HALVES[a + b])
                else:
                    out.append("%s/%s" % (group(plain(a)), group(plain(b))))
            elif name == "sqrt":
                a, i = arg(tex, i)
                out.append("sqrt(%s)" % plain(a))
            elif name in ("operatorname", "mathrm", "text", "mathit", "mathbf", "textrm",
                          "boldsymbol"):
                a, i = arg(tex, i)
                out.append(plain(a))
            elif name == "mathbb":
                a, i = arg(tex, i)
                out.append({"R": "ℝ", "N": "ℕ", "Z": "ℤ", "E": "E"}.get(a, a))
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            else:  # \tanh, \exp, \log, \max, \sin...: the name itself
                out.append(name)
        elif c in "^_":
            a, i = arg(tex, i + 1)
            a = plain(a)
            out.append(c + (a if len(a) == 1 or re.fullmatch(r"\w+", a) and c == "_"
                            else group(a)))
        elif c in "{}":
            i += 1
        else:
            out.append(c)
            i += 1
    return re.sub(r"  +", " ", "".join(out))


MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])", re.S)


def render(markdown):
    return MATH.sub(lambda m: plain(m.group(1) or m.group(2)), markdown)


def main(argv):
    path, level = argv[0], argv[1] if len(argv) > 1 else "1"
    text = open(path, encoding="utf-8").read()
    marker = "<!-- level 2 -->"
    if level == "2":
        text = text.replace("\n" + marker + "\n", "\n--- level 2 ---\n")
    else:
        text = text.split("\n" + marker + "\n")[0] + ("\n" if marker in text else "")
    sys.stdout.write(render(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
