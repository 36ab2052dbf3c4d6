// The agent table (virtualised, filtered, sorted) and the details of the selected agent with the
// supervisor's actions: duty, readiness, active per service, RONA reset, end after-call work.

import { ApiError } from './api.js';
import { VirtualTable } from './virtual-table.js';
import { $, el, setText, debounce, isSet, serverNow, count, percent, secondsSince, secondsUntil, age, duration, dateTime, time } from './util.js';
import {
  statusInfo, statusBadge, presenceText, fidelityTag, LAYER, REASON_HINT, GROUP, badge, remaining,
} from './labels.js';

const SORTS = {
  name: (a, b) => (a.config.displayName || a.id).localeCompare(b.config.displayName || b.id) || a.id.localeCompare(b.id),
  status: (a, b) => statusInfo(a.status).rank - statusInfo(b.status).rank || SORTS.name(a, b),
  since: (a, b) => (a.statusSince || '9999').localeCompare(b.statusSince || '9999') || SORTS.name(a, b),
};

/** "Talking since …; Teams presence Available since …", for tooltips. */
function statusSinceText(a) {
  const status = statusInfo(a.status).label;
  const since = isSet(a.statusSince) ? `${status} since ${dateTime(a.statusSince)}` : `${status} since before the server started`;
  return isSet(a.groupSince) ? `${since}; Teams presence ${GROUP[a.group] || a.group} since ${dateTime(a.groupSince)}` : since;
}

function eligibilityFor(agent, service) {
  return agent.services.find((s) => s.service === service) || null;
}

/** The selectable column: for one service, yes or the first reason; otherwise a count. */
function selectableText(agent, service) {
  if (service) {
    const e = eligibilityFor(agent, service);
    if (!e) return { ok: false, text: 'not a member' };
    if (e.selectable) return { ok: true, text: 'Selectable' };
    const r = e.reasons[0];
    return { ok: false, text: 'No: ' + (r ? r.description : 'not selectable'), title: e.reasons.map((x) => x.description).join('; ') };
  }
  const member = agent.services.filter((s) => s.member);
  const yes = member.filter((s) => s.selectable);
  if (member.length === 0) return { ok: false, text: 'in no service' };
  if (yes.length > 0) return { ok: true, text: `Selectable in ${yes.length} of ${member.length}`, title: yes.map((s) => s.service).join(', ') };
  const r = member[0].reasons[0];
  return { ok: false, text: `No (${member.length}): ${r ? r.description : 'not selectable'}`, title: member.map((s) => s.service + ': ' + (s.reasons[0]?.description || '')).join('; ') };
}

export class AgentsPanel {
  constructor(app) {
    this.app = app;
    this.selectedId = null;
    this.filter = { text: '', service: '', status: '', fidelity: '', sort: 'name' };
    this.feedback = $('#detail-feedback');
    this.table = new VirtualTable({
      grid: $('#agent-grid'),
      viewport: $('#agent-viewport'),
      idPrefix: 'agent-row-',
      key: (a) => a.id,
      createCells: (row) => this.createCells(row),
      renderRow: (row, a) => this.renderRow(row, a),
      onOpen: (a) => this.openAgent(a.id),
    });
    const grid = $('#agent-grid');
    grid.addEventListener('focus', () => this.table.focusChanged());
    grid.addEventListener('blur', () => this.table.focusChanged());
    const onFilter = () => {
      this.filter = {
        text: $('#f-text').value.trim().toLowerCase(),
        service: $('#f-service').value,
        status: $('#f-status').value,
        fidelity: $('#f-fidelity').value,
        sort: $('#f-sort').value,
      };
      this.render();
    };
    const onText = debounce(onFilter, 120);
    // 'input' while typing; 'change' and 'search' when the field is cleared (Escape, the clear button).
    for (const type of ['input', 'change', 'search']) $('#f-text').addEventListener(type, onText);
    for (const id of ['#f-service', '#f-status', '#f-fidelity', '#f-sort']) $(id).addEventListener('change', onFilter);
    $('#agent-filters').addEventListener('submit', (e) => e.preventDefault());
  }

