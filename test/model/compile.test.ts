// What models compile to: the engine's Program, with a source per step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, sweepPrograms, ModelError, loadModel } from '../../src/model/index';
import type { Program, Step } from '../../src/sim/program';
import { lines, mustLoad, errorLines } from './helpers';

const src = (p: Program, s: { src: number }) => p.sources[s.src];
const fnOf = (p: Program, name: string) => p.functions.find((f) => f.name === name)!;

const RW_MODEL = lines(
  'name: rw', //                                 1
  'locks:', //                                    2
  '  rt: { type: rw }', //                        3
  '  ps: { type: pserialize, grace: 2us }', //    4
  '  wl: { type: mutex }', //                     5
  'threads:', //                                  6
  '  reader: { run: lookup, per_cpu: true }', //  7
  '  writer: { run: update, cpu: 1 }', //         8
  'machine: { cpus: 2 }', //                      9
  'functions:', //                               10
  '  lookup:', //                                11
  '    - read: rt', //                           12
  '      do:', //                                13
  '        - work: { exp: 120ns }', //           14
  '    - read: ps', //                           15
  '      do: [ { work: 50ns } ]', //             16
  '  update:', //                                17
  '    - sleep: { uniform: [1ms, 2ms] }', //     18
  '    - lock: wl', //                           19
  '    - write: ps', //                          20
  '      do:', //                                21
  '        - work: 300ns', //                    22
  '    - unlock: wl', //                         23
);

test('a read block becomes lock(read) / body / unlock, each with its own source on the right line', () => {
  const p = compileModel(mustLoad(RW_MODEL, 'm/rw.smp.yaml'));
  const steps = fnOf(p, 'lookup').steps;
  assert.deepEqual(steps.map((s) => s.op), ['lock', 'work', 'unlock', 'lock', 'work', 'unlock']);
  const [lk, w, ul] = steps as [Step & { op: 'lock' }, Step, Step & { op: 'unlock' }];
  assert.equal(lk.mode, 'read');
  assert.equal(p.locks[lk.lock].name, 'rt');
  assert.equal(ul.lock, lk.lock);
  assert.deepEqual(src(p, lk), { file: 'm/rw.smp.yaml', line: 12, column: 7, endLine: 12, endColumn: 15, fn: 'lookup' });
  assert.equal(src(p, w).line, 14);
  assert.equal(src(p, w).column, 11);
  assert.equal(src(p, ul).line, 12);
  assert.deepEqual((w as Step & { op: 'work' }).dist, { kind: 'exp', mean: 120 });
  const ids = steps.map((s) => s.src);
  assert.equal(new Set(ids).size, ids.length, 'every step has its own source id');
});

test('a write block on a pserialize lock ends with synchronize before the unlock', () => {
  const p = compileModel(mustLoad(RW_MODEL));
  const steps = fnOf(p, 'update').steps;
  assert.deepEqual(steps.map((s) => s.op), ['sleep', 'lock', 'lock', 'work', 'synchronize', 'unlock', 'unlock']);
  const ps = p.locks.findIndex((l) => l.name === 'ps');
  const sync = steps[4] as Step & { op: 'synchronize' };
  assert.equal(sync.lock, ps);
  assert.equal((steps[2] as Step & { op: 'lock' }).mode, 'exclusive');
  assert.equal(p.sources[sync.src].line, 20);
  assert.equal(p.locks[ps].graceNs, 2000);
  assert.deepEqual((steps[0] as Step & { op: 'sleep' }).dist, { kind: 'uniform', min: 1e6, max: 2e6 });
});

test('per-CPU threads, bound CPUs, user mode for user-thread entries, function frames', () => {
  const p = compileModel(mustLoad(RW_MODEL));
  assert.deepEqual(p.threads.map((t) => [t.name, t.cpu, t.kind, t.priority]), [
    ['reader/0', 0, 'kernel', 150],
    ['reader/1', 1, 'kernel', 150],
    ['writer', 1, 'kernel', 150],
  ]);
  const f = fnOf(p, 'lookup');
  assert.deepEqual(p.sources[f.src], { file: 'test.smp.yaml', line: 11, column: 3, endLine: 11, endColumn: 9, fn: 'lookup' });
  const q = mustLoad(lines('name: q', 'threads: { w: { kind: user, run: loop } }', 'functions:', '  loop: [ { work: 1us }, { call: k } ]', '  k: [ { work: 1us } ]'));
  const qp = compileModel(q);
  assert.equal(fnOf(qp, 'loop').mode, 'user');
  assert.equal(fnOf(qp, 'k').mode, 'kernel');
  assert.equal(qp.threads[0].priority, 100);
});

