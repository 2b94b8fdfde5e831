#!/usr/bin/env python3
"""book.py: the workbook's book builder and literate checker (make docs).

Reads chapters/NN-<topic>.md (pandoc Markdown), and
  - runs every ```{.c .run} block: compiles it against the library and the
    reference solutions, runs it, and compares its stdout with the
    ```{.output} block under it (```{.output .volatile} is not compared,
    and stays empty in the Markdown: the page shows this build's run);
  - fills every {{name}} in a chapter's prose from the lines
    "book: name = value" its programs print, and fails a program that
    prints "check: CLAIM: NO" (a claim of the text no longer holds);
  - fills every ```{.c include="FILE" region="NAME"} block from the lines
    between /* book:begin NAME */ and /* book:end NAME */ in FILE;
  - writes one HTML page per chapter, one per exercise (from
    exercises/exercises.tsv and exercises/hints/exNN.md) and an index, with
    the real program output in every output block.

Every problem is reported as "chapters/NN-x.md:LINE: what went wrong" (with
a diff for an output mismatch). Programs are cached by a hash of their code
and of everything they are built from, so a rebuild only reruns what changed.

Subcommands (mk/book.mk passes the build settings):
  check   [CHAPTER.md...]  literate checks only; prints one "PASS|FAIL<TAB>name"
                           line per run block and include block
  html                     checks + the whole book in --out
  selftest                 checks the checker on the fixtures in tests/book/
  bless   [CHAPTER.md...]  writes each run block's real output into its output
                           block (for authors; review the diff before committing)
Only the Python standard library and pandoc are needed.
"""

import argparse
import concurrent.futures
import difflib
import hashlib
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "book"
BOOK_TITLE_DEFAULT = "The ReLU Workbook"


class Cfg:
    """Build settings, from the command line (see mk/book.mk)."""

    def __init__(self, a):
        self.out = ROOT / a.out
        self.work = ROOT / a.work
        self.cc = a.cc
        # -MMD/-MP would litter the cache with .d files; nothing reads them.
        self.cflags = [f for f in shlex.split(a.cflags) if f not in ("-MMD", "-MP")]
        self.ldlibs = shlex.split(a.ldlibs)
        self.libs = [x for x in (a.sollib, a.lib) if x]
        self.edition = a.edition
        # Chapter programs link the student's exercise files (the student
        # edition's checkout, without solutions/) or the reference solutions.
        self.student_code = "libexercises" in a.sollib
        self.strict = a.strict
        self.jobs = a.jobs or os.cpu_count() or 2
        self.timeout = a.timeout
        self.quiet = a.quiet
        self.prefix = a.record_prefix
        SANITIZED[0] = bool(a.record_prefix)  # the asan pass (V=asan)
        STRICT[0] = bool(a.strict)
        self.missing_chapters = a.missing_chapters
        PandocCache.folder = self.work / "pandoc"


# ---------------------------------------------------------------- helpers

