#!/usr/bin/env python3
"""explore_check.py: the explorable figures, tested in headless Chromium.

  python3 tools/book/explore_check.py [BOOK_DIR] --native DIR [--screens DIR] [--times FILE] [--only NAME]

For each explorable figure of the built book (a <div class="explore"> that
book.py adds where chapters/figures/<name>.explore and the wasm exist) it
opens the page from file:// and
  - scrolls to the figure and waits until the page has loaded its program
    (explore.js does that when the figure comes into view);
  - presses "Book's values": the figure's program runs in the page's worker
    with the book's parameters; its output must match the static figure's
    data (BOOK_DIR/figures/<name>.dat) to float tolerance;
  - changes a control with the keyboard (the spec's "check" control, else
    the first; an arrow key on a slider or a menu): the page must redraw, and its output must match
    the native program's (DIR/<name>, the build's own) run with the
    arguments the page used, to float tolerance;
  - the redraw after that change (from the key to the new plot) must take
    under MAX_REDRAW_S (the best of two runs: other jobs on a shared machine
    slow a single one);
  - the figure's screenshot goes to SCREENS/explore-<name>.png (desktop)
    and explore-<name>-phone.png.
Then, with WebAssembly removed before the page's scripts run, each page
must still show every static figure, with a note instead of controls.
Prints "PASS|FAIL<TAB>explore: ..." lines (tools/check.d/50-browser.sh
records them); --times writes one "<name> <native s> <browser s>" line per
figure for make bench (mk/bench.mk's wasm_<figure> rows).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import DESKTOP, PHONE, Chromium, console_problems, find_chromium  # noqa: E402

MAX_REDRAW_S = 2.0
REL_TOL, ABS_TOL = 1e-4, 1e-6  # wasm's libm differs from glibc's in the last digits


def numbers(text):
    """The numeric rows of a program's output (comments and blank lines out)."""
    return [[float(v) for v in line.split()] for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def compare(got, want):
    """None when the two outputs agree to float tolerance, else the first difference."""
    a, b = numbers(got), numbers(want)
    if len(a) != len(b):
        return f"{len(a)} rows, expected {len(b)}"
    for i, (ra, rb) in enumerate(zip(a, b)):
        if len(ra) != len(rb):
            return f"row {i + 1}: {len(ra)} columns, expected {len(rb)}"
        for j, (x, y) in enumerate(zip(ra, rb)):
            if not abs(x - y) <= max(ABS_TOL, REL_TOL * max(abs(x), abs(y))):
                return f"row {i + 1} column {j + 1}: {x!r}, expected {y!r}"
    return None


def explorable(book):
    out = []
    for page in sorted(book.glob("*.html")):
        for name in re.findall(r'<div class="explore" data-figure="(\w+)">', page.read_text(encoding="utf-8")):
            out.append((page, name))
    return out


class Page:
    def __init__(self, chrome, url, metrics=DESKTOP, prelude=None):
        self.chrome = chrome
        self.target = chrome.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.s = chrome.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            chrome.call(f"{domain}.enable", session=self.s)
        chrome.call("Emulation.setDeviceMetricsOverride", metrics, session=self.s)
        if prelude:  # runs before the page's own scripts
            chrome.call("Page.addScriptToEvaluateOnNewDocument", {"source": prelude}, session=self.s)
        chrome.events.clear()
        chrome.call("Page.navigate", {"url": url}, session=self.s)
        chrome.wait_event("Page.loadEventFired", self.s)

    def js(self, expr, timeout=30):
        r = self.chrome.call("Runtime.evaluate", {"expression": expr, "awaitPromise": True,
                                                  "returnByValue": True}, session=self.s, timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"])[:400])
        return r["result"].get("value")

    def key(self, key, code):
        for t in ("keyDown", "keyUp"):
            self.chrome.call("Input.dispatchKeyEvent", {"type": t, "key": key, "code": key,
                                                        "windowsVirtualKeyCode": code}, session=self.s)

    def wait_redraw(self, name, runs, timeout=60):
        """Waits until the figure has finished more than `runs` runs; its state."""
        return self.js(f"""new Promise((ok, no) => {{
            const t0 = Date.now();
            (function poll() {{
              const f = workbookExplore.figures[{json.dumps(name)}];
              if (f.runs > {runs} && f.state !== 'running') ok({{state: f.state, last: f.last,
                  status: document.querySelector('div.explore[data-figure={name}] .explore-status').textContent}});
              else if (Date.now() - t0 > {timeout * 1000}) no(new Error('no redraw within {timeout} s'));
              else setTimeout(poll, 20);
            }})();
          }})""", timeout=timeout + 5)

    def shot(self, name, path):
        box = self.js(f"""(() => {{ const d = document.querySelector('div.explore[data-figure={name}]');
            d.scrollIntoView(); const f = d.previousElementSibling.getBoundingClientRect(), r = d.getBoundingClientRect();
            return {{x: 0, y: f.top + scrollY, width: document.documentElement.clientWidth,
                     height: r.bottom - f.top}}; }})()""")
        shot = self.chrome.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                            "clip": {**box, "scale": 1}}, session=self.s, timeout=60)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self):
        self.chrome.call("Target.closeTarget", {"targetId": self.target})


