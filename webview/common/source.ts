// Text for a source id ("ip_input.smp.yaml:12"), for tooltips and path rows.
import type { TraceMeta } from '../../src/trace/schema';

export function sourceText(meta: TraceMeta, src: number): string {
  if (!(src > 0)) return '';
  const s = meta.sources[src];
  if (!s) return '';
  const file = s.file.split(/[\\/]/).pop() ?? s.file;
  return `${file}:${s.line}`;
}

/** The source of a stack's leaf frame: the step the stack was at. */
export function leafSource(meta: TraceMeta, stack: number): number {
  return meta.frameSrc[meta.stackFrame[stack]] ?? 0;
}
