// Event headers read by hand, where they lie in the chunk of text being read:
// the header regex (lineParse.ts) backtracks over the comm and copies eight
// groups, on half of a -g capture's text. The scan takes the shape perf
// prints,
//   "<comm> <pid>[/<tid>] [<cpu>] <sec>.<frac>: [<period>] <event>: <fields>"
// and hands any line it is not sure of to the regex (another blank than a
// space or tab, a second time-like token, a "[" inside the comm ...), so the
// two read every line alike: test/trace/import/perfHeaderScan.test.ts checks
// them against each other on every header of the committed captures and on
// damaged copies of them.
import type { FrameCache } from './frameCache';
import { makeHeader, parseHeader, POW10, type PerfHeader } from './lineParse';
import { intern } from './strings';

export class HeaderScanner {
  /** The last event name read: the next header's is nearly always the same, and then not copied again. */
  private lastEvent = '';
  private readonly events: string[] = [];

  constructor(private readonly frames?: FrameCache) {}

  /**
   * The header on text[start, end), or null when the line is not one. `plain`: the text holds
   * no character a regex's "." refuses ("\r", "\u2028", "\u2029"; see lines.ts).
   */
  scan(text: string, start: number, end: number, plain: boolean): PerfHeader | null {
    return (plain && this.fast(text, start, end)) || parseHeader(text.slice(start, end), this.frames);
  }

  /** The header when the line has the usual shape; null when not sure (the regex then decides). */
  private fast(s: string, a: number, b: number): PerfHeader | null {
    let i = a, c = 0;
    while (i < b && isBlank(c = s.charCodeAt(i))) i++;
    if (i >= b || !isWord(c)) return null;
    const commStart = i;
    // The CPU: the first "[" after the comm's first character, "[digits]" and a blank.
    const q = s.indexOf('[', commStart + 1);
    if (q < 0 || q >= b) return null;
    let j = q + 1, cpu = 0;
    while (j < b && isDigit(c = s.charCodeAt(j))) { cpu = cpu * 10 + (c - 48); j++; }
    if (j === q + 1 || j - q - 1 > 15 || j >= b || c !== 93 /* ] */ || j + 1 >= b || !isBlank(s.charCodeAt(j + 1))) return null;
    j += 2;
    // Back from "[": blanks, the tid (or pid), "/" and the pid before it with -F pid,tid, blanks, the comm.
    let k = q - 1;
    if (!isBlank(s.charCodeAt(k))) return null;
    while (isBlank(s.charCodeAt(k))) k--; // s[commStart] is a word character: the loop stops there at the latest
    const idEnd = k + 1;
    k = backOverNumber(s, k, commStart);
    if (k < 0) return null;
    const idStart = k + 1;
    let pidStart = -1, pidEnd = -1;
    if (k >= commStart && s.charCodeAt(k) === 47 /* / */) {
      pidEnd = k;
      k = backOverNumber(s, k - 1, commStart);
      if (k < 0) return null;
      pidStart = k + 1;
    }
    if (k < commStart || !isBlank(s.charCodeAt(k))) return null;
    while (isBlank(s.charCodeAt(k))) k--;
    if (!isWord(s.charCodeAt(k))) return null;
    const commEnd = k + 1;
    // The time "sec.frac:" and a blank.
    while (j < b && isBlank(c = s.charCodeAt(j))) j++;
    const secStart = j;
    let sec = 0;
    while (j < b && isDigit(c = s.charCodeAt(j))) { sec = sec * 10 + (c - 48); j++; }
    if (j === secStart || j - secStart > 15 || j >= b || c !== 46 /* . */) return null;
    const fracStart = ++j;
    let frac = 0;
    while (j < b && isDigit(c = s.charCodeAt(j))) {
      if (j - fracStart < 9) frac = frac * 10 + (c - 48);
      j++;
    }
    const fracLen = j - fracStart;
    if (fracLen === 0 || j >= b || c !== 58 /* : */ || j + 1 >= b || !isBlank(s.charCodeAt(j + 1))) return null;
    j += 2;
    while (j < b && isBlank(c = s.charCodeAt(j))) j++;
    // A sample period (digits and a blank) may come before the event; "digits." could be a
    // second time, which the regex would take for the time (the first token then being flags).
    let d = j;
    while (d < b && isDigit(c = s.charCodeAt(d))) d++;
    if (d > j && d < b) {
      if (c === 46) return null;
      if (isBlank(c)) {
        j = d;
        while (j < b && isBlank(s.charCodeAt(j))) j++;
      }
    }
    // The event: the shortest run of word characters that ends with ":" and a blank (or the end of the line).
    // Nearly always the last one read again (which was such a run: only what follows it needs a look).
    const evStart = j, last = this.lastEvent;
    let evEnd = -1;
    if (last && s.startsWith(last, j) && j + last.length < b && s.charCodeAt(j + last.length) === 58) {
      const after = j + last.length + 1;
      if (after === b || isBlank(s.charCodeAt(after))) evEnd = j = after - 1;
    }
    for (; evEnd < 0 && j < b; j++) {
      c = s.charCodeAt(j);
      if (!isWord(c)) return null;
      if (c === 58 && j > evStart) {
        if (j + 1 === b) { evEnd = j; break; }
        const n = s.charCodeAt(j + 1);
        if (isBlank(n)) { evEnd = j; break; }
        if (!isWord(n)) return null;
      }
    }
    if (evEnd < 0) return null;
    j = evEnd + 1;
    while (j < b && isBlank(c = s.charCodeAt(j))) j++;
    if (j < b && !isWord(c)) return null; // perhaps another blank, which the regex would skip
    const ns = sec * 1e9 + (fracLen >= 9 ? frac : frac * POW10[9 - fracLen]);
    const tid = numberAt(s, idStart, idEnd);
    const pid = pidStart < 0 ? -1 : numberAt(s, pidStart, pidEnd);
    const comm = s.slice(commStart, commEnd), event = this.event(s, evStart, evEnd);
    // The sample address at the end, when it is the last header's (sched_switch's, always in
    // __schedule): split off here, as makeHeader would, without copying the fields first.
    const same = this.frames?.lastInlineText;
    if (same && b - same.length - 1 >= j && s.endsWith(same, b) && s.charCodeAt(b - same.length - 1) === 32) {
      const cut = b - same.length - 1;
      const fields = cut > j && !isWord(s.charCodeAt(cut - 1)) ? s.slice(j, cut).trimEnd() : s.slice(j, cut);
      return { comm, tid, pid, cpu, ns, event, fields, inline: this.frames!.lastInlineFrame };
    }
    return makeHeader(comm, tid, pid, cpu, ns, event, j < b ? s.slice(j, b) : '', this.frames);
  }

