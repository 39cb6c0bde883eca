// The line formats perf prints across versions and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrame, parseHeader } from '../../../src/trace/import/perf/lineParse';
import { lockType, parseContentionBegin, parseSwitch, parseWake } from '../../../src/trace/import/perf/fields';
import { importPerfScriptText } from '../../../src/trace/import/perfScript';
import { FlowKind, SpanKind } from '../../../src/trace/schema';

test('event headers: comm with spaces, pid/tid, --ns clock, a sample period', () => {
  assert.deepEqual(parseHeader('npm install nod  7903 [000]   393.437245:       sched:sched_switch: prev_comm=x'),
    { comm: 'npm install nod', tid: 7903, pid: -1, cpu: 0, ns: 393_437_245_000, event: 'sched:sched_switch', fields: 'prev_comm=x', inline: null });
  const h = parseHeader('            perf  100/101 [003] 12.000000001:     10101010 cpu-clock:ppp: ')!;
  assert.deepEqual([h.tid, h.pid, h.cpu, h.ns, h.event], [101, 100, 3, 12_000_000_001, 'cpu-clock:ppp']);
  // An event recorded without a call chain in a -g capture: its address ends the header line.
  const sw = parseHeader('            perf  2127/2127  [000]   896.761567459:    sched:sched_switch: prev_comm=perf prev_pid=2127 prev_prio=120 prev_state=D ==> next_comm=migration/0 next_pid=18 next_prio=0 ffffffff82249848 __schedule+0x628 ([kernel.kallsyms])')!;
  assert.equal(sw.fields, 'prev_comm=perf prev_pid=2127 prev_prio=120 prev_state=D ==> next_comm=migration/0 next_pid=18 next_prio=0');
  assert.deepEqual(sw.inline, { name: '__schedule', user: false, site: '__schedule+0x628', symbol: true });
  assert.equal(parseHeader(':-1    -1 [001]   782.754769: sched:sched_stat_runtime: comm=esbuild')!.tid, -1);
  assert.equal(parseHeader('\tffffffff82203efe __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])'), null);
});

test('call-chain lines: offsets dropped from the name (kept in the site), unknown symbols named by their object, user vs kernel', () => {
  assert.deepEqual(parseFrame('\tffffffff82203efe __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])'), { name: '__pv_queued_spin_lock_slowpath', user: false, site: '__pv_queued_spin_lock_slowpath+0x10e', symbol: true });
  assert.deepEqual(parseFrame('\t          86853f node::Start(int, char**)+0x58f (/usr/bin/node)'), { name: 'node::Start(int, char**)', user: true, site: 'node::Start(int, char**)+0x58f', symbol: true });
  assert.deepEqual(parseFrame('\t          146f7c [unknown] (/usr/bin/perf)'), { name: '[perf]', user: true, site: '[perf] 0x146f7c', symbol: false });
  assert.deepEqual(parseFrame('\t      1e00000000 [unknown] ([unknown])'), { name: '[unknown]', user: true, site: '[unknown] 0x1e00000000', symbol: false });
});

