// Call chains read once each: a capture repeats the same few thousand frames
// (the same kernel paths) in hundreds of thousands of chains, and mostly the
// same few hundred whole chains. Lookups happen where the text lies in the
// chunk being read, without copying it:
// - a whole chain that ended with a blank line is kept as a block of text;
//   when a chain's first line starts the same block again (its text matches
//   at once, up to a blank line), the chain is taken whole and its lines are
//   not even split (FrameList.firstAt);
// - a chain is keyed by its lines' lengths and first address, a hit confirmed
//   by comparing the chain's text (one native comparison, not one per line);
// - a line is keyed by its address field and its length (one address is one
//   frame almost always), a hit confirmed by comparing the line.
// Different texts with the same key (one library offset in two objects) are
// kept side by side, in a short list.
import { parseFrame, type PerfFrame } from './lineParse';
import { own } from './strings';

export interface FrameEntry {
  /** The call-chain line as read: the entry stands for exactly this text. */
  readonly line: string;
  /** Null when the line does not parse (reported when the chain is used, see FrameList). */
  readonly frame: PerfFrame | null;
  /** Whether the line may be a user-space frame (FrameList.hasUser), judged once from its text. */
  readonly user: boolean;
  /** Another line with the same key, or null. */
  next: FrameEntry | null;
}

/** Entries kept per key: past that, a line is parsed each time (still right, only slower). */
const MAX_CHAIN = 8;

/**
 * The frames handed out are shared and must not be changed. Their strings are copies, not
 * slices of the chunk of text they were read from, so keeping a frame does not keep a
 * megabyte of text alive.
 */
export class FrameCache {
  private map = new Map<number, FrameEntry>();
  private size = 0;
  /** The last sample address read off a header line, which is the same one event after event (__schedule), and its frame. */
  lastInlineText = '';
  lastInlineFrame: PerfFrame | null = null;
  constructor(private readonly max = 1 << 16) {}

  /** A frame written on a header line, without the leading tab of a call-chain line. */
  inline(text: string): PerfFrame | null {
    if (text !== this.lastInlineText) {
      const f = this.get('\t' + text);
      // Only a text that made a frame is remembered: parseHeader reuses its split on the strength of it.
      if (!f) return null;
      this.lastInlineFrame = f;
      this.lastInlineText = own(text);
    }
    return this.lastInlineFrame;
  }

  get(line: string): PerfFrame | null {
    return this.entryAt(line, 0, line.length).frame;
  }

  /** The entry for the line text[start, end). */
  entryAt(text: string, start: number, end: number): FrameEntry {
    const key = lineKey(text, start, end);
    const first = this.map.get(key);
    let depth = 0;
    const at = text.slice(start, end);
    for (let e: FrameEntry | null | undefined = first; e; e = e.next, depth++) {
      if (e.line === at) return e;
    }
    const line = own(at);
    let f = parseFrame(line);
    if (f) f = { name: own(f.name), user: f.user, site: own(f.site), symbol: f.symbol };
    const entry: FrameEntry = { line, frame: f, user: mayBeUser(line), next: null };
    if (depth >= MAX_CHAIN) return entry;
    if (this.size >= this.max) {
      this.map.clear();
      this.size = 0;
    } else {
      entry.next = first ?? null;
    }
    this.map.set(key, entry);
    this.size++;
    return entry;
  }
}

/** A whole call chain as read, and its lines. */
export interface ChainEntry {
  /** The chain's text, from its first line's start to its last line's end. */
  readonly text: string;
  readonly entries: readonly FrameEntry[];
  /** Its frames when every line parsed (else the list is made, and the bad lines reported, at each use). */
  readonly frames: PerfFrame[] | null;
  readonly user: boolean;
  next: ChainEntry | null;
}

/** Characters of chain text kept: past that, the chains are forgotten and read again as they come. */
const MAX_CHAIN_CHARS = 8 << 20;

/** The text of a chain that ended with a blank line: `n` call-chain lines joined by "\n". */
export interface BlockEntry {
  readonly text: string;
  readonly n: number;
  readonly firstLength: number;
  /** Its lines, read on first use. */
  chain: ChainEntry | null;
  next: BlockEntry | null;
}

export class ChainCache {
  private map = new Map<number, ChainEntry>();
  private chars = 0;
  private blocks = new Map<number, BlockEntry>();
  private blockChars = 0;
  constructor(readonly lines: FrameCache, private readonly maxChars = MAX_CHAIN_CHARS) {}

