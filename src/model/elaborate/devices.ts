// devices:, traffic:, timers: — where packets and periodic interrupts come from.

import type { TrafficPattern } from '../../sim/program';
import type { Diagnostics, Range } from '../diagnostics';
import { DEVICE_KEYS, IRQ_KEYS, TIMER_KEYS, TRAFFIC_KEYS, TRAFFIC_PATTERNS } from '../keys';
import { asList, asMap, MapReader, readName, readQuantity } from '../reader';
import type { MDevice, MTimer, MTraffic, NameRef } from '../spec';
import { describe, type LNode } from '../tree';
import { lineRatePps, parseBitRate, parseRate } from '../units';
import { placeCpu, readCpu, type CpuPolicy } from './cpus';
import { namedEntries } from './declarations';

export const DEFAULT_RING = 256;
export const DEFAULT_LINE_RATE = 10e9;
export const DEFAULT_DEVICE_IPL = 5;
export const DEFAULT_TIMER_IPL = 6;
const MAX_RX_QUEUES = 64;
const MAX_RING = 65536;
const MAX_TX_RINGS = 64;

export function readDevices(node: LNode | undefined, policy: CpuPolicy, diags: Diagnostics): MDevice[] {
  return namedEntries(node, 'devices', diags).map((e) => {
    const what = `device ${e.key}`;
    const dev: MDevice = { name: e.key, at: e.keyRange, rx: [], ringSize: DEFAULT_RING, handler: null, txRings: [], txRingSize: DEFAULT_RING, lineRateBps: DEFAULT_LINE_RATE, ipl: DEFAULT_DEVICE_IPL };
    const map = asMap(e.value, what, diags, 'rx_queues:, ring:, handler:, irq:, tx_ring:, line_rate:');
    if (!map) {
      diags.error(e.keyRange, `${what} needs at least handler: (the function its RX interrupt runs)`);
      return dev;
    }
    const r = new MapReader(map, what, DEVICE_KEYS, diags);
    const nq = r.number('rx_queues', 1, { integer: true, min: 0, max: MAX_RX_QUEUES });
    dev.ringSize = r.number('ring', DEFAULT_RING, { integer: true, min: 1, max: MAX_RING });
    const coalesceNs = Math.round(r.duration('coalesce', 0));
    const h = r.present('handler');
    if (h) dev.handler = readName(h, `${what}: handler`, diags) ?? null;
    else if (nq > 0) diags.error(e.keyRange, `${what} needs handler: (the function its RX interrupt runs)`);
    let affinity: number[] = [0];
    const irqNode = r.present('irq');
    if (irqNode) {
      const irqMap = asMap(irqNode, `${what}: irq`, diags, 'affinity:, ipl:, vectors:');
      if (irqMap) {
        const ir = new MapReader(irqMap, `${what}: irq`, IRQ_KEYS, diags);
        const vectors = ir.number('vectors', nq, { integer: true, min: 0, max: MAX_RX_QUEUES });
        if (ir.present('vectors') && vectors !== nq) diags.error(ir.rangeOf('vectors'), `${what}: irq has one MSI-X vector per RX queue, so vectors must equal rx_queues (${nq})`);
        dev.ipl = ir.number('ipl', DEFAULT_DEVICE_IPL, { integer: true, min: 0, max: 15 });
        const aff = ir.present('affinity');
        if (aff) affinity = readAffinity(aff, `${what}: irq affinity`, nq, policy, diags);
      }
    }
    for (let i = 0; i < nq; i++) dev.rx.push({ ring: `${e.key}.rx${i}`, cpu: affinity[i % affinity.length], coalesceNs });
    const tx = r.present('tx_ring');
    const noTx = !!tx && tx.kind === 'scalar' && (tx.value === 'none' || tx.value === 0);
    if (tx && !noTx) dev.txRingSize = r.number('tx_ring', DEFAULT_RING, { integer: true, min: 1, max: MAX_RING });
    // Several hardware TX rings (if_transmit multiqueue): a packet leaves through ring (CPU mod rings).
    const nTx = r.number('tx_rings', 1, { integer: true, min: 1, max: MAX_TX_RINGS });
    if (noTx && r.present('tx_rings')) diags.error(r.rangeOf('tx_rings'), `${what}: tx_rings: needs a TX ring; remove tx_ring: none`);
    if (!noTx) dev.txRings = nTx === 1 ? [`${e.key}.tx`] : Array.from({ length: nTx }, (_, i) => `${e.key}.tx${i}`);
    dev.lineRateBps = r.bitRate('line_rate', DEFAULT_LINE_RATE);
    return dev;
  });
}

/** A CPU per RX queue's vector: a list (cycled), one CPU, or `spread` (queue i on CPU i). */
function readAffinity(n: LNode, what: string, queues: number, policy: CpuPolicy, diags: Diagnostics): number[] {
  if (n.kind === 'scalar' && n.value === 'spread') {
    const out: number[] = [];
    for (let i = 0; i < Math.max(1, queues); i++) out.push(i % policy.cpus);
    return out;
  }
  if (n.kind === 'scalar' && typeof n.value === 'number') return [readCpu(n, what, policy, diags)];
  if (n.kind === 'seq' && n.items.length > 0) return n.items.map((it) => readCpu(it, what, policy, diags));
  diags.error(n.range, `${what} should be a CPU number, a list of CPUs (one per vector, cycled) or spread, not ${describe(n)}`);
  return [0];
}

