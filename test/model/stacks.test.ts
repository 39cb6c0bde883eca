// machine.stacks with per_stack declarations (vimage), per_queue counters and
// the sum step, through the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { CpuState, SpanKind } from '../../src/trace/schema';
import { errorLines, lines, mustLoad } from './helpers';

const model = (machine: string, counter = '{ scope: percpu, per_stack: true }') => lines(
  'name: stacks',
  `machine: ${machine}`,
  'locks:',
  '  V_lock: { type: mutex, per_stack: true }',
  'counters:',
  `  V_stat: ${counter}`,
  'queues:',
  '  V_q: { limit: 8, per_stack: true }',
  'threads:',
  '  poller: { run: poll, cpu: 0 }',
  'functions:',
  '  poll:',
  '    - sum: V_stat',
  '    - sleep: 1ms',
  'run: { duration: 3500us }',
);

test('per_stack declarations have machine.stacks instances, NAME#k', () => {
  const p = compileModel(mustLoad(model('{ cpus: 2, stacks: 4 }')));
  assert.deepEqual(p.locks.map((l) => l.name), ['V_lock#0', 'V_lock#1', 'V_lock#2', 'V_lock#3']);
  assert.deepEqual(p.queues.map((q) => q.name), ['V_q#0', 'V_q#1', 'V_q#2', 'V_q#3']);
  assert.equal(p.counters[0].stacks, 4);
  assert.deepEqual(compileModel(mustLoad(model('{ cpus: 2 }'))).locks.map((l) => l.name), ['V_lock#0']);
  const both = model('{ cpus: 2 }').replace('V_lock: { type: mutex, per_stack: true }', 'V_lock: { type: mutex, per_stack: true, per_cpu: true }');
  assert.deepEqual(errorLines(both), ['4:26 lock V_lock: use either per_cpu: true or per_stack: true, not both']);
});

/** Kernel time of each poll (one `sum:` of the counter). */
function pollNs(machine: string, counter?: string): number {
  const t = simulate(compileModel(mustLoad(model(machine, counter))));
  const sp = t.tables.spans;
  let total = 0;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.CpuState && sp.sub[i] === CpuState.Kernel && t.meta.frameName[t.meta.stackFrame[sp.stack[i]]] !== undefined) {
    const frame = t.meta.stackFrame[sp.stack[i]];
    if (t.meta.strings[t.meta.frameName[frame]] === 'poll') total += sp.dur[i];
  }
  return total / 4; // polls at 0, 1, 2, 3 ms
}

test('sum: a per-CPU counter costs stacks × (one local line + a transfer per other CPU); a shared one, a line per stack', () => {
  // costs: atomic_local 20 ns, cache_line_transfer 100 ns
  assert.equal(pollNs('{ cpus: 4, stacks: 1 }'), 20 + 3 * 100);
  assert.equal(pollNs('{ cpus: 4, stacks: 16 }'), 16 * (20 + 3 * 100));
  assert.equal(pollNs('{ cpus: 8, stacks: 16 }'), 16 * (20 + 7 * 100));
  // shared lines never written: each a transfer the first time, then this CPU's own
  assert.equal(pollNs('{ cpus: 8, stacks: 16 }', '{ scope: shared, per_stack: true }'), (16 * 100 + 3 * 16 * 20) / 4);
});
