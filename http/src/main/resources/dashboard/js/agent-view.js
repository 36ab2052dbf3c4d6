// The agent view: one agent's own state, current offer, after-call work, RONA, duty and services.
// An agent token shows its own agent; a supervisor or admin token may open any agent
// (`agent.html?agent=anna`) and act on its behalf. Every event about the agent re-fetches it.

import { Api, ApiError } from './api.js';
import { EventStream } from './stream.js';
import { Refresher } from './refresher.js';
import { signIn, canSupervise, tokenRefused } from './session.js';
import { $, el, replaceChildren, setText, isSet, syncServerTime, serverNow, secondsSince, secondsUntil, clock, duration, time, count, percent, FrameScheduler } from './util.js';
import { statusBadge, presenceText, fidelityTag, badge, GROUP, LAYER, AGENT_HINT, DISTRIBUTION, explanationSummary } from './labels.js';

const api = new Api({ onUnauthorized: tokenRefused });
const scheduler = new FrameScheduler();

const view = {
  me: null,
  agentId: null,
  agent: null,
  services: new Map(),
  profiles: [],
  offer: null, // the current offer: {call, at, expiresAt, explanation}
  today: undefined, // the agent's KPIs since midnight: undefined until loaded, null without activity
};

// ---- loading ----

const agentRefresher = new Refresher(async () => {
  try {
    view.agent = await api.agent(view.agentId);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
      showBanner(e.status === 404 ? `There is no agent "${view.agentId}".` : `This token may not read agent "${view.agentId}".`);
      view.agent = null;
      return;
    }
    throw e;
  }
  if (view.agent.ringingFor && (!view.offer || view.offer.call !== view.agent.ringingFor)) loadOffer(view.agent.ringingFor);
  scheduler.request('all', renderAll);
}, 150);

const configRefresher = new Refresher(async () => {
  const [services, profiles, me] = await Promise.all([api.services(), api.profiles(), api.me()]);
  view.services = new Map(services.map((s) => [s.id, s]));
  view.profiles = profiles;
  syncServerTime(me.now);
  scheduler.request('all', renderAll);
}, 1000);

/** The agent's figures since midnight (an agent token reads only its own). */
const todayRefresher = new Refresher(async () => {
  const now = new Date(serverNow());
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const report = await api.kpis({ from: midnight.toISOString(), to: now.toISOString(), agent: view.agentId });
  view.today = report.agents.find((k) => k.agent === view.agentId) || null;
  scheduler.request('all', renderAll);
}, 5000);

/**
 * Offer details (deadline, why this agent) for a call that was already ringing when the page
 * opened or reconnected: the call that rings on the agent may be read with the agent's token.
 */
async function loadOffer(callId) {
  view.offer = { call: callId, at: null, expiresAt: null, explanation: null };
  try {
    const call = await api.call(callId);
    const o = call.offers[call.offers.length - 1];
    if (view.offer?.call === callId && !view.offer.explanation) {
      view.offer = { call: callId, at: o?.at, expiresAt: call.ringExpiresAt, explanation: o?.explanation || null };
    }
    scheduler.request('all', renderAll);
  } catch (e) {
    // The call may have stopped ringing meanwhile: the page shows its id until the next event.
  }
}

function showBanner(text) {
  const b = $('#banner');
  b.hidden = !text;
  b.textContent = text || '';
}

// ---- events ----

function names(e) {
  const ids = [];
  if (typeof e.agent === 'string') ids.push(e.agent);
  if (Array.isArray(e.agents)) ids.push(...e.agents);
  return ids;
}

function onEvent(e) {
  if (['ServiceConfigured', 'ServiceRemoved', 'ProfileConfigured', 'ProfileRemoved'].includes(e.type)) {
    configRefresher.request();
    agentRefresher.request();
    return;
  }
  const mine = names(e).includes(view.agentId) || (e.type === 'PresenceTrackingChanged' && e.agents.length === 0);
  if (!mine) return;
  if (e.type === 'CallOffered') {
    view.offer = { call: e.call, at: e.at, expiresAt: e.expiresAt, explanation: e.explanation || null };
  }
  if (e.type.startsWith('Call') || e.type.startsWith('Offer') || e.type.startsWith('Rona') || e.type.startsWith('AfterCallWork')) {
    todayRefresher.request();
  }
  agentRefresher.request();
}

