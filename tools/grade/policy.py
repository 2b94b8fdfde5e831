"""policy.py: what a submission may contain, include and call.

These checks give clear messages early; the guarantees come from the
design (tests/support/rpc.h: the student's code runs in a separate process
under a seccomp filter and never decides a verdict). They are:
  - the submitted tree holds regular files and folders only (no symbolic
    link into the grader's checkout or a classmate's folder, no device);
  - the student's file includes only the C library's and the workbook's
    public headers (checked after the preprocessor);
  - the assembly the compiler made uses only the directives a compiler
    makes (no .incbin of a file, no .include, no assembler macros);
  - the object calls only the library's API, libm and an allow-list of
    computing C functions, minus what the exercise asks the student to
    write (the registry's "forbidden" column), and defines no main.
"""

import os
import re
import subprocess

MESSAGE_CAP = 3000
TREE_LIMIT = 20000  # entries a submitted folder may hold

# Undefined references a student object may make (besides the library's API
# and libm): computing, formatting to stdout/stderr, memory.
ALLOWED_LIBC = set("""
malloc calloc realloc free aligned_alloc posix_memalign
memcpy memmove memset memcmp memchr strlen strnlen strcmp strncmp strcpy strncpy strcat
strncat strchr strrchr strstr strspn strcspn strtol strtoul strtoll strtoull strtod strtof
atoi atol atof abs labs llabs div ldiv qsort bsearch rand srand strtok strtok_r
toupper tolower isalpha isdigit isspace isalnum isupper islower isxdigit __ctype_tolower_loc
__ctype_toupper_loc
printf fprintf vprintf vfprintf puts fputs putchar fputc putc fwrite fflush snprintf
vsnprintf sprintf vsprintf perror
stdin stdout stderr
getchar getc fgetc fgets fread scanf sscanf ungetc feof ferror clearerr
sleep usleep nanosleep time clock clock_gettime
abort __assert_fail __stack_chk_fail
__printf_chk __fprintf_chk __vfprintf_chk __vprintf_chk __snprintf_chk __vsnprintf_chk
__sprintf_chk __vsprintf_chk __memcpy_chk __memmove_chk __memset_chk __strcpy_chk
__strncpy_chk __strcat_chk __strncat_chk __isoc23_strtol __isoc23_strtoul __isoc23_strtoll
__isoc23_strtoull __isoc99_scanf __isoc99_sscanf __isoc23_scanf __isoc23_sscanf
__fgets_chk __fread_chk __ctype_b_loc __errno_location _GLOBAL_OFFSET_TABLE_
""".split())

# What a compiler's assembly output contains. Anything else (.incbin,
# .include, .macro, .rept, .irp, ...) is refused: it could read a file at
# assembly time or make a huge object from a tiny source.
ASM_DIRECTIVES = set("""
.file .text .data .bss .section .previous .pushsection .popsection .globl .global .local
.weak .hidden .protected .internal .type .size .align .p2align .balign .comm .lcomm .long
.quad .short .value .word .byte .2byte .4byte .8byte .zero .skip .string .ascii .asciz .ident
.loc .uleb128 .sleb128 .set .equ .cfi_startproc .cfi_endproc .cfi_def_cfa .cfi_def_cfa_offset
.cfi_def_cfa_register .cfi_offset .cfi_restore .cfi_remember_state .cfi_restore_state
.cfi_escape .cfi_adjust_cfa_offset .cfi_rel_offset .cfi_register .cfi_undefined
.cfi_same_value .cfi_personality .cfi_lsda .cfi_sections .cfi_signal_frame .cfi_negate_ra_state
.loc_mark_labels .file_end .subsection .tls_common .symver_unused .note .float .double
.single .octa .cfi_b_key_frame .arch .arch_extension .cpu .fpu .syntax .code .code16
.code32 .code64 .intel_syntax .att_syntax .variant_pcs .dc.a .xword .dword .hword
""".split())
ASM_LIMIT = 64 << 20


def check_tree(top, only=None):
    """Refuses symbolic links and special files anywhere under top (or only
    under the listed sub-folders). Returns None or the reason."""
    seen = 0
    roots = [os.path.join(top, o) for o in only] if only else [top]
    if os.path.islink(top):
        return "the submitted folder %s is a symbolic link" % top
    for root in roots:
        if not os.path.lexists(root):
            continue
        for d, dirs, files in os.walk(root, followlinks=False):
            for name in dirs + files:
                seen += 1
                if seen > TREE_LIMIT:
                    return "the submission has more than %d files and folders" % TREE_LIMIT
                p = os.path.join(d, name)
                st = os.lstat(p)
                rel = os.path.relpath(p, top)
                if os.path.stat.S_ISLNK(st.st_mode):
                    return ("%s is a symbolic link: submissions must hold regular files only "
                            "(copy the file itself)" % rel)
                if not (os.path.stat.S_ISREG(st.st_mode) or os.path.stat.S_ISDIR(st.st_mode)):
                    return "%s is not a regular file (a device, pipe or socket)" % rel
            if root == top and d == top:
                dirs[:] = [x for x in dirs if x != ".git"]  # git's own objects
    return None


