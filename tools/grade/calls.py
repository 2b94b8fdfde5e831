#!/usr/bin/env python3
"""calls.py: generates the two sides of the calls into student code.

  calls.py tests/calls/ex01_relu_forward.calls OUTDIR
      -> OUTDIR/ex01_relu_forward_proxy.c   linked into the test program
         OUTDIR/ex01_relu_forward_serve.c   linked into the student's worker

A .calls file lists an exercise's functions as C prototypes whose pointer
parameters say how they cross between the processes (tests/support/rpc.h):

    void ex01_relu_forward(out float *out[n], in const float *inp[n], size_t n)
    Tensor *ex01_relu(in const Tensor *x)

  in T *p[len]       an array of len elements that the student only reads
  out T *p[len]      an array the student writes (its contents are sent
                     both ways, so in-out works too)
  in/out Tensor *t   a tensor (shape, data, and its gradient if it has one)
  node Tensor *t     an autograd node: t, its data and gradient, and its
                     inputs, whose gradients come back
  T name             a scalar (any arithmetic type or enum)

len is a C expression over the scalars and tensors (it is evaluated on
both sides, after the scalars and tensors arrived). It must not call the
exercise's own functions: those are the student's. A prototype may end
with `timeout=SECONDS`, for a function that legitimately runs long (a
training run): its calls then get that long instead of TEST_TIMEOUT. The prototypes must be
those of the exercise's header: the generated code includes the header,
so the compiler checks that they are.

Lines starting with `forbid` name what in the library computes the
exercise's answer (for any argument value: an enum dispatcher, a backward
rule that equals the forward for some arguments, an op whose graph node
holds a pointer to such code). The worker is linked with every such
function replaced by a stand-in that stops the call and names it
(build.py: -Wl,--wrap), so the capability holds whatever the student's
code calls it by:

    forbid objects activations mlp     every function of lib/activations.c, lib/mlp.c
    forbid symbols tensor_matmul       one function
    forbid only ex11_leaky_relu_forward  only while these functions run
                                       (default: every call)
    forbid headers vecmath.h           inline helpers: the student's file may
                                       not include them (build.py refuses it)

A whole object is the safe unit: calls inside one object are not
redirected, so forbid a symbol alone only when nothing else in its
object reaches it.
"""

import os
import re
import sys

PARAM = re.compile(r"^(?:(in|out|node)\s+)?(.*?)(?:\[(.*)\])?$")


class Param:
    def __init__(self, text, where):
        m = PARAM.match(text.strip())
        self.dir, self.decl, self.len = m.group(1), m.group(2).strip(), m.group(3)
        self.name = re.search(r"(\w+)$", self.decl).group(1)
        self.ctype = self.decl[:-len(self.name)].strip()
        self.pointer = self.ctype.endswith("*")
        base = self.ctype.replace("const", "").replace("*", "").strip()
        self.is_tensor = self.pointer and base == "Tensor"
        self.elem = base
        if self.pointer and not self.dir:
            raise SystemExit("%s: pointer parameter %s needs in, out or node" % (where, self.name))
        if self.dir and not self.pointer:
            raise SystemExit("%s: %s is not a pointer; scalars take no direction" % (where, self.name))
        if self.pointer and not self.is_tensor and self.len is None:
            raise SystemExit("%s: array %s needs its length, e.g. %s[n]" % (where, self.name, self.name))
        if self.dir == "node" and not self.is_tensor:
            raise SystemExit("%s: node %s must be a Tensor *" % (where, self.name))

    @property
    def kind(self):
        if not self.pointer:
            return "scalar"
        if self.dir == "node":
            return "node"
        return "tensor" if self.is_tensor else "array"

    def rpc_dir(self):
        return "RPC_OUT" if self.dir == "out" else "RPC_IN"


class Function:
    def __init__(self, line, where):
        self.timeout = 0
        t = re.search(r"\s+timeout=(\d+)\s*$", line)
        if t:
            self.timeout = int(t.group(1))
            line = line[:t.start()]
        m = re.match(r"^(.*?)(\w+)\s*\((.*)\)\s*;?$", line)
        if not m:
            raise SystemExit("%s: expected a prototype: %s" % (where, line))
        self.ret = m.group(1).strip()
        self.name = m.group(2)
        params = [p for p in split_params(m.group(3)) if p.strip() and p.strip() != "void"]
        self.params = [Param(p, where) for p in params]

    def ordered(self):
        """The order arguments travel in: scalars, tensors and nodes, arrays
        of a constant length (a config struct, [1]), other arrays (their
        lengths may use any of the former)."""
        def rank(p):
            if p.kind == "array":
                return 2 if p.len.strip().isdigit() else 3
            return {"scalar": 0, "tensor": 1, "node": 1}[p.kind]
        return sorted(self.params, key=rank)

    def signature(self):
        ret = self.ret if self.ret.endswith("*") else self.ret + " "
        args = ", ".join(p.decl for p in self.params) or "void"
        return "%s%s(%s)" % (ret, self.name, args)