// ---- rendering ----

function renderAll() {
  const a = view.agent;
  if (!a) return;
  const name = a.config.displayName || a.id;
  document.title = `${name} — Switchboard agent view`;
  setText($('#me-title'), view.me.agent === a.id ? 'My status' : `Status of ${name}`);
  setText($('#me-name'), name);
  const status = $('#me-status');
  if (status.dataset.status !== a.status) {
    status.dataset.status = a.status;
    status.replaceChildren(statusBadge(a.status));
  }
  setText($('#me-group'), GROUP[a.group] || a.group);
  renderToday();
  const p = a.presence;
  const slot = (label, pr, tracking) => [
    el('dt', { text: label }),
    el('dd', {}, pr ? `${presenceText(pr)} (${pr.source})` : 'none', tracking ? null : [' ', badge('tracking lost', 'bad')]),
  ];
  $('#me-presence').replaceChildren(
    el('dt', { text: 'Teams presence' }),
    el('dd', {}, presenceText(p.effective), ' ', fidelityTag(p.effective)),
    ...slot('Detailed', p.detailed, p.detailedTracking),
    ...slot('Coarse', p.coarse, p.coarseTracking),
  );
  renderOffer(a);
  renderAcw(a);
  renderRona(a);
  renderDuty(a);
  renderServices(a);
  tick();
}

function renderToday() {
  const k = view.today;
  const who = view.me.agent === view.agentId ? 'you' : 'this agent';
  setText($('#me-today'), k === undefined
    ? ''
    : k === null
      ? `Today: no calls for ${who} yet.`
      : `Today: ${count(k.handled)} handled, ${count(k.missed)} missed, ${count(k.declined)} declined; occupancy ${percent(k.occupancy)}.`);
}

function renderOffer(a) {
  const body = $('#offer-body');
  const accept = $('#accept');
  const decline = $('#decline');
  accept.disabled = !a.ringingFor;
  decline.disabled = !a.ringingFor;
  if (a.ringingFor) {
    const o = view.offer && view.offer.call === a.ringingFor ? view.offer : null;
    const ex = o?.explanation;
    const svc = ex ? view.services.get(ex.service) : null;
    replaceChildren(body,
      el('p', {}, badge('Ringing', 'ring'), ' ', el('span', { class: 'mono', text: a.ringingFor }), svc ? ` in ${svc.config.name || svc.id}` : ''),
      o?.expiresAt ? el('p', {}, 'Answer within ', el('span', { class: 'countdown', 'data-tick': 'ring', text: clock(secondsUntil(o.expiresAt)) })) : null,
      ex ? el('p', { class: 'muted', text: `Why you: ${DISTRIBUTION[ex.type] || ex.type} — ${ex.rule}; ${ex.selectable} selectable. ${explanationSummary(ex)}` }) : null,
    );
  } else if (a.connectedCall) {
    body.replaceChildren(el('p', {}, badge('Talking', 'call'), ' ', el('span', { class: 'mono', text: a.connectedCall })));
  } else if (a.externalCall) {
    body.replaceChildren(el('p', {}, badge('In another call', 'call'), ' — a call Switchboard did not route'));
  } else {
    body.replaceChildren(el('p', { class: 'muted', text: 'No call right now.' }));
  }
}

function renderAcw(a) {
  const body = $('#acw-body');
  $('#acw-end').disabled = !a.afterCallWorkUntil;
  $('#acw-extend').disabled = !a.afterCallWorkUntil;
  if (a.afterCallWorkUntil) {
    body.replaceChildren(
      el('p', {}, badge('After-call work', 'wrap'), ` until ${time(a.afterCallWorkUntil)}`),
      el('p', {}, el('span', { class: 'countdown', 'data-tick': 'acw', text: clock(secondsUntil(a.afterCallWorkUntil)) }), ' left — no calls in any service until then'),
    );
  } else {
    body.replaceChildren(el('p', { class: 'muted', text: 'Not in after-call work.' }), el('p', { class: 'countdown muted', 'aria-hidden': 'true', text: '–' }));
  }
}