def check_figure(chrome, page, name, book, native, screens, times):
    problems = []
    p = Page(chrome, page.resolve().as_uri())
    try:
        # a reader sees the figure before changing it: it loads its program then
        p.js(f"""new Promise((ok, no) => {{
            document.querySelector('div.explore[data-figure={name}]').scrollIntoView();
            const t0 = Date.now();
            (function poll() {{
              const s = workbookExplore.figures[{json.dumps(name)}].state;
              if (s === 'ready') ok(); else if (s === 'error' || Date.now() - t0 > 30000)
                no(new Error('the program did not load: ' + s)); else setTimeout(poll, 20);
            }})(); }})""", timeout=40)
        runs = p.js(f"workbookExplore.figures[{json.dumps(name)}].runs")
        # the book's values reproduce the static figure's data
        p.js(f"document.querySelector('div.explore[data-figure={name}] .explore-reset').click()")
        r = p.wait_redraw(name, runs)
        if r["state"] != "done":
            return [f"at the book's values the program failed: {r['status']}"]
        diff = compare(r["last"]["stdout"], (book / "figures" / f"{name}.dat").read_text())
        if diff:
            problems.append(f"at the book's values the page's data differ from figures/{name}.dat: {diff}")
        # a control changed with the keyboard: the native program agrees
        key = p.js(f"""(() => {{ const d = document.querySelector('div.explore[data-figure={name}]');
            const spec = JSON.parse(d.querySelector('script').textContent);
            const c = document.getElementById('explore-{name}-' + (spec.check || spec.params[0].name));
            c.focus();
            if (c.tagName === 'SELECT') return c.selectedIndex + 1 < c.options.length ? 'down' : 'up';
            return +c.value < +c.max ? 'right' : 'left'; }})()""")
        p.key(*{"down": ("ArrowDown", 40), "up": ("ArrowUp", 38), "right": ("ArrowRight", 39),
                "left": ("ArrowLeft", 37)}[key])
        r = p.wait_redraw(name, runs + 1)
        if r["state"] != "done":
            return problems + [f"after a change the program failed: {r['status']}"]
        args = r["last"]["args"]
        t0 = time.monotonic()
        nat = subprocess.run([str(native / name), *args], capture_output=True, text=True, timeout=120)
        native_s = time.monotonic() - t0
        if nat.returncode:
            problems.append(f"the native {name} {' '.join(args)} failed: {nat.stderr.strip()}")
        else:
            diff = compare(r["last"]["stdout"], nat.stdout)
            if diff:
                problems.append(f"with {' '.join(args)} the page's data differ from the native program's: {diff}")
            if compare(r["last"]["stdout"], (book / "figures" / f"{name}.dat").read_text()) is None:
                problems.append(f"the change to {' '.join(args)} did not change the data")
        svg = p.js(f"!!document.querySelector('div.explore[data-figure={name}]').previousElementSibling"
                   f".querySelector('.explore-plot svg path')")
        if not svg:
            problems.append("no redrawn plot in the figure")
        change_ms = r["last"]["redrawMs"]
        if change_ms > MAX_REDRAW_S * 1000:
            # a busy machine (other jobs on its cores) slows one run: the best of two
            p.js(f"workbookExplore.figures[{json.dumps(name)}].redraw()")
            again = p.wait_redraw(name, runs + 2)
            if again["state"] == "done":
                change_ms = min(change_ms, again["last"]["redrawMs"])
        if change_ms > MAX_REDRAW_S * 1000:
            problems.append(f"redraw after the change to {' '.join(args)} took {change_ms / 1000:.2f} s "
                            f"(best of two; limit {MAX_REDRAW_S} s)")
        times.append((name, native_s, change_ms / 1000))
        if screens:
            p.shot(name, screens / f"explore-{name}.png")
            chrome.call("Emulation.setDeviceMetricsOverride", PHONE, session=p.s)
            time.sleep(0.1)
            p.shot(name, screens / f"explore-{name}-phone.png")
            wide = p.js("document.documentElement.scrollWidth")
            if wide > PHONE["width"] + 1:
                problems.append(f"the page is {wide} px wide on a {PHONE['width']} px phone")
        time.sleep(0.05)
        p.js("1")
        problems += console_problems(chrome.events, p.s)
    finally:
        p.close()
    return problems


