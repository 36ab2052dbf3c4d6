// The server-sent event stream, read with fetch() so the token travels in the Authorization
// header (EventSource cannot send headers, and a token in the URL would reach access logs).
// Reconnects by itself and resumes with Last-Event-ID, like EventSource would.

const HEARTBEAT_TIMEOUT_MS = 45_000; // the server sends a heartbeat every 15 s
const MAX_BACKOFF_MS = 30_000;

/**
 * States reported to `onStatus`: `connecting` (first attempt), `live`, `reconnecting` (with the
 * attempt number and the reason), `offline` (gave up: the token was refused).
 */
export class EventStream {
  /**
   * @param {object} o
   * @param {() => string} o.token the bearer token
   * @param {number|null} o.lastEventId resume after this journal sequence
   * @param {(event: object, id: number) => void} o.onEvent one event of the core
   * @param {(info: object) => void} o.onReset the server could not resume: reload, then go on
   * @param {(state: string, info: object) => void} o.onStatus connection state changes
   * @param {() => void} o.onUnauthorized the token was refused
   */
  constructor(o) {
    this.o = o;
    this.lastEventId = o.lastEventId ?? null;
    this.retryMs = 2000;
    this.attempt = 0;
    this.stopped = true;
    this.controller = null;
    this.watchdog = null;
    this.timer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    if (this.controller) this.controller.abort();
  }

  /** Continue after `id` on the next (re)connect, e.g. after reloading the state. */
  resumeAfter(id) {
    this.lastEventId = id;
  }

  /** Drops the current connection and reconnects at once (e.g. after the state was reloaded). */
  restart() {
    if (this.controller) {
      this.controller.restarting = true;
      this.controller.abort();
    }
  }

  status(state, info = {}) {
    this.o.onStatus?.(state, info);
  }

  async connect() {
    if (this.stopped) return;
    const controller = new AbortController();
    this.controller = controller;
    this.status(this.attempt === 0 ? 'connecting' : 'reconnecting', { attempt: this.attempt });
    const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + this.o.token() };
    if (this.lastEventId !== null && this.lastEventId !== undefined) headers['Last-Event-ID'] = String(this.lastEventId);
    let reason = 'the connection closed';
    try {
      const res = await fetch('/api/events', { headers, signal: controller.signal, cache: 'no-store' });
      if (res.status === 401) {
        this.stopped = true;
        this.status('offline', { reason: 'the token was refused' });
        this.o.onUnauthorized?.();
        return;
      }
      if (!res.ok || !res.body) {
        reason = 'the server answered ' + res.status;
      } else {
        this.attempt = 0;
        this.status('live', {});
        this.armWatchdog(controller);
        await this.read(res.body, controller);
      }
    } catch (e) {
      if (e?.name !== 'AbortError') reason = 'the server cannot be reached';
      else if (this.stopped) return;
      else reason = 'no data for a while';
    } finally {
      clearTimeout(this.watchdog);
    }
    if (this.stopped) return;
    if (controller.restarting) reason = 'reloading';
    this.attempt += 1;
    const delay = controller.restarting ? 0 : Math.min(MAX_BACKOFF_MS, this.retryMs * Math.pow(1.6, Math.max(0, this.attempt - 1)));
    this.status('reconnecting', { attempt: this.attempt, reason, inMs: delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  armWatchdog(controller) {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => controller.abort(), HEARTBEAT_TIMEOUT_MS);
  }

  async read(body, controller) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let data = [];
    let eventName = '';
    let id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      this.armWatchdog(controller);
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0 || eventName) this.dispatch(eventName || 'message', data.join('\n'), id);
          data = [];
          eventName = '';
          id = null;
          continue;
        }
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') eventName = value;
        else if (field === 'id') id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
      }
    }
  }

  dispatch(name, data, id) {
    let payload = null;
    try {
      payload = data ? JSON.parse(data) : null;
    } catch (e) {
      console.warn('unreadable event', e);
      return;
    }
    if (name === 'reset') {
      this.o.onReset?.(payload || {});
      return;
    }
    if (name !== 'message' || !payload) return;
    if (id !== null && /^\d+$/.test(id)) this.lastEventId = Number(id);
    this.o.onEvent(payload, this.lastEventId);
  }
}
