// Hand-written SVG charts: stacked bars with an optional ratio line, and plain line charts.
// Every chart also carries its numbers as a table (for screen readers and for exact values).

const SVG = 'http://www.w3.org/2000/svg';
const PAD = { left: 34, right: 38, top: 20, bottom: 22 };

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round upper bound for an axis: 7 → 8, 23 → 25, 130 → 150. */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (m * exp >= value) return m * exp;
  }
  return 10 * exp;
}

function frame(box, title) {
  const width = Math.max(240, box.clientWidth || 400);
  const height = Math.max(120, box.clientHeight || 190);
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none' });
  svg.append(svgEl('title', {}, title));
  return { svg, width, height, plotW: width - PAD.left - PAD.right, plotH: height - PAD.top - PAD.bottom };
}

function yAxis(f, max, format, side = 'left') {
  const g = svgEl('g');
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = PAD.top + f.plotH - (f.plotH * i) / 4;
    if (side === 'left') g.append(svgEl('line', { class: 'grid-line', x1: PAD.left, x2: PAD.left + f.plotW, y1: y, y2: y }));
    const x = side === 'left' ? PAD.left - 4 : PAD.left + f.plotW + 4;
    g.append(svgEl('text', { class: 'tick', x, y: y + 3, 'text-anchor': side === 'left' ? 'end' : 'start' }, format(v)));
  }
  return g;
}

function xLabels(f, labels, step) {
  const g = svgEl('g');
  const every = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(f.plotW / 58))));
  const last = labels.length - 1;
  labels.forEach((label, i) => {
    // Counted back from the last label (now), so "now" is always labelled and nothing overlaps.
    if ((last - i) % every !== 0) return;
    const x = PAD.left + step * (i + 0.5);
    g.append(svgEl('text', { class: 'tick', x, y: f.height - 6, 'text-anchor': 'middle' }, label));
  });
  g.append(svgEl('line', { class: 'axis', x1: PAD.left, x2: PAD.left + f.plotW, y1: PAD.top + f.plotH, y2: PAD.top + f.plotH }));
  return g;
}

function legend(f, entries) {
  const g = svgEl('g');
  let x = PAD.left;
  for (const e of entries) {
    if (e.kind === 'bar') g.append(svgEl('rect', { class: e.cls, x, y: 5, width: 10, height: 8 }));
    else g.append(svgEl('line', { class: e.cls, x1: x, x2: x + 12, y1: 9, y2: 9 }));
    const t = svgEl('text', { class: 'legend', x: x + 15, y: 13 }, e.name);
    g.append(t);
    x += 30 + e.name.length * 6.4;
  }
  return g;
}

/** An upper bound for a count axis with four whole-numbered steps: 2 → 4, 7 → 8, 130 → 160. */
function countMax(value) {
  return Math.max(4, Math.ceil(niceMax(value) / 4) * 4);
}

function linePath(values, step, yOf) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || v === undefined || Number.isNaN(v)) {
      pen = false;
      return;
    }
    const x = PAD.left + step * (i + 0.5);
    d += (pen ? 'L' : 'M') + x.toFixed(1) + ' ' + yOf(v).toFixed(1) + ' ';
    pen = true;
  });
  return d.trim();
}

