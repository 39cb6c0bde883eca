// One pass over the bytes of a Chrome trace JSON file (array form
// `[ev, ...]` or object form `{"traceEvents": [...], "otherData": ...}`),
// pushed in chunks of any size. Each event is parsed in place into one reused
// RawEvent: its keys matched by length and bytes, names interned from their
// bytes (ByteStrings), times read as integer nanoseconds from the decimal
// digits (exact for the microseconds-with-three-decimals every exporter
// writes), args as (key, value) columns. Nothing is allocated per event, and
// the file is never a string. An event cut by the end of a chunk is read again
// whole when the next chunk arrives. A broken event is counted with its line
// number and skipped; only a broken top level stops the read.
import { ByteStrings, FNV_OFFSET, FNV_PRIME } from './byteStrings';

export const enum ArgType { Number = 0, String = 1, Bool = 2, Other = 3 }

const MAX_ARGS = 32;

export class RawEvent {
  line = 0;
  /** The char code of a one-letter "ph", 0 when missing, −1 when not a one-letter string. */
  ph = 0;
  /** String id of "name", −1 when missing. */
  name = -1;
  /** "name" is there but not a string or number. */
  nameBad = false;
  cat = -1;
  pid = 0;
  tid = 0;
  /** Nanoseconds; NaN when missing; bad (not a number in range) flagged in tsBad. */
  ts = NaN;
  tsBad = false;
  dur = NaN;
  durBad = false;
  /** Stack frame id ("sf"), −1 when missing. */
  sf = -1;
  /** bind_id (or id) as a number; strings interned as −(id + 1). NaN when missing. */
  bind = NaN;
  flowIn = false;
  flowOut = false;
  nArgs = 0;
  readonly argKey = new Int32Array(MAX_ARGS);
  readonly argType = new Uint8Array(MAX_ARGS);
  readonly argNum = new Float64Array(MAX_ARGS);
  readonly argStr = new Int32Array(MAX_ARGS);

  /** The arg named by string id `key`, as its index, or −1. */
  arg(key: number): number {
    for (let k = 0; k < this.nArgs; k++) if (this.argKey[k] === key) return k;
    return -1;
  }
}

export interface ScanHandlers {
  event(e: RawEvent): void;
  /** An event that is not readable (with why). */
  bad(line: number, message: string): void;
  /** A top-level key's value other than traceEvents (object form); skipped keys come with `undefined`. */
  top(key: string, value: unknown, line: number): void;
}

/** Thrown inside the scanner when the bytes end before the thing being read. */
const MORE = { more: true };
/** Thrown when the JSON of an event is broken; the event is skipped. */
class Broken { constructor(readonly message: string) {} }

const enum Mode { Start, Events, TopKey, TopColon, TopValue, TopComma, Done }
const SKIP_TOP = new Set(['systemTraceEvents']);
/** A top-level value larger than this is skipped, not parsed (it could not be used anyway). */
const MAX_TOP_VALUE = 512 * 1024 * 1024;

export class EventScanner {
  readonly strings = new ByteStrings();
  readonly ev = new RawEvent();
  form: 'array' | 'object' | 'unknown' = 'unknown';
  private buf: Uint8Array = new Uint8Array(0);
  private end = 0;
  private p = 0;
  private line = 1;
  private mode = Mode.Start;
  private key = '';
  /** A top-level value being read across chunks. */
  private top: { pieces: Uint8Array[]; size: number; depth: number; inStr: boolean; esc: boolean; skip: boolean; line: number } | null = null;
  /** Bytes left over from the last chunk (an event cut in two). */
  private carry: Uint8Array | null = null;
  readonly keys: { thread: number; name: number; sortIndex: number; value: number; read: number; contended: number; wait: number; continued: number; unfinished: number; holder: number; obj: number; aux: number };

  constructor(private readonly h: ScanHandlers) {
    const s = this.strings;
    this.keys = {
      thread: s.idOf('thread'), name: s.idOf('name'), sortIndex: s.idOf('sort_index'), value: s.idOf('value'), read: s.idOf('read'),
      contended: s.idOf('contended'), wait: s.idOf('wait'), continued: s.idOf('continued'), unfinished: s.idOf('unfinished'), holder: s.idOf('holder'), obj: s.idOf('obj'), aux: s.idOf('aux'),
    };
  }

