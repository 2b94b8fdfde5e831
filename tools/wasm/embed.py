#!/usr/bin/env python3
"""embed.py: wraps binary files as a script a page can load from file://.

  python3 tools/wasm/embed.py OUT.js TABLE KEY=FILE [KEY=FILE ...]

writes OUT.js, which adds each FILE's bytes, base64, to the global object
TABLE under KEY (self.TABLE[KEY] = "..."). The explorable book needs this
because a page opened from disk (file://) may load <script> elements but may
not fetch() a .wasm or a data file, nor start a Worker from a file."""
import base64
import json
import sys
from pathlib import Path

out, table, *pairs = sys.argv[1:]
lines = [f"self.{table} = self.{table} || {{}};"]
for pair in pairs:
    key, path = pair.split("=", 1)
    data = base64.b64encode(Path(path).read_bytes()).decode()
    lines.append(f"self.{table}[{json.dumps(key)}] = \"{data}\";")
Path(out).write_text("\n".join(lines) + "\n")
