/* worker.js: runs a figure program compiled to WebAssembly (mk/wasm.mk) in
 * a Web Worker, so that the page stays responsive while it computes.
 *
 * explore.js starts the worker from this function's source (a blob: URL: a
 * page opened from disk may not start a Worker from a file) and sends
 *   {id, name, wasm: base64, args: ["name=value", ...], data: {path: base64 gzip}}
 * (args null: only unpack the data and compile the program, kept for later)
 * The worker answers {id, progress: "..."} while it works, then
 *   {id, done: true, status, stdout, stderr, ms}.
 * The program sees a small WASI (preview 1) system: its arguments, stdout
 * and stderr, and a read-only folder /data holding the data files, which
 * the worker unpacks from gzip with the browser's DecompressionStream
 * (the wasm build has no zlib: tools/wasm/include/zlib.h). */
function workbookExploreWorker() {
  'use strict';
  const modules = {}, files = {};
  const ERRNO = {SUCCESS: 0, BADF: 8, INVAL: 28, NOENT: 44};
  const FILETYPE = {CHAR: 2, DIR: 3, FILE: 4};
  const PREOPEN = '/data';

  const bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  async function gunzip(data) {
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  class Exit { constructor(code) { this.code = code; } }

  /* The WASI calls the figure programs import (node tools/... lists them). */
  function wasi(args, out, err) {
    let memory = null;
    const open = {}; // fd -> {data, pos}
    let nextFd = 4; // 0-2 standard streams, 3 the /data folder
    const view = () => new DataView(memory.buffer);
    const u8 = () => new Uint8Array(memory.buffer);
    const enc = new TextEncoder(), dec = new TextDecoder();
    const argBytes = args.map(a => enc.encode(a + '\0'));
    const path = (p, n) => dec.decode(u8().slice(p, p + n)).replace(/^\.?\/+/, '');
    function filestat(buf, type, size) {
      const v = view();
      for (let i = 0; i < 64; i += 8) v.setBigUint64(buf + i, 0n, true);
      v.setUint8(buf + 16, type);
      v.setBigUint64(buf + 24, 1n, true);
      v.setBigUint64(buf + 32, BigInt(size), true);
    }
    const calls = {
      args_sizes_get(argc, size) {
        view().setUint32(argc, args.length, true);
        view().setUint32(size, argBytes.reduce((s, a) => s + a.length, 0), true);
        return ERRNO.SUCCESS;
      },
      args_get(argv, buf) {
        argBytes.forEach((a, i) => {
          view().setUint32(argv + 4 * i, buf, true);
          u8().set(a, buf);
          buf += a.length;
        });
        return ERRNO.SUCCESS;
      },
      environ_sizes_get(count, size) {
        view().setUint32(count, 0, true);
        view().setUint32(size, 0, true);
        return ERRNO.SUCCESS;
      },
      environ_get() { return ERRNO.SUCCESS; },
      fd_prestat_get(fd, buf) {
        if (fd !== 3) return ERRNO.BADF;
        view().setUint8(buf, 0);
        view().setUint32(buf + 4, PREOPEN.length, true);
        return ERRNO.SUCCESS;
      },
      fd_prestat_dir_name(fd, p, n) {
        if (fd !== 3) return ERRNO.BADF;
        u8().set(enc.encode(PREOPEN).slice(0, n), p);
        return ERRNO.SUCCESS;
      },
      fd_fdstat_get(fd, buf) {
        const type = fd <= 2 ? FILETYPE.CHAR : fd === 3 ? FILETYPE.DIR : open[fd] ? FILETYPE.FILE : 0;
        if (!type) return ERRNO.BADF;
        const v = view();
        v.setUint8(buf, type);
        v.setUint16(buf + 2, 0, true);
        v.setBigUint64(buf + 8, 0xffffffffffffffffn, true);
        v.setBigUint64(buf + 16, 0xffffffffffffffffn, true);
        return ERRNO.SUCCESS;
      },
      fd_fdstat_set_flags() { return ERRNO.SUCCESS; },
      path_filestat_get(dirfd, flags, p, n, buf) {
        const name = path(p, n);
        if (dirfd !== 3) return ERRNO.BADF;
        if (name === '' || name === '.') filestat(buf, FILETYPE.DIR, 0);
        else if (files[name]) filestat(buf, FILETYPE.FILE, files[name].length);
        else return ERRNO.NOENT;
        return ERRNO.SUCCESS;
      },
      path_open(dirfd, dirflags, p, n, oflags, rights, inheriting, fdflags, fdOut) {
        const name = path(p, n);
        if (dirfd !== 3) return ERRNO.BADF;
        if (!files[name]) return ERRNO.NOENT;
        open[nextFd] = {data: files[name], pos: 0};
        view().setUint32(fdOut, nextFd++, true);
        return ERRNO.SUCCESS;
      },
      fd_read(fd, iovs, count, nread) {
        const f = open[fd];
        if (!f) return ERRNO.BADF;
        let total = 0;
        for (let i = 0; i < count; i++) {
          const buf = view().getUint32(iovs + 8 * i, true), len = view().getUint32(iovs + 8 * i + 4, true);
          const chunk = f.data.subarray(f.pos, f.pos + len);
          u8().set(chunk, buf);
          f.pos += chunk.length;
          total += chunk.length;
          if (chunk.length < len) break;
        }
        view().setUint32(nread, total, true);
        return ERRNO.SUCCESS;
      },
      fd_seek(fd, offset, whence, newOffset) {
        const f = open[fd];
        if (!f) return ERRNO.BADF;
        const base = [0, f.pos, f.data.length][whence];
        if (base === undefined) return ERRNO.INVAL;
        f.pos = Math.max(0, base + Number(offset));
        view().setBigUint64(newOffset, BigInt(f.pos), true);
        return ERRNO.SUCCESS;
      },
      fd_write(fd, iovs, count, nwritten) {
        if (fd !== 1 && fd !== 2) return ERRNO.BADF;
        let total = 0;
        for (let i = 0; i < count; i++) {
          const buf = view().getUint32(iovs + 8 * i, true), len = view().getUint32(iovs + 8 * i + 4, true);
          (fd === 1 ? out : err).push(u8().slice(buf, buf + len));
          total += len;
        }
        view().setUint32(nwritten, total, true);
        return ERRNO.SUCCESS;
      },
      fd_close(fd) {
        if (!open[fd]) return ERRNO.BADF;
        delete open[fd];
        return ERRNO.SUCCESS;
      },
      proc_exit(code) { throw new Exit(code); },
    };
    return {imports: {wasi_snapshot_preview1: calls}, setMemory: m => { memory = m; }};
  }

  const text = chunks => new TextDecoder().decode(
      chunks.reduce((a, c) => { const r = new Uint8Array(a.length + c.length); r.set(a); r.set(c, a.length); return r; },
                    new Uint8Array(0)));

  self.onmessage = async e => {
    const {id, name, wasm, args, data} = e.data;
    const progress = p => self.postMessage({id, progress: p});
    try {
      for (const [key, b64] of Object.entries(data || {})) {
        if (!files[key]) {
          progress('unpacking ' + key);
          files[key] = await gunzip(bytes(b64));
        }
      }
      if (!modules[name]) {
        progress('compiling the program');
        modules[name] = await WebAssembly.compile(bytes(wasm));
      }
      if (!args) { // prepare only
        self.postMessage({id, done: true, status: 0, stdout: '', stderr: '', ms: 0});
        return;
      }
      progress('running');
      const out = [], err = [];
      const sys = wasi([name, ...args], out, err);
      const t0 = performance.now();
      const instance = await WebAssembly.instantiate(modules[name], sys.imports);
      sys.setMemory(instance.exports.memory);
      let status = 0;
      try {
        instance.exports._start();
      } catch (x) {
        if (!(x instanceof Exit)) throw x;
        status = x.code;
      }
      self.postMessage({id, done: true, status, stdout: text(out), stderr: text(err), ms: performance.now() - t0});
    } catch (x) {
      self.postMessage({id, done: true, status: -1, stdout: '', stderr: String(x && x.stack || x), ms: 0});
    }
  };
}