def only_own_messages(text, src, shown):
    """A compiler's messages, keeping only those about the student's own file
    (a message located in another file could quote a line of it). A file the
    sandbox denies reads as a missing one: no bit of existence leaks."""
    text = text.replace("Permission denied", "No such file or directory")
    keep = {}  # an ordered set: de-duplicated in linear time
    real = os.path.realpath(src)
    for line in text.splitlines():
        m = re.match(r"^(.+?):\d+(:\d+)?: (fatal error|error|note|warning): ", line)
        if m and os.path.realpath(m.group(1)) != real:
            line = "%s: an error in an included file" % os.path.basename(m.group(1))
        elif re.match(r"^(In file included from|\s+from) ", line):
            continue
        keep[line.replace(src, shown)] = None
    return "\n".join(keep)


def system_include_dirs(cc):
    p = subprocess.run([cc, "-E", "-Wp,-v", "-x", "c", "/dev/null"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    text = p.stderr.decode("utf-8", "replace")
    return [l.strip() for l in text.split("search starts here:")[-1]
            .split("End of search list.")[0].splitlines() if l.startswith(" ")]


def check_includes(deps_text, src, allowed_dirs):
    """deps_text is `cc -M`'s output: every file the source includes."""
    deps = deps_text.replace("\\\n", " ")
    files = deps.split(":", 1)[1].split() if ":" in deps else []
    allowed = [os.path.realpath(d) + "/" for d in allowed_dirs]
    bad = []
    for f in files:
        real = os.path.realpath(f)
        if real == os.path.realpath(src):
            continue
        if not real.endswith(".h") or not any(real.startswith(a) for a in allowed):
            bad.append(f)
    if bad:
        return ("includes %s: exercise code may include only the C library's and the "
                "workbook's headers" % ", ".join(bad[:5]))
    return None


def check_forbidden_headers(deps_text, headers):
    """Headers whose inline code computes the exercise's answer (`forbid
    headers` in its .calls file): including one is refused."""
    deps = deps_text.replace("\\\n", " ")
    files = deps.split(":", 1)[1].split() if ":" in deps else []
    bad = sorted({os.path.basename(f) for f in files} & set(headers))
    if bad:
        return ("includes %s: its inline functions compute what this exercise asks you to "
                "write, so graded code may not include it" % ", ".join(bad))
    return None


def check_assembly(path):
    """Reads the compiler's assembly line by line (bounded memory) and
    returns None or why it is refused."""
    if os.path.getsize(path) > ASM_LIMIT:
        return "compiles to more than %d MB of assembly" % (ASM_LIMIT >> 20)
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            for stmt in split_statements(line):
                word = stmt.split(None, 1)[0] if stmt.split() else ""
                while re.match(r"^[\w.$@]+:", word):  # labels
                    stmt = stmt[stmt.index(":") + 1:].strip()
                    word = stmt.split(None, 1)[0] if stmt.split() else ""
                if word.startswith(".") and word not in ASM_DIRECTIVES \
                        and not re.match(r"^\.(cfi_|L)", word):
                    return ("uses the assembler directive %s (in an asm statement or attribute): "
                            "exercise code may not" % word)
    return None


def split_statements(line):
    """A line of assembly cut at ';' and '#' outside strings."""
    out, cur, quote, i = [], "", False, 0
    while i < len(line):
        ch = line[i]
        if quote:
            cur += ch
            if ch == "\\" and i + 1 < len(line):
                cur += line[i + 1]
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote, cur = True, cur + ch
        elif ch == ";":
            out.append(cur.strip())
            cur = ""
        elif ch == "#" and not cur.strip():
            break  # a comment line
        else:
            cur += ch
        i += 1
    out.append(cur.strip())
    return [s for s in out if s]


def check_symbols(nm_text, exercise, lib_api, libm, forbidden, sanitizer):
    """nm -P output of the student's object; returns None or the reason."""
    problems = []
    for line in nm_text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0].split("@")[0], parts[1]
        if kind in ("U", "w", "v"):
            if name in forbidden:
                problems.append("calls %s: exercise %d asks you to write this yourself, so "
                                "calling the library's %s is not allowed here"
                                % (name, int(exercise.number), name))
            elif name in lib_api or name in ALLOWED_LIBC or name in libm:
                continue
            elif sanitizer and name.startswith(("__asan", "__ubsan", "__sanitizer", "__lsan")):
                continue
            else:
                problems.append("uses %s, which graded exercise code may not call" % name)
        elif (kind.isupper() or kind in ("i", "u")) and name == "main":
            problems.append("defines main (the tests have their own)")
    if not problems:
        return None
    seen = []
    for p in problems:
        if p not in seen:
            seen.append(p)
    return "exercises/%s.c was rejected by the grader's rules: it %s." % (
        exercise.name, "; it ".join(seen[:8]))


# Packed single-precision compare, select, max/min or bitwise ops: what a
# vectorised ReLU compiles to (x86-64 SSE/AVX, or AArch64 NEON on .4s lanes).
PACKED_SIMD = re.compile(r"\b(v?(max|min|cmp\w*|andn?|blendv?|or)ps)\b|"
                         r"\b(fmaxnm|fmax|fminnm|fmin|fcm\w+|bsl|bif|bit|and|bic)\s+v\d+\.(4s|16b)")


def packed_simd_in(obj, function):
    """True/False: the function's code has a packed SIMD instruction; None
    when objdump fails. Reads objdump's output line by line."""
    try:
        p = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", obj],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    inside, found = False, False
    for raw in p.stdout:
        line = raw.decode("utf-8", "replace")
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:", line)
        if m:
            inside = m.group(1) == function or m.group(1).startswith(function + ".")
        elif inside and PACKED_SIMD.search(line):
            found = True
    p.wait()
    return found if p.returncode == 0 else None