const NIC_MODEL = lines(
  'name: nic', //                                                   1
  'machine: { cpus: 4, timecounter: hpet, costs: { ipi: 1us } }', // 2
  'counters: { ipstat.ips_forward: percpu }', //                    3
  'queues: { ipintrq: 512 }', //                                    4
  'devices:', //                                                    5
  '  em0:', //                                                      6
  '    rx_queues: 4', //                                            7
  '    ring: 128', //                                               8
  '    handler: em_intr', //                                        9
  '    coalesce: 20us', //                                         10
  '    irq: { affinity: [0, 2] }', //                              11
  '    tx_ring: none', //                                          12
  '    line_rate: 1Gbps', //                                       13
  'traffic:', //                                                   14
  '  - { to: em0, rate: 500Mbps, size: 64, flows: 4, pattern: poisson }', // 15
  '  - { to: em0, rate: 100kpps, pattern: bursty, burst: 10, start: 1ms, stop: 2ms }', // 16
  'threads:', //                                                   17
  '  netisr: { kind: softint, run: swi, asleep: true }', //        18
  'functions:', //                                                 19
  '  em_intr:', //                                                 20
  '    - loop: { quota: 16 }', //                                  21
  '      do:', //                                                  22
  '        - dequeue: rx', //                                      23
  '        - enqueue: ipintrq', //                                 24
  '    - wakeup: netisr', //                                       25
  '  swi:', //                                                     26
  '    - dequeue: ipintrq', //                                     27
  '    - count: ipstat.ips_forward', //                            28
  '      by: 2', //                                                29
  '    - branch:', //                                              30
  '        - { p: 10%, do: [ { drop: ttl } ] }', //                31
  '        - do: [ { transmit: local } ]', //                      32
  '    - timestamp', //                                            33
);

test('devices, rings, queues and traffic compile to indexes with unit conversions', () => {
  const p = compileModel(mustLoad(NIC_MODEL));
  assert.equal(p.machine.timecounter.readNs, 1200);
  assert.equal(p.machine.costs.ipi, 1000);
  assert.equal(p.machine.costs.contextSwitch, 1100, 'unset costs keep their defaults');
  assert.deepEqual(p.queues.map((q) => [q.name, q.limit]), [['ipintrq', 512], ['em0.rx0', 128], ['em0.rx1', 128], ['em0.rx2', 128], ['em0.rx3', 128]]);
  const d = p.devices[0];
  assert.deepEqual(d.rx.map((r) => [p.queues[r.ring].name, r.cpu, p.functions[r.handler].name, r.coalesceNs]), [
    ['em0.rx0', 0, 'em_intr', 20000], ['em0.rx1', 2, 'em_intr', 20000], ['em0.rx2', 0, 'em_intr', 20000], ['em0.rx3', 2, 'em_intr', 20000],
  ]);
  assert.equal(d.txRing, -1);
  assert.equal(d.lineRateBps, 1e9);
  const [t0, t1] = p.traffic;
  assert.equal(Math.round(t0.pps), Math.round(500e6 / (8 * 84)), 'a bit rate becomes packets/s for the frame size');
  assert.deepEqual(t0.pattern, { kind: 'poisson' });
  assert.equal(t0.flows, 4);
  assert.equal(t1.pps, 100_000);
  assert.equal(t1.startNs, 1e6);
  assert.equal(t1.stopNs, 2e6);
  // Bursty default gap keeps the mean rate: 10 frames every 100us, 9 of them 672ns apart at 1Gbps.
  assert.deepEqual(t1.pattern, { kind: 'bursty', burst: 10, gapNs: Math.round(100_000 - 9 * 672) });
  assert.equal(t0.stopNs, Infinity);
  assert.equal(p.sources[t0.src].line, 15);
});

