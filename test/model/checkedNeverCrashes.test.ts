// No model the checker passes may reach an internal error (issue 16): each
// reproducer below passed `smplab check` and then crashed `smplab run` with
// exit 70, or passed check and stopped the run as "deadlock", or overflowed
// the checker's own stack. Each now gets a located error from check, and the
// run refuses it the same way (exit 1, "nothing was run"); the model just
// inside each limit checks clean and runs to the end.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, loadModel, sweepPrograms } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { buildCliBefore, CLI } from '../cli/smplab';


/** Every step kind that names something, each naming a declared thing; the reproducers change one. */
const BASE = `name: probe
machine: { cpus: 2 }
locks:
  L: { type: mutex }
  P: { type: pserialize }
counters:
  c: { scope: shared }
queues:
  q: { limit: 16 }
netisrs:
  ip: { handler: h, dispatch: deferred, threads: 1 }
devices:
  nic:
    rx_queues: 1
    ring: 64
    handler: intr
    tx_ring: 64
threads:
  t: { kind: kernel, run: f }
  w: { kind: kernel, run: g, asleep: true }
traffic:
  - { to: nic, rate: 100kpps, size: 64 }
functions:
  intr:
    - dequeue: rx
    - dispatch: ip
  h:
    - work: 100ns
  g:
    - work: 100ns
  f:
    - lock: L
    - count: c
    - unlock: L
    - enqueue: q
    - { dequeue: q, if_empty: skip }
    - wakeup: w
    - synchronize: P
    - transmit: nic
    - call: g
run: { duration: 100us }
`;

function variant(from: string, to: string): string {
  assert.ok(BASE.includes(from), from);
  return BASE.replace(from, to);
}