def rel(p):
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def pandoc(args, text):
    kept = PandocCache.recall(args, text)
    if kept is not None:
        return kept
    r = subprocess.run(["pandoc", *args], input=text.encode(), capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("pandoc " + " ".join(args) + " failed:\n" + r.stderr.decode(errors="replace"))
    return PandocCache.keep(args, text, r.stdout.decode())


class PandocCache:
    """pandoc's outputs kept by the content of its input (the text, the
    arguments, the template, pandoc itself): a rebuild of the book runs
    pandoc only for the chapters and pages that changed. The entries an
    html build did not use are removed at its end (prune)."""
    folder = None  # set by Cfg: <work>/pandoc
    used = set()

    @classmethod
    def key(cls, args, text):
        h = hashlib.sha256()
        exe = shutil.which("pandoc") or "pandoc"
        st = os.stat(exe) if os.path.exists(exe) else None
        h.update(json.dumps([exe, st and (st.st_size, st.st_mtime_ns), args]).encode())
        for a in args:
            if a.startswith("--template="):
                h.update(sha256_file(a.split("=", 1)[1]).encode())
        h.update(b"\0" + text.encode())
        return h.hexdigest()

    @classmethod
    def recall(cls, args, text):
        if not cls.folder:
            return None
        key = cls.key(args, text)
        cls.used.add(key)
        try:
            return (cls.folder / key).read_text(encoding="utf-8")
        except OSError:
            return None

    @classmethod
    def keep(cls, args, text, out):
        if cls.folder:
            cls.folder.mkdir(parents=True, exist_ok=True)
            path = cls.folder / cls.key(args, text)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(out, encoding="utf-8")
            tmp.replace(path)
        return out

    @classmethod
    def prune(cls):
        for p in cls.folder.iterdir() if cls.folder and cls.folder.is_dir() else []:
            if p.name not in cls.used:
                p.unlink(missing_ok=True)


def stringify(x):
    """Plain text of a pandoc inline list (or any AST fragment)."""
    out = []

    def go(o):
        if isinstance(o, list):
            for e in o:
                go(e)
        elif isinstance(o, dict):
            t, c = o.get("t"), o.get("c")
            if t == "Str":
                out.append(c)
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Code", "Math"):
                out.append(c[1])
            elif t in ("Note",):
                pass
            else:
                go(c)

    go(x)
    return "".join(out)


def walk(o, fn):
    """Calls fn on every AST element (dict with 't'), depth first."""
    if isinstance(o, list):
        for e in o:
            walk(e, fn)
    elif isinstance(o, dict):
        if "t" in o:
            fn(o)
        for v in o.values():
            if isinstance(v, (list, dict)):
                walk(v, fn)


def block_lists(blocks):
    """Yields every list of blocks in the document (the top level and the
    insides of quotes, lists and divs), so 'the block after' is meaningful."""
    yield blocks
    for b in blocks:
        t, c = b.get("t"), b.get("c")
        if t == "BlockQuote":
            yield from block_lists(c)
        elif t == "Div":
            yield from block_lists(c[1])
        elif t == "BulletList":
            for item in c:
                yield from block_lists(item)
        elif t == "OrderedList":
            for item in c[1]:
                yield from block_lists(item)
        elif t == "DefinitionList":
            for _term, defs in c:
                for d in defs:
                    yield from block_lists(d)


# ------------------------------------------------------ chapter parsing

FENCE_RE = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def annotate_fences(text):
    """Adds data-srcline="N" to the attributes of every fenced code block
    that has attributes or a language, so the AST knows each block's line
    (pandoc 2.17 keeps no source positions for Markdown)."""
    out, open_fence = [], None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE_RE.match(line)
        if open_fence is None:
            if m and not (m["fence"][0] == "`" and "`" in m["info"]):
                open_fence = (m["fence"][0], len(m["fence"]))
                info = m["info"].strip()
                if info.startswith("{") and info.endswith("}"):
                    line = f'{m["prefix"]}{m["fence"]}{info[:-1]} data-srcline="{n}"}}'
                elif re.fullmatch(r"[\w+-]+", info):
                    line = f'{m["prefix"]}{m["fence"]}{{.{info} data-srcline="{n}"}}'
        elif m and m["fence"][0] == open_fence[0] and len(m["fence"]) >= open_fence[1] \
                and not m["info"].strip():
            open_fence = None
        out.append(line)
    return "\n".join(out)


# The widest line of code or of program output the HTML book shows without
# a sideways scroll at a laptop's width (issue 12).
CODE_COLUMNS = 80


def cb_attr(b):
    ident, classes, kv = b["c"][0]
    return ident, classes, dict(kv)


def cb_line(b):
    return int(cb_attr(b)[2].get("data-srcline", 0))


def strip_srcline(b):
    b["c"][0][2] = [kv for kv in b["c"][0][2] if kv[0] not in ("data-srcline", "include", "region")]


class Chapter:
    def __init__(self, path):
        self.path = Path(path)
        self.name = rel(self.path)
        self.stem = self.path.stem
        m = re.match(r"(\d+)", self.stem)
        self.number = int(m.group(1)) if m else None
        self.html = self.stem + ".html"
        self.source = self.path.read_text(encoding="utf-8")
        self.ast = json.loads(pandoc(["-f", "markdown", "-t", "json"], annotate_fences(self.source)))
        self.runs, self.includes, self.errors = [], [], []
        # Presentation problems: make check fails on them, make docs warns.
        self.lint = []
        self.heading_id = None
        self._title()
        self._collect()

    def line_of(self, needle):
        for n, line in enumerate(self.source.split("\n"), 1):
            if needle in line:
                return n
        return 0

    def image_line(self, src):
        return self.line_of(f"]({src}") or self.line_of(src)

    def _title(self):
        meta, blocks = self.ast["meta"], self.ast["blocks"]
        first_h1 = blocks[0] if blocks and blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1 else None
        if first_h1:
            # The chapter's one H1 is its title: the template shows it, so
            # drop it from the body (keeping its anchor) and number the ##
            # sections N.1, N.2, ...
            self.heading_id = first_h1["c"][1][0]
            blocks.pop(0)
            if "title" not in meta:
                meta["title"] = {"t": "MetaInlines", "c": first_h1["c"][2]}
        self.title = stringify(meta["title"]["c"]) if "title" in meta else self.stem
        # "1. The rectified linear unit" -> "The rectified linear unit"
        self.short_title = re.sub(r"^\s*(chapter\s+)?\d+[.:]?\s+", "", self.title, flags=re.I)
        self.sections = {}

        def sec(o):
            if o["t"] == "Header":
                self.sections[o["c"][1][0]] = stringify(o["c"][2])
        walk(blocks, sec)
        if self.heading_id:
            self.sections[self.heading_id] = self.short_title

    def _check_width(self, line, code, inc=None, output=False):
        """A code line (or, with output, a line of an output block) wider
        than CODE_COLUMNS makes the reader scroll sideways: name the
        chapter's line (or the included file's) and the width. line is the
        opening fence's line (0 when pandoc gave none)."""
        for k, text in enumerate(code.split("\n")):
            width = len(text.expandtabs(8))
            if width <= CODE_COLUMNS:
                continue
            if inc is not None:
                src = ROOT / inc.path
                lines = src.read_text(encoding="utf-8").split("\n") if src.is_file() else []
                at = next((n for n, l in enumerate(lines, 1) if l.strip() == text.strip()), 0)
                where = f"{self.name}:{line}: included {inc.path}" + (f":{at}:" if at else ":")
            else:
                at = line + 1 + k if line else self.line_of(text)
                where = f"{self.name}:{at}:"
            if output:
                self.lint.append(f"{where} output line is {width} columns, over the book's "
                                 f"{CODE_COLUMNS} (the HTML would scroll sideways); make the "
                                 "program print it narrower (its format, or two lines) and "
                                 f"bless again: {text.strip()[:50]!r}")
            else:
                self.lint.append(f"{where} code line is {width} columns, over the book's "
                                 f"{CODE_COLUMNS} (the HTML would scroll sideways); wrap it: "
                                 f"{text.strip()[:50]!r}")

    def _collect(self):
        for blocks in block_lists(self.ast["blocks"]):
            for i, b in enumerate(blocks):
                if b["t"] != "CodeBlock":
                    continue
                ident, classes, kv = cb_attr(b)
                line = cb_line(b)
                if "run" in classes:
                    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                    out = nxt if nxt and nxt["t"] == "CodeBlock" and "output" in cb_attr(nxt)[1] else None
                    r = Run(self, line, ident, b, out)
                    if r.volatile and r.expected.strip():
                        self.errors.append(f"{self.name}:{cb_line(out)}: volatile output block{r.label} "
                                           "holds a committed output; empty it (a timing is this "
                                           "build's: the page shows what the build measured)")
                    if "c" not in classes:
                        self.errors.append(f"{self.name}:{line}: a .run block must also be .c")
                    if out is None:
                        self.errors.append(f"{self.name}:{line}: run block{r.label} has no "
                                           "```{.output} block right after it")
                    self.runs.append(r)
                elif "output" in classes:
                    prev = blocks[i - 1] if i > 0 else None
                    if not (prev and prev["t"] == "CodeBlock" and "run" in cb_attr(prev)[1]):
                        self.errors.append(f"{self.name}:{line}: output block is not right under a "
                                           "```{.c .run} block (outputs are produced by the build, "
                                           "never typed by hand)")
                if "include" in kv:
                    inc = Include(self, line, b, kv["include"], kv.get("region"))
                    self.includes.append(inc)
                    self._check_width(line, inc.text or "", inc)
                else:
                    self._check_width(line, b["c"][1], output="output" in classes)

        def img(o):
            if o["t"] == "Image":
                self.images.append(o)
                if not stringify(o["c"][1]).strip():
                    src = o["c"][2][0]
                    self.lint.append(f"{self.name}:{self.image_line(src)}: image {src} has no alt text "
                                       "(write ![what the figure shows](...))")
            elif o["t"] == "OrderedList" and o["c"][0][0] != 1 and len(o["c"][1]) == 1:
                # A wrapped line that starts with "0)" or "3." becomes a list.
                start = o["c"][0][0]
                words = stringify(o["c"][1][0])[:25]
                line = next((n for n, l in enumerate(self.source.split("\n"), 1)
                             if re.match(rf"\s*{start}[.)]\s", l) and words.split(" ")[0] in l), 0)
                self.lint.append(f"{self.name}:{line}: a line starting with '{start}.' or '{start})' "
                                   f"became a one-item list ({start}. {words}...); rewrap the line")
            elif o["t"] in ("RawInline", "RawBlock") and o["c"][0] in ("tex", "latex"):
                # pandoc drops raw TeX from HTML: the reader would see nothing.
                text = o["c"][1].strip()
                self.lint.append(f"{self.name}:{self.line_of(text.split(chr(10))[0])}: TeX outside "
                                   f"math ({text[:40]!r}) is dropped from the HTML; put it in $...$")
        self.images = []
        walk(self.ast["blocks"], img)


# ------------------------------------------------------------- includes

MARKER_LINE = re.compile(r"^\s*(/\*|//|#)\s*(book:(begin|end)\b.*?|SOLUTION (BEGIN|END)|STUB\b.*?)\s*(\*/)?\s*$")


def extract_region(path, region):
    """The lines of path between the book:begin/end markers of region
    (all of it without a region), marker lines removed, dedented.
    Returns (text, None) or (None, why)."""
    p = ROOT / path
    if not p.is_file():
        return None, f"file {path} does not exist"
    lines = p.read_text(encoding="utf-8").split("\n")
    if region:
        begin = re.compile(r"book:begin\s+" + re.escape(region) + r"(?![\w.-])")
        end = re.compile(r"book:end\s+" + re.escape(region) + r"(?![\w.-])")
        starts = [i for i, l in enumerate(lines) if begin.search(l)]
        if not starts:
            return None, (f"region '{region}' not found in {path} (expected a line "
                          f"/* book:begin {region} */ ... and /* book:end {region} */)")
        ends = [i for i, l in enumerate(lines) if end.search(l) and i > starts[0]]
        if not ends:
            return None, f"region '{region}' in {path} has no /* book:end {region} */ marker"
        lines = lines[starts[0] + 1:ends[0]]
    body = [l for l in lines if not MARKER_LINE.match(l)]
    return textwrap.dedent("\n".join(body)).strip("\n"), None


class Include:
    def __init__(self, ch, line, block, path, region):
        self.ch, self.line, self.block, self.path, self.region = ch, line, block, path, region
        self.record = f"book: {ch.name}:{line} include {path}" + (f" region {region}" if region else "")
        self.text, self.error = extract_region(path, region)
        if self.error:
            self.error = f"{ch.name}:{line}: include: {self.error}"

    @property
    def is_solution(self):
        return self.path.startswith("solutions/")


# ----------------------------------------------------- run blocks

SANITIZED = [False]  # set by Config: a sanitizer build's check
STRICT = [True]  # set by Config: false in the student edition (no solutions/)


class Run:
    def __init__(self, ch, line, ident, block, out):
        self.ch, self.line, self.ident, self.block, self.out = ch, line, ident, block, out
        self.code = block["c"][1]
        self.label = f" #{ident}" if ident else ""
        self.volatile = bool(out) and "volatile" in cb_attr(out)[1]
        # Training runs whose last digits depend on how the kernels were
        # compiled: the sanitizer build (instrumented, -O1) adds and
        # multiplies in another order, so it checks that the program runs
        # clean, and only the release build compares the output.
        self.release_only = bool(out) and "release-only" in cb_attr(out)[1]
        self.expected = out["c"][1] if out else None
        self.out_line = cb_line(out) if out else 0
        self.result = None
        self.error = None
        self.waiting = []  # student edition: the exercises this program waits for
        self.record = f"book: {ch.name}:{line} run" + (f" {ident}" if ident else "")


class Runner:
    """Compiles and runs chapter programs, with a cache keyed by content."""

    def __init__(self, cfg):
        self.cfg = cfg
        h = hashlib.sha256()
        h.update(json.dumps([cfg.cc, cfg.cflags, cfg.ldlibs]).encode())
        # The library whole; the exercises' archive (solutions or the
        # student's files) by the members each program links (key): editing
        # one exercise reruns only the programs that call it.
        self.members = ArchiveMembers(ROOT / cfg.libs[0]) if len(cfg.libs) > 1 else None
        for lib in cfg.libs[1 if self.members else 0:]:
            p = ROOT / lib
            summary = p.with_suffix(".sum")  # what it is made of (mk/lib.mk), path-free
            h.update((lib + (sha256_file(summary) if summary.is_file() and p.is_file() else
                             sha256_file(p) if p.is_file() else "missing")).encode())
        for hdr in sorted([*ROOT.glob("lib/*.h"), *ROOT.glob("exercises/*.h")]):
            h.update(hdr.name.encode() + sha256_file(hdr).encode())
        self.signature = h.hexdigest()
        self.cache = cfg.work / "run"

    def key(self, code):
        linked = self.members.linked_by(code) if self.members else ""
        return hashlib.sha256((self.signature + "\0" + linked + "\0" + code).encode()).hexdigest()

    def run(self, code):
        key = self.key(code)
        d = self.cache / key[:2] / key
        res = d / "result.json"
        if res.is_file():
            try:
                return json.loads(res.read_text())
            except ValueError:
                pass
        d.mkdir(parents=True, exist_ok=True)
        src, exe = d / "prog.c", d / "prog"
        src.write_text(code + "\n", encoding="utf-8")
        missing = [lib for lib in self.cfg.libs if not (ROOT / lib).is_file()]
        if missing:
            return {"stage": "compile", "log": f"library {', '.join(missing)} is not built "
                    "(run make docs, which builds it)", "src": rel(src)}
        cmd = [self.cfg.cc, *self.cfg.cflags, "-Ilib", "-Iexercises", rel(src), "-o", rel(exe),
               *self.cfg.libs, *self.cfg.ldlibs]
        c = subprocess.run(cmd, cwd=ROOT, capture_output=True)
        result = {"src": rel(src), "compile_log": c.stderr.decode(errors="replace")}
        if c.returncode != 0:
            result.update(stage="compile", log=c.stderr.decode(errors="replace"))
        else:
            t0 = time.monotonic()
            try:
                p = subprocess.run([str(exe)], cwd=ROOT, stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=self.cfg.timeout)
            except subprocess.TimeoutExpired as e:
                return dict(result, stage="timeout", seconds=self.cfg.timeout,
                            log=(e.stderr or b"").decode(errors="replace"),
                            stdout=(e.stdout or b"").decode(errors="replace"))
            result.update(stage="ran", status=p.returncode, stdout=p.stdout.decode(errors="replace"),
                          stderr=p.stderr.decode(errors="replace"),
                          seconds=round(time.monotonic() - t0, 3))
        tmp = res.with_suffix(".tmp")
        tmp.write_text(json.dumps(result))
        tmp.replace(res)
        return result


class ArchiveMembers:
    """A static library's members: which a program links (the members
    defining the names its code uses, and what those need in turn), and
    their contents' hashes."""

    def __init__(self, path):
        self.path, self.data, self.defines, self.needs = path, {}, {}, {}
        if not path.is_file():
            return
        blob = path.read_bytes()
        names, i = b"", 8  # ar format: "!<arch>\n", then 60-byte headers
        while i + 60 <= len(blob):
            head, size = blob[i:i + 16].decode().strip(), int(blob[i + 48:i + 58])
            body = blob[i + 60:i + 60 + size]
            if head == "//":
                names = body
            elif head.startswith("/") and head[1:].isdigit():
                start = int(head[1:])
                self.data[names[start:names.index(b"/\n", start)].decode()] = body
            elif head not in ("/", "/SYM64/"):
                self.data[head.rstrip("/")] = body
            i += 60 + size + (size & 1)
        nm = subprocess.run(["nm", "-P", "-A", str(path)], capture_output=True, text=True).stdout
        for line in nm.splitlines():
            m = re.match(r".*\[(.+)\]: (\S+) (\S)", line)
            if m:
                side = self.needs if m.group(3) == "U" else self.defines
                if side is self.needs:
                    side.setdefault(m.group(1), set()).add(m.group(2))
                else:
                    side[m.group(2)] = m.group(1)

    def linked_by(self, code):
        todo = [self.defines[w] for w in set(re.findall(r"\b\w+\b", code)) if w in self.defines]
        seen = set()
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo += [self.defines[s] for s in self.needs.get(m, ()) if s in self.defines]
        return " ".join(f"{m}:{self.member_hash(m)}" for m in sorted(seen))

    def member_hash(self, member):
        """The hash of the member's source (solutions/ or exercises/, which
        the flags and headers in the signature turn into the same object
        in any folder), or of its bytes when there is no such source."""
        src = ROOT / ("solutions" if "solutions" in self.path.name else "exercises") / \
            (member[:-2] + ".c")
        if member.endswith(".o") and src.is_file():
            return "src:" + sha256_file(src)
        return hashlib.sha256(self.data.get(member, b"")).hexdigest()


def map_lines(text, run, gutter=False):
    """Turns prog.c:N in compiler and runtime messages into chapter:line."""
    src = re.escape(run.result.get("src", "prog.c"))
    first = run.line + 1

    def sub(m):
        return f"{run.ch.name}:{first + int(m.group(1)) - 1}"
    text = re.sub(src + r":(\d+)", sub, text)
    text = re.sub(src, run.ch.name, text)
    if not gutter:
        return text
    # gcc's source excerpts number the lines of prog.c in a gutter: "  5 | ..."
    return re.sub(r"(?m)^( *)(\d+)( \| )", lambda m: f"{first + int(m.group(2)) - 1:>{len(m.group(1)) + len(m.group(2))}}{m.group(3)}", text)


UNDEFINED_EXERCISE = re.compile(r"undefined reference to [`'](ex(\d\d)_\w+)'")
NOT_IMPLEMENTED = re.compile(r"\bex(\d\d): \w+ is not implemented yet")


def exercises_called(code):
    """The exercises ("01", ...) whose header a program or figure includes."""
    return sorted(set(re.findall(r'#include\s+"ex(\d\d)_\w+\.h"', code)))


def waiting_for(r):
    """The exercises a program of the student edition waits for: it links the
    student's own exercise files, so it cannot link while one does not
    compile (its functions are missing) and stops at a stub's
    exercise_todo. [] when it failed for any other reason."""
    if r["stage"] == "compile":
        log = r["log"]
        other = [l for l in log.splitlines() if ("error" in l or "undefined reference" in l)
                 and not UNDEFINED_EXERCISE.search(l) and "ld returned" not in l]
        found = sorted({m.group(2) for m in UNDEFINED_EXERCISE.finditer(log)})
        return [] if other else found
    if r["stage"] == "ran" and r["status"] != 0:
        return sorted({m.group(1) for m in NOT_IMPLEMENTED.finditer(r["stderr"])})
    return []


def judge(run):
    """Sets run.error from run.result (None when the block is right)."""
    r, ch = run.result, run.ch
    if not STRICT[0]:
        run.waiting = waiting_for(r)
        if run.waiting:
            return
    where = f"{ch.name}:{run.line}: run block{run.label}"
    if r["stage"] == "compile":
        run.error = f"{where} does not compile:\n" + textwrap.indent(map_lines(r["log"], run, gutter=True).rstrip(), "    ")
    elif r["stage"] == "timeout":
        run.error = (f"{where} did not finish within {r['seconds']:g} s (BOOK_TIMEOUT)" +
                     (":\n" + textwrap.indent(map_lines(r["log"], run).rstrip(), "    ") if r["log"].strip() else ""))
    elif r["status"] != 0:
        how = f"was killed by signal {-r['status']}" if r["status"] < 0 else f"exited with status {r['status']}"
        run.error = (f"{where} {how}:\n" +
                     textwrap.indent(map_lines(r["stderr"], run).rstrip() or "(no message)", "    "))
    elif failed_claims(r["stdout"]):
        run.error = (f"{where}: a claim the chapter makes no longer holds (the program printed "
                     "`check: ...: NO`):\n" + "\n".join(f"    {c}" for c in failed_claims(r["stdout"])))
    elif run.out is not None and not run.volatile and not (run.release_only and SANITIZED[0]):
        got, want = r["stdout"].rstrip("\n"), run.expected.rstrip("\n")
        if got != want:
            diff = difflib.unified_diff(want.split("\n"), got.split("\n"),
                                        f"{ch.name}:{run.out_line} (the output block in the chapter)",
                                        "what the program prints", lineterm="")
            run.error = (f"{where}: its output differs from the output block at line {run.out_line}:\n"
                         + textwrap.indent("\n".join(diff), "    "))


# ------------------------------------------------ values and claims
# A program states what the prose may quote: a stdout line
# "book: NAME = VALUE" fills every {{NAME}} of its chapter's text in the
# HTML (the line itself is not shown in the page's output block). In a
# compared block the value is compared like the rest of the output; in a
# .volatile block (timings) it is this build's measurement, so the prose
# quotes the program's own verdict instead of a fixed sentence. A line
# "check: CLAIM: NO" fails the build: the text claims CLAIM and the program
# found it false.

VALUE_LINE = re.compile(r"^book: ([A-Za-z][\w-]*) = (.*?)\s*$")
PLACEHOLDER = re.compile(r"\{\{([A-Za-z][\w-]*)\}\}")
CLAIM_NO = re.compile(r"^\s*check: (.*): NO\b")


def failed_claims(stdout):
    return [m.group(1) for m in map(CLAIM_NO.match, stdout.split("\n")) if m]


def split_values(text):
    """(text without its "book: name = value" lines, [(name, value)])."""
    shown, values = [], []
    for line in text.split("\n"):
        m = VALUE_LINE.match(line)
        if m:
            values.append((m.group(1), m.group(2)))
        else:
            shown.append(line)
    return "\n".join(shown), values


def text_line(ch, needle):
    """The line of the chapter's text (not of an HTML comment) holding needle."""
    text = re.sub(r"(?s)<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), ch.source)
    return next((n for n, l in enumerate(text.split("\n"), 1) if needle in l), 0)


FIGURE_REF = re.compile(r"figures/([\w-]+)\.svg")


def figure_notes(ch, figures_dir):
    """{name: the comment lines of its .dat, without their "# "} for each
    figure the chapter shows, None for one whose data is not there
    (book-check does not draw the figures; a figure waiting for an
    exercise). A figure program states what a caption quotes as
    "# book: NAME = VALUE" and a claim as "# check: CLAIM: yes|NO"
    (gnuplot and the explorable page skip comments)."""
    notes = {}
    for name in sorted(set(FIGURE_REF.findall(ch.source))):
        try:
            text = (figures_dir / f"{name}.dat").read_text(encoding="utf-8")
        except OSError:
            text = None
        notes[name] = None if text is None or text.startswith("# figure-unavailable") else \
            "\n".join(line[2:] for line in text.split("\n") if line.startswith("# "))
    return notes


def chapter_values(ch, figures_dir=None):
    """Sets ch.values (name -> value) from its programs' outputs (the
    checked-in output where a program failed or waits for an exercise;
    a volatile block has none) and from its figures' data (when drawn),
    and returns the errors: a name stated twice, a {{name}} nothing
    states, a figure's claim found false."""
    ch.values, errors, pending = {}, [], False
    notes = figure_notes(ch, figures_dir) if figures_dir else {}
    if FIGURE_REF.search(ch.source) and (not figures_dir or None in notes.values()):
        pending = True  # a caption's value may come from a figure not drawn here
    for fig, text in notes.items():
        if text is None:
            continue
        errors += [f"{ch.name}:{text_line(ch, fig + '.svg')}: figure {fig}'s program finds "
                   f"the caption's claim false: {c}" for c in failed_claims(text)]
        if pending:
            continue  # figure values only once every figure of the chapter is drawn
        for name, value in split_values(text)[1]:
            if name in ch.values:
                errors.append(f"{ch.name}:1: two figures of the chapter state the value {name}")
            ch.values[name] = value
    for r in ch.runs:
        res = r.result or {}
        if res.get("stage") == "ran" and res.get("status") == 0:
            text = res["stdout"]
        else:
            pending = True
            text = "" if r.volatile or r.expected is None else r.expected
        for name, value in split_values(text)[1]:
            if name in ch.values:
                errors.append(f"{ch.name}:{r.line}: run block{r.label} prints the value {name}, "
                              "which another program of the chapter prints too")
            ch.values[name] = value
    # Placeholders in the text (prose, inline code, math; never a code block).
    used = set()
    walk(ch.ast["blocks"], lambda o: used.update(PLACEHOLDER.findall(
        o["c"] if o["t"] == "Str" else o["c"][1])) if o["t"] in ("Str", "Code", "Math") else None)
    for name in sorted(used):
        if name not in ch.values and not pending:
            line = text_line(ch, "{{" + name + "}}")
            errors.append(f"{ch.name}:{line}: {{{{{name}}}}} is not printed "
                          f"by any program of the chapter (a run block prints `book: {name} = ...`)")
    return errors


def fill_values(ch):
    """Replaces {{name}} in the chapter's text, inline code and math by the
    value its program printed, and drops the value lines from the output
    blocks shown."""
    def sub(text):
        return PLACEHOLDER.sub(lambda m: ch.values.get(m.group(1), "[not measured: the program "
                                                          "did not run in this build]"), text)

    def go(o):
        if o["t"] == "Str":
            o["c"] = sub(o["c"])
        elif o["t"] in ("Code", "Math"):
            o["c"][1] = sub(o["c"][1])
        elif o["t"] == "CodeBlock" and "output" in cb_attr(o)[1]:
            o["c"][1] = split_values(o["c"][1])[0]
    walk(ch.ast["blocks"], go)


# A file of the repository the text names: a path under one of its top
# folders, or a top-level NAME.md (HACKING.md). The student edition ships
# fewer files (tools/grade/dist.sh): there, a name it lacks is an error.
REPO_PATH = re.compile(r"(?<![\w/.-])((?:lib|exercises|solutions|tests|tools|docs|data|chapters|mk|bench|"
                       r"packaging)/[\w./*-]*|[A-Z][A-Z_-]+\.md)\b/?")


def chapter_references(ch):
    """Errors for files the chapter's text, inline code or links name that
    this checkout does not have."""
    found = []

    def go(o):
        if o["t"] in ("Str", "Code"):
            found.extend(REPO_PATH.findall(o["c"] if o["t"] == "Str" else o["c"][1]))
        elif o["t"] == "Link":
            found.extend(REPO_PATH.findall(o["c"][2][0].split("#")[0]))
    walk(ch.ast["blocks"], go)
    errors = []
    for name in sorted(set(found)):
        path = name.rstrip(".")
        if not list(ROOT.glob(path.rstrip("/") or ".")):
            errors.append(f"{ch.name}:{text_line(ch, path)}: the text refers to {path}, which this "
                          "checkout does not have (a file the student edition does not ship?)")
    return errors


def run_all(cfg, chapters):
    """Runs every run block of every chapter; the programs of all chapters
    run in parallel, then the .volatile ones (timings) one at a time."""
    runner = Runner(cfg)
    runs = [r for ch in chapters for r in ch.runs]
    by_code = {}
    for r in runs:
        by_code.setdefault(r.code, []).append(r)
    steady = [c for c, rs in by_code.items() if not any(r.volatile for r in rs)]
    timed = [c for c, rs in by_code.items() if any(r.volatile for r in rs)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=cfg.jobs) as pool:
        for code, res in zip(steady, pool.map(runner.run, steady)):
            results[code] = res
    for code in timed:
        results[code] = runner.run(code)
    for r in runs:
        r.result = results[r.code]
        judge(r)
    return runs


# ------------------------------------------------------------- checking

def load_chapters(paths):
    """Parses the chapters (pandoc, in parallel); returns (chapters, errors)."""
    def load(p):
        try:
            return Chapter(p), None
        except RuntimeError as e:
            return None, f"{rel(p)}:1: {e}"
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        loaded = list(pool.map(load, paths))
    return [c for c, _ in loaded if c], [e for _, e in loaded if e]


def check(cfg, chapters, figures=False):
    """Runs the literate checks. Returns [(PASS|FAIL, record name, message)].
    figures: the figures are drawn (make docs), so their values and claims count."""
    records = []
    for ch in chapters:
        for e in ch.errors + ch.lint:
            records.append(("FAIL", f"book: {e.split(': ')[0]} structure", e))
        for inc in ch.includes:
            records.append(("FAIL", inc.record, inc.error) if inc.error else ("PASS", inc.record, None))
    for r in run_all(cfg, chapters):
        records.append(("FAIL", r.record, r.error) if r.error else ("PASS", r.record, None))
    for ch in chapters:
        records += [("FAIL", f"book: {e.split(': ')[0]} value", e)
                    for e in chapter_values(ch, cfg.out / "figures" if figures else None)]
        records += [("FAIL", f"book: {e.split(': ')[0]} reference", e) for e in chapter_references(ch)]
    return records


def chapter_paths(args_paths):
    if args_paths:
        return [Path(p).resolve() for p in args_paths]
    return sorted((ROOT / "chapters").glob("[0-9][0-9]-*.md"))


# ----------------------------------------------------------- exercises

class Exercise:
    def __init__(self, fields, lineno):
        self.lineno = lineno
        num, self.name, points, self.chapter, self.section, self.title, solved_by = (fields + [""] * 7)[:7]
        # The library functions that would solve it (exercises.tsv's 7th column).
        self.solved_by = [f for f in solved_by.split(",") if f]
        self.number = int(num)
        self.num = f"{self.number:02d}"
        self.points = points
        self.html = f"ex{self.num}.html"
        cand = sorted(ROOT.glob(f"exercises/{self.name}.c")) or sorted(ROOT.glob(f"exercises/ex{self.num}_*.c"))
        self.file = rel(cand[0]) if cand else f"exercises/{self.name}.c"
        self.header = self.file[:-2] + ".h" if (ROOT / (self.file[:-2] + ".h")).is_file() else None
        self.solution = "solutions/" + Path(self.file).name
        self.hint = f"exercises/hints/ex{self.num}.md"


def load_exercises():
    p = ROOT / "exercises" / "exercises.tsv"
    out = []
    if not p.is_file():
        return out
    for n, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1):
        fields = line.rstrip("\r").split("\t")
        if not line.strip() or line.startswith("#") or not fields[0].strip().isdigit():
            continue
        out.append(Exercise([f.strip() for f in fields], n))
    return exercises_in_reading_order(out)


def exercises_in_reading_order(exercises):
    """By chapter, then section (tools/grade/reading_order.py), as
    `make progress` lists them, whatever the registry's row order."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grade"))
    from reading_order import sort_reading_order
    return sort_reading_order(str(ROOT), exercises, lambda e: e.chapter, lambda e: e.section,
                              lambda e: e.number)


# ----------------------------------------------------------------- HTML

def esc(s):
    return html.escape(s, quote=True)


def raw(html_text):
    return {"t": "RawBlock", "c": ["html", html_text]}


MISSING = "\0missing"  # a link target that fix_link removed
BACK_MATTER = {"bibliography": "Bibliography"}  # chapters/<name>.md, a page in every edition
GUIDES = {"instructors-guide": "Instructor's guide", "trust-model": "The grader's trust model",
          "contributors-guide": "Contributor's guide"}


def unlink_missing(blocks):
    """Replaces every link whose target is MISSING by its text."""
    def go(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if isinstance(v, list):
                    o[k] = go_list(v)
                else:
                    go(v)
        elif isinstance(o, list):
            for x in o:
                go(x)

    def go_list(items):
        out = []
        for x in items:
            if isinstance(x, dict) and x.get("t") == "Link" and x["c"][2][0] == MISSING:
                out.extend(go_list(x["c"][1]))
            else:
                go(x)
                out.append(x)
        return out
    go(blocks)


# ------------------------------------------------------ explorable figures

EXPLORE_ASSETS = TOOLS / "explore"


def copy_explore_assets(out):
    """The explorable figures' scripts and style (tools/book/explore/) into
    OUT/explore/; mk/wasm.mk puts the programs and data in OUT/wasm/."""
    if (out / "wasm").is_dir():
        shutil.copytree(EXPLORE_ASSETS, out / "explore", dirs_exist_ok=True)


def add_explorable_figures(out, blocks):
    """After each figure whose chapters/figures/<name>.explore spec exists and
    whose program was built for the browser (OUT/wasm/<name>.js, mk/wasm.mk),
    a <div class="explore"> with the spec, which explore.js turns into the
    figure's controls; and the scripts, once, at the end of the page. Without
    the wasm the page keeps its static figure only. Returns the .explore
    files used (the page's inputs)."""
    used = []
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b["t"] not in ("Para", "Plain") or len(b["c"]) != 1 or b["c"][0]["t"] != "Image":
            continue
        m = re.fullmatch(r"figures/(\w+)\.svg", b["c"][0]["c"][2][0])
        spec = ROOT / "chapters" / "figures" / f"{m.group(1)}.explore" if m else None
        if not spec or not spec.is_file() or not (out / "wasm" / f"{m.group(1)}.js").is_file():
            continue
        text = json.dumps(json.loads(spec.read_text(encoding="utf-8"))).replace("</", "<\\/")
        blocks.insert(i + 1, raw(f'<div class="explore" data-figure="{m.group(1)}">'
                                 f'<script type="application/json">{text}</script></div>'))
        used.append(rel(spec))
    if used:
        blocks.append(raw('<link rel="stylesheet" href="explore/explore.css">'
                          '<script src="explore/plot.js"></script><script src="explore/worker.js"></script>'
                          '<script src="explore/explore.js"></script>'))
    return used


class Book:
    def __init__(self, cfg, chapters, exercises):
        self.cfg, self.chapters, self.exercises = cfg, chapters, exercises
        self.title = BOOK_TITLE_DEFAULT
        for ch in chapters:
            bt = ch.ast["meta"].get("book-title")
            if bt:
                self.title = stringify(bt["c"])
        self.manifest = []
        self.rebuilt = []  # pages whose content changed in this build
        self.deps = set()
        self.problems = []

    def chapter_by_stem(self, stem):
        for ch in self.chapters:
            if ch.stem == stem:
                return ch
        return None

    def chapter_label(self, ch):
        return ch.title if ch.number in (None, 0) or ch.title.startswith(str(ch.number)) \
            else f"{ch.number}. {ch.title}"

    def nav(self, prev, nxt, up=None):
        parts = [f'<a class="nav-home" href="index.html">{esc(self.title)}</a>']
        if up:
            parts.append(f'<a class="nav-up" href="{up[0]}">↑ {esc(up[1])}</a>')
        parts.append('<span class="nav-gap"></span>')
        if prev:
            parts.append(f'<a class="nav-prev" rel="prev" href="{prev[0]}">← {esc(prev[1])}</a>')
        if nxt:
            parts.append(f'<a class="nav-next" rel="next" href="{nxt[0]}">{esc(nxt[1])} →</a>')
        return "\n".join(parts)

    def write_page(self, ast, out_name, nav, extra_args=(), math=0, images=()):
        args = ["-f", "json", "-t", "html5", "--standalone", "--mathml",
                f"--template={TOOLS / 'template.html'}", "--highlight-style=tango",
                "-V", f"navbar={nav}", "-V", f"booktitle={esc(self.title)}", *extra_args]
        text = pandoc(args, json.dumps(ast))
        self.write_if_changed(self.cfg.out / out_name, text)
        self.manifest.append({"page": out_name, "math": math, "images": list(images)})

    def write_if_changed(self, path, text):
        """An unchanged page keeps its file (and its time); a changed one is
        listed in self.rebuilt, which `make` reports."""
        try:
            if path.read_text(encoding="utf-8") == text:
                return
        except (OSError, UnicodeDecodeError):
            pass
        path.write_text(text, encoding="utf-8")
        self.rebuilt.append(path.name)

    # -- chapters
    def render_chapter(self, i, ch):
        ex_here = [e for e in self.exercises if e.chapter == ch.stem]
        for inc in ch.includes:
            self.deps.add(inc.path)
            b = inc.block
            strip_srcline(b)
            if inc.is_solution and self.cfg.edition != "instructor":
                b.clear()
                b.update(raw('<p class="note">The reference solution is shown in the instructor '
                             'edition of the book (<code>make docs EDITION=instructor</code>).</p>'))
                continue
            if self.hide_answer(inc):
                continue
            b["c"][1] = inc.text if inc.text is not None else f"(missing: {inc.error})"
            caption = f'<p class="listing-file">{esc(inc.path)}</p>'
            b_copy = dict(b)
            b.clear()
            b.update({"t": "Div", "c": [["", ["listing"], []], [raw(caption), b_copy]]})
        for r in ch.runs:
            strip_srcline(r.block)
            self.note_exercise_code(r)
            if r.waiting:
                which = " and ".join(f"exercise {int(n)}" for n in r.waiting)
                shows = ("so it has not run: it measures on this machine, and the book keeps no "
                         "measurement of its own" if r.volatile else
                         "so the output below is the reference solution&rsquo;s")
                note = (f'<p class="note waiting">This program calls your {which}, which is not '
                        f'solved yet (or does not compile), {shows}. Once it passes, '
                        f'<code>make docs</code> runs this program on your code.</p>')
                b_copy = dict(r.block)
                r.block.clear()
                r.block.update({"t": "Div", "c": [["", [], []], [raw(note), b_copy]]})
            if r.out is not None:
                strip_srcline(r.out)
                res = r.result or {}
                if res.get("stage") == "ran" and res.get("status") == 0:
                    r.out["c"][1] = res["stdout"].rstrip("\n")
        fill_values(ch)
        # Remaining annotated blocks (plain ```c etc.) lose the line attribute.
        walk(ch.ast["blocks"], lambda o: strip_srcline(o) if o["t"] == "CodeBlock" else None)

        images = []

        def fix(o):
            if o["t"] == "Image":
                src = o["c"][2][0]
                self.note_exercise_figure(o)
                if not re.match(r"^[a-z]+:", src):
                    images.append(src)
                    if not (self.cfg.out / src).is_file():
                        if (ROOT / "chapters" / src).is_file():
                            (self.cfg.out / src).parent.mkdir(parents=True, exist_ok=True)
                            shutil.copyfile(ROOT / "chapters" / src, self.cfg.out / src)
                        else:
                            self.problems.append(f"{ch.name}:{ch.image_line(src)}: image {src} does not "
                                                 f"exist (figures come from chapters/figures/<name>.c and .gp)")
            elif o["t"] == "Link":
                self.fix_link(o, ch.name, ch.line_of)
        walk(ch.ast["blocks"], fix)
        unlink_missing(ch.ast["blocks"])
        self.deps.update(add_explorable_figures(self.cfg.out, ch.ast["blocks"]))
        math = []
        walk(ch.ast["blocks"], lambda o: math.append(1) if o["t"] == "Math" else None)

        if ch.heading_id:
            ch.ast["blocks"].insert(0, raw(f'<span id="{esc(ch.heading_id)}"></span>'))
        if ex_here:
            items = "".join(
                f'<li><a href="{e.html}">Exercise {e.number}: {esc(e.title)}</a> '
                f'({esc(e.points)} points) — edit <code>{esc(e.file)}</code>, '
                f'check with <code>make test EX={e.number}</code></li>' for e in ex_here)
            ch.ast["blocks"].append(raw(f'<aside class="exercise-box"><p><strong>Exercises in this '
                                        f'chapter</strong></p><ul>{items}</ul></aside>'))
        prev = self.chapters[i - 1] if i > 0 else None
        nxt = self.chapters[i + 1] if i + 1 < len(self.chapters) else None
        nav = self.nav((prev.html, self.chapter_label(prev)) if prev else ("index.html", "Contents"),
                       (nxt.html, self.chapter_label(nxt)) if nxt else
                       ((self.exercises[0].html, "Exercises") if self.exercises else None))
        extra = ["--toc", "--toc-depth=2"]
        if ch.number:
            extra += ["--number-sections", f"--number-offset={ch.number}"]
        self.write_page(ch.ast, ch.html, nav, extra, math=len(math), images=images)

    def hide_answer(self, inc):
        """The student edition prints no code that solves an exercise: an
        included library region named after a function that solves one
        (exercises.tsv's 7th column) becomes a note there."""
        solves = [e for e in self.exercises if inc.region in e.solved_by]
        if not solves or self.cfg.edition == "instructor":
            return False
        which = " and ".join(f"exercise {e.number}" for e in solves)
        inc.block.clear()
        inc.block.update(raw(f'<p class="note">The library&rsquo;s <code>{esc(inc.region)}</code> '
                             f'(<code>{esc(inc.path)}</code>) solves {which}, so this edition does '
                             f'not print it; the instructor edition does.</p>'))
        return True

    def note_exercise_code(self, r):
        """A program that calls an exercise's function says whose code ran:
        the student's own in the student edition, the reference solution in
        the instructor's. (A waiting program gets its own note instead.)"""
        nums = exercises_called(r.code)
        if not nums or r.waiting:
            return
        which = " and ".join(f"exercise {int(n)}" for n in nums)
        files = ", ".join(f"<code>{esc(e.file)}</code>" for e in self.exercises if e.num in nums)
        if not self.cfg.student_code:
            text = (f"This program calls {which}; in this build it ran the reference solution "
                    f"(in the student edition, the student&rsquo;s own code).")
        else:
            text = (f"This program runs your own {which} ({files}): the output below is what "
                    f"your code printed when the book was built.")
        b_copy = dict(r.block)
        r.block.clear()
        r.block.update({"t": "Div", "c": [["", [], []], [raw(f'<p class="note runs-exercise">{text}</p>'),
                                                         b_copy]]})

    def note_exercise_figure(self, image):
        """A figure drawn by a program that calls an exercise says so in its
        caption, as note_exercise_code does for a program."""
        m = re.match(r"^figures/([\w-]+)\.(svg|png)$", image["c"][2][0])
        src = ROOT / "chapters" / "figures" / f"{m.group(1)}.c" if m else None
        nums = exercises_called(src.read_text(encoding="utf-8")) if src and src.is_file() else []
        if not nums:
            return
        which = " and ".join(f"exercise {int(n)}" for n in nums)
        if not self.cfg.student_code:
            text = f" (Drawn by {which}'s reference solution; in the student edition, by the student's.)"
        else:
            text = (f" (Drawn by your own {which} when the book was built; until it passes, "
                    f"a placeholder stands in.)")
        image["c"][1] = image["c"][1] + [{"t": "Str", "c": text}]

    def fix_link(self, o, where, line_of):
        """A link to chapters/NN-x.md (from a chapter, or ../chapters/NN-x.md
        from a guide) points to its page; a link to a chapter that does not
        exist is reported, and becomes plain text so that the page has no
        broken link. Links between the guides of docs/ point to their pages."""
        target = o["c"][2][0]
        m = re.match(r"^(?:\./|\.\./chapters/)?(\d\d-[\w-]+)\.md(#.*)?$", target)
        if m:
            if (ROOT / "chapters" / (m.group(1) + ".md")).is_file():
                o["c"][2][0] = m.group(1) + ".html" + (m.group(2) or "")
                return
            msg = (f"{where}:{line_of(m.group(1) + '.md')}: link to chapter {m.group(1)}.md, "
                   f"which does not exist (chapters/{m.group(1)}.md)")
            if self.cfg.missing_chapters == "error":
                self.problems.append(msg)
            else:
                print(f"warning: {msg}: shown as plain text", file=sys.stderr)
            o["c"][2][0] = MISSING
            return
        b = re.match(r"^(?:\./|\.\./chapters/)?([\w-]+)\.md(#.*)?$", target)
        if b and b.group(1) in BACK_MATTER and (ROOT / "chapters" / f"{b.group(1)}.md").is_file():
            o["c"][2][0] = b.group(1) + ".html" + (b.group(2) or "")
            return
        g = re.match(r"^(?:\./|\.\./docs/|docs/)?([\w-]+)\.md(#.*)?$", target)
        if g and g.group(1) in GUIDES and self.cfg.edition == "instructor":
            o["c"][2][0] = g.group(1) + ".html" + (g.group(2) or "")
        elif not re.match(r"^([a-z]+:|#)", target):
            o["c"][2][0] = MISSING  # a file of the repository, not a page of the book

    # -- guides (instructor edition)
    def render_guide(self, i, name, folder="docs"):
        path = ROOT / folder / f"{name}.md"
        self.deps.add(rel(path))
        text = path.read_text(encoding="utf-8")
        ast = json.loads(pandoc(["-f", "markdown", "-t", "json"], text))
        title = None
        if ast["blocks"] and ast["blocks"][0]["t"] == "Header" and ast["blocks"][0]["c"][0] == 1:
            title = ast["blocks"].pop(0)["c"][2]
        if title or "title" not in ast["meta"]:
            ast["meta"]["title"] = {"t": "MetaInlines", "c": title or [{"t": "Str", "c": name}]}

        def line_of(needle):
            return next((n for n, l in enumerate(text.split("\n"), 1) if needle in l), 0)
        walk(ast["blocks"], lambda o: self.fix_link(o, f"{folder}/{name}.md", line_of) if o["t"] == "Link" else None)
        unlink_missing(ast["blocks"])
        self.write_page(ast, f"{name}.html", self.nav(None, None, up=("index.html", "Contents")),
                        ["--toc", "--toc-depth=2"])

    # -- exercises
    def render_exercise(self, i, e):
        ch = self.chapter_by_stem(e.chapter)
        where = f"exercises/exercises.tsv:{e.lineno}"
        if ch is None:
            self.problems.append(f"{where}: exercise {e.number}: chapter {e.chapter} "
                                 f"(chapters/{e.chapter}.md) does not exist")
            read = f"chapter {esc(e.chapter)}"
        else:
            if e.section not in ch.sections:
                self.problems.append(f"{where}: exercise {e.number}: section #{e.section} is not "
                                     f"a heading id in {ch.name}")
            read = (f'<a href="{ch.html}#{esc(e.section)}">{esc(self.chapter_label(ch))}, section '
                    f'“{esc(ch.sections.get(e.section, e.section))}”</a>')
        parts = [f'<p class="exercise-meta"><strong>{esc(e.points)} points</strong> · read first: {read}</p>',
                 "<h2>What to edit</h2>",
                 f"<p>Open <code>{esc(e.file)}</code> and replace each "
                 "<code>exercise_todo(...)</code> call with your code."
                 + (f" The header <code>{esc(e.header)}</code> documents what each function must do "
                    "(it is shown below)." if e.header else "") + "</p>",
                 "<h2>How to check it</h2>",
                 f'<pre class="shell"><code>make test EX={e.number}</code></pre>',
                 f"<p>Every failing test names the input it tried, what it expected and what your code "
                 f"returned. <code>make watch EX={e.number}</code> re-runs the tests each time you save; "
                 f"<code>make hint EX={e.number}</code> prints the first hint below in the terminal, "
                 f"<code>make hint EX={e.number} LEVEL=2</code> both. Try on your own before you "
                 f"open them.</p>"]
        blocks = [raw("\n".join(parts))]
        math = 0
        hint = ROOT / e.hint
        blocks.append(raw("<h2>Hints</h2>"))
        if hint.is_file():
            self.deps.add(e.hint)
            # Two levels, separated by a line `<!-- level 2 -->`; each stays
            # folded until the reader opens it, the gentle one first.
            levels = re.split(r"(?m)^<!-- level 2 -->[ \t]*$", hint.read_text(encoding="utf-8"), maxsplit=1)
            labels = ["Hint 1: a nudge", "Hint 2: a stronger hint (open hint 1 first)"]
            for k, text in enumerate(levels):
                hast = json.loads(pandoc(["-f", "markdown", "-t", "json"], text))
                # The hint file's own title repeats the page's; drop it.
                hast["blocks"] = [b for b in hast["blocks"] if not (b["t"] == "Header" and b["c"][0] == 1)]

                def demote(o):
                    if o["t"] == "Header":
                        o["c"][0] = min(6, o["c"][0] + 2)
                walk(hast["blocks"], demote)
                m = []
                walk(hast["blocks"], lambda o: m.append(1) if o["t"] == "Math" else None)
                math += len(m)
                blocks.append(raw(f'<details class="hint hint-level-{k + 1}"><summary>{labels[k]}</summary>'))
                blocks.extend(hast["blocks"])
                blocks.append(raw("</details>"))
        else:
            # A warning, not an error: make check records missing hints itself.
            print(f"warning: {where}: exercise {e.number} has no hint ({e.hint})", file=sys.stderr)
            blocks.append(raw('<p class="note">This exercise has no hint yet.</p>'))
        listings = []
        if e.header:
            listings.append(("The API", e.header))
        if self.cfg.edition == "instructor":
            listings.append(("Reference solution (instructor edition)", e.solution))
        for heading, path in listings:
            text, err = extract_region(path, None)
            if err:
                self.problems.append(f"{where}: exercise {e.number}: {err}")
                continue
            self.deps.add(path)
            blocks.append(raw(f"<h2>{esc(heading)}</h2>"))
            blocks.append({"t": "Div", "c": [["", ["listing"], []], [
                raw(f'<p class="listing-file">{esc(path)}</p>'),
                {"t": "CodeBlock", "c": [["", ["c"], []], text]}]]})
        ast = {"pandoc-api-version": self.chapters[0].ast["pandoc-api-version"] if self.chapters
               else [1, 22, 1],
               "meta": {"title": {"t": "MetaInlines",
                                  "c": [{"t": "Str", "c": f"Exercise {e.number}: {e.title}"}]}},
               "blocks": blocks}
        prev = self.exercises[i - 1] if i > 0 else None
        nxt = self.exercises[i + 1] if i + 1 < len(self.exercises) else None
        nav = self.nav((prev.html, f"Exercise {prev.number}") if prev else None,
                       (nxt.html, f"Exercise {nxt.number}") if nxt else None,
                       up=(f"{ch.html}#{e.section}", self.chapter_label(ch)) if ch else None)
        self.write_page(ast, e.html, nav, math=math)

    # -- index
    def render_index(self):
        rows = []
        for ch in self.chapters:
            exs = [e for e in self.exercises if e.chapter == ch.stem]
            sub = "".join(f'<li><a href="{e.html}">Exercise {e.number}: {esc(e.title)}</a></li>' for e in exs)
            rows.append(f'<li><a href="{ch.html}">{esc(self.chapter_label(ch))}</a>'
                        + (f'<ul class="index-exercises">{sub}</ul>' if sub else "") + "</li>")
        parts = ['<p class="lead">A workbook on the ReLU activation and deep ReLU networks, in C. '
                 'Every program in it was compiled and run, and every output and figure produced, '
                 'when this book was built. Start with the preface.</p>',
                 '<h2 id="chapters">Chapters</h2>', f'<ul class="index-chapters">{"".join(rows)}</ul>']
        if self.exercises:
            total = sum(int(e.points) for e in self.exercises if e.points.isdigit())
            trs = "".join(
                f'<tr><td>{e.number}</td><td><a href="{e.html}">{esc(e.title)}</a></td>'
                f'<td><code>{esc(e.file)}</code></td><td>{esc(e.points)}</td>'
                f'<td>{self._chapter_link(e)}</td></tr>' for e in self.exercises)
            parts += ['<h2 id="exercises">Exercises</h2>',
                      f"<p>{len(self.exercises)} exercises, {total} points. Check one with "
                      "<code>make test EX=N</code>, all of them with <code>make test</code>.</p>",
                      '<div class="table-wrap"><table><thead><tr><th>#</th><th>exercise</th><th>file</th>'
                      f'<th>points</th><th>taught in</th></tr></thead><tbody>{trs}</tbody></table></div>']
        back = [n for n in BACK_MATTER if (ROOT / "chapters" / f"{n}.md").is_file()]
        if back:
            parts += ['<h2 id="back-matter">Back matter</h2>', '<ul class="index-chapters">' + "".join(
                f'<li><a href="{n}.html">{esc(BACK_MATTER[n])}</a></li>' for n in back) + "</ul>"]
        if self.cfg.edition == "instructor":
            parts.insert(0, '<p class="note">Instructor edition: the exercise pages include the '
                            'reference solutions.</p>')
            guides = [n for n in GUIDES if (ROOT / "docs" / f"{n}.md").is_file()]
            if guides:
                parts += ['<h2 id="guides">Guides</h2>', '<ul class="index-chapters">' + "".join(
                    f'<li><a href="{n}.html">{esc(GUIDES[n])}</a></li>' for n in guides) + "</ul>"]
        ast = {"pandoc-api-version": [1, 22, 1],
               "meta": {"title": {"t": "MetaInlines", "c": [{"t": "Str", "c": self.title}]}},
               "blocks": [raw("\n".join(parts))]}
        first = self.chapters[0] if self.chapters else None
        self.write_page(ast, "index.html", self.nav(None, (first.html, self.chapter_label(first)) if first else None),
                        ["-V", "index=1"])

    def _chapter_link(self, e):
        ch = self.chapter_by_stem(e.chapter)
        if not ch:
            return esc(e.chapter)
        return f'<a href="{ch.html}#{esc(e.section)}">{esc(self.chapter_label(ch))}</a>'

    def build(self):
        out = self.cfg.out
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TOOLS / "book.css", out / "book.css")
        copy_explore_assets(out)
        jobs = [(self.render_chapter, i, ch) for i, ch in enumerate(self.chapters)]
        jobs += [(self.render_exercise, i, e) for i, e in enumerate(self.exercises)]
        jobs.append((lambda *_: self.render_index(), 0, None))
        if self.cfg.edition == "instructor":
            jobs += [(self.render_guide, 0, name) for name in GUIDES if (ROOT / "docs" / f"{name}.md").is_file()]
        jobs += [(lambda _, n: self.render_guide(0, n, "chapters"), 0, name) for name in BACK_MATTER
                 if (ROOT / "chapters" / f"{name}.md").is_file()]
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.cfg.jobs) as pool:
            for f in [pool.submit(fn, i, x) for fn, i, x in jobs]:
                f.result()
        # Pages from an earlier build whose chapter or exercise is gone.
        keep = {m["page"] for m in self.manifest}
        for old in out.glob("*.html"):
            if old.name not in keep:
                old.unlink()
        self.manifest.sort(key=lambda m: m["page"])
        (out / "book-manifest.json").write_text(json.dumps(
            {"title": self.title, "edition": self.cfg.edition, "pages": self.manifest}, indent=1))