  /** Fills the service and status filters from the model (after load and reloads). */
  updateOptions() {
    const service = $('#f-service');
    const current = service.value;
    service.replaceChildren(el('option', { value: '', text: 'All services' }),
      ...Array.from(this.app.model.services.values(), (s) => el('option', { value: s.id, text: s.config.name && s.config.name !== s.id ? `${s.config.name} (${s.id})` : s.id })));
    service.value = this.app.model.services.has(current) ? current : '';
    const status = $('#f-status');
    const keep = status.value;
    const statuses = ['RINGING', 'CONNECTED', 'AFTER_CALL_WORK', 'RONA', 'IN_EXTERNAL_CALL', 'IN_A_CALL', 'PRESENTING', 'NOT_READY', 'AVAILABLE', 'BUSY', 'IN_A_MEETING', 'DO_NOT_DISTURB', 'AWAY', 'OFFLINE'];
    status.replaceChildren(
      el('option', { value: '', text: 'Any status' }),
      el('option', { value: 'selectable', text: 'Selectable' }),
      el('option', { value: 'not-selectable', text: 'Not selectable' }),
      el('optgroup', { label: 'Status' }, statuses.map((s) => el('option', { value: s, text: statusInfo(s).label }))),
    );
    status.value = keep;
  }

  matches(a) {
    const f = this.filter;
    if (f.text) {
      const hay = (a.id + ' ' + (a.config.displayName || '')).toLowerCase();
      if (!hay.includes(f.text)) return false;
    }
    if (f.service && !a.services.some((s) => s.service === f.service && s.member)) return false;
    if (f.fidelity) {
      const p = a.presence.effective;
      if (f.fidelity === 'NONE' ? p !== null : !p || p.fidelity !== f.fidelity) return false;
    }
    if (f.status === 'selectable' || f.status === 'not-selectable') {
      const sel = f.service ? Boolean(eligibilityFor(a, f.service)?.selectable) : a.services.some((s) => s.selectable);
      if (sel !== (f.status === 'selectable')) return false;
    } else if (f.status && a.status !== f.status) {
      return false;
    }
    return true;
  }

  render() {
    const all = Array.from(this.app.model.agents.values());
    const items = all.filter((a) => this.matches(a)).sort(SORTS[this.filter.sort] || SORTS.name);
    this.table.selectedKey = this.selectedId;
    this.table.setItems(items);
    $('#agent-empty').hidden = items.length > 0 || all.length === 0;
    setText($('#agents-count'), items.length === all.length ? `${all.length.toLocaleString()} agents` : `Showing ${items.length.toLocaleString()} of ${all.length.toLocaleString()} agents`);
  }

  tick() {
    this.table.refresh();
    if (this.selectedId) this.tickDetail();
  }

  createCells(row) {
    const cell = (cls) => {
      const c = document.createElement('div');
      c.setAttribute('role', 'gridcell');
      c.className = cls;
      row.append(c);
      return c;
    };
    const name = cell('c-name');
    const nameText = el('span', { class: 'agent-name' });
    const idText = el('span', { class: 'agent-id' });
    name.append(nameText, idText);
    const status = cell('c-status');
    const statusBadgeEl = el('span', { class: 'badge' });
    status.append(statusBadgeEl);
    const presence = cell('c-presence');
    const fid = cell('c-fid');
    const fidTag = el('span', { class: 'tag' });
    fid.append(fidTag);
    row.cells = {
      nameText, idText, statusBadgeEl, presence, fidTag,
      source: cell('c-source'), since: cell('c-since'), duty: cell('c-duty'), sel: cell('c-sel'),
    };
  }

  renderRow(row, a) {
    const c = row.cells;
    const display = a.config.displayName || a.id;
    setText(c.nameText, display);
    setText(c.idText, display !== a.id ? a.id : '');
    const s = statusInfo(a.status);
    const cls = 'badge tone-' + s.tone;
    if (c.statusBadgeEl.className !== cls) c.statusBadgeEl.className = cls;
    setText(c.statusBadgeEl, s.label);
    const p = a.presence.effective;
    setText(c.presence, presenceText(p));
    c.presence.title = presenceText(p);
    const fidCls = !p ? 'tag' : p.fidelity === 'DETAILED' ? 'tag tag-detailed' : 'tag tag-coarse';
    if (c.fidTag.className !== fidCls) c.fidTag.className = fidCls;
    setText(c.fidTag, !p ? 'none' : p.fidelity === 'DETAILED' ? 'detailed' : 'coarse');
    setText(c.source, p ? p.source : '–');
    c.source.title = p ? p.source : '';
    setText(c.since, age(secondsSince(a.statusSince)));
    c.since.title = statusSinceText(a);
    setText(c.duty, a.onDuty ? a.profile || 'On duty' : 'Off duty');
    const sel = selectableText(a, this.filter.service);
    setText(c.sel, sel.text);
    c.sel.title = sel.title || sel.text;
    const selCls = 'c-sel ' + (sel.ok ? 'sel-yes' : 'sel-no');
    if (c.sel.className !== selCls) c.sel.className = selCls;
  }

