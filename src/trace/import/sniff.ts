// Which importer a file needs, from its first 64 KiB (of the inflated text, for a .gz or .zst).
import { compressionOf, inflateHead } from './compressed';
import { parseHeader } from './perf/lineParse';

export type TraceFormat = 'smplab' | 'chrome-json' | 'perf-script' | 'perf-lock' | 'folded' | 'unknown';

const MAGIC = 'TPMS'; // 0x534d5054 little-endian, as written by encodeTrace

export function sniffText(head: string): TraceFormat {
  if (head.startsWith(MAGIC)) return 'smplab';
  const s = head.replace(/^\uFEFF/, '').trimStart();
  // JSON: an object of keys, or an array of objects (a folded stack may start with "[kernel]").
  if (/^\{\s*("|\})/.test(s) || /^\[\s*(\{|\]|$)/.test(s)) return 'chrome-json';
  const lines = s.split('\n').slice(0, 200);
  if (lines.some((l) => /^\s*contended\s+total wait/.test(l) || /^# output: .*(contended|total wait)/.test(l))) return 'perf-lock';
  let perf = 0, folded = 0;
  for (const l of lines) {
    if (!l.trim() || l.startsWith('#') || l.startsWith('\t')) continue;
    if (parseHeader(l)) perf++;
    else if (/^\S.*\s\d+(\.\d+)?(\s\d+(\.\d+)?)?\s*$/.test(l)) folded++;
  }
  if (perf && perf >= folded) return 'perf-script';
  if (folded) return 'folded';
  return 'unknown';
}

/** The format of a capture from its first bytes (64 KiB is plenty); of the inflated text for a compressed one. */
export function sniffBytes(head: Uint8Array): TraceFormat {
  const kind = compressionOf(head);
  const text = kind ? inflateHead(kind, head, 65536) : head;
  return sniffText(Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('latin1'));
}
