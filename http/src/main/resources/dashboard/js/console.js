// The supervisor console: loads the whole state once, then follows the event stream. Call events
// are applied to the model at once (they are simple); agent state, queues and KPIs are derived
// by the server (eligibility, presence choice), so the affected resources are re-fetched,
// coalesced, after each burst of events. Rendering happens in animation frames.

import { Api, ApiError, AGENTS_PER_REQUEST, adoptTokenFromFragment, storedToken } from './api.js';
import { EventStream } from './stream.js';
import { Refresher } from './refresher.js';
import { signIn, canSupervise, mainRole, tokenRefused } from './session.js';
import { $, FrameScheduler, syncServerTime, serverNow } from './util.js';
import { AgentsPanel } from './console-agents.js';
import { ServicesPanel, CallsPanel, HealthPanel, SummaryPanel, ActivityFeed, KpiPanel } from './console-panels.js';
import { explanationSummary } from './labels.js';

const ENDED_KEPT = 25;
// Changed agents are re-read by id, up to 100 per request and two requests at a time (leaving
// the browser's other connections to this server free). When more than half of all agents
// changed, one read of the whole list is cheaper (about 1.7 kB per agent and service
// membership: 1,000 agents ≈ 1.7 MB).
const AGENT_FETCH_CONCURRENCY = 2;

const api = new Api({ onUnauthorized: tokenRefused });

const model = {
  version: 0,
  agents: new Map(),
  services: new Map(),
  calls: new Map(),
  ended: [],
  endedIds: new Set(),
  profiles: [],
  health: null,
  kpiToday: null,
  samples: [],
};

const scheduler = new FrameScheduler();

const app = {
  api,
  model,
  scheduler,
  name(id) {
    const a = model.agents.get(id);
    return a ? a.config.displayName || id : id;
  },
  render(...panels) {
    for (const p of panels) scheduler.request(p, () => panelsByName[p]?.render());
  },
  refreshAgent(id) { agentRefresher.request(id); },
  refreshAgents() { agentRefresher.request(); },
  refreshCalls() { callRefresher.request(); },
  refreshServices() { serviceRefresher.request(); },
  refreshHealth() { healthRefresher.request(); },
  refreshKpis() { kpiRefresher.request(); },
};

let panelsByName = {};
let stream = null;
let reloading = false;
let buffered = [];

// ---- fetching ----

function setAgents(list) {
  model.agents = new Map(list.map((a) => [a.id, a]));
}

function setServices(list) {
  model.services = new Map(list.map((s) => [s.id, s]));
}

function setCalls(list) {
  const calls = new Map();
  for (const c of list) {
    if (!model.endedIds.has(c.id)) calls.set(c.id, c);
  }
  model.calls = calls;
}

/**
 * The first state request starts with the page, in parallel with the token check, so the first
 * paint waits for one round trip less. Errors are ignored here: the normal load repeats them.
 */
let earlyState = null;

function startEarlyLoad() {
  adoptTokenFromFragment();
  const token = storedToken();
  if (token) earlyState = api.get('/api/state', { token }).catch(() => null);
}

async function loadState() {
  const early = earlyState;
  earlyState = null;
  const statePromise = early ? early.then((s) => s || api.state()) : api.state();
  const [state] = await Promise.all([statePromise, refreshHealthNow()]);
  syncServerTime(state.now);
  model.version = state.version;
  setAgents(state.agents);
  setServices(state.services);
  setCalls(state.calls);
  model.profiles = state.profiles;
  app.render('agents', 'services', 'calls', 'summary', 'detail', 'health');
  return state;
}

async function refreshHealthNow() {
  const health = await api.health();
  // Its time is the server's now: the health the panel polls anyway keeps the clocks aligned.
  syncServerTime(health.at);
  model.health = health;
  app.render('health', 'summary');
}

const agentRefresher = new Refresher(async (ids) => {
  if (ids === null || ids.size > model.agents.size / 2) {
    setAgents(await api.agents());
    app.render('agents', 'detail', 'summary', 'health');
    return;
  }
  const batches = [];
  const all = Array.from(ids);
  for (let i = 0; i < all.length; i += AGENTS_PER_REQUEST) batches.push(all.slice(i, i + AGENTS_PER_REQUEST));
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      const found = await api.agentsById(batch);
      for (const a of found) model.agents.set(a.id, a);
      // An id the server left out no longer names an agent.
      const returned = new Set(found.map((a) => a.id));
      for (const id of batch) if (!returned.has(id)) model.agents.delete(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AGENT_FETCH_CONCURRENCY, batches.length) }, worker));
  app.render('agents', 'detail', 'summary', 'health');
}, 250);

const serviceRefresher = new Refresher(async () => {
  setServices(await api.services());
  app.render('services', 'summary');
}, 300);

const callRefresher = new Refresher(async () => {
  setCalls(await api.calls());
  app.render('calls');
}, 500);

const healthRefresher = new Refresher(refreshHealthNow, 1000);