# ------------------------------------------------------------- commands

def report(records, quiet=False, prefix=""):
    failed = 0
    for status, name, msg in records:
        print(f"{status}\t{prefix}{name}")
        if status == "FAIL":
            failed += 1
            if not quiet:
                print(msg, file=sys.stderr)
    return failed


def cmd_check(cfg, paths):
    chapters, errors = load_chapters(chapter_paths(paths))
    records = [("FAIL", f"book: {e.split(': ')[0]} parse", e) for e in errors]
    records += check(cfg, chapters)
    if cfg.prefix:  # another build variant: only the programs can differ
        records = [r for r in records if re.search(r":\d+ run( |$)", r[1])]
    return 1 if report(records, cfg.quiet, cfg.prefix) else 0


def cmd_html(cfg, a):
    t0 = time.monotonic()
    if cfg.edition == "instructor" and not (ROOT / "solutions").is_dir():
        print("book: EDITION=instructor needs solutions/ (this is a student checkout)", file=sys.stderr)
        return 1
    chapters, errors = load_chapters(chapter_paths([]))
    records = check(cfg, chapters, figures=True)
    book = Book(cfg, chapters, load_exercises())
    book.build()
    report_rebuilt(cfg, book, chapters)
    lint = [m for ch in chapters for m in ch.lint]
    problems = errors + [m for s, _, m in records if s == "FAIL" and m not in lint] + book.problems
    for m in lint:
        print(f"warning: {m} (make check fails on this)", file=sys.stderr)
    if a.deps and a.stamp:
        deps = sorted(book.deps | {rel(ch.path) for ch in chapters})
        Path(ROOT / a.deps).write_text(f"{a.stamp}: " + " ".join(deps) + "\n" +
                                       "".join(f"{d}:\n" for d in deps))
    runs = sum(len(ch.runs) for ch in chapters)
    waiting = [r for ch in chapters for r in ch.runs if r.waiting]
    if waiting:
        nums = sorted({int(n) for r in waiting for n in r.waiting})
        print(f"book: {len(waiting)} programs wait for your exercise"
              f"{'s' if len(nums) > 1 else ''} {', '.join(map(str, nums))}: they run on your code "
              f"once it passes (until then the book shows the reference outputs)",
              file=sys.stderr)
    for p in problems:
        print(("error: " if cfg.strict else "warning: ") + p, file=sys.stderr)
    print(f"book: {len(chapters)} chapters, {len(book.exercises)} exercises, {runs} run blocks, "
          f"{len(problems)} problems -> {rel(cfg.out)}/index.html "
          f"({cfg.edition} edition, {time.monotonic() - t0:.1f} s)", file=sys.stderr)
    if problems and not cfg.strict:
        print("book: not strict (no solutions/ here): the chapters keep their checked-in outputs "
              "where a program failed", file=sys.stderr)
    return 1 if problems and cfg.strict else 0


