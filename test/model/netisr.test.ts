// netisrs: and the dispatch step: FreeBSD netisr protocols in the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { errorLines, diagnose, lines, mustLoad } from './helpers';
import { checkInvariants } from '../sim/invariants';

const MODEL = (netisr: string, extra: string[] = []) => lines(
  'name: n', //                                          1
  'machine: { cpus: 2 }', //                             2
  'netisrs:', //                                         3
  `  ip: ${netisr}`, //                                  4
  'devices:', //                                         5
  '  em0: { rx_queues: 2, handler: em_intr, irq: { affinity: spread } }', // 6
  'traffic:', //                                         7
  '  - { to: em0, rate: 200kpps, flows: 8 }', //         8
  'functions:', //                                       9
  '  em_intr:', //                                      10
  '    - loop: { quota: 8 }', //                        11
  '      do:', //                                       12
  '        - dequeue: rx', //                           13
  '        - work: 300ns', //                           14
  '        - dispatch: ip', //                          15
  '  ip_input: [ { work: 500ns }, { transmit: em0 } ]', // 16
  ...extra,
);

test('a netisr compiles to one queue, one softint thread and one swi_net loop per workstream', () => {
  const p = compileModel(mustLoad(MODEL('{ handler: ip_input, dispatch: deferred, threads: per_cpu, bind: true, qlimit: 100 }'), 'n.smp.yaml'));
  assert.equal(p.netisrs!.length, 1);
  const n = p.netisrs![0];
  assert.equal(n.mode, 'deferred');
  assert.deepEqual(n.queues.map((q) => [p.queues[q].name, p.queues[q].limit]), [['ip/0', 100], ['ip/1', 100]]);
  assert.deepEqual(n.threads.map((t) => [p.threads[t].name, p.threads[t].kind, p.threads[t].cpu, p.threads[t].startAsleep]), [['ip/0', 'softint', 0, true], ['ip/1', 'softint', 1, true]]);
  assert.equal(p.functions[n.handler].name, 'ip_input');
  const swi = p.functions[p.threads[n.threads[1]].entry];
  assert.equal(swi.name, 'swi_net');
  assert.deepEqual(swi.steps.map((s) => s.op), ['dequeue', 'call']);
  assert.equal((swi.steps[0] as { queue: number }).queue, n.queues[1]);
  assert.equal(p.sources[n.src].line, 4, 'the netisr links to its declaration');
  assert.equal(p.sources[swi.steps[1].src].line, 4);
  const d = p.functions.find((f) => f.name === 'em_intr')!.steps[0] as { body: { op: string; netisr?: number; src: number }[] };
  assert.equal(d.body[2].op, 'dispatch');
  assert.equal(d.body[2].netisr, 0);
  assert.equal(p.sources[d.body[2].src].line, 15);
});

test('threads: per_cpu follows the CPU count; defaults are direct, one thread, unbound, qlimit 256', () => {
  const m = mustLoad(MODEL('{ handler: ip_input }'));
  const p = compileModel(m, { cpus: 4 });
  const n = p.netisrs![0];
  assert.equal(n.mode, 'direct');
  assert.equal(n.threads.length, 1);
  assert.equal(p.threads[n.threads[0]].cpu, -1);
  assert.equal(p.queues[n.queues[0]].limit, 256);
  const per = compileModel(mustLoad(MODEL('{ handler: ip_input, threads: per_cpu }')), { cpus: 4 });
  assert.equal(per.netisrs![0].threads.length, 4);
  // (was: the removed loaded-model outline's 'direct dispatch, 1 thread, runs ip_input'; mode and threads are checked above)
  assert.equal(p.functions[n.handler].name, 'ip_input');
});

test('deferred dispatch runs the handler in the netisr threads; direct in the interrupt', () => {
  const run = (mode: string) => {
    const t = simulate(compileModel(mustLoad(MODEL(`{ handler: ip_input, dispatch: ${mode} }`)), { durationNs: 2e6 }));
    checkInvariants(t);
    return summarize(t);
  };
  const direct = run('direct');
  const deferred = run('deferred');
  const soft = (s: ReturnType<typeof summarize>) => s.cpus.reduce((a, c) => a + c.softint, 0);
  assert.equal(soft(direct), 0, 'direct: no softint time');
  assert.ok(soft(deferred) > 0.05, `deferred: the netisr thread runs (${soft(deferred)})`);
  assert.ok(deferred.cpus.reduce((a, c) => a + c.contextSwitches, 0) > direct.cpus.reduce((a, c) => a + c.contextSwitches, 0) + 50);
  assert.ok(direct.packets!.delivered > 300 && deferred.packets!.delivered > 300);
});

test('netisr mistakes are located, with did-you-mean', () => {
  assert.deepEqual(errorLines(MODEL('{ handler: ip_inptu, dispatch: defered, threads: 0 }')), [
    '4:18 unknown function "ip_inptu" (did you mean `ip_input`?)',
    '4:38 netisr ip: dispatch should be one of direct, hybrid, deferred, not "defered" (did you mean `deferred`?)',
    '4:56 netisr ip: threads (a number, or per_cpu) must be at least 1, not 0',
  ]);
  assert.deepEqual(errorLines(MODEL('{ handler: ip_input }').replace('dispatch: ip', 'dispatch: ipp')), [
    '15:21 unknown netisr "ipp" (did you mean `ip`?)',
  ]);
  assert.deepEqual(errorLines(MODEL('{ dispatch: direct }')), ['4:3 netisr ip needs handler: (the protocol\'s input function, e.g. ip_input)']);
  assert.deepEqual(errorLines(MODEL('{ handler: ip_input, qlimit: 20000 }')), ['4:36 netisr ip: qlimit must be at most 10240, not 20000']);
  // direct dispatch runs the handler in the interrupt: it may not sleep there
  assert.deepEqual(errorLines(MODEL('{ handler: ip_input }').replace('  ip_input: [ { work: 500ns }, { transmit: em0 } ]', '  ip_input: [ { sleep: 1us } ]')), [
    "16:17 ip_input runs in interrupt context (from device em0's RX interrupt) and cannot sleep; hand the work to a thread (enqueue + a thread that dequeues)",
  ]);
  // deferred: the handler runs only in the netisr thread, so it may
  assert.deepEqual(errorLines(MODEL('{ handler: ip_input, dispatch: deferred }').replace('  ip_input: [ { work: 500ns }, { transmit: em0 } ]', '  ip_input: [ { sleep: 1us } ]')), []);
  const w = diagnose(MODEL('{ handler: ip_input }', ['  other: [ { work: 1us } ]']).replace('  ip: {', '  ip: {').concat('netisrs2: 1\n'));
  assert.ok(w.some((d) => d.severity === 'error' && /unknown key "netisrs2"/.test(d.message) && /did you mean `netisrs`/.test(d.message)));
});

test('an unused netisr is a warning; a thread may not share its name', () => {
  const d = diagnose(MODEL('{ handler: ip_input }').replace('dispatch: ip', 'call: ip_input'));
  assert.ok(d.some((x) => x.severity === 'warning' && x.line === 4 && /netisr ip is declared but nothing dispatches to it/.test(x.message)));
  assert.deepEqual(errorLines(MODEL('{ handler: ip_input }', ['threads:', '  ip: { run: ip_input }'])).filter((e) => /same name/.test(e)), [
    '4:3 netisr ip has the same name as thread ip (its workstream threads are ip/0, …); rename one',
  ]);
});
