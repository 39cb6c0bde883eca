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
 * Maps (stack, key) to a row. Almost every stack belongs to one key (a lock
 * step's stack names one lock), so a dense array indexed by stack answers the
 * common case and a Map holds the rare second key for the same stack.
 */
export class StackKeyedRows {
  private slot: Int32Array;
  private slotKey: Int32Array;
  private overflow = new Map<number, number>();
  readonly stackOf: number[] = [];
  readonly keyOf: number[] = [];
  constructor(stacks: number, readonly cols: StatColumns) {
    this.slot = new Int32Array(stacks).fill(-1);
    this.slotKey = new Int32Array(stacks);
  }
  row(stack: number, key: number): number {
    const r = this.slot[stack];
    if (r >= 0 && this.slotKey[stack] === key) return r;
    if (r < 0 && stack < this.slot.length) {
      const n = this.create(stack, key);
      this.slot[stack] = n;
      this.slotKey[stack] = key;
      return n;
    }
    const k = key * 4294967296 + stack; // key < 2^20, stack < 2^32: exact in a double
    let o = this.overflow.get(k);
    if (o === undefined) {
      o = this.create(stack, key);
      this.overflow.set(k, o);
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