  /**
   * The block that text[start, ...) repeats, its first line being text[start, end), and a blank
   * line following it in `text`; null when there is none.
   */
  blockAt(text: string, start: number, end: number): BlockEntry | null {
    // Up to the first blank line: the length of the block it would be is part of the key.
    const to = text.indexOf('\n\n', end);
    if (to < 0) return null;
    for (let e: BlockEntry | null | undefined = this.blocks.get(blockKey(text, start, end, to)); e; e = e.next) {
      if (e.text.length === to - start && e.firstLength === end - start && text.slice(start, to) === e.text) return e;
    }
    return null;
  }

  /**
   * Keep the chain of `n` lines text[start, to) (joined by "\n", the first ending at firstEnd)
   * that a blank line ended; `chain` its lines when they were read already.
   */
  keepBlock(text: string, start: number, firstEnd: number, to: number, n: number, chain: ChainEntry | null): void {
    const key = blockKey(text, start, firstEnd, to);
    const first = this.blocks.get(key);
    let depth = 0;
    for (let e: BlockEntry | null | undefined = first; e; e = e.next) depth++;
    if (depth >= MAX_CHAIN) return;
    const entry: BlockEntry = { text: own(text.slice(start, to)), n, firstLength: firstEnd - start, chain, next: first ?? null };
    if (this.blockChars + entry.text.length > this.maxChars) {
      this.blocks.clear();
      this.blockChars = 0;
      entry.next = null;
    }
    this.blocks.set(key, entry);
    this.blockChars += entry.text.length;
  }

  /** A block's chain, its lines read now if they were not. */
  chainOf(block: BlockEntry): ChainEntry {
    if (block.chain) return block.chain;
    const starts = new Int32Array(block.n), ends = new Int32Array(block.n);
    for (let i = 0, at = 0; i < block.n; i++) {
      const nl = block.text.indexOf('\n', at);
      starts[i] = at;
      ends[i] = nl < 0 ? block.text.length : nl;
      at = ends[i] + 1;
    }
    return (block.chain = this.chainAt(block.text, starts, ends, block.n));
  }

  /** The chain of `n` lines text[starts[i], ends[i]), in order, one line after the other. */
  chainAt(text: string, starts: Int32Array, ends: Int32Array, n: number): ChainEntry {
    const from = starts[0], to = ends[n - 1];
    let h = lineKey(text, from, ends[0]);
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + ends[i] - starts[i]) | 0;
    const key = (h ^ (to - from)) & 0x3fffffff;
    const first = this.map.get(key);
    const at = text.slice(from, to);
    let depth = 0;
    for (let e: ChainEntry | null | undefined = first; e; e = e.next, depth++) {
      if (e.text === at) return e;
    }
    const entries: FrameEntry[] = [];
    for (let i = 0; i < n; i++) entries.push(this.lines.entryAt(text, starts[i], ends[i]));
    const entry = chainOf(own(at), entries);
    if (depth >= MAX_CHAIN) return entry;
    if (this.chars + at.length > this.maxChars) {
      this.map.clear();
      this.chars = 0;
    } else {
      entry.next = first ?? null;
    }
    this.map.set(key, entry);
    this.chars += at.length;
    return entry;
  }
}

function chainOf(text: string, entries: FrameEntry[]): ChainEntry {
  let user = false, good = true;
  for (const e of entries) {
    user ||= e.user;
    good &&= e.frame !== null;
  }
  return { text, entries, frames: good ? entries.map((e) => e.frame!) : null, user, next: null };
}

/** The key of a block: its first line's and its length. */
function blockKey(text: string, start: number, firstEnd: number, to: number): number {
  return (Math.imul(lineKey(text, start, firstEnd), 31) + to - start) & 0x3fffffff;
}

/**
 * The key of a call-chain line: its length and the hex digits after its leading blanks (the
 * address), hashed; a small integer, so the map's lookup hashes a number instead of the line.
 */
export function lineKey(text: string, start: number, end: number): number {
  let i = start, c = 0;
  while (i < end && ((c = text.charCodeAt(i)) === 9 || c === 32)) i++;
  let h = end - start;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h & 0x3fffffff;
}

/** Kernel frames name [kernel.kallsyms] or have a kernel address; anything else may be user space. */
function mayBeUser(l: string): boolean {
  return !l.endsWith('([kernel.kallsyms])') && !/^\s*ffffffff[0-9a-f]{8}\s/i.test(l);
}

