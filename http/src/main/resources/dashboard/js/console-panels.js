// The console's other panels: summary tiles, services and queues, live calls with their offer
// explanations, presence-tracking health, the activity feed, and KPIs with charts.

import { $, $$, el, replaceChildren, setText, secondsSince, secondsUntil, clock, duration, dateTime, time, percent, count, serverNow } from './util.js';
import {
  badge, CALL_STATUS, OUTCOME, OFFER_OUTCOME, PRIORITY, DISTRIBUTION, GROUP, describeEvent, cancelText, remaining, explanationSummary,
} from './labels.js';
import { barLineChart, lineChart } from './charts.js';

const HEALTH_TONE = { OK: 'ok', DEGRADED: 'warn', DOWN: 'bad' };
const HEALTH_LABEL = { OK: 'OK', DEGRADED: 'Degraded', DOWN: 'Down' };

const SHORT_GROUP = { AVAILABLE: 'Available', BUSY: 'Busy', IN_A_MEETING: 'Meeting', DO_NOT_DISTURB: 'DND', AWAY: 'Away', OFFLINE: 'Offline' };

function healthBadge(status) {
  return badge(HEALTH_LABEL[status] || status, HEALTH_TONE[status] || 'off');
}

function longestWait(service) {
  let longest = null;
  for (const w of service.waiting) {
    const s = secondsSince(w.arrivedAt);
    if (longest === null || s > longest) longest = s;
  }
  return longest;
}

function serviceKpi(model, id) {
  return model.kpiToday?.services.find((s) => s.service === id) || null;
}

// ---------------------------------------------------------------------------------------------

export class SummaryPanel {
  constructor(app) {
    this.app = app;
  }