EXERCISE_CALL = re.compile(r"\bex(\d\d)_[a-z]\w*")  # a call, or a function passed by name


def report_rebuilt(cfg, book, chapters):
    """Says which pages this build changed and, in the student edition,
    which chapters now run the student's own exercises (compared with the
    last build: <work>/pages-shown.json)."""
    PandocCache.prune()
    if book.rebuilt:
        names = sorted(book.rebuilt)
        print(f"book: {len(names)} page{'s' if len(names) > 1 else ''} rebuilt ({', '.join(names[:5])}"
              f"{', ...' if len(names) > 5 else ''})")
    shown_file = cfg.work / "pages-shown.json"
    try:
        before = json.loads(shown_file.read_text())
    except (OSError, ValueError):
        before = None
    now = {ch.html: sorted({int(n) for r in ch.runs if not r.waiting and r.result
                            and r.result.get("stage") == "ran" and r.result.get("status") == 0
                            for n in EXERCISE_CALL.findall(r.code)}) for ch in chapters}
    if before is not None and not STRICT[0]:  # the student's code, not solutions/
        for ch in chapters:
            new = [n for n in now[ch.html] if n not in before.get(ch.html, [])]
            if new:
                print(f"book: chapter {ch.number} now shows your exercise{'s' if len(new) > 1 else ''} "
                      f"{', '.join(map(str, new))} ({rel(cfg.out)}/{ch.html})")
    shown_file.write_text(json.dumps(now))


