// The HTTP API client: bearer token from the session, JSON in and out, problem details as errors.

const TOKEN_KEY = 'switchboard.token';

/** An error answer of the API (RFC 9457 problem details), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || (status === 0 ? 'the server cannot be reached' : 'HTTP ' + status));
    this.status = status;
    this.code = problem?.code || null;
    this.field = problem?.field || null;
    this.body = problem;
  }

  /** One line for a person: the detail and the stable code. */
  describe() {
    return this.code ? `${this.message} (${this.code})` : this.message;
  }
}

/**
 * Takes a token from the URL fragment (`#token=…`, as printed by the demo) into session storage
 * and removes it from the address bar and history. A fragment is never sent to the server, so the
 * token does not end up in access logs.
 */
export function adoptTokenFromFragment() {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
  if (!hash) return;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token.trim());
  params.delete('token');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''));
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The server answers at most this many agents per `GET /api/agents?id=…`. */
export const AGENTS_PER_REQUEST = 100;

function kpiQuery({ from, to, service, agent }) {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (service) q.set('service', service);
  if (agent) q.set('agent', agent);
  return q;
}

/**
 * A client bound to the stored token. `onUnauthorized` runs when the server refuses the token
 * (401), e.g. after it was removed from the configuration.
 */
export class Api {
  constructor({ onUnauthorized } = {}) {
    this.onUnauthorized = onUnauthorized || (() => {});
  }

  token() {
    return storedToken();
  }

  async request(method, path, body, { token } = {}) {
    const headers = { Accept: 'application/json' };
    const bearer = token || this.token();
    if (bearer) headers.Authorization = 'Bearer ' + bearer;
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, null);
    }
    const type = res.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await res.json().catch(() => null) : null;
    if (!res.ok) {
      if (res.status === 401 && !token) this.onUnauthorized();
      throw new ApiError(res.status, json);
    }
    return json;
  }

  get(path, options) { return this.request('GET', path, undefined, options); }
  post(path, body) { return this.request('POST', path, body); }
  put(path, body) { return this.request('PUT', path, body); }

  // ---- the routes the dashboard uses ----
  me(token) { return this.get('/api/me', token ? { token } : undefined); }
  state() { return this.get('/api/state'); }
  agents() { return this.get('/api/agents'); }
  agent(id) { return this.get('/api/agents/' + encodeURIComponent(id)); }
  /** Several agents in one request (at most AGENTS_PER_REQUEST); unknown ids are left out. */
  agentsById(ids) {
    const q = new URLSearchParams();
    for (const id of ids) q.append('id', id);
    return this.get('/api/agents?' + q.toString());
  }
  services() { return this.get('/api/services'); }
  calls() { return this.get('/api/calls'); }
  call(id) { return this.get('/api/calls/' + encodeURIComponent(id)); }
  profiles() { return this.get('/api/profiles'); }
  /** Health answers 503 with the same body when the service is down: both are answers here. */
  async health() {
    try {
      return await this.get('/api/health');
    } catch (e) {
      if (e instanceof ApiError && e.status === 503 && e.body && e.body.components) return e.body;
      throw e;
    }
  }

  kpis({ from, to, service, agent } = {}) {
    return this.get('/api/kpis?' + kpiQuery({ from, to, service, agent }));
  }

  /** The figures of `kpis` per `step` (an ISO duration such as PT5M) from `from` to `to`. */
  kpiSeries({ from, to, step, service, agent, agents = true } = {}) {
    const q = kpiQuery({ from, to, service, agent });
    q.set('step', step);
    if (!agents) q.set('agents', 'false');
    return this.get('/api/kpis/series?' + q.toString());
  }

  setDuty(agent, profile) {
    return this.put(`/api/agents/${encodeURIComponent(agent)}/duty`, { profile: profile || null });
  }

  setActive(agent, service, active) {
    return this.put(`/api/agents/${encodeURIComponent(agent)}/services/${encodeURIComponent(service)}/active`, { active });
  }

  ready(agent) { return this.post(`/api/agents/${encodeURIComponent(agent)}/ready`); }

  notReady(agent, reason) {
    return this.post(`/api/agents/${encodeURIComponent(agent)}/not-ready`, reason ? { reason } : {});
  }

  resetRona(agent) { return this.post(`/api/agents/${encodeURIComponent(agent)}/rona/reset`); }
  endAfterCallWork(agent) { return this.post(`/api/agents/${encodeURIComponent(agent)}/acw/end`); }

  extendAfterCallWork(agent, seconds) {
    return this.post(`/api/agents/${encodeURIComponent(agent)}/acw/extend`, { seconds });
  }

  accept(call, agent) { return this.post(`/api/calls/${encodeURIComponent(call)}/accept`, { agent }); }
  decline(call, agent) { return this.post(`/api/calls/${encodeURIComponent(call)}/decline`, { agent }); }
}