/** `n` functions d0 → d1 → … each calling the next; f calls d0. */
function chain(n: number): string {
  const fns = Array.from({ length: n }, (_, i) => `  d${i}:\n    - call: d${i + 1}\n`).join('') + `  d${n}:\n    - work: 10ns\n`;
  return BASE.replace('    - call: g\n', '    - call: d0\n').replace('functions:\n', `functions:\n${fns}`);
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

interface Case { name: string; text: string; line: number; message: RegExp }

const empty = (op: string, from: string, to: string, message = new RegExp(`^${op} should be a name, not an empty string$`)): Case => {
  const text = variant(from, to);
  return { name: `${op}: ""`, text, line: lineOf(text, to.trim()), message };
};

const cases: Case[] = [
  empty('call', '- call: g', '- call: ""'),
  empty('lock', '- lock: L', '- lock: ""'),
  empty('count', '- count: c', '- count: ""'),
  empty('enqueue', '- enqueue: q', '- enqueue: ""'),
  empty('dequeue', '- { dequeue: q, if_empty: skip }', '- { dequeue: "", if_empty: skip }'),
  empty('wakeup', '- wakeup: w', '- wakeup: ""'),
  empty('dispatch', '- dispatch: ip', '- dispatch: ""'),
  empty('synchronize', '- synchronize: P', '- synchronize: ""'),
  empty('transmit', '- transmit: nic', '- transmit: ""'),
  (() => {
    const text = variant('rate: 100kpps', 'rate: 0pps');
    return { name: 'rate: 0pps', text, line: lineOf(text, '0pps'), message: /^traffic\[0\]: rate must be more than 0/ };
  })(),
  (() => {
    const text = variant('traffic:', 'sweep: { traffic.0.rate: [0pps, 100kpps] }\ntraffic:');
    return { name: 'a sweep point of 0pps', text, line: lineOf(text, 'sweep:'), message: /^sweep point rate=0pps: traffic\[0\]: rate must be more than 0/ };
  })(),
  (() => {
    const groups = Array.from({ length: 66 }, (_, i) => `  m${i}: { kind: kernel, run: g, count: 1000, asleep: true }`).join('\n');
    const text = variant('  w: { kind: kernel, run: g, asleep: true }', `  w: { kind: kernel, run: g, asleep: true }\n${groups}`);
    return { name: '66,003 thread instances', text, line: lineOf(text, '  m65:'), message: /^66,003 thread instances \(declared threads and netisr workstreams\) in all, more than the 65,534 the engine can tell apart; thread m65\/532 takes the count past it$/ };
  })(),
  (() => {
    const text = variant('  P: { type: pserialize }', '  P: { type: pserialize }\n  PC: { type: mutex, per_cpu: true }').replace('cpus: 2', 'cpus: 256')
      .replace('locks:\n', `locks:\n${Array.from({ length: 256 }, (_, i) => `  X${i}: { type: mutex, per_cpu: true }`).join('\n')}\n`);
    return { name: '257 per-CPU locks on 256 CPUs', text, line: lineOf(text, '  X255:'), message: /^65,794 lock instances \(a per-CPU lock is one per CPU\) in all, more than the 65,534/ };
  })(),
  (() => {
    // per_stack instances count too: 17 such locks on 4,096 stacks passed check, then the run said "too many locks".
    const text = variant('cpus: 2 }', 'cpus: 2, stacks: 4096 }')
      .replace('locks:\n', `locks:\n${Array.from({ length: 16 }, (_, i) => `  S${i}: { type: mutex, per_stack: true }`).join('\n')}\n`);
    return { name: '16 per-stack locks on 4,096 stacks', text, line: lineOf(text, '  S15:'), message: /^65,538 lock instances \(a per-CPU lock is one per CPU\) in all, more than the 65,534/ };
  })(),
  (() => {
    // Per-stack queues are sampled series: past 65,535 their ids wrapped, and the trace written could not be read back.
    const text = variant('cpus: 2 }', 'cpus: 2, stacks: 4096 }')
      .replace('queues:\n', `queues:\n${Array.from({ length: 16 }, (_, i) => `  Q${i}: { limit: 4, per_stack: true }`).join('\n')}\n`);
    return { name: '16 per-stack queues on 4,096 stacks', text, line: lineOf(text, '  Q15:'), message: /^65,543 counters and queues \(each a sampled series of the trace\) in all, more than the 65,534/ };
  })(),
  (() => {
    // Packets in flight live outside the worker's capped heap: 100 NICs of 64 x 65,536-slot rings grew to 3.7 GB.
    const nics = Array.from({ length: 9 }, (_, i) => `  big${i}: { rx_queues: 64, ring: 65536, handler: intr, tx_ring: 65536 }`).join('\n');
    const text = variant('devices:\n', `devices:\n${nics}\n`);
    return { name: 'rings for 38.3 M packets', text, line: lineOf(text, '  big7:'), message: /^rings and queues that hold 38,338,960 packets in all, more than the 33,554,432 a run may keep in flight \(about 1 GB of engine state\); device big7 takes the count past it/ };
  })(),
  (() => {
    const text = chain(3000);
    return { name: 'a call chain of 3,000 (overflowed the checker)', text, line: lineOf(text, '    - call: d63'), message: /^calls nest 3002 deep from thread t \(f → d0 → d1 → … → d62 → d63\); the engine keeps at most 64 frames/ };
  })(),
  (() => {
    const text = chain(64);
    return { name: 'a call chain 65 frames deep (checked, then "deadlock")', text, line: lineOf(text, '    - call: d63'), message: /^calls nest 66 deep from thread t/ };
  })(),
  (() => {
    // Through a netisr: its thread runs swi_net, which calls the handler — one frame more.
    const text = chain(62).replace('  h:\n    - work: 100ns\n', '  h:\n    - call: d0\n').replace('dispatch: deferred', 'dispatch: deferred');
    return { name: 'a netisr handler chain one frame too deep', text, line: lineOf(text, '    - call: d62'), message: /^calls nest 65 deep from netisr ip's thread/ };
  })(),
];

const tempDir = buildCliBefore('smplab-checked-');

for (const c of cases) {
  test(`refused by check with a located error, and by run: ${c.name}`, () => {
    const r = loadModel(c.text, 'probe.smp.yaml');
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(r.model, undefined, 'the model does not load');
    const hit = errors.find((d) => c.message.test(d.message));
    assert.ok(hit, `expected ${c.message}, got:\n${errors.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n')}`);
    assert.equal(hit.line, c.line, `${hit.line}:${hit.column} ${hit.message}`);
    // The CLI: check says file:line:col, run refuses without an internal error (exit 70).
    const file = join(tempDir(), `${c.name.replace(/\W+/g, '-')}.smp.yaml`);
    writeFileSync(file, c.text);
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, new RegExp(`:${c.line}:${hit.column}: error: `));
    const run = spawnSync(process.execPath, [CLI, 'run', file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(run.stderr, /nothing was run/);
  });
}

test('just inside each limit: checks clean and runs to the end (64 frames deep, 65,534 thread instances)', () => {
  const deep = loadModel(chain(62), 'deep.smp.yaml');
  assert.ok(deep.model, deep.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const t = simulate(compileModel(deep.model, {}));
  assert.equal(t.meta.stopReason, 'completed', t.meta.stopDetail);
  assert.ok(t.meta.stackParent.length > 64, 'the chain ran: its stacks are in the trace');

  // 65,534 thread instances in all: t, w, the netisr's thread and 65,531 counted ones (64 x 1,000 + 1,531).
  const groups = [...Array.from({ length: 64 }, (_, i) => `  m${i}: { kind: kernel, run: g, count: 1000, asleep: true }`), '  n: { kind: kernel, run: g, count: 1024, asleep: true }', '  o: { kind: kernel, run: g, count: 507, asleep: true }'].join('\n');
  const many = loadModel(variant('  w: { kind: kernel, run: g, asleep: true }', `  w: { kind: kernel, run: g, asleep: true }\n${groups}`).replace('duration: 100us', 'duration: 20us'), 'many.smp.yaml');
  assert.ok(many.model, many.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  const p = compileModel(many.model, {});
  assert.equal(p.threads.length, 65_534);
  assert.equal(simulate(p).meta.stopReason, 'completed');
  for (const sp of sweepPrograms(many.model, {})) assert.ok(sp.program.threads.length <= 65_534);
});