def split_params(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def read_calls(path):
    functions = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line or line.split()[0] == "forbid":
                continue
            functions.append(Function(line, "%s:%d" % (path, lineno)))
    # A length is the trusted side's own computation: the proxy copies that
    # many elements into and out of the test's buffer.
    names = {f.name for f in functions}
    for f in functions:
        for p in f.params:
            called = set(re.findall(r"(\w+)\s*\(", p.len or "")) & names
            if called:
                raise SystemExit("%s: the length of %s in %s calls %s, the student's code: "
                                 "compute it from the arguments" % (path, p.name, f.name,
                                                                    ", ".join(sorted(called))))
    return functions


def read_forbid(path):
    """The `forbid` lines: {"objects": [...], "symbols": [...], "only": [...]}."""
    spec = {"objects": [], "symbols": [], "only": [], "headers": []}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words or words[0] != "forbid":
                continue
            if len(words) < 3 or words[1] not in spec:
                raise SystemExit("%s:%d: expected forbid objects|symbols|only|headers NAME..."
                                 % (path, lineno))
            spec[words[1]] += words[2:]
    return spec


def library_functions(lib, objects):
    """The global functions the named objects of the archive lib define."""
    import subprocess
    out = subprocess.run(["nm", "-A", "-g", "--defined-only", lib], stdout=subprocess.PIPE,
                         check=True).stdout.decode("utf-8", "replace")
    want = {o + ".o" for o in objects}
    names, seen = [], set()
    for line in out.splitlines():
        m = re.match(r"^.*?:([^:]+\.o):\S*\s+([TWi])\s+(\S+)$", line)
        if m and m.group(1) in want and "." not in m.group(3):
            seen.add(m.group(1))
            names.append(m.group(3))
    missing = want - seen
    if missing:
        raise SystemExit("forbid objects: %s not in %s" % (", ".join(sorted(missing)), lib))
    return names


def forbidden_symbols(path, lib):
    spec = read_forbid(path)
    names = library_functions(lib, spec["objects"]) if spec["objects"] else []
    return sorted(set(names + spec["symbols"])), spec["only"]


def stand_ins(symbols, only):
    """C for the worker: each forbidden function's stand-in stops the call
    (rpc_worker.c's rpc_forbidden_call names it to the test). Scoped by
    `forbid only`, a stand-in passes the call on (__real_) outside those
    functions: a jump that leaves the arguments untouched."""
    out = ["/* What computes this exercise's answer: reaching it stops the call. */",
           "_Noreturn void rpc_forbidden_call(const char *function);",
           "const char *const rpc_forbid_only[] = {%s};"
           % "".join('"%s", ' % f for f in only).__add__("NULL")]
    for sym in symbols:
        if not only:
            out.append('void __wrap_%s(void);\nvoid __wrap_%s(void) { rpc_forbidden_call("%s"); }'
                       % (sym, sym, sym))
            continue
        out.append('static const char rpc_name_%s[] __attribute__((used)) = "%s";' % (sym, sym))
        out.append(SCOPED_STAND_IN % {"s": sym})
    return "\n".join(out) + "\n"


# A stand-in that forbids only while rpc_forbid_active (set by the worker
# around the functions of `forbid only`); otherwise it jumps to the real one.
SCOPED_STAND_IN = r"""__asm__(".text\n.globl __wrap_%(s)s\n.type __wrap_%(s)s, @function\n__wrap_%(s)s:\n"
#if defined(__x86_64__)
        "cmpb $0, rpc_forbid_active(%%rip)\njne 1f\njmp __real_%(s)s\n"
        "1: leaq rpc_name_%(s)s(%%rip), %%rdi\njmp rpc_forbidden_call\n"
#elif defined(__aarch64__)
        "adrp x16, rpc_forbid_active\nldrb w16, [x16, :lo12:rpc_forbid_active]\n"
        "cbnz w16, 1f\nb __real_%(s)s\n"
        "1: adrp x0, rpc_name_%(s)s\nadd x0, x0, :lo12:rpc_name_%(s)s\nb rpc_forbidden_call\n"
#else
#error "forbid only: no stand-in for this processor"
#endif
        ".size __wrap_%(s)s, .-__wrap_%(s)s\n");"""


def proxy(fn):
    out = ["%s {" % fn.signature(),
           "    char rpc_shown[256];",
           "    rpc_show_begin(rpc_shown, sizeof rpc_shown, \"%s\");" % fn.name]
    for i, p in enumerate(fn.params):
        sep = "" if i == 0 else ", "
        if p.kind == "scalar":
            out.append("    RPC_SHOW(rpc_shown, sizeof rpc_shown, \"%s%s\", %s);" % (sep, p.name, p.name))
        else:
            out.append("    rpc_show_name(rpc_shown, sizeof rpc_shown, \"%s%s\");" % (sep, p.name))
    out.append("    rpc_show_name(rpc_shown, sizeof rpc_shown, \")\");")
    out.append("    RpcCall *rpc_c = rpc_call_begin(\"%s\", rpc_shown, %d);" % (fn.name, fn.timeout))
    for p in fn.ordered():
        if p.kind == "scalar":
            out.append("    rpc_put_scalar(rpc_c, &%s, sizeof %s);" % (p.name, p.name))
        elif p.kind == "tensor":
            out.append("    rpc_put_tensor(rpc_c, \"%s\", %s, %s);" % (p.name, p.name, p.rpc_dir()))
        elif p.kind == "node":
            out.append("    rpc_put_node(rpc_c, \"%s\", %s);" % (p.name, p.name))
        else:
            out.append("    rpc_put_array(rpc_c, \"%s\", %s, sizeof(%s), (size_t)(%s), %s);"
                       % (p.name, p.name, p.elem, p.len, p.rpc_dir()))
    out.append("    rpc_call_run(rpc_c);")
    if fn.ret == "void":
        out.append("    rpc_call_end(rpc_c);")
    elif fn.ret.replace(" ", "") == "Tensor*":
        out += ["    Tensor *rpc_ret = rpc_get_tensor(rpc_c);", "    rpc_call_end(rpc_c);",
                "    return rpc_ret;"]
    else:
        out += ["    %s rpc_ret;" % fn.ret, "    rpc_get_scalar(rpc_c, &rpc_ret, sizeof rpc_ret);",
                "    rpc_call_end(rpc_c);", "    return rpc_ret;"]
    out.append("}")
    return "\n".join(out)


def serve(fn):
    out = ["static void serve_%s(RpcServe *rpc_s) {" % fn.name]
    for p in fn.ordered():
        if p.kind == "scalar":
            out.append("    %s;" % p.decl)
            out.append("    rpc_take_scalar(rpc_s, &%s, sizeof %s);" % (p.name, p.name))
        elif p.kind == "tensor":
            out.append("    %s = rpc_take_tensor(rpc_s, \"%s\", %s);" % (p.decl, p.name, p.rpc_dir()))
        elif p.kind == "node":
            out.append("    %s = rpc_take_node(rpc_s, \"%s\");" % (p.decl, p.name))
        else:
            out.append("    %s = rpc_take_array(rpc_s, \"%s\", sizeof(%s), (size_t)(%s), %s);"
                       % (p.decl, p.name, p.elem, p.len, p.rpc_dir()))
    call = "%s(%s)" % (fn.name, ", ".join(p.name for p in fn.params))
    out.append("    rpc_student_begin(rpc_s);")
    if fn.ret == "void":
        out += ["    %s;" % call, "    rpc_student_end(rpc_s);"]
    elif fn.ret.replace(" ", "") == "Tensor*":
        out += ["    Tensor *rpc_ret = %s;" % call, "    rpc_student_end(rpc_s);",
                "    rpc_give_tensor(rpc_s, rpc_ret);"]
    else:
        out += ["    %s rpc_ret = %s;" % (fn.ret, call), "    rpc_student_end(rpc_s);",
                "    rpc_give_scalar(rpc_s, &rpc_ret, sizeof rpc_ret);"]
    out.append("}")
    return "\n".join(out)


def main(argv):
    lib = None
    if len(argv) == 4 and argv[2] == "--lib":
        lib = argv[3]
        argv = argv[:2]
    if len(argv) != 2:
        raise SystemExit("usage: calls.py tests/calls/exNN_<topic>.calls OUTDIR [--lib LIB.a]")
    path, outdir = argv
    name = os.path.basename(path)[:-len(".calls")]
    functions = read_calls(path)
    head = ("/* Generated by tools/grade/calls.py from %s: do not edit. */\n"
            "#include \"rpc.h\"\n#include \"%s.h\"\n" % (os.path.relpath(path), name))
    os.makedirs(outdir, exist_ok=True)
    proxies = head + "\n" + "\n\n".join(proxy(f) for f in functions) + "\n"
    serves = head + "\n" + "\n\n".join(serve(f) for f in functions) + "\n\n"
    serves += "const RpcEntry rpc_entries[] = {\n%s    {NULL, NULL},\n};\n" % "".join(
        "    {\"%s\", serve_%s},\n" % (f.name, f.name) for f in functions)
    symbols, only = forbidden_symbols(path, lib) if lib else ([], [])
    serves += "\n" + stand_ins(symbols, only)
    wrap = "".join(s + "\n" for s in symbols)
    for suffix, text in (("_proxy.c", proxies), ("_serve.c", serves), (".wrap", wrap)):
        target = os.path.join(outdir, name + suffix)
        old = open(target).read() if os.path.exists(target) else None
        if old != text:
            with open(target + ".tmp", "w") as f:
                f.write(text)
            os.replace(target + ".tmp", target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
