// Strings of a JSON file interned straight from its bytes: a name seen ten
// million times is decoded to a JS string once and after that is a hash and a
// byte compare, giving the same dense id each time. Strings with escapes are
// decoded first and interned by their text, so both spellings share an id.

const decoder = new TextDecoder('utf-8');

export class ByteStrings {
  /** id → text */
  readonly list: string[] = [];
  private readonly byText = new Map<string, number>();
  private slots = new Int32Array(1 << 12); // id + 1, 0 = empty
  private pool = new Uint8Array(1 << 16);
  private poolLen = 0;
  private off: number[] = [];
  private len: number[] = [];
  private hash: number[] = [];

  /** The id of the text in `buf[a, b)` (no escapes), whose FNV-1a hash is `h`. */
  idOfBytes(buf: Uint8Array, a: number, b: number, h: number): number {
    const n = b - a;
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s];
      if (e === 0) break;
      const id = e - 1;
      if (this.hash[id] !== h || this.len[id] !== n) continue;
      const o = this.off[id], pool = this.pool;
      let k = 0;
      while (k < n && pool[o + k] === buf[a + k]) k++;
      if (k === n) return id;
    }
    const text = decoder.decode(buf.subarray(a, b));
    let id = this.byText.get(text);
    if (id === undefined) id = this.add(text);
    this.remember(id, buf, a, b, h);
    return id;
  }

  /** The id of a decoded text. */
  idOf(text: string): number {
    return this.byText.get(text) ?? this.add(text);
  }

  private add(text: string): number {
    const id = this.list.length;
    this.list.push(text);
    this.byText.set(text, id);
    this.off.push(-1); this.len.push(-1); this.hash.push(0);
    return id;
  }

  /** Put the bytes of `id` in the hash table. */
  private remember(id: number, buf: Uint8Array, a: number, b: number, h: number): void {
    const n = b - a;
    if (this.off[id] >= 0) return; // already there under these bytes
    if (this.poolLen + n > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + n));
      p.set(this.pool.subarray(0, this.poolLen));
      this.pool = p;
    }
    this.pool.set(buf.subarray(a, b), this.poolLen);
    this.off[id] = this.poolLen; this.len[id] = n; this.hash[id] = h;
    this.poolLen += n;
    this.entries++;
    if (this.entries * 2 > this.slots.length) this.rehash();
    this.place(id);
  }
  private entries = 0;

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let s = this.hash[id] & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.list.length; id++) if (this.off[id] >= 0) this.place(id);
  }
}

/** FNV-1a over bytes, as the scanner computes it while it reads a string. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
