#!/usr/bin/env python3
"""browser.py: opens every page of the built book in headless Chromium.

  python3 tools/book/browser.py [BOOK_DIR] [--screens DIR]

For each page it prints one line "PASS|FAIL<TAB>browser: <page>" (and the
problems on stderr). A page fails on
  - a broken link: a relative href/src to a missing file, or a #fragment
    with no matching id in the target page (checked in the HTML files);
  - an image that does not load (naturalWidth 0 in the browser);
  - a console error, an uncaught exception or a resource that failed to load;
  - a code block of at most 80 columns that does not fit the text column
    at 1280 px (it would scroll sideways);
  - math that did not render: fewer <math> elements than the source had math
    (book-manifest.json), a <math> the browser did not render as MathML
    (not a MathMLElement or zero width), or TeX left in the text ($...$, \\().
It saves a full-page screenshot of each page at 1280 px wide
(DIR/<page>.png) and the first screen on a phone (DIR/<page>-phone.png).

Chromium is driven over the DevTools protocol through a pipe
(--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4), so the Python
standard library is enough. Without Chromium the static checks still run;
the missing browser is a failure when CI=true or BOOK_BROWSER=require, and
a skipped part (with a message) otherwise.
"""

import argparse
import base64
import fcntl
import html.parser
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                  "--remote-debugging-pipe"]
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
MAX_SHOT_HEIGHT = 16000
TEX_LEFT = re.compile(r"\\\(|\\\[|\$\$|\$[^\s$][^$]*\$")


# ------------------------------------------------------- static checks

class PageParser(html.parser.HTMLParser):
    SKIP = {"pre", "code", "math", "script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.refs, self.maths, self.tex, self.depth_skip = set(), [], 0, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("id", "name") if tag == "a" else ("id",):
            if a.get(k):
                self.ids.add(a[k])
        for k in ("href", "src"):
            if a.get(k) and tag in ("a", "link", "img", "script", "source", "iframe"):
                self.refs.append((tag, a[k]))
        if tag == "math":
            self.maths += 1
        if tag in self.SKIP:
            self.depth_skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth_skip:
            self.depth_skip -= 1

    def handle_data(self, data):
        if not self.depth_skip and TEX_LEFT.search(data):
            self.tex.append(data.strip()[:80])


def parse(path):
    p = PageParser()
    p.feed(path.read_text(encoding="utf-8", errors="replace"))
    return p


def static_checks(book, page, parsed, expect_math):
    """Problems found in the HTML itself (links, fragments, math)."""
    problems = []
    p = parsed[page]
    for tag, ref in p.refs:
        u = urllib.parse.urlsplit(ref)
        if u.scheme in ("http", "https", "mailto"):
            continue  # the book is offline; external links are not followed
        if u.scheme or u.netloc:
            problems.append(f"<{tag}> {ref}: not a relative link (the book must work offline)")
            continue
        target = page if not u.path else os.path.normpath(os.path.join(os.path.dirname(page), urllib.parse.unquote(u.path)))
        if target.startswith(".."):
            problems.append(f"<{tag}> {ref}: points outside the book folder")
            continue
        if not (book / target).is_file():
            problems.append(f"<{tag}> {ref}: broken link ({target} does not exist)")
            continue
        if u.fragment and target.endswith(".html"):
            if target not in parsed:
                parsed[target] = parse(book / target)
            if urllib.parse.unquote(u.fragment) not in parsed[target].ids:
                problems.append(f"<{tag}> {ref}: broken link (no id '{u.fragment}' in {target})")
    if p.maths < expect_math:
        problems.append(f"math: the source has {expect_math} formulas, the page only {p.maths} <math> elements")
    for t in p.tex:
        problems.append(f"math: TeX left as text: {t!r}")
    return problems


# ------------------------------------------------------------- browser

class Chromium:
    """A headless Chromium driven over the DevTools protocol on a pipe."""

    def __init__(self, exe, profile, log):
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # Move our ends out of the way of 3 and 4, which the child needs.
        self.to_r = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        self.from_w = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_r, from_w):
            os.close(fd)
        self.w, self.r = to_w, from_r

        def child_fds():
            os.dup2(self.to_r, 3)
            os.dup2(self.from_w, 4)
        self.proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                     close_fds=False, preexec_fn=child_fds)
        os.close(self.to_r)
        os.close(self.from_w)
        self.buf, self.next_id, self.events = b"", 0, []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe (did it crash?)")
                self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error'].get('message')}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_event(self, method, session, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    return self.events.pop(i)
            m = self._read_message(deadline)
            if "method" in m:
                self.events.append(m)

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.w)
        os.close(self.r)