  // ---- details ----

  openAgent(id) {
    if (this.selectedId !== id) this.feedback.textContent = '';
    this.selectedId = id;
    const link = $('#agent-view-link');
    link.href = 'agent.html?agent=' + encodeURIComponent(id);
    this.renderDetail(true);
    this.app.refreshAgent(id);
    this.loadAgentKpis(id);
  }

  /** Today's figures of the selected agent (once when opened, then at most every 30 s). */
  async loadAgentKpis(id) {
    if (this.kpis && this.kpis.id === id && performance.now() - this.kpis.loadedAt < 30_000) return;
    const now = new Date(serverNow());
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    try {
      const report = await this.app.api.kpis({ from: midnight.toISOString(), to: now.toISOString(), agent: id });
      this.kpis = { id, loadedAt: performance.now(), figures: report.agents.find((k) => k.agent === id) || null };
      if (this.selectedId === id) this.renderDetail(true);
    } catch (e) {
      // KPIs are extra: the details stay useful without them.
    }
  }

  /** Re-renders the details, keeping keyboard focus on the same control. */
  renderDetail(force = false) {
    const body = $('#detail-body');
    const a = this.selectedId ? this.app.model.agents.get(this.selectedId) : null;
    // Agents are replaced, never changed in place: the same object means nothing to redraw (and
    // a reader's text selection survives other agents' updates).
    const key = [a, this.app.model.profiles, this.app.model.services];
    if (!force && this.rendered && key.every((k, i) => k === this.rendered[i])) return;
    this.rendered = key;
    if (!a) {
      if (this.selectedId) {
        body.replaceChildren(el('p', { class: 'muted', text: `Agent ${this.selectedId} no longer exists.` }));
      }
      return;
    }
    const focused = document.activeElement?.closest?.('#detail-body') ? document.activeElement.dataset.focusKey : null;
    const openDetails = new Set(Array.from(body.querySelectorAll('details[open]'), (d) => d.dataset.key));
    const inputs = {};
    for (const input of body.querySelectorAll('[data-keep]')) inputs[input.dataset.keep] = input.value;
    body.replaceChildren(...this.detailContent(a, openDetails, inputs));
    if (focused) body.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }

  tickDetail() {
    const a = this.app.model.agents.get(this.selectedId);
    if (!a) return;
    const body = $('#detail-body');
    const since = body.querySelector('[data-tick="since"]');
    if (since) setText(since, duration(secondsSince(a.groupSince)));
    const statusFor = body.querySelector('[data-tick="status-since"]');
    if (statusFor) setText(statusFor, duration(secondsSince(a.statusSince)));
    const rona = body.querySelector('[data-tick="rona"]');
    if (rona) setText(rona, remaining(secondsUntil(a.ronaUntil)));
    const acw = body.querySelector('[data-tick="acw"]');
    if (acw) setText(acw, remaining(secondsUntil(a.afterCallWorkUntil)));
  }

  async act(label, fn) {
    this.feedback.className = 'feedback';
    this.feedback.textContent = label + '…';
    try {
      const result = await fn();
      const n = result?.events?.length ?? 0;
      this.feedback.className = 'feedback is-ok';
      this.feedback.textContent = n > 0 ? `${label}: done.` : `${label}: nothing to change.`;
    } catch (e) {
      this.feedback.className = 'feedback is-error';
      this.feedback.textContent = `${label} failed: ${e instanceof ApiError ? e.describe() : e}`;
    }
    this.app.refreshAgent(this.selectedId);
    this.app.refreshServices();
  }

