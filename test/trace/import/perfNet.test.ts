// Network tracepoints of a real capture (test/fixtures/perf/udp-net.perf.txt.gz:
// a UDP flood over loopback, see capture.sh) become per-CPU packet counters,
// drop instants with their reason, and labelled NET_RX softirq spans; the
// expected numbers are counted from the fixture text itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importTraceFile } from '../../../src/trace/import';
import { CpuState, InstantKind, SpanKind, stackLabel } from '../../../src/trace/schema';
import { summarize } from '../../../src/trace/summary';

const FILE = join(__dirname, '../../fixtures/perf/udp-net.perf.txt.gz');

test('net:* / napi:napi_poll / skb:kfree_skb: per-CPU packet counters, drops with reasons, NET_RX labelled', async () => {
  const text = gunzipSync(readFileSync(FILE)).toString('utf8');
  const count = (ev: string, cpu: number) => (text.match(new RegExp(`\\[00${cpu}\\] +\\S+: +${ev}: `, 'g')) ?? []).length;
  const r = await importTraceFile(FILE);
  assert.equal(r.malformed, 0);
  assert.ok(!r.warnings.some((w) => /net:|skb:|napi:/.test(w.message) && /not used/.test(w.message)), JSON.stringify(r.warnings));
  const t = r.trace;
  const totals = t.meta.counterTotals;
  for (const [name, ev] of [['packets received', 'net:netif_receive_skb'], ['packets queued', 'net:net_dev_queue'],
    ['packets transmitted', 'net:net_dev_xmit'], ['packets backlogged', 'net:netif_rx'], ['packets dropped', 'skb:kfree_skb']] as const) {
    assert.deepEqual(totals[name], [count(ev, 0), count(ev, 1)], name);
  }
  assert.ok(totals['packets received'][0] + totals['packets received'][1] > 100, 'the flood is in the capture');
  const reasons = text.match(/reason: SOCKET_RCVBUFF/g)?.length ?? 0;
  assert.equal(totals['packets dropped: SOCKET_RCVBUFF'].reduce((a, b) => a + b, 0), reasons);
  // Each drop is an instant on its CPU naming the reason and where.
  const ins = t.tables.instants;
  const drops = [...Array(t.length.instants).keys()].filter((i) => ins.kind[i] === InstantKind.Drop);
  assert.equal(drops.length, count('skb:kfree_skb', 0) + count('skb:kfree_skb', 1));
  assert.equal(t.meta.strings[ins.aux[drops[0]]], 'SOCKET_RCVBUFF at udp_queue_rcv_one_skb');
  // A counter series per kind and CPU, running totals that end at the per-CPU count.
  const rx0 = t.meta.series.findIndex((s) => s.name === 'packets received (CPU 0)');
  assert.ok(rx0 >= 0);
  assert.equal(t.meta.series[rx0].kind, 'packets');
  const c = t.tables.counters;
  let last = 0;
  for (let i = 0; i < t.length.counters; i++) if (c.series[i] === rx0) { assert.ok(c.value[i] > last); last = c.value[i]; }
  assert.equal(last, totals['packets received'][0]);
  // NET_RX softirq time is labelled on the CPU.
  const sp = t.tables.spans;
  let netRx = 0;
  for (let i = 0; i < t.length.spans; i++) {
    if (sp.kind[i] === SpanKind.CpuState && sp.sub[i] === CpuState.Softint && stackLabel(t.meta, sp.stack[i]) === 'softirq NET_RX') netRx += sp.dur[i];
  }
  assert.ok(netRx > 0, 'NET_RX softirq spans');
  assert.equal(summarize(t).counters['packets received'].total, totals['packets received'][0] + totals['packets received'][1]);
});
