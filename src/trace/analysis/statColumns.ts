// Rows of numbers kept in one growable Float64Array with a fixed stride, so the
// hot loops over millions of spans touch typed memory only (no objects per row).

export class StatColumns {
  data: Float64Array;
  rows = 0;
  constructor(readonly stride: number, initialRows = 16) {
    this.data = new Float64Array(stride * Math.max(1, initialRows));
  }
  /** Append a zeroed row and return its index. */
  add(): number {
    if ((this.rows + 1) * this.stride > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    return this.rows++;
  }
  get(row: number, field: number): number {
    return this.data[row * this.stride + field];
  }
}

/**
 * An open-addressing hash from a pair of non-negative int32s to a row number,
 * in typed arrays (a Map keyed by doubles costs several times more per look-up).
 */
export class PairIndex {
  private a: Int32Array;
  private b: Int32Array;
  private row: Int32Array;
  private mask: number;
  size = 0;
  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.row = new Int32Array(cap);
    this.mask = cap - 1;
  }
  /** The row of (a, b), or -1. */
  get(a: number, b: number): number {
    for (let h = this.hash(a, b); ; h = (h + 1) & this.mask) {
      const k = this.a[h];
      if (k === -1) return -1;
      if (k === a && this.b[h] === b) return this.row[h];
    }
  }
  set(a: number, b: number, row: number): void {
    if ((this.size + 1) * 2 > this.a.length) this.grow();
    for (let h = this.hash(a, b); ; h = (h + 1) & this.mask) {
      const k = this.a[h];
      if (k === -1) {
        this.a[h] = a; this.b[h] = b; this.row[h] = row;
        this.size++;
        return;
      }
      if (k === a && this.b[h] === b) { this.row[h] = row; return; }
    }
  }
  private hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0 & this.mask;
  }
  private grow(): void {
    const { a, b, row } = this;
    const cap = a.length * 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.row = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== -1) this.set(a[i], b[i], row[i]);
  }
}

/**
 * Maps (stack, key) to a row. Almost every stack belongs to one key (a lock
 * step's stack names one lock), so a dense array indexed by stack answers the
 * common case and a PairIndex holds the other keys of the same stack.
 */
export class StackKeyedRows {
  private slot: Int32Array;
  private slotKey: Int32Array;
  private overflow = new PairIndex(64);
  readonly stackOf: number[] = [];
  readonly keyOf: number[] = [];
  constructor(stacks: number, readonly cols: StatColumns) {
    this.slot = new Int32Array(stacks).fill(-1);
    this.slotKey = new Int32Array(stacks);
  }
  row(stack: number, key: number): number {
    const r = this.slot[stack];
    // every compare on every call (see clippedDuration): the first two hold for nearly every call after a path's first
    const missing = r < 0, dense = stack < this.slot.length;
    if (!missing && this.slotKey[stack] === key) return r;
    if (missing && dense) {
      const n = this.create(stack, key);
      this.slot[stack] = n;
      this.slotKey[stack] = key;
      return n;
    }
    let o = this.overflow.get(stack, key);
    if (o < 0) {
      o = this.create(stack, key);
      this.overflow.set(stack, key, o);
    }
    return o;
  }
  private create(stack: number, key: number): number {
    const n = this.cols.add();
    this.stackOf.push(stack);
    this.keyOf.push(key);
    return n;
  }
}