def check_no_wasm(chrome, page):
    p = Page(chrome, page.resolve().as_uri(), prelude="delete window.WebAssembly;")
    try:
        v = p.js("""(async () => {
            await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => i.onload = i.onerror = r)));
            return [...document.querySelectorAll('div.explore')].map(d => {
              const img = d.previousElementSibling.querySelector('img');
              return {name: d.dataset.figure, shown: !!img && img.naturalWidth > 0 && !img.hidden,
                      controls: !!d.querySelector('form'), note: d.textContent};
            }); })()""")
    finally:
        p.close()
    problems = []
    for f in v:
        if not f["shown"]:
            problems.append(f"{f['name']}: the static figure is not shown")
        if f["controls"] or "cannot run" not in f["note"]:
            problems.append(f"{f['name']}: controls without WebAssembly, or no note saying why")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("book", nargs="?", default="build/book")
    ap.add_argument("--native", default="build/release/book/figures", help="the native figure programs")
    ap.add_argument("--screens", default="build/book-screens")
    ap.add_argument("--times", help="write '<name> <native s> <browser s>' lines here")
    ap.add_argument("--only", help="check this figure only (the self-test in 50-browser.sh)")
    a = ap.parse_args()
    book, native = Path(a.book), Path(a.native)
    figures = [(p, n) for p, n in explorable(book) if not a.only or n == a.only]
    if not figures:
        print(f"explore: no explorable figure in {book} (no WebAssembly toolchain?): nothing to check",
              file=sys.stderr)
        return 0
    exe = find_chromium()
    if not exe:
        print("explore: chromium not found: the explorable figures are not checked", file=sys.stderr)
        return 0
    screens = Path(a.screens) if a.screens else None
    if screens:
        screens.mkdir(parents=True, exist_ok=True)
    status, times = 0, []
    profile = tempfile.mkdtemp(prefix="book-explore-")
    log = open(os.path.join(profile, "chromium.log"), "wb")
    try:
        chrome = Chromium(exe, profile, log)
        chrome.call("Browser.getVersion", timeout=60)
        for page, name in figures:
            try:
                problems = check_figure(chrome, page, name, book, native, screens, times)
            except Exception as e:
                problems = [f"{type(e).__name__}: {e}"]
            status |= report(f"explore: {name} ({page.name}) recomputes in the browser", problems)
        for page in sorted({pg for pg, _ in figures}):
            try:
                problems = check_no_wasm(chrome, page)
            except Exception as e:
                problems = [f"{type(e).__name__}: {e}"]
            status |= report(f"explore: {page.name} without WebAssembly shows its static figures", problems)
        chrome.close()
    finally:
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
    if a.times:
        Path(a.times).parent.mkdir(parents=True, exist_ok=True)
        Path(a.times).write_text("".join(f"{n} {ns:.4f} {bs:.4f}\n" for n, ns, bs in times))
    return status


def report(name, problems):
    print(f"{'FAIL' if problems else 'PASS'}\t{name}")
    for pr in problems:
        print(f"  {name}: {pr}", file=sys.stderr)
    sys.stdout.flush()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
