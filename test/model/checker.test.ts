// Each fault the checker finds, at its exact line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorLines, withFunctions, lines, diagnose, errors } from './helpers';

// withFunctions() puts `functions:` on line 12 (13 with one extra thread line); steps start below it.

test('unknown names: locks, functions, thread entries, with did-you-mean', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - call: ip_inptu', '  ip_input: [ { work: 1us } ]'])), [
    '14:13 unknown function "ip_inptu" (did you mean `ip_input`?)',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main: [ { work: 1us } ]'], ['  u: { run: mian }'])), [
    '12:13 unknown function "mian" (did you mean `main`?)',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: Bb', '    - unlock: Bb'])), [
    '14:13 unknown lock "Bb" (did you mean `B`?)',
    '15:15 unknown lock "Bb" (did you mean `B`?)',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - count: hit'])), ['14:14 unknown counter "hit" (did you mean `hits`?)']);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - enqueue: ipintrq'])), ['14:16 unknown queue "ipintrq"; there is no queues: section declaring any']);
});

test('bad units and out-of-range values', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - work: 300 nss'])), [
    '14:13 work: unknown time unit "nss" in "300 nss"; use ns, us, µs, ms, s',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - work: 300'])), ['14:13 work: 300 needs a unit: write 300ns, 300us or 300ms']);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - branch:', '        - { p: 0.7, do: [] }', '        - { p: 0.6, do: [] }'])), [
    '14:7 branch probabilities add up to 1.3, more than 1',
  ]);
  assert.deepEqual(errorLines(lines('name: x', 'machine: { cpus: 0 }')), ['2:18 machine: cpus must be at least 1, not 0']);
  assert.deepEqual(errorLines(lines('name: x', 'run: { duration: 1ms, warmup: 2ms }')), ['2:23 run: warmup (2000000ns) must be shorter than duration (1000000ns)']);
  assert.deepEqual(errorLines(withFunctions(['  main: [ { work: 1us } ]'], ['  u: { run: main, cpu: 3 }'])), [
    '12:24 thread u: cpu: CPU 3 does not exist; the machine has 1 CPU (0–0)',
  ]);
});

test('unknown keys inside steps and step shapes', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - count: hits', '      by: 2', '      times: 3'])), [
    '16:7 unknown key "times" in a count step; beside count only by may appear',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lcok: A'])), [
    '14:7 unknown step "lcok" (did you mean `lock`?); a step is one of work, lock, unlock, read, write, synchronize, count, call, enqueue, dequeue, wakeup, branch, loop, timestamp, sleep, yield, transmit, drop, packet, dispatch, irq, poll_done, sum',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '      unlock: A'])), [
    '15:7 a step does one thing: put "lock" and "unlock" in separate list items (start each with "- ")',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - dequeue: q', '      if_emtpy: skip'], ['queues: { q: 16 }'])), [
    '16:7 unknown key "if_emtpy" in a dequeue step (did you mean `if_empty`?); beside dequeue only if_empty may appear',
  ]);
});

test('unlock without lock', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - work: 1us', '    - unlock: A'])), ['15:7 unlock of A, which is not held here']);
  // Held on one path only.
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - branch:', '        - { p: 0.5, do: [ { lock: A } ] }', '    - unlock: A'])), [
    '16:7 A may not be held here: some path to this unlock does not take it',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - read: RW', '      do:', '        - unlock: RW'])), [
    '16:11 RW was taken by the read block at line 14, which releases it itself; remove this unlock',
  ]);
});

test('a function that can return holding a lock', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '    - work: 1us'])), [
    '14:7 main returns holding A (taken here); unlock it on every path before the function ends',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '    - branch:', '        - { p: 0.5, do: [ { unlock: A } ] }', '        - do: [ { work: 1us } ]'])), [
    '14:7 main can return holding A (taken here); unlock it on every path before the function ends',
  ]);
  // A quota loop's dequeue can leave the loop with the lock still held.
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - loop: { quota: 8 }', '      do:', '        - lock: A', '        - dequeue: q', '        - unlock: A'], ['queues: { q: 16 }'])), [
    '17:11 main can return holding A (taken here); unlock it on every path before the function ends',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - loop: 4', '      do:', '        - lock: A'])), [
    '14:7 the loop body can end holding A (taken at line 16); each pass must release what it takes',
  ]);
});