  /** The event name at s[start, end): one string per name, so that those who keep things by name find them by reference. */
  private event(s: string, start: number, end: number): string {
    const last = this.lastEvent, n = end - start;
    if (last.length === n && s.startsWith(last, start)) return last;
    for (const e of this.events) if (e.length === n && s.startsWith(e, start)) return (this.lastEvent = e);
    const e = intern(s.slice(start, end));
    if (this.events.length < 64) this.events.push(e);
    return (this.lastEvent = e);
  }
}

/** Back over "-?digits" ending at k (1 to 15 digits); the index before it, or -1 when there is none there. */
function backOverNumber(s: string, k: number, from: number): number {
  const end = k;
  while (k >= from && isDigit(s.charCodeAt(k))) k--;
  if (k === end || end - k > 15) return -1;
  if (k >= from && s.charCodeAt(k) === 45 /* - */) k--;
  return k;
}

/** "-?digits" of s[a, b) (checked by backOverNumber), as lineParse's int() reads them (so "-0" is -0). */
function numberAt(s: string, a: number, b: number): number {
  const neg = s.charCodeAt(a) === 45;
  let v = 0;
  for (let i = neg ? a + 1 : a; i < b; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return neg ? -v : v;
}

const isBlank = (c: number) => c === 32 || c === 9;
/** Printable ASCII but the space: never what a regex's \s matches. */
const isWord = (c: number) => c > 32 && c < 127;
const isDigit = (c: number) => c >= 48 && c <= 57;