  detailContent(a, openDetails, inputs) {
    const api = this.app.api;
    const name = a.config.displayName || a.id;
    const p = a.presence;
    // Sections in the order a supervisor needs them: why (not) selectable, then state and actions,
    // then the presence detail, then the day's figures.
    const head = [];
    const presence = [];
    const state = [];
    const today = [];
    const services = [];
    let out = head;

    out.push(el('div', { class: 'detail-head' },
      el('span', { class: 'agent-name', text: name }),
      name !== a.id ? el('span', { class: 'agent-id', text: a.id }) : null,
      statusBadge(a.status),
      isSet(a.statusSince)
        ? el('span', { class: 'muted', title: statusSinceText(a) }, 'for ', el('span', { 'data-tick': 'status-since', text: duration(secondsSince(a.statusSince)) }))
        : null));

    // Presence: detailed vs coarse, and which one counts.
    const slot = (label, pr, tracking) => [
      el('dt', { text: label }),
      el('dd', {},
        pr ? `${presenceText(pr)} · ${pr.source} · ${duration(pr.ageSeconds)} old` : 'none',
        tracking ? '' : ' ',
        tracking ? null : badge('tracking lost', 'bad', 'This source failed; its presence is not used until it returns')),
    ];
    out = presence;
    out.push(el('h4', { text: 'Presence' }));
    out.push(el('dl', {},
      el('dt', { text: 'Counts now' }),
      el('dd', {}, presenceText(p.effective), ' ', fidelityTag(p.effective), p.effective ? ` from ${p.effective.source}` : ''),
      el('dt', { text: 'Presence group' }),
      el('dd', {}, GROUP[a.group] || a.group, isSet(a.groupSince) ? [' for ', el('span', { 'data-tick': 'since', text: duration(secondsSince(a.groupSince)) })] : null),
      ...slot('Detailed', p.detailed, p.detailedTracking),
      ...slot('Coarse', p.coarse, p.coarseTracking),
      a.outOfOffice ? [el('dt', { text: 'Out of office' }), el('dd', { text: 'yes' })] : null,
    ));

    // Switchboard's own state and the actions on it.
    out = state;
    out.push(el('h4', { text: 'Duty and state' }));
    const profiles = this.app.model.profiles;
    const select = el('select', { 'data-focus-key': 'duty', 'data-keep': 'duty', 'aria-label': 'Duty profile of ' + name },
      el('option', { value: '', text: 'Off duty' }),
      profiles.map((pr) => el('option', { value: pr.id, text: pr.name && pr.name !== pr.id ? `${pr.name} (${pr.id})` : pr.id })));
    select.value = inputs.duty !== undefined ? inputs.duty : a.profile || '';
    const reason = el('input', { type: 'text', placeholder: 'reason (optional)', 'aria-label': 'Not-ready reason', 'data-focus-key': 'reason', 'data-keep': 'reason', size: 14 });
    reason.value = inputs.reason || '';
    out.push(el('dl', {},
      el('dt', { text: 'Duty' }), el('dd', { text: a.onDuty ? `on duty${a.profile ? ' (' + a.profile + ')' : ''}` : 'off duty' }),
      el('dt', { text: 'Ready' }), el('dd', { text: a.notReadyReason !== null ? `not ready${a.notReadyReason ? ': ' + a.notReadyReason : ''}` : 'ready' }),
      a.ringingFor ? [el('dt', { text: 'Ringing for' }), el('dd', { class: 'mono', text: a.ringingFor })] : null,
      a.connectedCall ? [el('dt', { text: 'Talking on' }), el('dd', { class: 'mono', text: a.connectedCall })] : null,
      a.externalCall ? [el('dt', { text: 'Other call' }), el('dd', { text: 'in a call Switchboard did not route' })] : null,
      el('dt', { text: 'RONA' }),
      el('dd', {}, a.ronaUntil ? [badge('RONA', 'bad'), ` until ${time(a.ronaUntil)} (`, el('span', { 'data-tick': 'rona', text: remaining(secondsUntil(a.ronaUntil)) }), ')'] : 'no'),
      el('dt', { text: 'After-call work' }),
      el('dd', {}, a.afterCallWorkUntil ? [`until ${time(a.afterCallWorkUntil)} (`, el('span', { 'data-tick': 'acw', text: remaining(secondsUntil(a.afterCallWorkUntil)) }), ')'] : 'no'),
      el('dt', { text: 'Last call ended' }), el('dd', { text: dateTime(a.lastCallEnded) }),
    ));
    out.push(el('div', { class: 'actions' },
      el('label', {}, 'Duty ', select),
      el('button', {
        class: 'btn', type: 'button', 'data-focus-key': 'set-duty',
        onclick: () => this.act(select.value ? `Duty ${select.value} for ${name}` : `Off duty for ${name}`, () => api.setDuty(a.id, select.value || null)),
      }, 'Change duty')));
    out.push(el('div', { class: 'actions' },
      el('button', {
        class: 'btn btn-danger', type: 'button', 'data-focus-key': 'reset-rona', disabled: !a.ronaUntil,
        title: a.ronaUntil ? 'Make the agent selectable again now' : 'The agent is not in RONA',
        onclick: () => this.act(`Reset RONA of ${name}`, () => api.resetRona(a.id)),
      }, 'Reset RONA'),
      el('button', {
        class: 'btn', type: 'button', 'data-focus-key': 'end-acw', disabled: !a.afterCallWorkUntil,
        onclick: () => this.act(`End after-call work of ${name}`, () => api.endAfterCallWork(a.id)),
      }, 'End after-call work'),
      a.notReadyReason !== null
        ? el('button', { class: 'btn', type: 'button', 'data-focus-key': 'ready', onclick: () => this.act(`${name} ready`, () => api.ready(a.id)) }, 'Set ready')
        : [reason, el('button', {
          class: 'btn', type: 'button', 'data-focus-key': 'not-ready',
          onclick: () => this.act(`${name} not ready`, () => api.notReady(a.id, reason.value.trim() || null)),
        }, 'Set not ready')],
    ));

    const k = this.kpis && this.kpis.id === a.id ? this.kpis.figures : undefined;
    if (k !== undefined) {
      out = today;
      out.push(el('h4', { text: 'Today' }));
      out.push(k === null
        ? el('p', { class: 'muted', text: 'No offers today.' })
        : el('dl', {},
          el('dt', { text: 'Offered / handled' }), el('dd', { text: `${count(k.offered)} / ${count(k.handled)}` }),
          el('dt', { text: 'Declined / missed' }), el('dd', { text: `${count(k.declined)} / ${count(k.missed)}` }),
          el('dt', { text: 'RONA' }), el('dd', { text: count(k.ronaCount) }),
          el('dt', { text: 'Avg. talk time' }), el('dd', { text: k.averageTalkSeconds === null ? '–' : duration(k.averageTalkSeconds) }),
          el('dt', { text: 'Occupancy' }), el('dd', { text: percent(k.occupancy) })));
      if (performance.now() - this.kpis.loadedAt > 30_000) this.loadAgentKpis(a.id);
    }

    // Per service: selectable, and why not — the ordered reasons.
    out = services;
    out.push(el('h4', { text: 'Selectable per service' }));
    const member = a.services.filter((s) => s.member);
    if (member.length === 0) out.push(el('p', { class: 'muted', text: 'Not a member of any service.' }));
    const list = el('ul', { class: 'elig' });
    for (const s of member) {
      const svc = this.app.model.services.get(s.service);
      const svcName = svc?.config.name || s.service;
      const active = el('input', {
        type: 'checkbox', 'data-focus-key': 'active-' + s.service,
        onchange: (ev) => this.act(`${name} ${ev.target.checked ? 'active' : 'inactive'} in ${s.service}`, () => api.setActive(a.id, s.service, ev.target.checked)),
      });
      active.checked = s.active;
      const head = el('div', { class: 'elig-head' },
        el('span', { class: 'svc-name', text: svcName }),
        el('label', {}, active, ' active'),
        s.selectable ? badge('Selectable', 'ok') : badge('Not selectable', 'bad'));
      const item = el('li', { dataset: { service: s.service } }, head);
      if (!s.selectable && s.reasons.length > 0) {
        item.append(el('ol', { class: 'reasons', 'aria-label': `Why ${name} is not selectable in ${svcName}` },
          s.reasons.map((r) => el('li', {},
            el('span', { class: 'reason-layer', text: `${LAYER[r.layer] || 'Layer ' + r.layer}: ` }),
            r.description,
            r.detail ? el('span', { class: 'reason-detail', text: ` — ${r.detail}` }) : null,
            ' ', el('span', { class: 'reason-code', text: r.code }),
            REASON_HINT[r.code] ? el('span', { class: 'reason-hint', text: REASON_HINT[r.code] }) : null))));
      }
      if (s.reasonsByLevel && s.reasonsByLevel.length > 1) {
        const key = 'levels-' + s.service;
        const details = el('details', { dataset: { key } },
          el('summary', { text: 'By escalation level' }),
          el('ul', { class: 'reasons' }, s.reasonsByLevel.map((rs, level) => el('li', {},
            `Level ${level}: `, rs.length === 0 ? 'selectable' : rs.map((r) => r.description).join('; ')))));
        details.open = openDetails.has(key);
        item.append(details);
      }
      list.append(item);
    }
    out.push(list);
    return [...head, ...services, ...state, ...presence, ...today];
  }
}