PAGE_CHECK = r"""
(async () => {
  await document.fonts.ready;
  const imgs = [...document.images];
  await Promise.all(imgs.map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  const maths = [...document.querySelectorAll('math')];
  const mathml = typeof MathMLElement !== 'undefined';
  const skip = 'pre, code, math, script, style';
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const tex = [];
  while (w.nextNode()) {
    const n = w.currentNode;
    if (n.parentElement && !n.parentElement.closest(skip) && @TEXRE@.test(n.nodeValue))
      tex.push(n.nodeValue.trim().slice(0, 80));
  }
  return {
    badImages: imgs.filter(i => !(i.naturalWidth > 0)).map(i => i.getAttribute('src')),
    images: imgs.length,
    maths: maths.length,
    mathml,
    badMath: maths.filter(m => !(mathml && m instanceof MathMLElement) ||
                              !(m.getBoundingClientRect().width > 0)).length,
    tex,
    narrowCode: [...document.querySelectorAll('main pre')].map(p => {
      const cols = Math.max(0, ...p.textContent.split('\n').map(l => l.length));
      return {cols, over: p.scrollWidth - p.clientWidth, start: p.textContent.trim().slice(0, 40)};
    }).filter(c => c.cols <= 80 && c.over > 1),
    height: Math.ceil(document.documentElement.scrollHeight),
    scrollWidth: document.documentElement.scrollWidth,
  };
})()
""".replace("@TEXRE@", "/" + TEX_LEFT.pattern + "/")


