/* plot.js: draws a figure program's output as SVG, in the style of the
 * static figures (tools/book/style.gp: the same line types, colours, grid,
 * border, key box and fonts), from the "plot" part of the figure's
 * chapters/figures/<name>.explore spec:
 *   title, xlabel, ylabel   text; {param} is replaced by the parameter's value
 *   xrange, yrange          [lo, hi] as in the .gp script ("auto": the data's);
 *                           a computed curve outside yrange widens it
 *   logy, xtics, key        log scale on y; x tic step; the key's corner
 *                           ("top left", "bottom right", "outside right top")
 *   zeroaxes                true (both) or "x": the lines x = 0 and y = 0
 *   series                  [{block, y, with, lt, lw, pt, ps, dash, title,
 *                             each, titleFirstOnly}]: column y (1-based, x is
 *                           column 1) of gnuplot index block; "each" draws
 *                           every column from y on ({k} counts them, {pow2k} is 2^k)
 * workbookPlot.parse(stdout) splits a program's output into gnuplot's
 * blocks of numeric rows. */
const workbookPlot = (() => {
  'use strict';
  // style.gp's line types 1..8: colour, width, dashes, point type.
  const LT = [
    ['#0072B2', 2.5, '', 7], ['#D55E00', 2, '', 5], ['#009E73', 2, '', 9], ['#CC79A7', 2, '8,4', 11],
    ['#E69F00', 2, '3,3', 13], ['#56B4E9', 2, '8,3,2,3', 4], ['#000000', 1.5, '2,2', 6], ['#999999', 1.5, '', 8]];
  const LW = 1.2, W = 720, H = 450, FONT = "font-family='DejaVu Sans, Arial, sans-serif'";

  function parse(stdout) {
    const blocks = [[]];
    let blank = 0;
    for (const line of stdout.split('\n')) {
      if (line.trim() === '') { blank++; continue; }
      if (blank >= 2 && blocks[blocks.length - 1].length) blocks.push([]);
      blank = 0;
      if (line.startsWith('#')) continue;
      blocks[blocks.length - 1].push(line.trim().split(/\s+/).map(Number));
    }
    return blocks;
  }

  const esc = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fill = (s, vals) => String(s || '').replace(/\{(\w+)\}/g, (m, k) => k in vals ? vals[k] : m);
  // gnuplot's enhanced text: x^{k} and x_{j} as super- and subscripts.
  const rich = s => esc(s)
    .replace(/\^\{([^}]*)\}/g, "<tspan dy='-6' font-size='10'>$1</tspan><tspan dy='6'></tspan>")
    .replace(/_\{([^}]*)\}|_(\w)/g, (m, a, b) => `<tspan dy='4' font-size='10'>${a || b}</tspan><tspan dy='-4'></tspan>`);

  // gnuplot's own tic step (quantize_normal_tics): 0.2, 0.5 or 1 times the range's power of ten.
  function niceStep(span) {
    const p = Math.pow(10, Math.floor(Math.log10(span))), n = span / p;
    return p * (n <= 2 ? 0.2 : n <= 5 ? 0.5 : 1);
  }
  const fmt = v => String(+v.toPrecision(10));

  function draw(spec, blocks, vals, uid = 'plot') {
    const series = [];
    for (const s of spec.series) {
      const rows = blocks[s.block || 0] || [];
      const width = rows.length ? rows[0].length : 0;
      const last = s.each ? width : s.y;
      for (let col = s.y, k = 1; col <= last; col++, k++) {
        const title = s.each && s.titleFirstOnly && k > 1 ? '' : fill(s.title, {...vals, k, pow2k: 2 ** k});
        const lt = LT[((s.each && !s.lt ? k : s.lt || 1) - 1) % 8];
        series.push({...s, lt, title, pts: rows.map(r => [r[0], r[col - 1]])
          .filter(([x, y]) => isFinite(x) && isFinite(y) && (!spec.logy || y > 0))});
      }
    }
    const all = series.flatMap(s => s.pts);
    const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
    let [x0, x1] = spec.xrange || ['auto', 'auto'];
    if (x0 === 'auto') x0 = Math.min(...xs);
    if (x1 === 'auto') x1 = Math.max(...xs);
    let [y0, y1] = spec.yrange || [Math.min(...ys), Math.max(...ys)];
    if (ys.length) { y0 = Math.min(y0, ...ys); y1 = Math.max(y1, ...ys); }
    if (spec.logy) { y0 = Math.pow(10, Math.floor(Math.log10(y0))); y1 = Math.pow(10, Math.ceil(Math.log10(y1))); }
    if (!spec.yrange && !spec.logy) { const st = niceStep(y1 - y0 || 1); y0 = Math.floor(y0 / st) * st; y1 = Math.ceil(y1 / st) * st; }
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) y1 = y0 + 1;

    const outside = /outside/.test(spec.key || '');
    const L = 84, R = outside ? 250 : 24, T = 40, B = 58;
    const px = x => L + (x - x0) / (x1 - x0) * (W - L - R);
    const ty = y => spec.logy ? Math.log10(y) : y;
    const py = y => H - B - (ty(y) - ty(y0)) / (ty(y1) - ty(y0)) * (H - T - B);
    const o = [`<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${W} ${H}' ${FONT} font-size='13' role='img'>`,
               `<rect width='${W}' height='${H}' fill='white'/>`,
               `<clipPath id='${uid}-area'><rect x='${L}' y='${T}' width='${W - L - R}' height='${H - T - B}'/></clipPath>`];
    // tics and grid
    const xstep = spec.xtics || niceStep(x1 - x0);
    for (let v = Math.ceil(x0 / xstep - 1e-9) * xstep; v <= x1 + 1e-9 * xstep; v += xstep) {
      const X = px(v).toFixed(1);
      o.push(`<line x1='${X}' x2='${X}' y1='${T}' y2='${H - B}' stroke='#e3e3e3'/>`,
             `<line x1='${X}' x2='${X}' y1='${H - B}' y2='${H - B + 5}' stroke='#444444'/>`,
             `<text x='${X}' y='${H - B + 20}' text-anchor='middle' fill='#333333'>${fmt(v)}</text>`);
    }
    let yt = [];
    if (spec.logy) {
      const d0 = Math.round(Math.log10(y0)), d1 = Math.round(Math.log10(y1));
      const every = Math.max(1, Math.ceil((d1 - d0) / 14));
      for (let d = d0; d <= d1; d++) if (d % every === 0) yt.push([Math.pow(10, d), `10^{${d}}`]);
    } else {
      const st = niceStep(y1 - y0);
      for (let v = Math.ceil(y0 / st - 1e-9) * st; v <= y1 + 1e-9 * st; v += st) yt.push([v, fmt(v)]);
    }
    for (const [v, label] of yt) {
      const Y = py(v).toFixed(1);
      o.push(`<line x1='${L}' x2='${W - R}' y1='${Y}' y2='${Y}' stroke='#e3e3e3'/>`,
             `<line x1='${L - 5}' x2='${L}' y1='${Y}' y2='${Y}' stroke='#444444'/>`,
             `<text x='${L - 8}' y='${(+Y + 4.5).toFixed(1)}' text-anchor='end' fill='#333333'>${rich(label)}</text>`);
    }
    if (spec.zeroaxes && !spec.logy && y0 < 0 && y1 > 0)
      o.push(`<line x1='${L}' x2='${W - R}' y1='${py(0)}' y2='${py(0)}' stroke='#000' stroke-dasharray='2,3' stroke-width='0.8'/>`);
    if (spec.zeroaxes === true && x0 < 0 && x1 > 0)
      o.push(`<line x1='${px(0)}' x2='${px(0)}' y1='${T}' y2='${H - B}' stroke='#000' stroke-dasharray='2,3' stroke-width='0.8'/>`);
    o.push(`<path d='M${L},${T}V${H - B}H${W - R}' fill='none' stroke='#444444'/>`);
    // curves
    o.push(`<g clip-path='url(#${uid}-area)'>`);
    for (const s of series) {
      const [colour, width, dash, pt] = s.lt;
      const lw = (s.lw || width) * LW, da = s.dash || dash;
      if (s.with !== 'points' && s.pts.length) {
        let d = '', prev = null;
        for (const [x, y] of s.pts) {
          const X = px(x).toFixed(2), Y = py(y).toFixed(2);
          d += prev === null ? `M${X},${Y}` : s.with === 'steps' ? `H${X}V${Y}` : `L${X},${Y}`;
          prev = Y;
        }
        o.push(`<path d='${d}' fill='none' stroke='${colour}' stroke-width='${lw}'${da ? ` stroke-dasharray='${da}'` : ''}/>`);
      }
      if (/points/.test(s.with))
        for (const [x, y] of s.pts) o.push(marker(px(x), py(y), s.pt || pt, (s.ps || 0.8) * 4, colour));
    }
    o.push('</g>');
    // labels
    o.push(`<text x='${(L + W - R) / 2}' y='24' text-anchor='middle' font-size='15'>${rich(fill(spec.title, vals))}</text>`,
           `<text x='${(L + W - R) / 2}' y='${H - 14}' text-anchor='middle'>${rich(fill(spec.xlabel, vals))}</text>`,
           `<text transform='translate(20 ${(T + H - B) / 2}) rotate(-90)' text-anchor='middle'>${rich(fill(spec.ylabel, vals))}</text>`);
    // key
    const keyed = series.filter(s => s.title);
    if (keyed.length) {
      const kw = outside ? R - 20 : Math.min(320, 46 + 7.4 * Math.max(...keyed.map(s => s.title.length)));
      const kh = 8 + 19 * keyed.length;
      const kx = outside ? W - R + 12 : /left/.test(spec.key) ? L + 10 : W - R - kw - 10;
      const ky = /bottom/.test(spec.key) ? H - B - kh - 10 : T + 10;
      o.push(`<rect x='${kx}' y='${ky}' width='${kw}' height='${kh}' fill='white' stroke='#cccccc'/>`);
      keyed.forEach((s, i) => {
        const [colour, width, dash, pt] = s.lt, y = ky + 14 + 19 * i;
        // as gnuplot's key: the title right-aligned, then the sample
        const sx = kx + kw - 36;
        if (s.with !== 'points')
          o.push(`<line x1='${sx}' x2='${sx + 26}' y1='${y}' y2='${y}' stroke='${colour}' stroke-width='${(s.lw || width) * LW}'${(s.dash || dash) ? ` stroke-dasharray='${s.dash || dash}'` : ''}/>`);
        if (/points/.test(s.with)) o.push(marker(sx + 13, y, s.pt || pt, (s.ps || 0.8) * 4, colour));
        o.push(`<text x='${sx - 8}' y='${y + 4.5}' text-anchor='end'>${rich(s.title)}</text>`);
      });
    }
    o.push('</svg>');
    return o.join('');
  }

  // gnuplot's point types: 4/5 square, 6/7 circle, 8/9 triangle, 11 down triangle, 13 diamond (odd: filled).
  function marker(x, y, pt, r, colour) {
    const f = pt % 2 ? `fill='${colour}'` : `fill='none' stroke='${colour}' stroke-width='1.2'`;
    x = +x.toFixed(2); y = +y.toFixed(2);
    if (pt === 4 || pt === 5) return `<rect x='${x - r}' y='${y - r}' width='${2 * r}' height='${2 * r}' ${f}/>`;
    if (pt === 8 || pt === 9) return `<path d='M${x},${y - r * 1.2}L${x + r * 1.1},${y + r * 0.8}H${x - r * 1.1}Z' ${f}/>`;
    if (pt === 11) return `<path d='M${x},${y + r * 1.2}L${x + r * 1.1},${y - r * 0.8}H${x - r * 1.1}Z' ${f}/>`;
    if (pt === 13) return `<path d='M${x},${y - r * 1.3}L${x + r},${y}L${x},${y + r * 1.3}L${x - r},${y}Z' ${f}/>`;
    return `<circle cx='${x}' cy='${y}' r='${r}' ${f}/>`;
  }

  return {parse, draw};
})();