const kpiRefresher = new Refresher(async () => {
  const now = new Date(serverNow());
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  model.kpiToday = await api.kpis({ from: midnight.toISOString(), to: now.toISOString() });
  app.render('services', 'summary', 'kpiTable');
}, 5000);

// ---- events ----

function callSkeleton(e) {
  return {
    id: e.call, service: e.service, priority: e.priority || 'NORMAL', caller: e.caller ?? null,
    arrivedAt: e.at, status: 'WAITING', level: 0, ringing: [], ringExpiresAt: null, agent: null,
    connectedAt: null, endedAt: null, outcome: null, action: null, offers: [],
  };
}

function lastOffer(call) {
  return call.offers.length ? call.offers[call.offers.length - 1] : null;
}

function setOutcome(call, agents, outcome, at) {
  const offer = lastOffer(call);
  if (!offer) return;
  for (const a of agents) offer.outcomes[a] = outcome;
  if (Object.values(offer.outcomes).every((o) => o !== 'RINGING')) offer.endedAt = at;
}

function endCall(id, at, outcome, action, fallback) {
  const call = model.calls.get(id) || fallback || callSkeleton({ call: id, at });
  model.calls.delete(id);
  call.status = 'ENDED';
  call.endedAt = at;
  call.outcome = outcome;
  call.action = action || null;
  call.ringing = [];
  model.ended.unshift(call);
  model.endedIds.add(id);
  while (model.ended.length > ENDED_KEPT) model.ended.pop();
  if (model.endedIds.size > 2000) model.endedIds = new Set(model.ended.map((c) => c.id));
}

/** Applies a call event to the model; false when the call is unknown here (re-fetch instead). */
function applyCallEvent(e) {
  const call = model.calls.get(e.call);
  switch (e.type) {
    case 'CallQueued':
      model.calls.set(e.call, callSkeleton(e));
      return true;
    case 'CallRejected':
      endCall(e.call, e.at, 'REJECTED', e.action, callSkeleton(e));
      return true;
    case 'CallOverflowed':
      endCall(e.call, e.at, 'OVERFLOWED', e.action);
      return true;
    case 'CallTimedOut':
      endCall(e.call, e.at, 'TIMED_OUT', e.action);
      return true;
    case 'CallAbandoned':
      endCall(e.call, e.at, 'ABANDONED', null);
      return true;
    case 'CallCompleted':
      endCall(e.call, e.at, 'COMPLETED', null);
      return true;
    default:
      break;
  }
  if (!call) return false;
  switch (e.type) {
    case 'CallEscalated':
      call.level = e.level;
      break;
    case 'CallOffered': {
      const explanation = e.explanation ? { ...e.explanation } : null;
      if (explanation && !explanation.summary) explanation.summary = explanationSummary(explanation);
      call.status = 'RINGING';
      call.ringing = [...e.agents];
      call.ringExpiresAt = e.expiresAt;
      call.offers.push({
        at: e.at, agents: [...e.agents], expiresAt: e.expiresAt, endedAt: null,
        outcomes: Object.fromEntries(e.agents.map((a) => [a, 'RINGING'])), cancelReason: null, explanation,
      });
      break;
    }
    case 'OfferDeclined':
      call.ringing = call.ringing.filter((a) => a !== e.agent);
      setOutcome(call, [e.agent], 'DECLINED', e.at);
      break;
    case 'OfferExpired':
      call.ringing = call.ringing.filter((a) => !e.agents.includes(a));
      setOutcome(call, e.agents, 'EXPIRED', e.at);
      break;
    case 'OfferCancelled': {
      call.ringing = call.ringing.filter((a) => !e.agents.includes(a));
      setOutcome(call, e.agents, 'CANCELLED', e.at);
      const offer = lastOffer(call);
      if (offer) offer.cancelReason = e.reason;
      break;
    }
    case 'CallRequeued':
      call.status = 'WAITING';
      call.ringing = [];
      call.ringExpiresAt = null;
      break;
    case 'CallConnected':
      call.status = 'CONNECTED';
      call.agent = e.agent;
      call.connectedAt = e.at;
      call.ringing = [];
      call.ringExpiresAt = null;
      setOutcome(call, [e.agent], 'ACCEPTED', e.at);
      break;
    default:
      return false;
  }
  return true;
}

/** Agent ids an event is about. */
function agentsOf(e) {
  const ids = [];
  if (typeof e.agent === 'string') ids.push(e.agent);
  if (Array.isArray(e.agents)) ids.push(...e.agents);
  return ids;
}

const CONFIG_EVENTS = new Set(['ServiceConfigured', 'ServiceRemoved', 'AgentConfigured', 'AgentRemoved', 'ProfileConfigured', 'ProfileRemoved']);