function renderRona(a) {
  const body = $('#rona-body');
  $('#rona-reset').disabled = !a.ronaUntil;
  if (a.ronaUntil) {
    body.replaceChildren(
      el('p', {}, badge('RONA', 'bad'), ' A call rang without an answer (or was declined): you get no calls until ', time(a.ronaUntil), '.'),
      el('p', {}, el('span', { class: 'countdown', 'data-tick': 'rona', text: clock(secondsUntil(a.ronaUntil)) }), ' left, or reset it now if you are back'),
    );
  } else {
    body.replaceChildren(el('p', { class: 'muted', text: 'No missed call holds you back.' }), el('p', { class: 'countdown muted', 'aria-hidden': 'true', text: '–' }));
  }
}

function renderDuty(a) {
  const ready = a.notReadyReason === null;
  $('#duty-body').replaceChildren(
    el('dt', { text: 'Duty' }), el('dd', { text: a.onDuty ? `on duty${a.profile ? ' (' + a.profile + ')' : ''}` : 'off duty' }),
    el('dt', { text: 'Ready' }), el('dd', {}, ready ? badge('Ready', 'ok') : badge('Not ready' + (a.notReadyReason ? ': ' + a.notReadyReason : ''), 'warn')),
  );
  const select = $('#duty-select');
  const wanted = a.profile || '';
  const options = ['', ...view.profiles.map((p) => p.id)].join('|');
  if (select.dataset.options !== options) {
    select.dataset.options = options;
    select.replaceChildren(el('option', { value: '', text: 'Off duty' }),
      ...view.profiles.map((p) => el('option', { value: p.id, text: p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id })));
    select.value = wanted;
  }
  if (select.dataset.agentValue !== wanted) {
    // Follow the server's value unless the user is choosing right now.
    select.dataset.agentValue = wanted;
    if (document.activeElement !== select) select.value = wanted;
  }
  $('#ready').disabled = ready;
}

