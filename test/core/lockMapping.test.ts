// Compare's lock matching (src/core/lockMapping.ts) and the lock deltas it
// drives (webview/compare/deltas.ts): rows paired by name unless the user's
// mapping says otherwise, each row of either run shown once, and the mapping
// from a webview kept only within bounds. The last test sets the model of
// docs/examples/udp-flood.smp.yaml beside the committed UDP capture, as the
// walkthrough in docs/vscode.md does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  defaultMapping, LOCK_MAPPING_LIMITS, matchRows, parseLockMapping, rowNames, withPair, type LockMapping,
} from '../../src/core/lockMapping';
import { parseWebviewMessage } from '../../src/core/protocol';
import { compileModel, loadModel } from '../../src/model';
import { simulate } from '../../src/sim/simulate';
import { importTraceFile } from '../../src/trace/import/index';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { lockDeltas } from '../../webview/compare/deltas';

test('rows are named uniquely: a repeated caller gets (2), (3)', () => {
  assert.deepEqual(rowNames(['a', 'b', 'a', 'a', 'c']), ['a', 'b', 'a (2)', 'a (3)', 'c']);
});

test('without a mapping rows pair by name; every row of either run appears once', () => {
  const m = matchRows(['Giant', 'if_snd', 'so_rcv'], ['if_snd', 'Giant', 'udp'], undefined);
  assert.deepEqual(m, [
    { a: 0, b: 1, how: 'same-name' },
    { a: 1, b: 0, how: 'same-name' },
    { a: 2, b: -1, how: 'unmatched' },
    { a: -1, b: 2, how: 'unmatched' },
  ]);
});

test('a mapped pair wins over a same-name match, and a row of B is never paired twice', () => {
  // Giant → udp_recvmsg; so_rcv → udp_recvmsg too (A's earlier row got it first); if_snd → none although B has an if_snd
  const pairs = { Giant: 'udp_recvmsg', so_rcv: 'udp_recvmsg', if_snd: '' };
  const m = matchRows(['Giant', 'if_snd', 'so_rcv', 'udp_recvmsg'], ['if_snd', 'udp_recvmsg', 'Giant'], { pairs });
  assert.deepEqual(m, [
    { a: 0, b: 1, how: 'mapped' },       // not B's Giant: the user's pair wins
    { a: 1, b: -1, how: 'unmatched' },   // '' = no partner
    { a: 2, b: -1, how: 'unmatched' },   // asked for a row already taken: left unpaired, not counted twice
    { a: 3, b: -1, how: 'unmatched' },   // A's own udp_recvmsg: B's was mapped to Giant
    { a: -1, b: 0, how: 'unmatched' },
    { a: -1, b: 2, how: 'unmatched' },
  ]);
  // a mapped name B does not have leaves the row unpaired
  assert.deepEqual(matchRows(['x'], ['y'], { pairs: { x: 'gone' } }), [{ a: 0, b: -1, how: 'unmatched' }, { a: -1, b: 0, how: 'unmatched' }]);
});

test('editing one entry: set, clear to none, back to by-name; names like __proto__ stay plain keys', () => {
  let m: LockMapping = defaultMapping(false, true);
  assert.deepEqual(m, { by: { a: 'lock', b: 'caller' }, pairs: {} });
  m = withPair(m, 'so_rcv', 'udp_recvmsg+0x13a');
  assert.deepEqual(m.pairs, { so_rcv: 'udp_recvmsg+0x13a' });
  m = withPair(m, 'so_rcv', '');
  assert.deepEqual(m.pairs, { so_rcv: '' });
  m = withPair(m, 'so_rcv', undefined);
  assert.deepEqual(m.pairs, {});
  const p = withPair(m, '__proto__', 'x');
  assert.equal(Object.getPrototypeOf(p.pairs), Object.prototype);
  assert.deepEqual(Object.keys(p.pairs), ['__proto__']);
  assert.deepEqual(matchRows(['__proto__'], ['x'], p), [{ a: 0, b: 0, how: 'mapped' }]);
});

