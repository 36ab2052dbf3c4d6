// A virtualised grid: only the rows in view (plus a margin) exist in the DOM, so a thousand
// agents cost as much as thirty. Rows have a fixed height, so live updates never move anything.
// Keyboard: the grid is one tab stop; arrows, Page up/down, Home and End move the active row
// (announced through aria-activedescendant), Enter or Space opens it.

const OVERSCAN = 6;

export class VirtualTable {
  /**
   * @param {object} o
   * @param {HTMLElement} o.grid the element with role=grid (focusable)
   * @param {HTMLElement} o.viewport the scrolling element
   * @param {(row: HTMLElement) => void} o.createCells fills a new row element with its cells
   * @param {(row: HTMLElement, item: object, index: number) => void} o.renderRow updates a row
   * @param {(item: object) => string} o.key a stable key of an item
   * @param {(item: object) => void} o.onOpen Enter, Space, click
   * @param {string} o.idPrefix prefix of row element ids
   */
  constructor(o) {
    this.o = o;
    this.grid = o.grid;
    this.viewport = o.viewport;
    this.spacer = o.viewport.querySelector('.vt-spacer');
    this.rowsBox = o.viewport.querySelector('.vt-rows');
    this.items = [];
    this.pool = [];
    this.activeKey = null;
    this.selectedKey = null;
    this.rowHeight = 30;
    this.lastRange = null;
    this.viewport.addEventListener('scroll', () => this.requestRender(), { passive: true });
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.rowsBox.addEventListener('click', (e) => {
      const row = e.target.closest('.vt-row');
      if (!row || row.dataset.index === undefined) return;
      const item = this.items[Number(row.dataset.index)];
      if (!item) return;
      this.activeKey = this.o.key(item);
      this.open(item);
    });
    new ResizeObserver(() => this.requestRender()).observe(this.viewport);
    this.renderPending = false;
  }

  /** Replaces the items (already filtered and sorted) and re-renders the visible rows. */
  setItems(items) {
    this.items = items;
    this.index = null;
    this.grid.setAttribute('aria-rowcount', String(items.length + 1));
    this.render();
  }

  /** Re-renders the visible rows (their items may have changed in place). */
  refresh() {
    this.render();
  }

  requestRender() {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => {
      this.renderPending = false;
      this.render();
    });
  }

  measure() {
    const h = parseFloat(getComputedStyle(this.grid).getPropertyValue('--row-h'));
    if (h > 0) this.rowHeight = h;
  }

  indexOfKey(key) {
    if (key === null) return -1;
    if (!this.index) {
      this.index = new Map();
      this.items.forEach((item, i) => this.index.set(this.o.key(item), i));
    }
    return this.index.has(key) ? this.index.get(key) : -1;
  }

  render() {
    this.measure();
    const total = this.items.length;
    const height = total * this.rowHeight;
    if (this.spacer.style.height !== height + 'px') this.spacer.style.height = height + 'px';
    const viewHeight = this.viewport.clientHeight || this.rowHeight * 16;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - OVERSCAN);
    const last = Math.min(total, Math.ceil((this.viewport.scrollTop + viewHeight) / this.rowHeight) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = document.createElement('div');
      row.className = 'vt-row';
      row.setAttribute('role', 'row');
      this.o.createCells(row);
      this.pool.push(row);
      this.rowsBox.append(row);
    }
    this.rowsBox.style.transform = `translateY(${first * this.rowHeight}px)`;
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      const index = first + i;
      if (i >= needed) {
        if (!row.hidden) row.hidden = true;
        continue;
      }
      const item = this.items[index];
      if (row.hidden) row.hidden = false;
      const key = this.o.key(item);
      row.dataset.index = String(index);
      row.id = this.o.idPrefix + key;
      row.setAttribute('aria-rowindex', String(index + 2));
      row.setAttribute('aria-selected', key === this.selectedKey ? 'true' : 'false');
      row.classList.toggle('is-active', key === this.activeKey && document.activeElement === this.grid);
      this.o.renderRow(row, item, index);
    }
    const activeIndex = this.indexOfKey(this.activeKey);
    if (activeIndex >= first && activeIndex < last) {
      this.grid.setAttribute('aria-activedescendant', this.o.idPrefix + this.activeKey);
    } else {
      this.grid.removeAttribute('aria-activedescendant');
    }
  }

  select(key) {
    this.selectedKey = key;
    this.render();
  }

  open(item) {
    this.selectedKey = this.o.key(item);
    this.render();
    this.o.onOpen(item);
  }

  scrollToIndex(index) {
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    const vp = this.viewport;
    if (top < vp.scrollTop) vp.scrollTop = top;
    else if (bottom > vp.scrollTop + vp.clientHeight) vp.scrollTop = bottom - vp.clientHeight;
  }

  onKey(e) {
    if (this.items.length === 0) return;
    let index = this.indexOfKey(this.activeKey);
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
    switch (e.key) {
      case 'ArrowDown': index = index < 0 ? 0 : Math.min(this.items.length - 1, index + 1); break;
      case 'ArrowUp': index = index < 0 ? 0 : Math.max(0, index - 1); break;
      case 'PageDown': index = Math.min(this.items.length - 1, Math.max(0, index) + page); break;
      case 'PageUp': index = Math.max(0, Math.max(0, index) - page); break;
      case 'Home': index = 0; break;
      case 'End': index = this.items.length - 1; break;
      case 'Enter':
      case ' ':
        if (index >= 0) {
          e.preventDefault();
          this.open(this.items[index]);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    this.activeKey = this.o.key(this.items[index]);
    this.scrollToIndex(index);
    this.render();
  }

  /** Called when the grid gains or loses focus, to show or hide the active-row outline. */
  focusChanged() {
    if (this.activeKey === null && this.items.length > 0 && document.activeElement === this.grid) {
      const sel = this.indexOfKey(this.selectedKey);
      this.activeKey = this.o.key(this.items[sel >= 0 ? sel : 0]);
    }
    this.render();
  }
}
