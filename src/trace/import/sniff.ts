// Which importer a file needs, from its first 64 KiB (of the inflated text, for a .gz).
import { openSync, readSync, closeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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

export function sniffFile(path: string): TraceFormat {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return sniffText(gunzipHead(buf.subarray(0, n)));
    return sniffText(buf.subarray(0, n).toString('latin1'));
  } finally {
    closeSync(fd);
  }
}

/** The first inflated bytes of a gzip file's first 64 KiB (a cut-short stream is fine here). */
function gunzipHead(gz: Buffer): string {
  try {
    return gunzipSync(gz, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, 65536).toString('latin1');
  } catch {
    return '';
  }
}