test('dequeue: rx is queue -1; quota loops break on an empty ring; defaults of if_empty', () => {
  const p = compileModel(mustLoad(NIC_MODEL));
  const intr = fnOf(p, 'em_intr').steps;
  const loop = intr[0] as Step & { op: 'loop' };
  assert.equal(loop.op, 'loop');
  assert.equal(loop.count, 16);
  assert.deepEqual(loop.body[0], { op: 'dequeue', queue: -1, ifEmpty: 'break', src: loop.body[0].src });
  assert.equal(p.sources[loop.body[0].src].line, 23);
  assert.deepEqual(intr[1], { op: 'wakeup', thread: 0, src: intr[1].src });
  const swi = fnOf(p, 'swi').steps;
  assert.deepEqual(swi.map((s) => s.op), ['dequeue', 'count', 'branch', 'timestamp']);
  assert.equal((swi[0] as Step & { op: 'dequeue' }).ifEmpty, 'block');
  assert.equal((swi[1] as Step & { op: 'count' }).n, 2);
  const br = swi[2] as Step & { op: 'branch' };
  assert.deepEqual(br.arms.map((a) => a.p), [0.1, 0.9], 'the last arm without p takes the rest');
  assert.deepEqual(br.arms[0].body.map((s) => s.op), ['drop']);
  assert.deepEqual(br.arms[1].body[0], { op: 'transmit', device: -1, src: br.arms[1].body[0].src });
  assert.equal(p.sources[swi[3].src].line, 33);
  assert.equal(p.threads[0].startAsleep, true);
  assert.equal(p.threads[0].priority, 200);
});

const FWD = lines(
  'name: fwd', //                                                 1
  'machine: { cpus: 4 }', //                                      2
  'locks: { Giant: { type: mutex, recursive: true }, rt: mutex }', // 3
  'devices: { wm0: { rx_queues: 4, handler: rx, irq: { affinity: [0, 1, 2, 3] } } }', // 4
  'traffic: [ { to: wm0, rate: 1Mpps } ]', //                     5
  'functions:', //                                                6
  '  rx:', //                                                     7
  '    - dequeue: rx', //                                         8
  '    - lock: Giant', //                                         9
  '    - lock: rt', //                                           10
  '    - work: 200ns', //                                        11
  '    - unlock: rt', //                                         12
  '    - unlock: Giant', //                                      13
  'variants:', //                                               14
  '  mpsafe:', //                                               15
  '    description: no Giant', //                               16
  '    remove: [ functions.rx.lock=Giant, functions.rx.unlock=Giant ]', // 17
  '  slow:', //                                                 18
  '    set:', //                                                19
  '      functions.rx.work: { exp: 400ns }', //                  20
  '      machine.cpus: 2', //                                   21
  '  counted:', //                                              22
  '    set:', //                                                23
  '      counters.drops: shared', //                             24
  '      functions.rx: [ { dequeue: rx }, { count: drops } ]', // 25
  'sweep: { machine.cpus: [1, 2, 8] }', //                      26
  'run: { duration: 2ms, seed: 7 }', //                         27
);

test('variants remove steps by path and set any value; set values link to the variant line', () => {
  const m = mustLoad(FWD);
  assert.deepEqual(m.variants.map((v) => [v.name, v.description, v.at.line]), [['mpsafe', 'no Giant', 15], ['slow', '', 18], ['counted', '', 22]]);
  const base = compileModel(m);
  assert.deepEqual(fnOf(base, 'rx').steps.map((s) => s.op), ['dequeue', 'lock', 'lock', 'work', 'unlock', 'unlock']);
  const mp = compileModel(m, { variant: 'mpsafe' });
  const rx = fnOf(mp, 'rx').steps;
  assert.deepEqual(rx.map((s) => s.op), ['dequeue', 'lock', 'work', 'unlock']);
  assert.equal(mp.locks[(rx[1] as Step & { op: 'lock' }).lock].name, 'rt');
  const slow = compileModel(m, { variant: 'slow' });
  assert.equal(slow.machine.cpus, 2);
  // A variant that changes the CPU count wraps the file's CPU numbers, as a sweep point does.
  assert.deepEqual(slow.devices[0].rx.map((r) => r.cpu), [0, 1, 0, 1]);
  const srx = fnOf(slow, 'rx').steps;
  assert.deepEqual((srx[3] as Step & { op: 'work' }).dist, { kind: 'exp', mean: 400 });
  assert.equal(slow.sources[srx[3].src].line, 11, 'setting a step value keeps the step on its own line');
  const counted = compileModel(m, { variant: 'counted' });
  assert.deepEqual(counted.counters.map((c) => c.name), ['drops'], 'a section the file lacks is created');
  const crx = fnOf(counted, 'rx').steps;
  assert.deepEqual(crx.map((s) => s.op), ['dequeue', 'count']);
  assert.equal(counted.sources[crx[1].src].line, 25, 'steps a variant brings link to the variant line');
});