  /** Feed the next bytes. `chunk` may be reused by the caller once this returns. */
  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    this.buf = buf;
    this.end = buf.length;
    this.p = 0;
    const from = this.run();
    if (from < this.end) this.carry = buf.slice(from, this.end);
  }

  /** Everything is pushed: report what was left open. */
  finish(): void {
    if (this.mode === Mode.Start) throw new SyntaxError('empty file');
    if (this.mode !== Mode.Done) {
      // Chrome itself writes unterminated arrays when a trace is cut short: keep what was read.
      const open = this.carry ? this.carry.indexOf(123) : -1;
      if (this.mode === Mode.Events && open >= 0) {
        // the line of its opening brace: the unread bytes begin before the newlines in front of it
        let line = this.line;
        for (let i = 0; i < open; i++) if (this.carry![i] === 10) line++;
        this.h.bad(line, 'event cut off at the end of the file');
      }
      let last = this.line;
      if (this.carry) for (const c of this.carry) if (c === 10) last++;
      this.h.bad(last, 'the JSON ends before its closing bracket (trace cut short?)');
    }
  }

  /** Reads as far as whole things go; returns where the unread bytes start. */
  private run(): number {
    for (;;) {
      this.mark();
      try {
        switch (this.mode) {
          case Mode.Events: this.events(); break;
          case Mode.Start: this.start(); break;
          case Mode.TopKey: this.topKey(); break;
          case Mode.TopColon: this.topColon(); break;
          case Mode.TopValue: this.topValue(); break;
          case Mode.TopComma: this.topComma(); break;
          case Mode.Done: this.p = this.end; return this.end;
        }
      } catch (e) {
        if (e !== MORE) throw e;
        this.p = this.markP;
        this.line = this.markLine;
        return this.markP;
      }
    }
  }

  /** Where to go on from when the bytes run out: after the last whole thing read. */
  private markP = 0;
  private markLine = 1;
  private mark(): void {
    this.markP = this.p;
    this.markLine = this.line;
  }

  private ws(): number {
    const buf = this.buf;
    let p = this.p;
    for (;;) {
      if (p >= this.end) { this.p = p; throw MORE; }
      const c = buf[p];
      if (c === 32 || c === 9 || c === 13) { p++; continue; }
      if (c === 10) { this.line++; p++; continue; }
      this.p = p;
      return c;
    }
  }

  private start(): void {
    const c = this.ws();
    this.p++;
    if (c === 91) { this.form = 'array'; this.mode = Mode.Events; return; }
    if (c === 123) { this.form = 'object'; this.mode = Mode.TopKey; return; }
    throw new SyntaxError(`line ${this.line}: not JSON: a Chrome trace starts with [ or {`);
  }

  private topKey(): void {
    const c = this.ws();
    if (c === 125) { this.p++; this.mode = Mode.Done; return; }
    if (c !== 34) throw new SyntaxError(`line ${this.line}: expected a key in the top-level object`);
    const id = this.string();
    this.key = this.strings.list[id];
    this.mode = Mode.TopColon;
  }

  private topColon(): void {
    if (this.ws() !== 58) throw new SyntaxError(`line ${this.line}: expected ':' after "${this.key}"`);
    this.p++;
    this.mode = Mode.TopValue;
  }

  private topComma(): void {
    const c = this.ws();
    this.p++;
    if (c === 44) { this.mode = Mode.TopKey; return; }
    if (c === 125) { this.mode = Mode.Done; return; }
    throw new SyntaxError(`line ${this.line}: expected ',' or '}' after "${this.key}"`);
  }

  /** A top-level value: the events array is read event by event; anything else is collected (or skipped) across chunks and parsed whole. */
  private topValue(): void {
    if (!this.top) {
      const c = this.ws();
      if (this.key === 'traceEvents' && c === 91) { this.p++; this.mode = Mode.Events; return; }
      this.top = { pieces: [], size: 0, depth: 0, inStr: false, esc: false, skip: SKIP_TOP.has(this.key), line: this.line };
    }
    const t = this.top;
    const buf = this.buf;
    const from = this.p;
    let p = this.p;
    let done = false;
    for (; p < this.end && !done; p++) {
      const c = buf[p];
      if (c === 10) this.line++;
      if (t.inStr) {
        if (t.esc) t.esc = false;
        else if (c === 92) t.esc = true;
        else if (c === 34) { t.inStr = false; if (t.depth === 0) done = true; }
        continue;
      }
      if (c === 34) t.inStr = true;
      else if (c === 123 || c === 91) t.depth++;
      else if (c === 125 || c === 93) {
        if (t.depth === 0) { done = true; p--; continue; } // a bare value ended by the closing brace
        if (--t.depth === 0) done = true;
      } else if (t.depth === 0 && c === 44) { done = true; p--; continue; }
    }
    if (!t.skip) {
      t.size += p - from;
      if (t.size > MAX_TOP_VALUE) t.skip = true;
      else t.pieces.push(buf.slice(from, p));
    }
    this.p = p;
    if (!done) { this.mark(); throw MORE; }
    this.top = null;
    this.mode = Mode.TopComma;
    if (t.skip) { this.h.top(this.key, undefined, t.line); return; }
    const bytes = t.pieces.length === 1 ? t.pieces[0] : concat(t.pieces, t.size);
    let v: unknown;
    try {
      v = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new SyntaxError(`line ${t.line}: not valid JSON in the top-level value of "${this.key}"`);
    }
    this.h.top(this.key, v, t.line);
  }

  private events(): void {
    for (;;) {
      this.mark();
      const c = this.ws();
      if (c === 44) { this.p++; continue; }
      if (c === 93) {
        this.p++;
        this.mode = this.form === 'array' ? Mode.Done : Mode.TopComma;
        return;
      }
      const at = this.p, line = this.line;
      if (c !== 123) {
        this.skipValue();
        this.h.bad(line, 'event is not an object');
        continue;
      }
      try {
        this.event();
      } catch (e) {
        if (!(e instanceof Broken)) throw e;
        this.p = at;
        this.line = line;
        this.skipValue();
        this.h.bad(line, e.message);
        continue;
      }
      this.h.event(this.ev);
    }
  }

  /** Skips one JSON value of any kind, counting its lines (MORE if it is cut off). */
  private skipValue(): void {
    const buf = this.buf;
    let p = this.p, depth = 0, inStr = false, esc = false;
    for (; p < this.end; p++) {
      const c = buf[p];
      if (inStr) {
        if (esc) esc = false;
        else if (c === 92) esc = true;
        else if (c === 34) { inStr = false; if (depth === 0) { this.p = p + 1; return; } }
        continue;
      }
      if (c === 10) this.line++;
      if (c === 34) inStr = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (depth === 0) { this.p = p; return; }
        if (--depth === 0) { this.p = p + 1; return; }
      } else if (depth === 0 && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) { this.p = p; return; }
    }
    this.p = p;
    throw MORE;
  }

  /** One event object at p. */
  private event(): void {
    const ev = this.ev, buf = this.buf;
    ev.line = this.line;
    ev.ph = 0; ev.name = -1; ev.nameBad = false; ev.cat = -1; ev.pid = 0; ev.tid = 0;
    ev.ts = NaN; ev.tsBad = false; ev.dur = NaN; ev.durBad = false; ev.sf = -1; ev.bind = NaN;
    ev.flowIn = false; ev.flowOut = false; ev.nArgs = 0;
    this.p++; // {
    let c = this.ws();
    if (c === 125) { this.p++; return; }
    for (;;) {
      if (c !== 34) throw new Broken('not valid JSON: expected a key');
      // The key, matched by its length and bytes.
      const a = this.p + 1;
      let q = a;
      while (q < this.end && buf[q] !== 34 && buf[q] !== 92) q++;
      if (q >= this.end) { this.p = q; throw MORE; }
      if (buf[q] === 92) { this.p = a - 1; this.string(); this.colon(); this.skipValue(); }
      else {
        this.p = q + 1;
        this.colon();
        this.field(a, q - a);
      }
      c = this.ws();
      if (c === 44) { this.p++; c = this.ws(); continue; }
      if (c === 125) { this.p++; return; }
      throw new Broken('not valid JSON: expected , or } in an event');
    }
  }

  private colon(): void {
    if (this.ws() !== 58) throw new Broken('not valid JSON: expected :');
    this.p++;
    this.ws();
  }

  /** The value of key buf[a, a + n) at p. */
  private field(a: number, n: number): void {
    const b = this.buf, ev = this.ev;
    const c0 = b[a], c1 = b[a + 1];
    switch (n) {
      case 2:
        if (c0 === 112 && c1 === 104) { this.ph(); return; } // ph
        if (c0 === 116 && c1 === 115) { ev.ts = this.time(); if (ev.ts !== ev.ts) ev.tsBad = true; return; } // ts
        if (c0 === 115 && c1 === 102) { ev.sf = this.idNumber(); return; } // sf
        if (c0 === 105 && c1 === 100) { if (ev.bind !== ev.bind) ev.bind = this.idNumber(); else this.skipValue(); return; } // id
        break;
      case 3: {
        const c2 = b[a + 2];
        if (c0 === 99 && c1 === 97 && c2 === 116) { ev.cat = this.stringOrSkip(); return; } // cat
        if (c1 === 105 && c2 === 100) {
          if (c0 === 112) { ev.pid = this.idNumber(); return; } // pid
          if (c0 === 116) { ev.tid = this.idNumber(); return; } // tid
        }
        if (c0 === 100 && c1 === 117 && c2 === 114) { ev.dur = this.time(); if (ev.dur !== ev.dur || ev.dur < 0) ev.durBad = true; return; } // dur
        break;
      }
      case 4:
        if (c0 === 110 && c1 === 97 && b[a + 2] === 109 && b[a + 3] === 101) { this.name(); return; } // name
        if (c0 === 97 && c1 === 114 && b[a + 2] === 103 && b[a + 3] === 115) { this.args(); return; } // args
        break;
      case 7:
        if (c0 === 98 && c1 === 105 && b[a + 4] === 95) { ev.bind = this.idNumber(); return; } // bind_id
        if (c0 === 102 && c1 === 108 && b[a + 5] === 105) { ev.flowIn = this.bool(); return; } // flow_in
        break;
      case 8:
        if (c0 === 102 && c1 === 108 && b[a + 5] === 111) { ev.flowOut = this.bool(); return; } // flow_out
        break;
    }
    this.skipValue();
  }

  private ph(): void {
    const b = this.buf, p = this.p;
    if (p + 2 < this.end && b[p] === 34 && b[p + 2] === 34 && b[p + 1] !== 92) { this.ev.ph = b[p + 1]; this.p = p + 3; return; }
    if (b[p] === 34) { this.string(); this.ev.ph = -1; return; }
    this.skipValue();
    this.ev.ph = -1;
  }

  private name(): void {
    const c = this.buf[this.p];
    if (c === 34) { this.ev.name = this.string(); return; }
    if (c === 45 || (c >= 48 && c <= 57)) { const a = this.p; this.number(); this.ev.name = this.strings.idOf(latin1(this.buf, a, this.p)); return; }
    this.skipValue();
    this.ev.nameBad = true;
  }

  private stringOrSkip(): number {
    if (this.buf[this.p] === 34) return this.string();
    this.skipValue();
    return -1;
  }

  /** A string at p (its opening quote), interned. */
  private string(): number {
    const b = this.buf, end = this.end;
    const a = this.p + 1;
    let q = a, h = FNV_OFFSET;
    for (;;) {
      if (q >= end) { this.p = q; throw MORE; }
      const c = b[q];
      if (c === 34) break;
      if (c === 92) return this.escapedString(a - 1);
      h = Math.imul(h ^ c, FNV_PRIME);
      q++;
    }
    this.p = q + 1;
    return this.strings.idOfBytes(b, a, q, h);
  }

  private escapedString(open: number): number {
    const b = this.buf;
    let q = open + 1, esc = false;
    for (; q < this.end; q++) {
      const c = b[q];
      if (esc) esc = false;
      else if (c === 92) esc = true;
      else if (c === 34) break;
    }
    if (q >= this.end) { this.p = q; throw MORE; }
    this.p = q + 1;
    let text: string;
    try {
      text = JSON.parse(new TextDecoder().decode(b.subarray(open, q + 1))) as string;
    } catch {
      throw new Broken('not valid JSON: a bad escape in a string');
    }
    return this.strings.idOf(text);
  }

  private bool(): boolean {
    const b = this.buf, p = this.p;
    if (b[p] === 116 && p + 3 < this.end && b[p + 1] === 114 && b[p + 2] === 117 && b[p + 3] === 101) { this.p = p + 4; this.delim(); return true; }
    this.skipValue();
    return false;
  }

  /** The byte after a literal or number must end it. */
  private delim(): void {
    if (this.p >= this.end) throw MORE;
    const c = this.buf[this.p];
    if (c !== 44 && c !== 125 && c !== 93 && c !== 32 && c !== 10 && c !== 13 && c !== 9) throw new Broken('not valid JSON: a bad literal');
  }

  /** A JSON number at p, as a double (exactly what JSON.parse gives). */
  private number(): number {
    const b = this.buf;
    const a = this.p;
    let p = a, v = 0, simple = true;
    if (b[p] === 45) p++;
    const digits = p;
    for (; p < this.end; p++) {
      const c = b[p];
      if (c >= 48 && c <= 57) { v = v * 10 + (c - 48); continue; }
      if (c === 46 || c === 101 || c === 69 || c === 43 || c === 45) { simple = false; continue; }
      break;
    }
    if (p >= this.end) { this.p = p; throw MORE; }
    if (p === digits) throw new Broken('not valid JSON: a bad number');
    this.p = p;
    this.delim();
    if (simple && p - digits < 16) return b[a] === 45 ? -v : v;
    const x = Number(latin1(b, a, p));
    if (x !== x) throw new Broken('not valid JSON: a bad number');
    return x;
  }

  /**
   * A time in microseconds at p, as nanoseconds: integer digits and up to
   * three decimals exactly; more decimals or an exponent through the double
   * rounded to the picosecond. NaN (flagged by the caller) when it is not a
   * number or out of range (beyond 10^18 ns, about 31 years).
   */
  private time(): number {
    const b = this.buf;
    const a = this.p;
    let p = a;
    if (b[p] === 34) { this.skipValue(); return NaN; }
    if (b[p] === 45) p++;
    let whole = 0, frac = 0, fracDigits = 0, simple = true, intDigits = 0;
    for (; p < this.end; p++) {
      const c = b[p];
      if (c >= 48 && c <= 57) { whole = whole * 10 + (c - 48); intDigits++; continue; }
      break;
    }
    if (p < this.end && b[p] === 46) {
      for (p++; p < this.end; p++) {
        const c = b[p];
        if (c >= 48 && c <= 57) { if (fracDigits < 3) frac = frac * 10 + (c - 48); else if (c !== 48) simple = false; fracDigits++; continue; }
        break;
      }
    }
    if (p < this.end && (b[p] === 101 || b[p] === 69)) {
      simple = false;
      for (p++; p < this.end && (b[p] === 43 || b[p] === 45 || (b[p] >= 48 && b[p] <= 57)); p++);
    }
    if (p >= this.end) { this.p = p; throw MORE; }
    this.p = p;
    if (intDigits === 0) { this.skipValue(); return NaN; }
    this.delim();
    let ns: number;
    if (simple && intDigits <= 15) {
      for (let k = fracDigits; k < 3; k++) frac *= 10;
      ns = whole * 1000 + frac;
      if (b[a] === 45) ns = -ns;
    } else {
      const us = Number(latin1(b, a, p));
      ns = Math.round(us * 1e6) / 1000;
    }
    return Number.isFinite(ns) && Math.abs(ns) <= 1e18 ? ns : NaN;
  }

  /** A number, or a string interned as −(id + 1) (ids, pids and tids are sometimes strings). */
  private idNumber(): number {
    const c = this.buf[this.p];
    if (c === 34) {
      const id = this.string();
      const text = this.strings.list[id];
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : -(id + 1);
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    this.skipValue();
    return 0;
  }

  private args(): void {
    const b = this.buf, ev = this.ev;
    if (b[this.p] !== 123) { this.skipValue(); return; }
    this.p++;
    let c = this.ws();
    if (c === 125) { this.p++; return; }
    for (;;) {
      if (c !== 34) throw new Broken('not valid JSON: expected a key in args');
      const key = this.string();
      this.colon();
      const v = b[this.p];
      const k = ev.nArgs;
      if (k < MAX_ARGS) {
        ev.argKey[k] = key;
        if (v === 34) { ev.argType[k] = ArgType.String; ev.argStr[k] = this.string(); }
        else if (v === 45 || (v >= 48 && v <= 57)) { ev.argType[k] = ArgType.Number; ev.argNum[k] = this.number(); }
        else if (v === 116 || v === 102) { ev.argType[k] = ArgType.Bool; ev.argNum[k] = this.bool() ? 1 : 0; }
        else { ev.argType[k] = ArgType.Other; this.skipValue(); }
        ev.nArgs = k + 1;
      } else this.skipValue();
      c = this.ws();
      if (c === 44) { this.p++; c = this.ws(); continue; }
      if (c === 125) { this.p++; return; }
      throw new Broken('not valid JSON: expected , or } in args');
    }
  }
}

function latin1(b: Uint8Array, a: number, e: number): string {
  let s = '';
  for (let i = a; i < e; i++) s += String.fromCharCode(b[i]);
  return s;
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
