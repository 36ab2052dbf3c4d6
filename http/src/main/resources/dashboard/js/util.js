// Small DOM, time and formatting helpers shared by the console and the agent view.

/**
 * Creates an element. `attrs` keys: `class`, `text`, `dataset` (object), `on<event>` (listener),
 * `hidden`/boolean attributes (true/false), anything else as an attribute. Children may be
 * strings, nodes, arrays or null.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (value === true) node.setAttribute(key, '');
      else node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of `node`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** Sets text only when it changed, so live updates do not touch the DOM needlessly. */
export function setText(node, value) {
  const s = value === null || value === undefined ? '' : String(value);
  if (node.textContent !== s) node.textContent = s;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// ---- server time ----
// The server's clock may differ from the browser's (or be a virtual clock in a simulation): every
// "waiting for", "in status for" and countdown is measured against the server's time.

let skewMs = 0;

/** Records the server's time `iso` as seen now. */
export function syncServerTime(iso) {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) skewMs = t - Date.now();
}

/** The server's current time in epoch milliseconds. */
export function serverNow() {
  return Date.now() + skewMs;
}

/**
 * Whether `iso` names a real moment: the server uses the epoch (1970-01-01) as "never" for idle
 * clocks and last calls of agents that never had one.
 */
export function isSet(iso) {
  return Boolean(iso) && Date.parse(iso) > 0;
}

/** Seconds from `iso` until the server's now (positive: in the past); null for "never". */
export function secondsSince(iso) {
  if (!isSet(iso)) return null;
  return Math.max(0, Math.floor((serverNow() - Date.parse(iso)) / 1000));
}

/** Seconds from the server's now until `iso` (0 when past). */
export function secondsUntil(iso) {
  if (!iso) return null;
  return Math.max(0, Math.ceil((Date.parse(iso) - serverNow()) / 1000));
}

// ---- formatting ----

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return (h > 0 ? h + ':' : '') + mm + ':' + String(r).padStart(2, '0');
}

/** 75 → "1 min 15 s", 7300 → "2 h 1 min". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  const h = Math.floor(m / 60);
  if (h < 48) return h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  return Math.floor(h / 24) + ' d ' + (h % 24) + ' h';
}

/** Compact age for tables: "45s", "12m", "3h", "2d". */
export function age(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return seconds + 's';
  if (seconds < 3600) return Math.floor(seconds / 60) + 'm';
  if (seconds < 172800) return Math.floor(seconds / 3600) + 'h';
  return Math.floor(seconds / 86400) + 'd';
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

/** Local wall time of an ISO instant, "09:00:03". */
export function time(iso) {
  if (!iso) return '–';
  return timeFmt.format(new Date(iso));
}

/** Local date and time of an ISO instant. */
export function dateTime(iso) {
  if (!isSet(iso)) return 'never';
  return dateTimeFmt.format(new Date(iso));
}

export function percent(ratio, digits = 0) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '–';
  return (ratio * 100).toFixed(digits) + ' %';
}

export function count(n) {
  if (n === null || n === undefined) return '–';
  return Number(n).toLocaleString();
}

/** "IN_A_MEETING" → "In a meeting" (fallback for values without a label). */
export function humanize(value) {
  if (!value) return '';
  const s = String(value).toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- rendering in animation frames ----

/**
 * Collects render requests and runs each requested task once in the next animation frame, so a
 * burst of events costs one render per panel.
 */
export class FrameScheduler {
  constructor() {
    this.tasks = new Map();
    this.pending = false;
  }

  request(name, task) {
    this.tasks.set(name, task);
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.pending = false;
    const tasks = Array.from(this.tasks.values());
    this.tasks.clear();
    for (const task of tasks) {
      try {
        task();
      } catch (e) {
        console.error('render failed', e);
      }
    }
  }
}

/** Calls `fn` at most once per `ms`, after the last call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
