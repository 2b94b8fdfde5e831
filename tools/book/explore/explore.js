/* explore.js: the controls below an explorable figure (book.py adds a
 * <div class="explore" data-figure="NAME"> with the figure's .explore spec
 * after the figure when its wasm exists; tools/book/README.md).
 *
 * A change of a control reruns the figure's own C program, compiled to
 * WebAssembly, with the controls' values as name=value arguments, in a Web
 * Worker (worker.js), shows what it is doing meanwhile, and replaces the
 * static image by the same plot of the new data (plot.js). Every result
 * is shown with the parameters (and seed) that produced it; "Book's values"
 * resets the controls and reruns the book's experiment.
 * The program and its data come as scripts (wasm/NAME.js, wasm/DATA.js),
 * loaded on first use: the book works opened from disk (file://).
 * Without WebAssembly or Workers the static figure stays, with a note.
 * window.workbookExplore.figures[NAME] holds the last result (the browser
 * test tools/book/explore_check.py reads it). */
(() => {
  'use strict';
  const state = {figures: {}};
  window.workbookExplore = state;
  let worker = null, nextId = 1;
  const pending = {};

  function startWorker() {
    if (worker) return worker;
    const src = '(' + workbookExploreWorker.toString() + ')()';
    worker = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
    worker.onmessage = e => {
      const p = pending[e.data.id];
      if (!p) return;
      if (e.data.done) { delete pending[e.data.id]; p.resolve(e.data); } else p.progress(e.data.progress);
    };
    return worker;
  }

  const loaded = {};
  function loadScript(src) {
    return loaded[src] = loaded[src] || new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('could not load ' + src));
      document.head.appendChild(s);
    });
  }

  // args null: only load, unpack and compile (the worker keeps them).
  function run(name, spec, args, progress) {
    return Promise.all([`wasm/${name}.js`, ...(spec.data || []).map(d => `wasm/${d}.js`)].map(loadScript))
      .then(() => new Promise(resolve => {
        const id = nextId++;
        pending[id] = {resolve, progress};
        const data = {};
        for (const [k, v] of Object.entries(self.WORKBOOK_DATA || {})) data[k] = v;
        startWorker().postMessage({id, name, wasm: self.WORKBOOK_WASM[name], args, data});
      }));
  }

  const shown = v => String(+(+v).toPrecision(6));

  function setup(div) {
    const name = div.dataset.figure;
    const spec = JSON.parse(div.querySelector('script[type="application/json"]').textContent);
    const fig = div.previousElementSibling;
    const img = fig && fig.querySelector('img');
    const status = document.createElement('p');
    status.className = 'explore-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    if (typeof WebAssembly !== 'object' || typeof Worker !== 'function' ||
        typeof DecompressionStream !== 'function') {
      status.textContent = 'This browser cannot run the figure’s program (no WebAssembly or Web Workers): ' +
                           'the figure above is the book’s.';
      div.appendChild(status);
      return;
    }
    const fig_state = state.figures[name] = {runs: 0, state: 'idle', last: null};
    div.dataset.state = 'idle';
    const form = document.createElement('form');
    form.className = 'explore-controls';
    form.setAttribute('aria-label', 'Parameters of this figure');
    const inputs = {};
    for (const p of spec.params) {
      const id = `explore-${name}-${p.name}`;
      const row = document.createElement('div');
      row.className = 'explore-param';
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = p.label;
      row.appendChild(label);
      let input;
      if (p.choices) {
        input = document.createElement('select');
        for (const [text, value] of p.choices) input.add(new Option(text, value));
      } else {
        input = document.createElement('input');
        input.type = 'range';
        Object.assign(input, {min: p.min, max: p.max, step: p.step || 'any'});
        const out = document.createElement('input');
        out.type = 'number';
        Object.assign(out, {min: p.min, max: p.max, step: 'any', className: 'explore-number'});
        out.setAttribute('aria-label', p.label + ' (number)');
        // the number box holds the exact value (a range snaps to its step)
        input.addEventListener('input', () => { out.value = input.value; });
        out.addEventListener('change', () => { input.value = out.value; });
        input.explore_number = out;
      }
      input.id = id;
      input.name = p.name;
      row.insertBefore(input, row.children[1] || null);
      if (input.explore_number) row.appendChild(input.explore_number);
      inputs[p.name] = input;
      form.appendChild(row);
    }
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'explore-reset';
    reset.textContent = 'Book’s values';
    form.appendChild(reset);
    const caption = document.createElement('p');
    caption.className = 'explore-params';
    div.append(form, status, caption);

    function set(values) {
      for (const p of spec.params) {
        const i = inputs[p.name];
        i.value = values[p.name];
        if (i.explore_number) i.explore_number.value = String(values[p.name]);
      }
    }
    const book = Object.fromEntries(spec.params.map(p => [p.name, p.value]));
    set(book);

    let timer = null, running = null;
    function current() {
      const v = {};
      for (const p of spec.params) {
        const i = inputs[p.name], box = i.explore_number;
        if (box) { // a typed value: clamped to the range, whole where the step is
          let x = Math.min(p.max, Math.max(p.min, +box.value || 0));
          if (Number.isInteger(p.step)) x = Math.round(x);
          if (String(x) !== box.value) box.value = String(x);
        }
        v[p.name] = (box || i).value;
      }
      return v;
    }
    async function redraw() {
      const values = current();
      const args = spec.params.map(p => `${p.name}=${values[p.name]}`);
      const label = spec.params.map(p => `${p.name} = ${p.choices ? p.choices.find(c => String(c[1]) === String(values[p.name]))[0] : shown(values[p.name])}`).join(', ');
      const id = {};
      running = id;
      fig_state.state = 'running';
      div.dataset.state = 'running';
      div.setAttribute('aria-busy', 'true');
      status.textContent = `Computing with ${label}…`;
      const t0 = performance.now();
      const r = await run(name, spec, args, p => { if (running === id) status.textContent = `Computing with ${label}: ${p}…`; });
      if (running !== id) return; // a newer change supersedes this one
      const ms = performance.now() - t0;
      div.removeAttribute('aria-busy');
      if (r.status !== 0) {
        fig_state.state = div.dataset.state = 'error';
        status.textContent = `The program failed (${r.stderr.trim().split('\n').pop()}); the figure shows the last result.`;
        fig_state.runs++;
        return;
      }
      const vals = {};
      for (const p of spec.params)
        vals[p.name] = p.choices ? p.choices.find(c => String(c[1]) === String(values[p.name]))[0] : shown(values[p.name]);
      const svg = workbookPlot.draw(spec.plot, workbookPlot.parse(r.stdout), vals, 'explore-' + name);
      let live = fig.querySelector('.explore-plot');
      if (!live) {
        live = document.createElement('div');
        live.className = 'explore-plot';
        img.after(live);
      }
      live.innerHTML = svg;
      live.firstChild.setAttribute('aria-label', img.alt + ' (recomputed with ' + label + ')');
      img.hidden = true;
      Object.assign(fig_state, {state: 'done', runs: fig_state.runs + 1,
                                last: {args, stdout: r.stdout, programMs: r.ms, redrawMs: ms}});
      div.dataset.state = 'done';
      status.textContent = `Computed in your browser in ${(ms / 1000).toFixed(2)} s by ${name}.c.`;
      caption.textContent = `This figure: ${label}.`;
    }
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(redraw, 150);
    };
    form.addEventListener('change', changed);
    form.addEventListener('submit', e => { e.preventDefault(); changed(); });
    reset.addEventListener('click', () => { set(book); changed(); });
    fig_state.redraw = redraw;
    fig_state.set = set;

    // Once the figure is on screen, load and compile its program and unpack
    // its data in the background, so that a change only runs the program.
    const prepare = () => {
      if (fig_state.state !== 'idle') return;
      fig_state.state = div.dataset.state = 'preparing';
      status.textContent = 'Loading the figure’s program…';
      run(name, spec, null, p => { if (fig_state.state === 'preparing') status.textContent = `Loading the figure’s program: ${p}…`; })
        .then(r => {
          if (fig_state.state !== 'preparing') return;
          fig_state.state = div.dataset.state = r.status === 0 ? 'ready' : 'error';
          status.textContent = r.status === 0
            ? `Change a parameter to rerun ${name}.c in your browser.`
            : `The figure’s program could not be loaded (${r.stderr.trim().split('\n').pop()}).`;
        });
    };
    if (typeof IntersectionObserver === 'function')
      new IntersectionObserver((entries, obs) => {
        if (entries.some(e => e.isIntersecting)) { obs.disconnect(); prepare(); }
      }, {rootMargin: '200px'}).observe(div);
    else prepare();
  }

  const init = () => document.querySelectorAll('div.explore[data-figure]').forEach(setup);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