const NO_FRAMES: PerfFrame[] = [];

/**
 * An event's call chain. Its lines are noted by where they lie in the text read and looked up
 * on first use (a capture's contention_end and unused events carry as many lines as the rest,
 * and nothing reads them); a line that does not parse is reported then, at its own line number
 * (the chain follows its header line by line).
 */
export class FrameList {
  /** The text the noted lines lie in, and where. */
  private text = '';
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private noted = 0;
  /** Lines looked up one by one: those given as strings, and those before a chunk's end cut the chain. */
  private readonly looked: FrameEntry[] = [];
  /** The chain when it repeats a block read before (firstAt). */
  private block: BlockEntry | null = null;
  private chain: ChainEntry | null = null;
  private parsed: PerfFrame[] | null = null;
  constructor(private readonly cache: ChainCache, private firstLine = 0, private onBad?: (line: number, text: string) => void) {}

  /** Empty again, for the chain that starts at `firstLine` (one list serves a whole import). */
  reset(firstLine: number): void {
    this.noted = 0;
    this.text = '';
    if (this.looked.length) this.looked.length = 0; // (setting an array's length is a call into the engine)
    this.block = null;
    this.chain = null;
    this.parsed = null;
    this.firstLine = firstLine;
  }

  /**
   * The chain's first line, text[start, end). When the chain repeats a block kept before, up
   * to a blank line, it is taken whole: the index of that blank line is returned (the lines
   * up to it are read), with `skipped` the lines after this one; else 0.
   */
  firstAt(text: string, start: number, end: number): number {
    const block = this.cache.blockAt(text, start, end);
    if (!block) {
      this.addAt(text, start, end);
      return 0;
    }
    this.block = block;
    return start + block.text.length + 1;
  }

  /** Lines read by the last firstAt beyond its first. */
  get skipped(): number { return this.block ? this.block.n - 1 : 0; }

  /** The next line of the chain, text[start, end). */
  addAt(text: string, start: number, end: number): void {
    if (text !== this.text) {
      if (this.noted) this.lookUpNoted();
      this.text = text;
    }
    if (this.noted === this.starts.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.noted] = start;
    this.ends[this.noted++] = end;
  }

  add(line: string): void {
    this.lookUpNoted();
    this.looked.push(this.cache.lines.entryAt(line, 0, line.length));
  }

  /**
   * A blank line at text[blank] ended the chain: kept as a block when its lines lie one after
   * the other just before it (nothing else between them, "\n" after each).
   */
  endedAt(text: string, blank: number): void {
    const n = this.noted;
    if (this.block || n === 0 || this.looked.length || text !== this.text || this.ends[n - 1] + 1 !== blank) return;
    for (let i = 1; i < n; i++) if (this.starts[i] !== this.ends[i - 1] + 1) return;
    this.cache.keepBlock(text, this.starts[0], this.ends[0], this.ends[n - 1], n, this.chain);
  }

  get length(): number { return this.block ? this.block.n : this.looked.length + this.noted; }

  get list(): PerfFrame[] {
    if (this.parsed) return this.parsed;
    if (this.length === 0) return NO_FRAMES; // (a sched_switch with its address on the header line: most events)
    const chain = this.whole();
    if (chain?.frames) return (this.parsed = chain.frames);
    const entries = chain ? chain.entries : this.looked;
    const out: PerfFrame[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.frame) out.push(e.frame);
      else this.onBad?.(this.firstLine + i, e.line);
    }
    return (this.parsed = out);
  }

  /** Whether any frame may be in user space, without parsing (FrameEntry.user). */
  hasUser(): boolean {
    const chain = this.whole();
    if (chain) return chain.user;
    for (const e of this.looked) if (e.user) return true;
    return false;
  }

  /** The chain, when its lines all lie in one text; else null, with every line in `looked`. */
  private whole(): ChainEntry | null {
    if (this.chain) return this.chain;
    if (this.block) return (this.chain = this.cache.chainOf(this.block));
    if (this.looked.length === 0 && this.noted > 0) return (this.chain = this.cache.chainAt(this.text, this.starts, this.ends, this.noted));
    this.lookUpNoted();
    return null;
  }

  private lookUpNoted(): void {
    for (let i = 0; i < this.noted; i++) this.looked.push(this.cache.lines.entryAt(this.text, this.starts[i], this.ends[i]));
    this.noted = 0;
  }
}