test('a mapping from a webview: only the right shape, within bounds', () => {
  assert.equal(parseLockMapping(undefined), undefined);
  assert.equal(parseLockMapping({ by: { a: 'lock', b: 'thread' }, pairs: {} }), undefined);
  assert.equal(parseLockMapping({ by: { a: 'lock', b: 'caller' }, pairs: [] }), undefined);
  const ok = parseLockMapping({ by: { a: 'lock', b: 'caller' }, pairs: { so_rcv: 'udp_recvmsg+0x13a', bad: 3, ['x'.repeat(600)]: 'y', '': 'z' }, extra: 1 });
  assert.deepEqual(ok, { by: { a: 'lock', b: 'caller' }, pairs: { so_rcv: 'udp_recvmsg+0x13a' } });
  const many = Object.fromEntries(Array.from({ length: LOCK_MAPPING_LIMITS.pairs + 50 }, (_, i) => [`l${i}`, `c${i}`]));
  assert.equal(Object.keys(parseLockMapping({ by: { a: 'lock', b: 'lock' }, pairs: many })!.pairs).length, LOCK_MAPPING_LIMITS.pairs);
  // the message the host accepts, and refuses
  assert.deepEqual(parseWebviewMessage({ type: 'lockMapping', runId: 4, mapping: ok }), { type: 'lockMapping', runId: 4, mapping: ok });
  assert.equal(parseWebviewMessage({ type: 'lockMapping', runId: 'x', mapping: ok }), undefined);
  assert.equal(parseWebviewMessage({ type: 'lockMapping', runId: 4, mapping: { pairs: {} } }), undefined);
});

test('the model of docs/examples beside the committed UDP capture: so_rcv mapped to perf\'s caller row', async () => {
  const file = 'docs/examples/udp-flood.smp.yaml';
  const { model, diagnostics } = loadModel(readFileSync(file, 'utf8'), file);
  assert.ok(model, JSON.stringify(diagnostics));
  const a = lockStats(simulate(compileModel(model, { durationNs: 5e6 })));
  const capture = (await importTraceFile('test/fixtures/perf/udp.perf.txt.gz')).trace;
  assert.equal(capture.meta.stopReason, 'imported');
  const b = lockStats(capture);
  // by name nothing pairs: a model and a capture name their locks differently
  const none = lockDeltas(a, b, defaultMapping(false, true));
  assert.ok(none.every((d) => !(d.a && d.b)), 'no row pairs by name');
  const mapping = withPair(defaultMapping(false, true), 'so_rcv', 'udp_recvmsg+0x13a');
  const d = lockDeltas(a, b, mapping);
  const row = d.find((x) => x.how === 'mapped')!;
  assert.equal(row.name, 'so_rcv ↔ udp_recvmsg+0x13a');
  const so = a.rows.find((r) => r.name === 'so_rcv')!;
  const perf = b.callers.find((r) => r.name === 'udp_recvmsg+0x13a')!;
  assert.equal(row.a, so);
  assert.equal(row.b, perf);
  assert.equal(row.waitNs.a, so.waitNs);
  assert.equal(row.waitNs.b, perf.waitNs);
  // perf lock contention -E 20 on the same perf.data: 685 waits, 2.19 ms (udp.contention.txt)
  assert.equal(perf.contended, 685);
  assert.ok(Math.abs(perf.waitNs - 2.19e6) < 0.01e6, `${perf.waitNs}`);
  // every other row of both runs is still there, once
  assert.equal(d.length, a.rows.length + b.callers.length - 1);
  // the capture's repeated caller rows are told apart
  assert.ok(d.some((x) => x.nameB === 'irqentry_exit_to_user_mode+0x11f (2)'));
  // by lock the capture's rows are addresses; the same model lock can be mapped to the socket lock's address instead
  const byLock = lockDeltas(a, b, withPair({ by: { a: 'lock', b: 'lock' }, pairs: {} }, 'so_rcv', b.rows[0].name));
  assert.equal(byLock.find((x) => x.how === 'mapped')!.b, b.rows[0]);
});
