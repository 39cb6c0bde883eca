// Network tracepoints of a capture in the model's vocabulary: per CPU, running
// counts of packets received (netif_receive_skb*, napi_gro_*_entry), put on a
// CPU's backlog (netif_rx*), queued to a device (net_dev_queue), transmitted
// (net_dev_xmit), polled by NAPI (napi_poll's work) and dropped (kfree_skb,
// with its reason), each a counter series "packets received (CPU 0)" sampled at
// every event; a drop is also a Drop instant on its CPU naming the reason and
// where. Per-CPU totals go to counterTotals ("packets received": [cpu0, cpu1...]).
import { InstantKind, type SeriesInfo } from '../../schema';
import type { TraceBuilder } from '../../builder';
import type { Problems } from '../result';

const KIND: Record<string, string> = {
  netif_receive_skb: 'received', netif_receive_skb_entry: 'received', netif_receive_skb_list_entry: 'received',
  napi_gro_receive_entry: 'received', napi_gro_frags_entry: 'received',
  netif_rx: 'backlogged', netif_rx_entry: 'backlogged',
  net_dev_queue: 'queued', net_dev_xmit: 'transmitted', napi_poll: 'polled', kfree_skb: 'dropped',
};

const NAPI_WORK = /\bwork (\d+)/;
const REASON = /\breason: (\S+)/;
const LOCATION = /\blocation=(\S+)/;

export class NetEvents {
  readonly series: SeriesInfo[] = [];
  private ids = new Map<string, number>();
  /** Running count per series id. */
  private counts: number[] = [];
  private totals = new Map<string, number[]>();

  constructor(private b: TraceBuilder, private problems: Problems) {}

  /** True when `name` is a network tracepoint (counted here). */
  event(name: string, cpu: number, t: number, fields: string, thread: number, stack: () => number, line: number): boolean {
    const what = KIND[name];
    if (!what) return false;
    let n = 1;
    if (what === 'polled') {
      const m = NAPI_WORK.exec(fields);
      if (!m) { this.problems.bad(line, `unreadable napi_poll: ${fields.slice(0, 120)}`); return true; }
      n = Number(m[1]);
    }
    if (what === 'dropped') {
      const reason = REASON.exec(fields)?.[1] ?? 'NOT_SPECIFIED';
      const loc = LOCATION.exec(fields)?.[1];
      const where = loc ? ` at ${loc.replace(/\+0x[0-9a-f]+$/i, '')}` : '';
      this.b.instant(t, InstantKind.Drop, cpu, thread, 0xffff, this.b.intern(`${reason}${where}`), stack());
      this.add(`packets dropped: ${reason}`, cpu, 1);
    }
    const id = this.seriesOf(what, cpu);
    this.counts[id] += n;
    this.b.counter(t, id, this.counts[id]); // the capture's only series: ids are ours
    this.add(`packets ${what}`, cpu, n);
    return true;
  }

  private seriesOf(what: string, cpu: number): number {
    const key = `${what} ${cpu}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.series.length;
      this.series.push({ name: `packets ${what} (CPU ${cpu})`, kind: what === 'dropped' ? 'drops' : 'packets', scope: 'percpu', src: 0 });
      this.counts.push(0);
      this.ids.set(key, id);
    }
    return id;
  }

  private add(name: string, cpu: number, n: number): void {
    let per = this.totals.get(name);
    if (!per) this.totals.set(name, (per = []));
    while (per.length <= cpu) per.push(0);
    per[cpu] += n;
  }

  /** Per-CPU totals, each list as long as the capture's CPUs. */
  counterTotals(cpus: number): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [name, per] of this.totals) out[name] = Array.from({ length: cpus }, (_, i) => per[i] ?? 0);
    return out;
  }
}