  render() {
    const m = this.app.model;
    let waiting = 0;
    let ringing = 0;
    let talking = 0;
    let longest = null;
    for (const s of m.services.values()) {
      waiting += s.waiting.length;
      ringing += s.ringing;
      talking += s.connected;
      const l = longestWait(s);
      if (l !== null && (longest === null || l > longest)) longest = l;
    }
    setText($('#sum-waiting'), count(waiting));
    setText($('#sum-longest'), longest === null ? '–' : clock(longest));
    setText($('#sum-active'), `${ringing} / ${talking}`);
    let selectable = 0;
    let signedIn = 0;
    let detailed = 0;
    let coarse = 0;
    let none = 0;
    for (const a of m.agents.values()) {
      if (a.services.some((s) => s.selectable)) selectable++;
      if (a.group !== 'OFFLINE') signedIn++;
      const p = a.presence.effective;
      if (!p) none++;
      else if (p.fidelity === 'DETAILED') detailed++;
      else coarse++;
    }
    setText($('#sum-selectable'), `${selectable} / ${signedIn}`);
    $('#sum-selectable').title = `${selectable} agents selectable in at least one service; ${signedIn} not offline`;
    setText($('#sum-presence'), `${detailed} detailed · ${coarse} coarse · ${none} none`);
    const k = m.kpiToday;
    if (k) {
      // The API's definition: answered within the target ÷ offered.
      let within = 0;
      let offered = 0;
      let handled = 0;
      let abandoned = 0;
      for (const s of k.services) {
        within += s.answeredWithinTarget;
        offered += s.offered;
        handled += s.handled;
        abandoned += s.abandoned;
      }
      setText($('#sum-sl'), offered > 0 ? percent(within / offered) : '–');
      setText($('#sum-handled'), `${count(handled)} / ${count(abandoned)}`);
    }
    const h = m.health;
    if (h) {
      const bad = h.components.filter((c) => c.status !== 'OK');
      const box = $('#sum-health');
      const text = bad.length === 0 ? 'All sources OK' : `${bad.length} not OK: ${bad.map((c) => c.name).join(', ')}`;
      if (box.dataset.text !== text) {
        box.dataset.text = text;
        box.replaceChildren(healthBadge(h.status), ' ', text);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

export class ServicesPanel {
  constructor(app) {
    this.app = app;
    this.body = $('#services-table tbody');
    this.rows = new Map();
  }

  render() {
    const m = this.app.model;
    const ids = Array.from(m.services.keys());
    for (const [id, row] of this.rows) {
      if (!m.services.has(id)) {
        row.tr.remove();
        this.rows.delete(id);
      }
    }
    ids.forEach((id, i) => {
      let row = this.rows.get(id);
      if (!row) {
        row = this.createRow(id);
        this.rows.set(id, row);
      }
      if (this.body.children[i] !== row.tr) this.body.insertBefore(row.tr, this.body.children[i] || null);
      this.fill(row, m.services.get(id));
    });
    setText($('#services-note'), ids.length === 0 ? 'No services configured' : `${ids.length} services`);
  }

  createRow(id) {
    const tr = el('tr', { dataset: { service: id } });
    const cells = {};
    for (const name of ['name', 'type', 'waiting', 'longest', 'ringing', 'connected', 'selectable', 'sl', 'handled', 'abandoned', 'policy']) {
      const td = el(name === 'name' ? 'th' : 'td', name === 'name' ? { scope: 'row', dataset: { col: name } } : { dataset: { col: name } });
      if (!['name', 'type', 'policy'].includes(name)) td.className = 'num';
      cells[name] = td;
      tr.append(td);
    }
    return { tr, cells };
  }

  fill(row, s) {
    const c = row.cells;
    const name = s.config.name || s.id;
    if (c.name.dataset.name !== name) {
      c.name.dataset.name = name;
      replaceChildren(c.name, el('span', { class: 'svc-name', text: name }), name !== s.id ? el('span', { class: 'svc-id', text: s.id }) : null);
    }
    setText(c.type, DISTRIBUTION[s.config.distributionType] || s.config.distributionType);
    setText(c.waiting, s.waiting.length);
    c.waiting.title = `${s.waiting.length} waiting (queue limit ${s.config.queue.maxSize})`;
    const longest = longestWait(s);
    setText(c.longest, longest === null ? '–' : clock(longest));
    setText(c.ringing, s.ringing);
    setText(c.connected, s.connected);
    setText(c.selectable, `${s.selectable} / ${s.staffed}`);
    const k = serviceKpi(this.app.model, s.id);
    setText(c.sl, k && k.serviceLevel !== null ? percent(k.serviceLevel) : '–');
    c.sl.title = `answered within ${s.config.serviceLevelTargetSeconds} s`;
    setText(c.handled, k ? count(k.handled) : '–');
    setText(c.abandoned, k ? count(k.abandoned) : '–');
    const pol = s.config.policy;
    const policy = pol.distributed.map((g) => SHORT_GROUP[g] || GROUP[g] || g).join(', ') + (pol.coarseBusy ? ', coarse Busy' : '');
    setText(c.policy, policy);
    c.policy.title = `${pol.distributed.map((g) => GROUP[g] || g).join(', ')}${pol.coarseBusy ? ' (also Busy seen only coarsely)' : ''}; out of office ${pol.offerWhenOutOfOffice ? 'offered' : 'not offered'}; in a call: never`;
  }

  tick() {
    for (const [id, row] of this.rows) {
      const s = this.app.model.services.get(id);
      if (s) {
        const longest = longestWait(s);
        setText(row.cells.longest, longest === null ? '–' : clock(longest));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

export class CallsPanel {
  constructor(app) {
    this.app = app;
    this.open = new Set();
  }

  render() {
    const m = this.app.model;
    const calls = Array.from(m.calls.values());
    const prio = { STRICT: 0, HIGH: 1, NORMAL: 2, LOW: 3 };
    const queue = calls.filter((c) => c.status !== 'CONNECTED')
      .sort((a, b) => (prio[a.priority] ?? 9) - (prio[b.priority] ?? 9) || a.arrivedAt.localeCompare(b.arrivedAt));
    const talking = calls.filter((c) => c.status === 'CONNECTED').sort((a, b) => (a.connectedAt || '').localeCompare(b.connectedAt || ''));
    this.fillList($('#queue-calls'), queue);
    this.fillList($('#talking-calls'), talking);
    this.fillList($('#ended-calls'), m.ended);
    setText($('#ended-count'), `(${m.ended.length})`);
    setText($('#calls-note'), `${queue.length} in queue · ${talking.length} talking`);
  }

  fillList(list, calls) {
    const focusedKey = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    list.replaceChildren(...calls.map((c) => this.item(c)));
    if (focusedKey) list.querySelector(`[data-focus-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }

  item(c) {
    const name = (id) => this.app.name(id);
    const st = c.status === 'ENDED' && c.outcome ? OUTCOME[c.outcome] || { label: c.outcome, tone: 'off' } : CALL_STATUS[c.status] || { label: c.status, tone: 'off' };
    let who = '';
    if (c.status === 'RINGING') who = '→ ' + c.ringing.map(name).join(', ');
    else if (c.agent) who = (c.status === 'ENDED' ? 'with ' : '↔ ') + name(c.agent);
    const li = el('li', { class: 'call', dataset: { call: c.id, status: c.status } },
      el('div', { class: 'call-head' },
        el('span', { class: 'call-id', text: c.id, title: c.caller ? 'Caller ' + c.caller : c.id }),
        el('span', { text: this.app.model.services.get(c.service)?.config.name || c.service }),
        badge(st.label, st.tone),
        el('span', { class: 'prio-' + c.priority, text: PRIORITY[c.priority] || c.priority }),
        el('span', { class: 'num', 'data-tick': 'call-time', text: this.timeText(c), title: this.timeTitle(c) }),
        el('span', { text: who, title: who })));
    const offer = c.offers.length ? c.offers[c.offers.length - 1] : null;
    if (offer && offer.explanation) {
      const ex = offer.explanation;
      li.append(el('div', { class: 'call-explain' },
        `Offered to ${offer.agents.map(name).join(', ')} — ${DISTRIBUTION[ex.type] || ex.type}: ${ex.rule}; ${ex.selectable} selectable at level ${ex.level}`));
    } else if (c.status === 'WAITING') {
      li.append(el('div', { class: 'call-explain', text: 'Waiting: no agent is selectable for this call now.' }));
    }
    if (c.offers.length > 0) {
      const key = 'call-' + c.id;
      const details = el('details', { dataset: { key } },
        el('summary', { 'data-focus-key': key }, `Offers (${c.offers.length}) and candidates considered`),
        c.offers.map((o, i) => this.offer(o, i)));
      details.open = this.open.has(c.id);
      details.addEventListener('toggle', () => (details.open ? this.open.add(c.id) : this.open.delete(c.id)));
      li.append(details);
    }
    return li;
  }

  offer(o, index) {
    const name = (id) => this.app.name(id);
    const ex = o.explanation;
    const outcomes = Object.entries(o.outcomes || {}).map(([agent, outcome]) => {
      const info = OFFER_OUTCOME[outcome] || { label: outcome, tone: 'off' };
      return [badge(`${name(agent)}: ${info.label}`, info.tone), ' '];
    });
    const box = el('div', { class: 'offer' },
      el('div', { class: 'offer-head' },
        el('strong', { text: `Offer ${index + 1}` }),
        o.at ? el('span', { text: time(o.at) }) : null,
        outcomes,
        o.cancelReason ? el('span', { class: 'muted', text: '(' + cancelText(o.cancelReason) + ')' }) : null));
    if (ex) {
      box.append(el('div', {}, el('span', { class: 'muted', text: 'Rule: ' }), `${DISTRIBUTION[ex.type] || ex.type} — ${ex.rule}`),
        el('div', { class: 'muted', text: ex.summary || explanationSummary(ex) }));
      if (ex.candidates.length > 0) {
        box.append(el('table', { class: 'data candidates' },
          el('caption', { class: 'sr-only', text: 'Candidates considered, best first' }),
          el('thead', {}, el('tr', {},
            ['#', 'Agent', 'Idle since', 'Skill score', 'Member position', 'Chosen'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, ex.candidates.map((cand, i) => el('tr', {},
            el('td', { class: 'num', text: i + 1 }),
            el('td', { text: name(cand.agent) }),
            el('td', { text: dateTime(cand.idleSince) }),
            el('td', { class: 'num', text: cand.skillScore }),
            el('td', { class: 'num', text: cand.position + 1 }),
            el('td', {}, cand.chosen ? badge('chosen', 'ok') : ''))))));
      }
    }
    return box;
  }

  timeText(c) {
    if (c.status === 'CONNECTED') return clock(secondsSince(c.connectedAt));
    if (c.status === 'ENDED') return time(c.endedAt);
    return clock(secondsSince(c.arrivedAt));
  }

  timeTitle(c) {
    if (c.status === 'CONNECTED') return 'Talking for (since ' + dateTime(c.connectedAt) + ')';
    if (c.status === 'ENDED') return 'Ended at';
    return 'Waiting for (since ' + dateTime(c.arrivedAt) + ')' + (c.ringExpiresAt ? `; ringing ${remaining(secondsUntil(c.ringExpiresAt))}` : '');
  }

  tick() {
    for (const node of $$('#queue-calls [data-tick="call-time"], #talking-calls [data-tick="call-time"]')) {
      const c = this.app.model.calls.get(node.closest('.call').dataset.call);
      if (c) setText(node, this.timeText(c));
    }
  }
}

// ---------------------------------------------------------------------------------------------

export class HealthPanel {
  constructor(app) {
    this.app = app;
    this.stamp = null;
    this.builtAt = 0;
  }

  render() {
    const m = this.app.model;
    const h = m.health;
    // Rebuild the list only when the health changed (or once a minute, for the "since" ages).
    const stamp = h ? JSON.stringify(h.components) : '';
    const fresh = stamp !== this.stamp || performance.now() - this.builtAt > 60_000;
    if (h && fresh) {
      this.stamp = stamp;
      this.builtAt = performance.now();
      $('#health-overall').replaceChildren(healthBadge(h.status), ' ', el('span', { class: 'panel-note', text: 'as of ' + time(h.at) }));
      const list = $('#health-list');
      // Problems first, then presence sources, then the rest.
      const order = { DOWN: 0, DEGRADED: 1, OK: 2 };
      const comps = [...h.components].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3)
        || Number(!a.kind.startsWith('presence')) - Number(!b.kind.startsWith('presence')) || a.name.localeCompare(b.name));
      list.replaceChildren(...comps.map((c) => this.component(c)));
    }
    this.renderUsage();
  }

  component(c) {
    const details = Object.entries(c.details || {}).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString() : v}`).join(' · ');
    const rows = [];
    if (c.code) rows.push(el('dt', { text: 'Code' }), el('dd', { class: 'mono', text: c.code }));
    if (c.reason) rows.push(el('dt', { text: 'Reason' }), el('dd', { text: c.reason }));
    if (c.since) {
      rows.push(el('dt', { text: 'Since' }), el('dd', {}, el('time', { datetime: c.since, text: dateTime(c.since) }), ` (${duration(secondsSince(c.since))})`));
    }
    if (c.fix) rows.push(el('dt', { text: 'Fix' }), el('dd', { class: 'health-fix', text: c.fix }));
    return el('li', { class: 'health-item', dataset: { name: c.name, status: c.status } },
      el('div', { class: 'health-head' },
        el('span', { class: 'health-name', text: c.name }),
        el('span', { class: 'health-kind', text: c.kind }),
        healthBadge(c.status)),
      rows.length ? el('dl', {}, rows) : null,
      details ? el('div', { class: 'health-details', text: details }) : null);
  }

  /** Which presence source each agent's effective presence comes from right now. */
  renderUsage() {
    const agents = Array.from(this.app.model.agents.values());
    const bySource = new Map();
    let lost = 0;
    for (const a of agents) {
      const p = a.presence.effective;
      const key = p ? `${p.source}|${p.fidelity}` : 'none|';
      bySource.set(key, (bySource.get(key) || 0) + 1);
      if (!a.presence.detailedTracking) lost++;
    }
    const total = Math.max(1, agents.length);
    const rows = Array.from(bySource.entries()).sort((a, b) => b[1] - a[1]).map(([key, n]) => {
      const [source, fidelity] = key.split('|');
      const label = source === 'none' ? 'No presence source' : `${source} (${fidelity.toLowerCase()})`;
      return el('div', { class: 'usage-row' },
        el('span', { text: label }),
        el('span', { class: 'num', text: `${n} agents` }),
        el('div', { class: 'usage-bar', 'aria-hidden': 'true' }, el('span', { style: `width:${((100 * n) / total).toFixed(1)}%` })));
    });
    const box = $('#presence-usage');
    replaceChildren(box, el('div', { class: 'subhead', text: 'Presence in use (per agent)' }), rows,
      lost > 0 ? el('div', {}, badge(`${lost} agents without detailed tracking`, 'warn', 'These agents fell back to coarse presence (or none)')) : null);
  }
}

// ---------------------------------------------------------------------------------------------

const FEED_MAX = 300;

export class ActivityFeed {
  constructor(app) {
    this.app = app;
    this.entries = [];
    this.pending = [];
    this.paused = false;
    this.list = $('#feed');
    this.show = new Set($$('.feed-filters input:checked').map((i) => i.value));
    for (const input of $$('.feed-filters input')) {
      input.addEventListener('change', () => {
        this.show = new Set($$('.feed-filters input:checked').map((i) => i.value));
        this.rebuild();
      });
    }
    const pause = $('#feed-pause');
    pause.addEventListener('click', () => {
      this.paused = !this.paused;
      pause.setAttribute('aria-pressed', String(this.paused));
      pause.textContent = this.paused ? 'Resume' : 'Pause';
      if (!this.paused) this.app.scheduler.request('feed', () => this.flush());
    });
  }

  add(e) {
    const d = describeEvent(e, (id) => this.app.name(id));
    const entry = { at: e.at, type: e.type, ...d };
    this.entries.unshift(entry);
    if (this.entries.length > FEED_MAX) this.entries.length = FEED_MAX;
    this.pending.push(entry);
    if (!this.paused) this.app.scheduler.request('feed', () => this.flush());
  }

  node(entry) {
    return el('li', { class: entry.tone ? 'tone-line-' + entry.tone : null, dataset: { type: entry.type } },
      el('time', { datetime: entry.at, text: time(entry.at) }),
      el('span', { class: 'cat', text: entry.category }),
      el('span', { text: entry.text }));
  }

  /** Prepends new entries; keeps the reader's place when they scrolled down. */
  flush() {
    if (this.paused) return;
    const fresh = this.pending.filter((e) => this.show.has(e.category));
    this.pending = [];
    if (fresh.length === 0) return;
    const before = this.list.scrollHeight;
    const keep = this.list.scrollTop > 0;
    const frag = document.createDocumentFragment();
    for (let i = fresh.length - 1; i >= 0; i--) frag.append(this.node(fresh[i]));
    this.list.prepend(frag);
    while (this.list.children.length > FEED_MAX) this.list.lastElementChild.remove();
    if (keep) this.list.scrollTop += this.list.scrollHeight - before;
  }

  rebuild() {
    this.pending = [];
    this.list.replaceChildren(...this.entries.filter((e) => this.show.has(e.category)).map((e) => this.node(e)));
  }

  render() {
    this.flush();
  }
}

// ---------------------------------------------------------------------------------------------

const RANGES = {
  hour: { buckets: 12, step: 'PT5M', stepMs: 5 * 60_000, label: (d) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) },
  day: { buckets: 12, step: 'PT1H', stepMs: 3_600_000, label: (d) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) },
  week: { buckets: 7, step: 'P1D', stepMs: 86_400_000, label: (d) => d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' }) },
};
const SAMPLE_MS = 5000;
const SAMPLES_KEPT = 360;

export class KpiPanel {
  constructor(app) {
    this.app = app;
    this.series = null;
    this.loading = false;
    $('#kpi-range').addEventListener('change', () => this.load());
    $('#kpi-service').addEventListener('change', () => this.load());
    let resizeTimer = null;
    new ResizeObserver(() => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => this.renderCharts(), 150);
    }).observe($('#kpis'));
  }

  updateOptions() {
    const select = $('#kpi-service');
    const current = select.value;
    select.replaceChildren(el('option', { value: '', text: 'All services' }),
      ...Array.from(this.app.model.services.values(), (s) => el('option', { value: s.id, text: s.config.name || s.id })));
    select.value = this.app.model.services.has(current) ? current : '';
  }

  start() {
    this.load();
    setInterval(() => this.load(), 60_000);
    this.sample();
    setInterval(() => this.sample(), SAMPLE_MS);
  }

  /**
   * One series request: buckets aligned to the bucket size (days to local midnight), the last
   * one ending now. The charts need only the services' figures.
   */
  async load() {
    if (this.loading) return;
    this.loading = true;
    try {
      const range = RANGES[$('#kpi-range').value] || RANGES.day;
      const service = $('#kpi-service').value || null;
      const now = serverNow();
      const alignedEnd = range.stepMs >= 86_400_000
        ? (() => { const d = new Date(now); d.setHours(0, 0, 0, 0); return d.getTime() + 86_400_000; })()
        : Math.ceil(now / range.stepMs) * range.stepMs;
      const series = await this.app.api.kpiSeries({
        from: new Date(alignedEnd - range.buckets * range.stepMs).toISOString(),
        to: new Date(now).toISOString(),
        step: range.step,
        service,
        agents: false,
      });
      const reports = series.buckets;
      this.series = { range, labels: reports.map((r) => range.label(new Date(r.from))), reports };
      this.renderCharts();
    } catch (e) {
      // The charts keep the last series; the next refresh tries again.
      console.warn('KPI series failed', e);
    } finally {
      this.loading = false;
    }
  }

  sample() {
    const m = this.app.model;
    let waiting = 0;
    for (const s of m.services.values()) waiting += s.waiting.length;
    let selectable = 0;
    for (const a of m.agents.values()) if (a.services.some((s) => s.selectable)) selectable++;
    m.samples.push({ t: serverNow(), waiting, selectable });
    if (m.samples.length > SAMPLES_KEPT) m.samples.shift();
    this.renderLive();
  }

  renderCharts() {
    if (this.series) {
      const { labels, reports } = this.series;
      const sum = (r, f) => (r ? r.services.reduce((s, x) => s + f(x), 0) : null);
      const handled = reports.map((r) => sum(r, (x) => x.handled));
      const abandoned = reports.map((r) => sum(r, (x) => x.abandoned));
      const sl = reports.map((r) => {
        if (!r) return null;
        const offered = sum(r, (x) => x.offered);
        return offered > 0 ? sum(r, (x) => x.answeredWithinTarget) / offered : null;
      });
      const weighted = (r, value, weight) => {
        if (!r) return null;
        let w = 0;
        let s = 0;
        for (const x of r.services) {
          const v = value(x);
          if (v !== null && v !== undefined && weight(x) > 0) {
            s += v * weight(x);
            w += weight(x);
          }
        }
        return w > 0 ? s / w : null;
      };
      barLineChart($('#chart-volume .chart-box'), {
        title: 'Calls handled and abandoned per interval, with service level',
        labels,
        bars: [
          { name: 'Handled', cls: 's-handled', values: handled },
          { name: 'Abandoned', cls: 's-abandoned', values: abandoned },
        ],
        line: { name: 'Service level', cls: 's-sl', values: sl },
      });
      lineChart($('#chart-asa .chart-box'), {
        title: 'Average speed of answer and average talk time in seconds',
        labels,
        series: [
          { name: 'Speed of answer', cls: 's-asa', values: reports.map((r) => weighted(r, (x) => x.averageSpeedOfAnswerSeconds, (x) => x.handled)) },
          { name: 'Talk time', cls: 's-talk', values: reports.map((r) => weighted(r, (x) => x.averageTalkSeconds, (x) => x.handled)) },
        ],
        format: (v) => (v >= 100 ? Math.round(v) : v.toFixed(v < 10 ? 1 : 0)),
      });
    }
    this.renderLive();
  }

  renderLive() {
    const samples = this.app.model.samples;
    lineChart($('#chart-live .chart-box'), {
      title: 'Waiting calls and selectable agents, live',
      labels: samples.map((s) => new Date(s.t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
      series: [
        { name: 'Waiting calls', cls: 's-waiting', values: samples.map((s) => s.waiting) },
        { name: 'Selectable agents', cls: 's-selectable', values: samples.map((s) => s.selectable) },
      ],
    });
  }

  renderTable() {
    const k = this.app.model.kpiToday;
    const body = $('#kpi-table tbody');
    if (!k) return;
    const secs = (v) => (v === null || v === undefined ? '–' : duration(v));
    body.replaceChildren(...k.services.map((s) => el('tr', {},
      el('th', { scope: 'row', text: this.app.model.services.get(s.service)?.config.name || s.service }),
      [s.offered, s.handled, s.abandoned, s.timedOut, s.overflowed, s.rejected, s.ronaCount].map((v) => el('td', { class: 'num', text: count(v) })),
      el('td', { class: 'num', text: percent(s.serviceLevel) }),
      el('td', { class: 'num', text: secs(s.averageSpeedOfAnswerSeconds) }),
      el('td', { class: 'num', text: secs(s.averageQueueSeconds) }),
      el('td', { class: 'num', text: secs(s.averageTalkSeconds) }),
      el('td', { class: 'num', text: percent(s.reachability) }),
      el('td', { class: 'num', text: percent(s.teamOccupancy) }))));
    if (k.services.length === 0) body.replaceChildren(el('tr', {}, el('td', { colspan: 14, class: 'muted', text: 'No calls today yet.' })));
  }
}
