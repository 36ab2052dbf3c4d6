// Coalesces re-fetches: however many events mark a resource dirty, at most one request runs at a
// time, the next one waits a gap that grows with how long the last one took, and a resource
// marked dirty while its request was in flight is fetched once more afterwards (so a response
// that predates an event can never be the last word).

export class Refresher {
  /**
   * @param {(keys: Set<string>|null) => Promise<void>} fetcher gets the keys marked dirty (null:
   *     everything)
   * @param {number} minGapMs the shortest pause between two requests
   */
  constructor(fetcher, minGapMs) {
    this.fetcher = fetcher;
    this.minGapMs = minGapMs;
    this.gapMs = minGapMs;
    this.keys = new Set();
    this.all = false;
    this.dirty = false;
    this.inflight = false;
    this.timer = null;
    this.lastEnd = -Infinity;
  }

  /** Marks one key dirty, or everything when `key` is omitted. */
  request(key) {
    if (key === undefined || key === null) this.all = true;
    else this.keys.add(key);
    this.dirty = true;
    this.kick();
  }

  /** Fetches everything now (for the first load); resolves when the request is done. */
  async load() {
    this.all = true;
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = null;
    await this.run();
  }

  kick() {
    if (this.inflight || this.timer) return;
    const wait = Math.max(0, this.lastEnd + this.gapMs - performance.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  async run() {
    this.timer = null;
    if (!this.dirty) return;
    const keys = this.all ? null : new Set(this.keys);
    this.keys.clear();
    this.all = false;
    this.dirty = false;
    this.inflight = true;
    const start = performance.now();
    let failed = false;
    try {
      await this.fetcher(keys);
    } catch (e) {
      // Try again later with the same keys (the fetcher handles answers like 404 itself).
      console.warn('refresh failed', e);
      failed = true;
      if (keys) keys.forEach((k) => this.keys.add(k));
      else this.all = true;
      this.dirty = true;
    } finally {
      this.inflight = false;
      this.lastEnd = performance.now();
      this.gapMs = failed ? 5000 : Math.min(5000, Math.max(this.minGapMs, 3 * (this.lastEnd - start)));
      if (this.dirty) this.kick();
    }
  }
}