function onEvent(e, id) {
  if (reloading) {
    buffered.push([e, id]);
    return;
  }
  if (id !== null && id !== undefined) {
    if (id <= model.version) return; // already in the loaded state
    model.version = id;
  }
  panelsByName.feed.add(e);
  if (CONFIG_EVENTS.has(e.type)) {
    scheduleReload();
    return;
  }
  if (e.type.startsWith('Call') || e.type.startsWith('Offer')) {
    if (applyCallEvent(e)) app.render('calls', 'summary');
    app.refreshCalls();
    app.refreshServices();
    for (const a of agentsOf(e)) app.refreshAgent(a);
    if (['CallCompleted', 'CallAbandoned', 'CallTimedOut', 'CallOverflowed', 'CallRejected', 'CallConnected'].includes(e.type)) app.refreshKpis();
    return;
  }
  if (e.type === 'PresenceTrackingChanged') {
    if (e.agents.length === 0) app.refreshAgents();
    else e.agents.forEach((a) => app.refreshAgent(a));
    app.refreshHealth();
    app.refreshServices();
    return;
  }
  // Agent state: presence, duty, readiness, RONA, after-call work, external calls.
  for (const a of agentsOf(e)) app.refreshAgent(a);
  app.refreshServices();
}

let reloadTimer = null;

function scheduleReload() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => reload('configuration changed'), 200);
}

/** Reloads the whole state; events arriving meanwhile are applied afterwards if newer. */
async function reload(why) {
  if (reloading) return;
  reloading = true;
  try {
    await loadState();
    panelsByName.agents.updateOptions();
    panelsByName.kpis.updateOptions();
  } catch (e) {
    console.warn('reload after', why, 'failed', e);
    setTimeout(() => reload(why), 3000);
    reloading = false;
    return;
  }
  reloading = false;
  const pending = buffered;
  buffered = [];
  for (const [e, id] of pending) onEvent(e, id);
}

// ---- live indicator ----

function showLive(state, info) {
  const live = $('#live');
  live.dataset.state = state;
  let text;
  switch (state) {
    case 'live': text = 'Live'; break;
    case 'connecting': text = 'Connecting…'; break;
    case 'reconnecting':
      text = info.inMs > 0 ? `Reconnecting (try ${info.attempt})…` : 'Reconnecting…';
      break;
    case 'offline': text = 'Offline'; break;
    default: text = state;
  }
  live.querySelector('.live-text').textContent = text;
  live.title = state === 'reconnecting' && info.reason ? `Reconnecting: ${info.reason}` : text;
}

/**
 * Closes the stream when the page is hidden for good or put into the back/forward cache: an open
 * stream would hold one of the browser's few connections to this server. A page restored from
 * that cache reloads, since events were missed meanwhile.
 */
function followPageLifecycle(s) {
  addEventListener('pagehide', () => s.stop());
  addEventListener('pageshow', (e) => {
    if (e.persisted) location.reload();
  });
}

// ---- start ----

async function main() {
  startEarlyLoad();
  const me = await signIn(api);
  if (!canSupervise(me)) {
    if (mainRole(me) === 'agent') {
      location.replace('agent.html');
      return;
    }
    const banner = $('#banner');
    $('#console').hidden = false;
    banner.hidden = false;
    banner.textContent = 'This token has the ' + me.roles.join(', ') + ' role. The supervisor console needs a supervisor or admin token; agents use the agent view.';
    return;
  }
  $('#console').hidden = false;

  panelsByName = {
    agents: new AgentsPanel(app),
    services: new ServicesPanel(app),
    calls: new CallsPanel(app),
    health: new HealthPanel(app),
    summary: new SummaryPanel(app),
    feed: new ActivityFeed(app),
    kpis: new KpiPanel(app),
  };
  panelsByName.detail = { render: () => panelsByName.agents.renderDetail() };
  panelsByName.kpiTable = { render: () => panelsByName.kpis.renderTable() };

  try {
    await loadState();
  } catch (e) {
    const banner = $('#banner');
    banner.hidden = false;
    banner.textContent = 'Could not load the state: ' + (e instanceof ApiError ? e.describe() : e);
    setTimeout(() => location.reload(), 5000);
    return;
  }
  panelsByName.agents.updateOptions();
  panelsByName.kpis.updateOptions();
  // The first render of the agent table with data: what the first-paint benchmark measures.
  scheduler.request('first-paint', () => {
    requestAnimationFrame(() => {
      performance.mark('switchboard:agents-rendered');
      document.body.dataset.ready = 'true';
    });
  });

  stream = new EventStream({
    token: () => api.token(),
    lastEventId: model.version,
    onEvent,
    onStatus: showLive,
    onUnauthorized: tokenRefused,
    onReset: () => reload('the event stream could not resume'),
  });
  stream.start();
  followPageLifecycle(stream);

  app.refreshKpis();
  panelsByName.kpis.start();
  // Clocks ("waiting for", "in status", countdowns) tick every second, in a frame.
  setInterval(() => app.render('tick'), 1000);
  panelsByName.tick = {
    render: () => {
      panelsByName.agents.tick();
      panelsByName.services.tick();
      panelsByName.calls.tick();
      panelsByName.summary.render();
    },
  };
  setInterval(() => app.refreshHealth(), 10_000);
  setInterval(() => app.refreshKpis(), 30_000);
  // A slow full reconciliation, in case an event was missed while the page slept.
  setInterval(() => {
    app.refreshCalls();
    app.refreshServices();
  }, 60_000);
}

main();