# How wide the page is on a phone, and the outermost element that sticks out.
WIDEST = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  let culprit = '';
  for (const el of document.querySelectorAll('main *, nav *, header *')) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && el.parentElement && el.parentElement.getBoundingClientRect().right <= vw + 1) {
      culprit = '<' + el.tagName.toLowerCase() + (el.className ? ' class="' + el.className + '"' : '') +
                '> ' + (el.textContent || '').trim().slice(0, 60);
      break;
    }
  }
  return {width: document.documentElement.scrollWidth, culprit};
})()
"""


def console_problems(events, session):
    out = []
    for m in events:
        if m.get("sessionId") != session:
            continue
        p = m.get("params", {})
        if m["method"] == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append("uncaught exception: " + (d.get("exception", {}).get("description") or d.get("text", "")))
        elif m["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console error: " + " ".join(str(a.get("value", a.get("description", "")))
                                                    for a in p.get("args", [])))
        elif m["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            out.append(f"console error: {e.get('text', '')} {e.get('url', '')}".rstrip())
    return out


def browse(chrome, book, page, screens, expect_math):
    problems = []
    target = chrome.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    s = chrome.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        for domain in ("Page", "Runtime", "Log"):
            chrome.call(f"{domain}.enable", session=s)
        chrome.call("Emulation.setDeviceMetricsOverride", DESKTOP, session=s)
        chrome.events.clear()
        nav = chrome.call("Page.navigate", {"url": (book / page).resolve().as_uri()}, session=s)
        if nav.get("errorText"):
            return [f"could not open: {nav['errorText']}"]
        chrome.wait_event("Page.loadEventFired", s)
        r = chrome.call("Runtime.evaluate", {"expression": PAGE_CHECK, "awaitPromise": True,
                                             "returnByValue": True}, session=s)
        if "exceptionDetails" in r:
            return [f"page check script failed: {json.dumps(r['exceptionDetails'])[:600]}"]
        v = r["result"]["value"]
        problems += [f"image did not load: {src}" for src in v["badImages"]]
        if v["maths"] and not v["mathml"]:
            problems.append("this browser has no MathML support")
        if v["badMath"]:
            problems.append(f"math: {v['badMath']} of {v['maths']} <math> elements not rendered as MathML")
        if v["maths"] < expect_math:
            problems.append(f"math: the source has {expect_math} formulas, the page shows {v['maths']}")
        problems += [f"math: TeX left as text: {t!r}" for t in v["tex"]]
        problems += [f"a code block of {c['cols']} columns scrolls sideways at {DESKTOP['width']} px "
                     f"({c['over']} px too wide): {c['start']!r}" for c in v["narrowCode"]]
        stem = page[:-5].replace("/", "_")
        if screens:
            h = min(max(v["height"], DESKTOP["height"]), MAX_SHOT_HEIGHT)
            shot = chrome.call("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": DESKTOP["width"], "height": h, "scale": 1}}, session=s, timeout=60)
            (screens / f"{stem}.png").write_bytes(base64.b64decode(shot["data"]))
            chrome.call("Emulation.setDeviceMetricsOverride", PHONE, session=s)
            time.sleep(0.1)
            r = chrome.call("Runtime.evaluate", {"expression": WIDEST, "returnByValue": True}, session=s)
            wide = r["result"].get("value") or {}
            if wide.get("width", 0) > PHONE["width"] + 1:
                print(f"  note: {page} is {wide['width']} px wide on a {PHONE['width']} px phone; "
                      f"it does not wrap: {wide.get('culprit')}", file=sys.stderr)
            shot = chrome.call("Page.captureScreenshot", {"format": "png"}, session=s, timeout=60)
            (screens / f"{stem}-phone.png").write_bytes(base64.b64decode(shot["data"]))
        time.sleep(0.05)  # late console messages
        chrome.call("Runtime.evaluate", {"expression": "1"}, session=s)
        problems += console_problems(chrome.events, s)
    finally:
        chrome.call("Target.closeTarget", {"targetId": target})
    return problems


def find_chromium():
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("book", nargs="?", default="build/book")
    ap.add_argument("--screens", default="build/book-screens")
    ap.add_argument("--no-browser", action="store_true", help="static checks only")
    ap.add_argument("--page", action="append", help="check only this page (again for more); the "
                    "link checks still know every page (make check-exercise: one chapter)")
    a = ap.parse_args()
    book = Path(a.book)
    pages = sorted(str(p.relative_to(book)) for p in book.rglob("*.html"))
    if not pages:
        print(f"FAIL\tbrowser: {book} has pages")
        print(f"browser: no HTML pages in {book} (run make docs first)", file=sys.stderr)
        return 1
    manifest = {}
    mf = book / "book-manifest.json"
    if mf.is_file():
        manifest = {m["page"]: m for m in json.loads(mf.read_text())["pages"]}
    parsed = {p: parse(book / p) for p in pages}

    exe = None if a.no_browser else find_chromium()
    required = os.environ.get("CI") == "true" or os.environ.get("BOOK_BROWSER") == "require"
    status = 0
    if exe is None and not a.no_browser:
        if required:
            print("FAIL\tbrowser: chromium is installed")
            print("browser: chromium not found (apt-get install chromium); required because "
                  "CI=true or BOOK_BROWSER=require", file=sys.stderr)
            status = 1
        else:
            print("browser: chromium not found: only the static checks run "
                  "(CI=true or BOOK_BROWSER=require makes this a failure)", file=sys.stderr)

    chrome = profile = log = None
    screens = Path(a.screens) if a.screens else None
    if exe:
        if screens:
            shutil.rmtree(screens, ignore_errors=True)
            screens.mkdir(parents=True)
        profile = tempfile.mkdtemp(prefix="book-chromium-")
        log = open(os.path.join(profile, "chromium.log"), "wb")
        try:
            chrome = Chromium(exe, profile, log)
            chrome.call("Browser.getVersion", timeout=60)
        except Exception as e:
            print("FAIL\tbrowser: chromium starts")
            print(f"browser: could not drive {exe}: {e}", file=sys.stderr)
            chrome, status = None, 1

    for page in a.page or pages:
        expect_math = manifest.get(page, {}).get("math", 0)
        problems = static_checks(book, page, parsed, expect_math)
        if chrome:
            try:
                problems += browse(chrome, book, page, screens, expect_math)
            except Exception as e:
                problems.append(f"browser: {type(e).__name__}: {e}")
        print(f"{'FAIL' if problems else 'PASS'}\tbrowser: {book / page}")
        if problems:
            status = 1
            for pr in dict.fromkeys(problems):
                print(f"  {book / page}: {pr}", file=sys.stderr)
    if chrome:
        chrome.close()
    if profile:
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
    if chrome and screens:
        print(f"browser: screenshots in {screens}/", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
