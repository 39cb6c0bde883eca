// The timeline's index of the instants and flows (timeline/data/tableIndex.ts)
// made in the report's decode worker from the columns it fills, as soon as
// those tables are whole and before they are handed to the page (which is busy
// with its passes over the spans then), and adopted on the page for the
// buffers it then receives. Only for data of this build's layout.
import { FLOW_KIND_NAMES, TABLE_LAYOUT, TABLE_NAMES, type TableName, type Trace } from '../src/trace/schema';
import type { RunHead } from './reportAssembler';
import { adoptTableIndex, buildTableIndex, tableIndexBuffers, type TableIndex } from './timeline/data/tableIndex';

/** Flat index (TABLE_LAYOUT order) of table `name`'s first column. */
function firstColumn(name: TableName): number {
  let k = 0;
  for (const t of TABLE_NAMES) {
    if (t === name) return k;
    k += Object.keys(TABLE_LAYOUT[t]).length;
  }
  throw new Error(`no table ${name}`);
}

/** The columns the table index reads, [from, to): the instants and flows tables. */
export const TABLE_INDEX_COLUMNS = { from: firstColumn('instants'), to: firstColumn('flows') + Object.keys(TABLE_LAYOUT.flows).length };

function columns<T extends 'instants' | 'flows'>(name: T, buffers: readonly ArrayBuffer[], n: number): Trace['tables'][T] {
  const first = firstColumn(name);
  const out: Record<string, ArrayLike<number>> = {};
  Object.entries(TABLE_LAYOUT[name]).forEach(([key, C], k) => { out[key] = new C(buffers[first + k], 0, n); });
  return out as unknown as Trace['tables'][T];
}

/** The table index of a trace whose columns up to TABLE_INDEX_COLUMNS.to are whole, and the buffers to transfer with it. */
export function tableIndexOf(head: RunHead, buffers: readonly ArrayBuffer[]): { index: TableIndex; transfer: ArrayBuffer[] } {
  const { meta, length } = head;
  const flows = columns('flows', buffers, length.flows);
  // Not yet checked (the page checks the whole trace): a kind past the known ones would size the pairs' counts by it.
  for (let i = 0; i < length.flows; i++) if (flows.kind[i] >= FLOW_KIND_NAMES.length) throw new Error(`flow ${i}: unknown kind`);
  const index = buildTableIndex({ meta, length, tables: { instants: columns('instants', buffers, length.instants), flows } });
  return { index, transfer: tableIndexBuffers(index) };
}

/** The page's side: the index made in the worker, for the column buffers the page now holds. */
export function adoptWorkerTableIndex(index: TableIndex, head: RunHead, buffers: readonly ArrayBuffer[]): void {
  adoptTableIndex(index, buffers[firstColumn('instants')], buffers[firstColumn('flows')], head.meta.cpus, head.length);
}