test('variant edits are checked: an unbalanced removal and a bad path are located errors', () => {
  const bad = FWD.replace('remove: [ functions.rx.lock=Giant, functions.rx.unlock=Giant ]', 'remove: [ functions.rx.lock=Giant, functions.rx.unlok ]');
  assert.deepEqual(errorLines(bad), [
    '13:7 variant mpsafe: unlock of Giant, which is not held here',
    '17:40 variant mpsafe: cannot remove functions.rx.unlok: functions.rx is a list: choose an item by number (functions.rx.0) or a step by its action (lock, lock=NAME, …) (did you mean `unlock`?)',
  ]);
  const ambiguous = FWD.replace('remove: [ functions.rx.lock=Giant, functions.rx.unlock=Giant ]', 'remove: [ functions.rx.lock ]');
  assert.deepEqual(errorLines(ambiguous), ['17:15 variant mpsafe: cannot remove functions.rx.lock: functions.rx has 2 lock steps (lines 9, 10); say which with lock=NAME or a number']);
});

test('sweeps give one program per point; CPU numbers wrap on smaller machines', () => {
  const m = mustLoad(FWD);
  assert.deepEqual(m.sweep?.points, [{ label: 'cpus=1', x: 1 }, { label: 'cpus=2', x: 2 }, { label: 'cpus=8', x: 8 }]);
  const runs = sweepPrograms(m);
  assert.deepEqual(runs.map((r) => [r.label, r.x, r.program.machine.cpus]), [['cpus=1', 1, 1], ['cpus=2', 2, 2], ['cpus=8', 8, 8]]);
  assert.deepEqual(runs[1].program.devices[0].rx.map((r) => r.cpu), [0, 1, 0, 1]);
  assert.deepEqual(runs[0].program.devices[0].rx.map((r) => r.cpu), [0, 0, 0, 0]);
  const mp = sweepPrograms(m, { variant: 'mpsafe', seed: 3 });
  assert.equal(fnOf(mp[2].program, 'rx').steps.length, 4);
  assert.ok(mp.every((r) => r.program.run.seed === 3));
  assert.deepEqual(sweepPrograms(mustLoad(RW_MODEL)), [], 'no sweep, no programs');
});

test('a sweep point that breaks the model is an error at the point', () => {
  assert.deepEqual(errorLines(FWD.replace('sweep: { machine.cpus: [1, 2, 8] }', 'sweep: { machine.cpus: [1, 0] }')), [
    '26:28 sweep point cpus=0: machine: cpus must be at least 1, not 0',
  ]);
  assert.deepEqual(errorLines(FWD.replace('sweep: { machine.cpus: [1, 2, 8] }', 'sweep: { traffic.0.rate: [1Mpps, 2Mbit] }')), [
    '26:34 sweep point rate=2Mbit: traffic[0]: rate: unknown rate unit "Mbit" in "2Mbit"; use pps, kpps, Mpps, Gpps',
  ]);
  const rates = sweepPrograms(mustLoad(FWD.replace('sweep: { machine.cpus: [1, 2, 8] }', 'sweep:\n  traffic[0].rate: [500kpps, 2Mpps]')));
  assert.deepEqual(rates.map((r) => [r.label, r.x, r.program.traffic[0].pps]), [['rate=500kpps', 500000, 500000], ['rate=2Mpps', 2e6, 2e6]]);
});

test('compile options override seed, duration and CPUs; bad options are ModelErrors', () => {
  const m = mustLoad(FWD);
  const p = compileModel(m, { seed: 9, durationNs: 5e6, cpus: 2 });
  assert.equal(p.run.seed, 9);
  assert.equal(p.run.durationNs, 5e6);
  assert.equal(p.machine.cpus, 2);
  assert.deepEqual(p.devices[0].rx.map((r) => r.cpu), [0, 1, 0, 1]);
  assert.equal(compileModel(m).run.seed, 7);
  assert.throws(() => compileModel(m, { variant: 'mpsafee' }), (e: Error) => e instanceof ModelError && /no variant "mpsafee" \(did you mean `mpsafe`\?\); the variants are mpsafe, slow, counted/.test(e.message));
  assert.throws(() => compileModel(m, { cpus: 0 }), /cpus must be a whole number from 1 to 256/);
  assert.throws(() => compileModel(m, { seed: -1 }), /seed must be a whole number/);
});

test('a model with errors never yields a Model; warnings still do', () => {
  const r = loadModel(FWD.replace('- lock: rt', '- lock: rtt'), 'x.smp.yaml');
  assert.equal(r.model, undefined);
  assert.ok(r.diagnostics.some((d) => d.severity === 'error'));
  const w = loadModel(FWD.replace("'name: fwd'", '').replace('name: fwd\n', ''), 'x.smp.yaml');
  assert.ok(w.model, 'a missing name is only a warning');
  assert.ok(w.diagnostics.some((d) => d.severity === 'warning' && /no name/.test(d.message)));
});
