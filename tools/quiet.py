#!/usr/bin/env python3
"""quiet.py LOG COMMAND...: plain `make`, quiet: the build's progress lines
(CC, AR, LD, RUN, PLOT, BOOK, figure notes) go to LOG only, summed up in
one line on the terminal; everything else (warnings, errors, the book's
news, the progress table) is shown as it comes. LOG gets every line.
`make V=1` (or VERBOSE=1) does not use this and shows everything.
"""

import os
import re
import signal
import subprocess
import sys

PROGRESS = re.compile(r"^  ([A-Z]{2,4}) +\S|^  note: figure |^book: \d+ chapters, .*, 0 problems ->")
STAGE = [(re.compile(r"^  WASM "), "WebAssembly"),
         (re.compile(r"^  \S+ +(lib/|build/[^/ ]+/libworkbook)"), "library"),
         (re.compile(r"^  (RUN|PLOT) |^  \S+ +chapters/figures/|^  note: figure "), "figures"),
         (re.compile(r"^  BOOK |^book: |^  \S+ +(solutions/|build/[^ ]*/book/)"), "book")]


def main():
    log_path, cmd = sys.argv[1], sys.argv[2:]
    os.makedirs(os.path.dirname(log_path) or ".", exist_ok=True)
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    stages, open_line = [], False
    try:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            log.write(line)
            log.flush()
            if PROGRESS.search(line):
                stage = next((name for rx, name in STAGE if rx.search(line)), "other steps")
                if stage not in stages:
                    if not open_line:
                        sys.stdout.write("building (details: %s; `make V=1` shows them):" % log_path)
                    stages.append(stage)
                    sys.stdout.write(" " + stage)
                    sys.stdout.flush()
                    open_line = True
                continue
            if open_line:
                sys.stdout.write("\n")
                open_line = False
            sys.stdout.write(line)
            sys.stdout.flush()
        status = proc.wait()
    except KeyboardInterrupt:
        # The terminal's Ctrl-C reached make too; wait for it to clean up.
        try:
            status = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            status = proc.wait()
        status = status or 130
    if open_line:
        sys.stdout.write("\n")
    if status != 0:
        sys.stdout.write("the build stopped (exit %d); every line of it: %s\n" % (status, log_path))
    return 0 if status == 0 else (status if status > 0 else 128 - status)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
