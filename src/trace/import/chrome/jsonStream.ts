// A streaming reader for Chrome trace JSON: the array form `[ev, ev, ...]` and
// the object form `{"traceEvents": [ev, ...], "otherData": {...}, ...}`. Text
// is pushed in chunks; each event's text is cut out and parsed on its own, so
// memory holds one event (plus the small top-level values), never the file.
// A broken event is reported with its line number and the read goes on.

export interface JsonStreamHandlers {
  /** One element of the events array, parsed. */
  event(value: unknown, line: number): void;
  /** An element that is not valid JSON. */
  bad(line: number, message: string): void;
  /** A top-level key's value other than traceEvents (object form). Huge string keys are skipped. */
  top(key: string, value: unknown, line: number): void;
}

const enum Mode { Start, TopArray, TopObject, Done }
const enum Obj { Key, Colon, Value, Comma }

const SKIP_KEYS = new Set(['systemTraceEvents']);

export class ChromeJsonStream {
  private mode = Mode.Start;
  private obj = Obj.Key;
  private depth = 0;
  private inStr = false;
  private esc = false;
  private line = 1;
  /** Capturing an element / value: its pieces so far, the depth it closes at, where it began. */
  private cap: string[] | null = null;
  private capFrom = 0;
  private capDepth = 0;
  private capLine = 0;
  private capKind: 'event' | 'value' | 'key' = 'event';
  private capPrimitive = false;
  private skipping = false;
  private key = '';
  private inEvents = false;
  form: 'array' | 'object' | 'unknown' = 'unknown';

  constructor(private h: JsonStreamHandlers) {}

  push(text: string): void {
    const n = text.length;
    if (this.cap) this.capFrom = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inStr) {
        if (this.esc) this.esc = false;
        else if (c === 92) this.esc = true;
        else if (c === 34) {
          this.inStr = false;
          if (this.cap && this.capPrimitive) this.endCapture(text, i + 1);
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      switch (this.mode) {
        case Mode.Start:
          if (c === 91) { this.mode = Mode.TopArray; this.form = 'array'; this.depth = 1; this.inEvents = true; }
          else if (c === 123) { this.mode = Mode.TopObject; this.form = 'object'; this.depth = 1; this.obj = Obj.Key; }
          else if (c === 0xfeff) continue;
          else throw new SyntaxError(`line ${this.line}: a Chrome trace starts with [ or {`);
          continue;
        case Mode.Done:
          continue;
      }
      // Inside the top container.
      if (this.cap) {
        if (c === 34) { this.inStr = true; continue; }
        if (this.capPrimitive) {
          if (c === 44 || c === 125 || c === 93) { this.endCapture(text, i); i--; }
          continue;
        }
        if (c === 123 || c === 91) this.depth++;
        else if (c === 125 || c === 93) {
          this.depth--;
          if (this.depth === this.capDepth) this.endCapture(text, i + 1);
        }
        continue;
      }
      if (this.depth === 1 && this.mode === Mode.TopObject) { this.topObjectChar(text, i, c); continue; }
      if (this.inEvents && this.depth === (this.mode === Mode.TopArray ? 1 : 2)) {
        if (c === 44) continue;
        if (c === 93) { this.depth--; this.inEvents = false; if (this.mode === Mode.TopArray) this.mode = Mode.Done; else this.obj = Obj.Comma; continue; }
        this.begin(text, i, 'event', c);
        continue;
      }
    }
    if (this.cap) this.cap.push(text.slice(this.capFrom));
  }

  private topObjectChar(text: string, i: number, c: number): void {
    switch (this.obj) {
      case Obj.Key:
        if (c === 125) { this.mode = Mode.Done; return; }
        if (c === 34) { this.begin(text, i, 'key', c); return; }
        throw new SyntaxError(`line ${this.line}: expected a key in the top-level object`);
      case Obj.Colon:
        if (c === 58) { this.obj = Obj.Value; return; }
        throw new SyntaxError(`line ${this.line}: expected ':' after "${this.key}"`);
      case Obj.Value:
        if (this.key === 'traceEvents' && c === 91) { this.depth = 2; this.inEvents = true; return; }
        this.skipping = SKIP_KEYS.has(this.key);
        this.begin(text, i, 'value', c);
        return;
      case Obj.Comma:
        if (c === 44) { this.obj = Obj.Key; return; }
        if (c === 125) { this.mode = Mode.Done; return; }
        throw new SyntaxError(`line ${this.line}: expected ',' or '}' after "${this.key}"`);
    }
  }

  private begin(text: string, i: number, kind: 'event' | 'value' | 'key', c: number): void {
    this.cap = [];
    this.capFrom = i;
    this.capKind = kind;
    this.capLine = this.line;
    this.capDepth = this.depth;
    this.capPrimitive = !(c === 123 || c === 91);
    if (c === 34) this.inStr = true;
    else if (!this.capPrimitive) this.depth++;
  }

  private endCapture(text: string, end: number): void {
    const pieces = this.cap!;
    this.cap = null;
    const kind = this.capKind;
    if (kind === 'value' && this.skipping) { this.skipping = false; this.obj = Obj.Comma; this.h.top(this.key, undefined, this.capLine); return; }
    pieces.push(text.slice(this.capFrom, end));
    const s = pieces.length === 1 ? pieces[0] : pieces.join('');
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      if (kind === 'event') { this.h.bad(this.capLine, `not valid JSON: ${s.slice(0, 80)}`); return; }
      throw new SyntaxError(`line ${this.capLine}: not valid JSON in the top-level ${kind === 'key' ? 'key' : `value of "${this.key}"`}`);
    }
    if (kind === 'event') this.h.event(v, this.capLine);
    else if (kind === 'key') { this.key = String(v); this.obj = Obj.Colon; }
    else { this.obj = Obj.Comma; this.h.top(this.key, v, this.capLine); }
  }

  end(): void {
    if (this.mode === Mode.Start) throw new SyntaxError('empty file');
    if (this.mode !== Mode.Done) {
      // Chrome itself writes unterminated arrays when a trace is cut short: keep what was read.
      if (this.cap && this.capKind === 'event') this.h.bad(this.capLine, 'event cut off at the end of the file');
      this.h.bad(this.line, 'the JSON ends before its closing bracket (trace cut short?)');
    }
  }
}