def cmd_bless(cfg, paths):
    """Writes what each run block really prints into its output block (for
    authors: write the program, leave the output block empty, run this,
    read the result before committing it)."""
    chapters, errors = load_chapters(chapter_paths(paths))
    for e in errors:
        print(e, file=sys.stderr)
    run_all(cfg, chapters)
    status = 1 if errors else 0
    for ch in chapters:
        lines = ch.source.split("\n")
        changed = []
        for r in sorted(ch.runs, key=lambda r: -r.line):
            res = r.result
            if r.out is None or res.get("stage") != "ran" or res.get("status") != 0:
                if r.error:
                    print(r.error, file=sys.stderr)
                    status = 1
                continue
            got = res["stdout"].rstrip("\n")
            if got == r.expected.rstrip("\n") or r.volatile:
                continue  # volatile outputs (timings) are never committed
            if failed_claims(got):
                print(r.error, file=sys.stderr)  # never bless an output whose claims fail
                status = 1
                continue
            start = r.out_line  # 1-based line of the opening fence
            fence = FENCE_RE.match(lines[start - 1])
            end = start
            while end < len(lines):
                m = FENCE_RE.match(lines[end])
                if m and m["fence"][0] == fence["fence"][0] and len(m["fence"]) >= len(fence["fence"]) \
                        and not m["info"].strip():
                    break
                end += 1
            prefix = fence["prefix"]
            lines[start:end] = [prefix + l if l else prefix.rstrip() for l in got.split("\n")] if got else []
            changed.append(r.out_line)
        if changed:
            ch.path.write_text("\n".join(lines), encoding="utf-8")
            print(f"{ch.name}: updated the output blocks at lines {', '.join(map(str, sorted(changed)))}",
                  file=sys.stderr)
    return status