function renderServices(a) {
  const list = $('#my-services');
  const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
  const member = a.services.filter((s) => s.member);
  list.replaceChildren(...member.map((s) => {
    const svc = view.services.get(s.service);
    const svcName = svc?.config.name || s.service;
    const active = el('input', {
      type: 'checkbox', 'data-focus-key': 'active-' + s.service,
      onchange: (ev) => act(`${ev.target.checked ? 'Active' : 'Inactive'} in ${svcName}`, () => api.setActive(a.id, s.service, ev.target.checked)),
    });
    active.checked = s.active;
    const item = el('li', { dataset: { service: s.service } },
      el('div', { class: 'elig-head' },
        el('span', { class: 'svc-name', text: svcName }),
        el('label', {}, active, ' active'),
        s.selectable ? badge('Calls can reach you', 'ok') : badge('No calls now', 'bad')));
    if (!s.selectable && s.reasons.length) {
      item.append(el('ol', { class: 'reasons', 'aria-label': 'Why not' }, s.reasons.map((r) => el('li', {},
        el('span', { class: 'reason-layer', text: `${LAYER[r.layer] || ''}: ` }), r.description,
        r.detail ? el('span', { class: 'reason-detail', text: ` — ${r.detail}` }) : null,
        AGENT_HINT[r.code] ? el('span', { class: 'reason-hint', text: AGENT_HINT[r.code] }) : null))));
    }
    return item;
  }));
  if (member.length === 0) list.replaceChildren(el('li', { class: 'muted', text: 'You are not a member of any service.' }));
  if (focused) list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

function tick() {
  const a = view.agent;
  if (!a) return;
  $('#me-since-wrap').hidden = !isSet(a.groupSince);
  setText($('#me-since'), duration(secondsSince(a.groupSince)));
  $('#me-status-since-wrap').hidden = !isSet(a.statusSince);
  setText($('#me-status-since'), duration(secondsSince(a.statusSince)));
  const ring = document.querySelector('[data-tick="ring"]');
  if (ring && view.offer?.expiresAt) setText(ring, clock(secondsUntil(view.offer.expiresAt)));
  const acw = document.querySelector('[data-tick="acw"]');
  if (acw) setText(acw, clock(secondsUntil(a.afterCallWorkUntil)));
  const rona = document.querySelector('[data-tick="rona"]');
  if (rona) setText(rona, clock(secondsUntil(a.ronaUntil)));
}

// ---- actions ----

async function act(label, fn) {
  const fb = $('#feedback');
  fb.className = 'feedback';
  fb.textContent = label + '…';
  try {
    const r = await fn();
    fb.className = 'feedback is-ok';
    fb.textContent = (r?.events?.length ?? 0) > 0 ? `${label}: done.` : `${label}: nothing to change.`;
  } catch (e) {
    fb.className = 'feedback is-error';
    fb.textContent = `${label} failed: ${e instanceof ApiError ? e.describe() : e}`;
  }
  agentRefresher.request();
}

function wireActions() {
  const id = () => view.agentId;
  $('#accept').addEventListener('click', () => act('Accept', () => api.accept(view.agent.ringingFor, id())));
  $('#decline').addEventListener('click', () => act('Decline', () => api.decline(view.agent.ringingFor, id())));
  $('#acw-end').addEventListener('click', () => act('End after-call work', () => api.endAfterCallWork(id())));
  $('#acw-extend').addEventListener('click', () => {
    const seconds = Number($('#acw-extend-seconds').value);
    act(`Extend after-call work by ${duration(seconds)}`, () => api.extendAfterCallWork(id(), seconds));
  });
  $('#rona-reset').addEventListener('click', () => act('Reset RONA', () => api.resetRona(id())));
  $('#duty-apply').addEventListener('click', () => {
    const profile = $('#duty-select').value || null;
    act(profile ? `Duty ${profile}` : 'Off duty', () => api.setDuty(id(), profile));
  });
  $('#ready').addEventListener('click', () => act('Ready', () => api.ready(id())));
  $('#not-ready').addEventListener('click', () => act('Not ready', () => api.notReady(id(), $('#not-ready-reason').value.trim() || null)));
}

// ---- live indicator ----

function showLive(state, info) {
  const live = $('#live');
  live.dataset.state = state;
  const text = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' }[state] || state;
  live.querySelector('.live-text').textContent = text;
  live.title = info.reason ? `${text} (${info.reason})` : text;
  // Anything may have happened while disconnected: read the agent again.
  if (state === 'live') agentRefresher.request();
}

// ---- start ----

async function main() {
  const me = await signIn(api);
  view.me = me;
  const requested = new URLSearchParams(location.search).get('agent');
  if (me.agent) {
    view.agentId = me.agent;
  } else if (canSupervise(me)) {
    $('#console-link').hidden = false;
    const picker = $('#pick-agent');
    picker.hidden = false;
    picker.addEventListener('submit', (e) => {
      e.preventDefault();
      const value = $('#pick-agent-id').value.trim();
      if (value) location.search = '?agent=' + encodeURIComponent(value);
    });
    api.agents().then((list) => {
      $('#pick-agent-list').replaceChildren(...list.map((a) => el('option', { value: a.id, text: a.config.displayName || a.id })));
    }).catch(() => {});
    view.agentId = requested;
    $('#pick-agent-id').value = requested || '';
  }
  $('#agent-page').hidden = false;
  if (!view.agentId) {
    showBanner(canSupervise(me) ? 'Choose an agent to see its view.' : 'This token does not act for an agent; the agent view needs an agent token.');
    return;
  }
  wireActions();
  try {
    await Promise.all([configRefresher.load(), agentRefresher.load()]);
    todayRefresher.request();
  } catch (e) {
    showBanner('Could not load: ' + (e instanceof ApiError ? e.describe() : e));
  }
  scheduler.request('all', renderAll);
  // A task of its own: a later request for 'all' (an offer or the day's figures arriving) replaces
  // that task, and must not take the ready mark with it.
  scheduler.request('ready', () => {
    requestAnimationFrame(() => {
      document.body.dataset.ready = 'true';
    });
  });
  const stream = new EventStream({
    token: () => api.token(),
    lastEventId: null,
    onEvent,
    onStatus: showLive,
    onUnauthorized: tokenRefused,
    onReset: () => {
      configRefresher.request();
      agentRefresher.request();
    },
  });
  stream.start();
  // An open stream holds one of the browser's few connections to this server: close it when the
  // page goes away (or into the back/forward cache), reload when it comes back from that cache.
  addEventListener('pagehide', () => stream.stop());
  addEventListener('pageshow', (e) => {
    if (e.persisted) location.reload();
  });
  setInterval(() => scheduler.request('tick', tick), 1000);
  setInterval(() => configRefresher.request(), 60_000);
  setInterval(() => todayRefresher.request(), 60_000);
}

main();