test('recursion through call', () => {
  assert.deepEqual(errorLines(withFunctions(['  main: [ { call: a } ]', '  a: [ { call: b } ]', '  b: [ { call: a } ]'])), [
    '15:16 recursion: a → b → a; calls cannot form a cycle (each call is a stack frame of the trace)',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main: [ { work: 1us }, { call: main } ]'])), [
    '13:34 main calls itself; recursion is not allowed (each call is a stack frame of the trace)',
  ]);
});

test('lock-order inversion between functions, also through calls (WITNESS on the model)', () => {
  const text = withFunctions([
    '  main:', //          13
    '    - call: one', //  14
    '    - call: two', //  15
    '  one:', //           16
    '    - lock: A', //    17
    '    - lock: B', //    18
    '    - unlock: B',
    '    - unlock: A',
    '  two:', //           21
    '    - lock: B', //    22
    '    - call: takeA', //23
    '    - unlock: B',
    '  takeA:', //         25
    '    - lock: A', //    26
    '    - unlock: A',
  ]);
  assert.deepEqual(errorLines(text), [
    '23:7 lock order reversal: A taken while holding B (two line 23, via takeA line 26), but B taken while holding A (one line 18); two CPUs taking these paths at once can deadlock',
  ]);
  // The same order everywhere is fine.
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '    - lock: B', '    - unlock: B', '    - unlock: A', '    - call: f', '  f:', '    - lock: A', '    - call: g', '    - unlock: A', '  g: [ { lock: B }, { unlock: B } ]'])), []);
  // A three-lock cycle.
  const three = withFunctions([
    '  main: [ { call: x }, { call: y }, { call: z } ]',
    '  x: [ { lock: A }, { lock: B }, { unlock: B }, { unlock: A } ]',
    '  y: [ { lock: B }, { lock: S }, { unlock: S }, { unlock: B } ]',
    '  z: [ { lock: S }, { lock: A }, { unlock: A }, { unlock: S } ]',
  ]);
  const e = errorLines(three);
  assert.equal(e.length, 1);
  assert.match(e[0], /^16:23 lock order cycle: A taken while holding S \(z line 16\), but B taken while holding A \(x line 14\); S taken while holding B \(y line 15\)/);
});

test('self-deadlock: taking a held non-recursive lock, directly or in a callee', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '    - lock: A', '    - unlock: A', '    - unlock: A'])), [
    '15:7 A is already held here (taken at line 14) and it is not recursive (add recursive: true if it should be): this would deadlock',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: A', '    - call: inner', '    - unlock: A', '  inner:', '    - lock: A', '    - unlock: A'])), [
    '15:7 inner takes A (in inner, line 18), which is already held here (taken at line 14): self-deadlock',
  ]);
  // Recursive locks may be retaken (Giant).
  const giant = lines('name: g', 'locks: { Giant: { type: mutex, recursive: true } }', 'threads: { t: { run: main } }', 'functions:', '  main: [ { lock: Giant }, { call: f }, { unlock: Giant } ]', '  f: [ { lock: Giant }, { unlock: Giant } ]');
  assert.deepEqual(errorLines(giant), []);
});