def cmd_selftest(cfg):
    """Each fixture in tests/book/ names the failures it must produce in
    lines '<!-- expect: TEXT -->' (every TEXT must appear in one message),
    or '<!-- expect: pass -->'."""
    fixtures = sorted((ROOT / "tests" / "book").glob("*.md"))
    status = 0
    for fx in fixtures:
        expects = re.findall(r"<!--\s*expect:\s*(.*?)\s*-->", fx.read_text(encoding="utf-8"))
        name = f"book self-test: {rel(fx)}"
        chapters, errors = load_chapters([fx])
        records = check(cfg, chapters)
        msgs = errors + [m for s, _, m in records if s == "FAIL"]
        if expects == ["pass"]:
            ok, why = not msgs, "\n".join(msgs)
        else:
            missing = [x for x in expects if not any(x in m for m in msgs)]
            ok = bool(expects) and not missing
            why = (f"expected messages containing {missing!r}; got:\n" + "\n".join(msgs)) if expects \
                else "fixture has no <!-- expect: ... --> line"
        print(f"{'PASS' if ok else 'FAIL'}\t{name}")
        if not ok:
            status = 1
            print(textwrap.indent(why, "    "), file=sys.stderr)
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["check", "html", "selftest", "bless"])
    ap.add_argument("chapters", nargs="*")
    ap.add_argument("--out", default="build/book")
    ap.add_argument("--work", default="build/release/book")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--cflags", default="-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Ilib")
    ap.add_argument("--ldlibs", default="-lz -lm")
    ap.add_argument("--lib", default="build/release/libworkbook.a")
    ap.add_argument("--sollib", default="")
    ap.add_argument("--edition", default="student", choices=["student", "instructor"])
    ap.add_argument("--strict", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--deps")
    ap.add_argument("--stamp")
    ap.add_argument("--quiet", action="store_true", help="no failure messages on stderr")
    ap.add_argument("--record-prefix", default="", help="prefix of the check names (e.g. asan:)")
    ap.add_argument("--missing-chapters", default="warn", choices=["warn", "error"],
                    help="a link to chapters/NN-x.md that does not exist: a warning (the link "
                         "becomes plain text) or an error")
    a = ap.parse_intermixed_args()
    cfg = Cfg(a)
    os.chdir(ROOT)
    try:
        if a.command == "check":
            return cmd_check(cfg, a.chapters)
        if a.command == "html":
            return cmd_html(cfg, a)
        if a.command == "bless":
            return cmd_bless(cfg, a.chapters)
        return cmd_selftest(cfg)
    except RuntimeError as e:
        print(f"book: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