export function readTraffic(node: LNode | undefined, devices: MDevice[], diags: Diagnostics): MTraffic[] {
  const items = asList(node, 'traffic', diags, 'one entry per source: - { to: DEVICE, rate: 800kpps }');
  if (!items) return [];
  const out: MTraffic[] = [];
  for (const [i, it] of items.entries()) {
    const what = `traffic[${i}]`;
    const map = asMap(it, what, diags, 'to:, rate:, size:, flows:, pattern:');
    if (!map) continue;
    const r = new MapReader(map, what, TRAFFIC_KEYS, diags);
    const toNode = r.present('to');
    let device: NameRef | undefined;
    if (!toNode) diags.error(map.range, `${what} needs to: (the device receiving it)`);
    else device = readName(toNode, `${what}: to`, diags);
    const size = r.size('size', 64, { integer: true, min: 1, max: 65535 });
    if (size < 60 && r.present('size')) diags.warning(r.rangeOf('size'), `${what}: an Ethernet frame is at least 60 bytes (64 with FCS)`);
    const flows = r.number('flows', 1, { integer: true, min: 1, max: 65536 });
    const dev = devices.find((d) => d.name === device?.name);
    const lineBps = dev?.lineRateBps ?? DEFAULT_LINE_RATE;
    const pps = readTrafficRate(r.present('rate'), what, size, lineBps, map.range, diags);
    const patternName = r.oneOf('pattern', TRAFFIC_PATTERNS, 'constant');
    let pattern: TrafficPattern = { kind: patternName } as TrafficPattern;
    if (patternName === 'bursty') {
      const burst = r.number('burst', 32, { integer: true, min: 1, max: 1_000_000 });
      // Default gap keeps the mean rate: a burst of frames at line rate, then the rest of the period idle.
      const frameNs = (8 * (size + 20) * 1e9) / lineBps;
      const periodNs = pps > 0 ? (burst * 1e9) / pps : 1e9;
      const defGap = Math.max(1, periodNs - (burst - 1) * frameNs);
      pattern = { kind: 'bursty', burst, gapNs: Math.round(r.duration('gap', defGap)) };
    } else {
      for (const k of ['burst', 'gap']) if (r.present(k)) diags.error(r.rangeOf(k), `${what}: ${k}: applies to pattern: bursty only`);
    }
    const startNs = Math.round(r.duration('start', 0));
    const stopNs = r.present('stop') ? Math.round(r.duration('stop', Infinity)) : Infinity;
    if (stopNs <= startNs) diags.error(r.rangeOf('stop'), `${what}: stop must come after start`);
    out.push({ device: device ?? { name: '', at: map.range }, at: map.range, pps, pattern, flows, size, startNs, stopNs });
  }
  return out;
}

/** `rate:` as packets/s, a bit rate for this frame size, or `line` (the device line rate). */
function readTrafficRate(n: LNode | undefined, what: string, size: number, lineBps: number, at: Range, diags: Diagnostics): number {
  if (!n) {
    diags.error(at, `${what} needs rate: (e.g. 800kpps, 1Gbps or line)`);
    return 0;
  }
  if (n.kind === 'scalar' && n.value === 'line') return lineRatePps(lineBps, size);
  if (n.kind === 'scalar' && typeof n.value === 'string' && /bps\s*$/.test(n.value)) {
    return lineRatePps(readQuantity(n, `${what}: rate`, lineBps, parseBitRate, {}, diags), size);
  }
  const pps = readQuantity(n, `${what}: rate`, 1, parseRate, {}, diags);
  // 0pps sends nothing at all: the engine needs a period between packets (remove the entry instead).
  if (!(pps > 0) || !Number.isFinite(1e9 / pps)) {
    diags.error(n.range, `${what}: rate must be more than 0 (a source sending nothing is no source: remove the entry)`);
    return 1;
  }
  return pps;
}

export function readTimers(node: LNode | undefined, policy: CpuPolicy, diags: Diagnostics): MTimer[] {
  const out: MTimer[] = [];
  for (const e of namedEntries(node, 'timers', diags)) {
    const what = `timer ${e.key}`;
    const map = asMap(e.value, what, diags, 'period:, handler:, cpu:, ipl:');
    if (!map) {
      diags.error(e.keyRange, `${what} needs period: and handler:`);
      continue;
    }
    const r = new MapReader(map, what, TIMER_KEYS, diags);
    if (!r.present('period')) diags.error(e.keyRange, `${what} needs period: (e.g. 1ms for hz=1000)`);
    const periodNs = Math.round(r.duration('period', 1e6, { min: 1 }));
    const hn = r.present('handler');
    let handler: NameRef | undefined;
    if (!hn) diags.error(e.keyRange, `${what} needs handler: (the function each tick runs)`);
    else handler = readName(hn, `${what}: handler`, diags);
    const ipl = r.number('ipl', DEFAULT_TIMER_IPL, { integer: true, min: 0, max: 15 });
    const base = { at: e.keyRange, periodNs, handler: handler ?? { name: '', at: e.keyRange }, ipl };
    const cpuNode = r.present('cpu');
    if (cpuNode && cpuNode.kind === 'scalar' && cpuNode.value === 'all') {
      for (let i = 0; i < policy.cpus; i++) out.push({ ...base, name: `${e.key}/${i}`, cpu: i });
    } else {
      const cpu = cpuNode ? (cpuNode.kind === 'scalar' && typeof cpuNode.value === 'string' ? badCpu(cpuNode, what, diags) : readCpu(cpuNode, `${what}: cpu`, policy, diags)) : placeCpu(map, 0, what, policy, diags);
      out.push({ ...base, name: e.key, cpu });
    }
  }
  return out;
}

function badCpu(n: LNode, what: string, diags: Diagnostics): number {
  diags.error(n.range, `${what}: cpu should be a CPU number or all, not ${describe(n)}`);
  return 0;
}