test('sleeping under a spin lock, in a pserialize read section, or in interrupt context', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - lock: S', '    - sleep: 1us', '    - unlock: S'])), [
    '15:7 sleeping while holding spin lock S (taken at line 14); a spin lock holder cannot sleep',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - read: P', '      do: [ { call: nap } ]', '  nap: [ { sleep: 1us } ]'])), [
    '15:15 calling nap (which may sleep: nap, line 16) inside a pserialize read section of P (line 14); read sections cannot sleep',
  ]);
  assert.deepEqual(errorLines(lines('name: x', 'devices:', '  em0: { handler: rx }', 'functions:', '  rx:', '    - dequeue: rx', '    - sleep: 1us')), [
    "7:7 rx runs in interrupt context (from device em0's RX interrupt) and cannot sleep; hand the work to a thread (enqueue + a thread that dequeues)",
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - dequeue: rx'])), [
    '14:7 dequeue: rx takes from the RX ring whose interrupt is running, but main also runs from thread t, which has no ring; name a queue instead (or give the thread ring:)',
  ]);
});

test('lock types must suit the step', () => {
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - read: A', '      do: [ { work: 1us } ]'])), [
    '14:13 A is a mutex lock; a read section needs type: rw or pserialize (or use lock:/unlock:)',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main:', '    - synchronize: RW'])), ['14:20 synchronize waits for pserialize readers, but RW is a rw lock']);
  assert.deepEqual(errorLines(lines('name: x', 'locks: { L: { type: spin, wait: sleep } }')), [
    "2:27 lock L: a spin lock's waiters always spin; use type: mutex for wait: sleep",
  ]);
});

test('counted threads are woken one instance at a time; a per-CPU group means the waker\'s CPU', () => {
  assert.deepEqual(errorLines(withFunctions(['  main: [ { wakeup: w } ]', '  wf: [ { sleep } ]'], ['  w: { run: wf, count: 3 }'])), [
    '14:21 w is 3 threads (count:); wake one instance, e.g. wakeup: w/0',
  ]);
  assert.deepEqual(errorLines(withFunctions(['  main: [ { wakeup: w/0 } ]', '  wf: [ { sleep } ]'], ['  w: { run: wf, per_cpu: true }'])), []);
  assert.deepEqual(errorLines(withFunctions(['  main: [ { wakeup: w } ]', '  wf: [ { sleep } ]'], ['  w: { run: wf, per_cpu: true }'])), []);
});

test('warnings for what is declared and never used; warnings never block loading', () => {
  const d = diagnose(withFunctions(['  main: [ { work: 1us } ]']));
  assert.deepEqual(errors(withFunctions(['  main: [ { work: 1us } ]'])), []);
  const w = d.filter((x) => x.severity === 'warning').map((x) => `${x.line}:${x.column} ${x.message}`);
  assert.ok(w.includes('3:3 lock A is declared but never taken'), w.join('\n'));
  assert.ok(w.includes('9:3 counter hits is declared but never counted'), w.join('\n'));
});

test('every diagnostic has a file, a range and a message', () => {
  const d = diagnose(withFunctions(['  main:', '    - lock: X', '    - work: fast', '    - call: nowhere']), 'dir/m.smp.yaml');
  assert.ok(d.length >= 3);
  for (const x of d) {
    assert.equal(x.file, 'dir/m.smp.yaml');
    assert.ok(x.line >= 1 && x.column >= 1);
    assert.ok(x.endLine > x.line || (x.endLine === x.line && x.endColumn >= x.column));
    assert.ok(x.message.length > 10);
  }
});

test('interrupt handlers cannot loop forever; a quota loop without a dequeue is a warning', () => {
  assert.deepEqual(errorLines(lines('name: x', 'devices: { em0: { handler: rx } }', 'functions:', '  rx:', '    - loop: forever', '      do: [ { dequeue: rx }, { work: 1us } ]')), [
    "5:7 rx runs in interrupt context (from device em0's RX interrupt), so a loop: forever would never let the interrupt end; use a count or { quota: N }",
  ]);
  const d = diagnose(withFunctions(['  main:', '    - loop: { quota: 4 }', '      do: [ { work: 1us } ]']));
  assert.ok(d.some((x) => x.severity === 'warning' && x.line === 14 && /always runs the full quota/.test(x.message)));
});