function dataTable(caption, labels, columns) {
  const details = document.createElement('details');
  details.className = 'chart-table';
  const summary = document.createElement('summary');
  summary.textContent = 'Show the numbers';
  details.append(summary);
  const table = document.createElement('table');
  table.className = 'data';
  const cap = document.createElement('caption');
  cap.className = 'sr-only';
  cap.textContent = caption;
  table.append(cap);
  const head = table.createTHead().insertRow();
  for (const h of ['', ...columns.map((c) => c.name)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  labels.forEach((label, i) => {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    tr.append(th);
    for (const c of columns) {
      const td = tr.insertCell();
      td.className = 'num';
      const v = c.values[i];
      td.textContent = v === null || v === undefined ? '–' : c.format(v);
    }
  });
  details.append(table);
  return details;
}

/**
 * Stacked bars (counts) with an optional line on a 0–100 % right axis.
 * @param {HTMLElement} box
 * @param {object} o {title, labels, bars: [{name, cls, values}], line: {name, cls, values} | null}
 */
export function barLineChart(box, o) {
  const f = frame(box, o.title);
  const n = o.labels.length;
  const step = n > 0 ? f.plotW / n : f.plotW;
  const totals = o.labels.map((_, i) => o.bars.reduce((s, b) => s + (b.values[i] || 0), 0));
  const max = countMax(Math.max(1, ...totals));
  f.svg.append(yAxis(f, max, (v) => String(Math.round(v))));
  if (o.line) f.svg.append(yAxis(f, 1, (v) => Math.round(v * 100) + '%', 'right'));
  const bars = svgEl('g', { class: 'bars' });
  const barW = Math.max(2, step * 0.62);
  o.labels.forEach((label, i) => {
    let y = PAD.top + f.plotH;
    for (const b of o.bars) {
      const v = b.values[i] || 0;
      if (v <= 0) continue;
      const h = (f.plotH * v) / max;
      y -= h;
      const rect = svgEl('rect', { class: b.cls, x: PAD.left + step * i + (step - barW) / 2, y, width: barW, height: h });
      rect.append(svgEl('title', {}, `${label}: ${v} ${b.name.toLowerCase()}`));
      bars.append(rect);
    }
  });
  f.svg.append(bars);
  if (o.line) {
    const yOf = (v) => PAD.top + f.plotH - f.plotH * Math.max(0, Math.min(1, v));
    f.svg.append(svgEl('path', { class: 'series ' + o.line.cls, d: linePath(o.line.values, step, yOf) }));
    o.line.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      const dot = svgEl('circle', { class: 'dot-sl', cx: PAD.left + step * (i + 0.5), cy: yOf(v), r: 2.5 });
      dot.append(svgEl('title', {}, `${o.labels[i]}: ${o.line.name.toLowerCase()} ${Math.round(v * 100)} %`));
      f.svg.append(dot);
    });
  }
  f.svg.append(xLabels(f, o.labels, step));
  f.svg.append(legend(f, [...o.bars.map((b) => ({ ...b, kind: 'bar' })), ...(o.line ? [{ ...o.line, kind: 'line' }] : [])]));
  const columns = [
    ...o.bars.map((b) => ({ name: b.name, values: b.values, format: (v) => String(v) })),
    ...(o.line ? [{ name: o.line.name, values: o.line.values, format: (v) => Math.round(v * 100) + ' %' }] : []),
  ];
  box.replaceChildren(f.svg);
  replaceTable(box, dataTable(o.title, o.labels, columns));
}

/**
 * Lines on one axis.
 * @param {HTMLElement} box
 * @param {object} o {title, labels, series: [{name, cls, values}], format}
 */
export function lineChart(box, o) {
  const f = frame(box, o.title);
  const n = o.labels.length;
  const step = n > 0 ? f.plotW / n : f.plotW;
  const all = o.series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const max = niceMax(Math.max(1, ...all));
  const format = o.format || ((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)));
  f.svg.append(yAxis(f, max, format));
  const yOf = (v) => PAD.top + f.plotH - (f.plotH * v) / max;
  for (const s of o.series) {
    f.svg.append(svgEl('path', { class: 'series ' + s.cls, d: linePath(s.values, step, yOf) }));
    // The latest value as a dot, so a series of one sample is visible too.
    const i = s.values.length - 1;
    const v = s.values[i];
    if (v !== null && v !== undefined) {
      const dot = svgEl('circle', { class: 'dot ' + s.cls, cx: PAD.left + step * (i + 0.5), cy: yOf(v), r: 2.5 });
      dot.append(svgEl('title', {}, `${s.name}: ${format(v)}`));
      f.svg.append(dot);
    }
  }
  f.svg.append(xLabels(f, o.labels, step));
  f.svg.append(legend(f, o.series.map((s) => ({ ...s, kind: 'line' }))));
  box.replaceChildren(f.svg);
  replaceTable(box, dataTable(o.title, o.labels, o.series.map((s) => ({ name: s.name, values: s.values, format }))));
}

/** The data table sits after the chart box (outside its fixed height). */
function replaceTable(box, table) {
  const next = box.nextElementSibling;
  const open = next && next.classList.contains('chart-table') && next.open;
  if (next && next.classList.contains('chart-table')) next.remove();
  table.open = Boolean(open);
  box.after(table);
}