test('sched_switch and wake-up fields in the kernel format and in libtraceevent\'s plugin format', () => {
  const k = parseSwitch('prev_comm=npm install nod prev_pid=7903 prev_prio=120 prev_state=R+ ==> next_comm=perf next_pid=7077 next_prio=120');
  assert.deepEqual(k, { prevComm: 'npm install nod', prevPid: 7903, prevPrio: 120, prevState: 'R+', nextComm: 'perf', nextPid: 7077, nextPrio: 120 });
  // A comm that holds the keys themselves: the last " prev_pid=" before the arrow and the last " next_pid=" after it count.
  assert.deepEqual(parseSwitch('prev_comm=a prev_pid=5 prev_prio=6 prev_state=S prev_pid=7903 prev_prio=120 prev_state=R ==> next_comm=b next_pid=1 next_prio=2'),
    { prevComm: 'a prev_pid=5 prev_prio=6 prev_state=S', prevPid: 7903, prevPrio: 120, prevState: 'R', nextComm: 'b', nextPid: 1, nextPrio: 2 });
  assert.deepEqual(parseSwitch('prev_comm=a prev_pid=1 prev_prio=3 prev_state=S ==> next_comm=b next_pid=9 next_prio=1 next_pid=1 next_prio=2'),
    { prevComm: 'a', prevPid: 1, prevPrio: 3, prevState: 'S', nextComm: 'b next_pid=9 next_prio=1', nextPid: 1, nextPrio: 2 });
  assert.equal(parseSwitch('prev_comm=a prev_pid=0x10 prev_prio=3 prev_state=S ==> next_comm=b next_pid=1 next_prio=2')!.prevPid, 16);
  const p = parseSwitch('bash:1234 [120] S ==> swapper/1:0 [120]');
  assert.deepEqual(p, { prevComm: 'bash', prevPid: 1234, prevPrio: 120, prevState: 'S', nextComm: 'swapper/1', nextPid: 0, nextPrio: 120 });
  assert.deepEqual(parseWake('comm=migration/0 pid=18 prio=0 target_cpu=000'), { comm: 'migration/0', pid: 18, prio: 0, targetCpu: 0 });
  assert.deepEqual(parseWake('comm=kworker/0:1 pid=11 prio=120 success=1 target_cpu=001'), { comm: 'kworker/0:1', pid: 11, prio: 120, targetCpu: 1 });
  assert.deepEqual(parseWake('sshd:812 [120] success=1 CPU:002'), { comm: 'sshd', pid: 812, prio: 120, targetCpu: 2 });
});

test('contention flags → perf\'s lock types and how the waiter waits', () => {
  assert.deepEqual(parseContentionBegin('0xffffffff83125180 (flags=SPIN|MUTEX)'), { addr: 'ffffffff83125180', symbol: '', flags: ['SPIN', 'MUTEX'] });
  assert.equal(parseContentionBegin('ffffffff83125180 rcu_state (flags=SPIN)')!.symbol, 'rcu_state');
  assert.deepEqual(lockType(['SPIN']), { type: 'spinlock', wait: 'spin' });
  assert.deepEqual(lockType(['SPIN', 'READ']), { type: 'rwlock', wait: 'spin' });
  assert.deepEqual(lockType(['WRITE']), { type: 'rwsem', wait: 'sleep' });
  assert.deepEqual(lockType(['SPIN', 'MUTEX']), { type: 'mutex', wait: 'adaptive' });
});

test('a mutex that spins then sleeps is one wait in two parts; sched_wakeup alone still makes a flow', () => {
  const text = [
    '   a   10 [000]     1.000000000:    lock:contention_begin: 0xffff1 (flags=SPIN|MUTEX)',
    '   a   10 [000]     1.000000500:    lock:contention_begin: 0xffff1 (flags=MUTEX)',
    '   a   10 [000]     1.000000600:       sched:sched_switch: prev_comm=a prev_pid=10 prev_prio=120 prev_state=D ==> next_comm=swapper/0 next_pid=0 next_prio=120',
    '   b   20 [001]     1.000002000:       sched:sched_wakeup: comm=a pid=10 prio=120 target_cpu=000',
    '<idle>    0 [000]     1.000003000:       sched:sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=a next_pid=10 next_prio=120',
    '   a   10 [000]     1.000003100:    lock:contention_end: 0xffff1 (ret=0)',
    '   b   20 [001]     1.000004000:       sched:sched_switch: prev_comm=b prev_pid=20 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120',
  ].join('\n');
  const { trace: t, malformed } = importPerfScriptText(text);
  assert.equal(malformed, 0);
  const sp = t.tables.spans;
  const waits = [...Array(t.length.spans).keys()].filter((i) => sp.kind[i] === SpanKind.LockWait).sort((x, y) => sp.start[x] - sp.start[y]);
  assert.deepEqual(waits.map((i) => [sp.start[i], sp.dur[i], sp.sub[i]]), [[0, 500, 2 /* spin, continued */], [500, 2600, 1 /* sleep */]]);
  assert.equal(t.meta.locks[0].kind, 'mutex');
  assert.equal(t.length.flows, 1);
  assert.deepEqual([t.tables.flows.kind[0], t.tables.flows.t0[0], t.tables.flows.t1[0]], [FlowKind.Wakeup, 2000, 3000]);
});
