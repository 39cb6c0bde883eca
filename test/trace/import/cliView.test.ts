// `smplab view`: summary text and JSON from a real capture, the HTML report,
// a progress bar only on a terminal, one-line errors with exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runView, type ViewIO } from '../../../src/cli/view';

const FIX = join(__dirname, '../../fixtures/perf');
const dir = mkdtempSync(join(tmpdir(), 'smplab-view-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function io(tty = false): ViewIO & { o: string; e: string } {
  const x = { o: '', e: '', tty, out: (s: string) => { x.o += s; }, err: (s: string) => { x.e += s; } };
  return x;
}

test('summary of a perf capture: CPUs, lock waits, warnings with line numbers', async () => {
  const x = io();
  assert.equal(await runView([join(FIX, 'lock-contention-g.perf.txt')], x), 0);
  assert.match(x.o, /perf-script, 16\.822 ms, 2 CPUs, 39 threads, 5 locks/);
  // By call site (perf lock contention's default): acquisitions are unknown, so no column for them.
  assert.match(x.o, /lock contention by call site, most wait first \(acquisitions unknown/);
  assert.match(x.o, /^\s+1\s+78\.00 us\s+78\.00 us\s+78\.00 us\s+spinlock\s+irqentry_exit_to_user_mode\+0x110$/m);
  assert.match(x.o, /^\s+2\s+34\.00 us\s+31\.00 us\s+17\.00 us\s+rwlock:R\s+kernel_wait4\+0x9c$/m);
  const l = io();
  assert.equal(await runView([join(FIX, 'lock-contention-g.perf.txt'), '--by', 'lock'], l), 0);
  assert.match(l.o, /^\s+9\s+208\.00 us\s+78\.00 us\s+23\.11 us\s+spinlock\s+0xffff888627c2ba80  \(irqentry_exit_to_user_mode\+0x110\)$/m);
  assert.match(l.o, /rwsem:W\s+0xffff88810544dd88/);
  assert.match(x.o, /line 3479: the task on a CPU changed/);
  assert.equal(x.e, '', 'no progress bar when not a terminal');
});

test('--json gives the summary as data', async () => {
  const x = io();
  assert.equal(await runView([join(FIX, 'lock-contention.csv'), '--json'], x), 0);
  const j = JSON.parse(x.o);
  assert.equal(j.format, 'perf-lock');
  assert.equal(j.malformed, 0);
  const row = j.waits.find((w: { lock: string }) => w.lock === 'do_filp_open+0xc3 (rwsem:W)');
  assert.deepEqual([row.waits, row.sleepNs, row.maxNs], [3, 6_040_000, 4_100_000]);
  const c = j.contention.find((w: { name: string; type: string }) => w.name === 'do_filp_open' && w.type === 'rwsem:W');
  assert.deepEqual([c.contended, c.acquisitions, c.totalWaitNs, c.maxWaitNs], [3, null, 6_040_000, 4_100_000]);
});

test('--html-out writes the standalone report holding the trace', async (t) => {
  if (!existsSync('dist/webview.js')) { t.skip('webview bundle not built (npm run build)'); return; }
  const x = io(true);
  const out = join(dir, 'r.html');
  assert.equal(await runView([join(FIX, 'sched-record.perf.txt'), '--html-out', out], x), 0);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<html/i);
  assert.ok(html.length > 10_000);
  assert.match(x.o, /report written to/);
  assert.match(x.e, /reading \[#+\s*\] 100%/, 'progress bar on a terminal');
});

test('errors are one line with a non-zero exit, never a stack trace', async () => {
  const bad = join(dir, 'bad.txt');
  writeFileSync(bad, 'not a trace at all\n');
  for (const [args, code, re] of [
    [[bad], 1, /^smplab view: .*not a format this reads/],
    [[join(dir, 'missing')], 1, /^smplab view: cannot read .*ENOENT/],
    [['--frob'], 2, /^smplab view: unknown option --frob/],
    [[bad, '--by', 'thread'], 2, /^smplab view: --by takes caller or lock \(got "thread"\)/],
    [[], 2, /^usage: smplab view FILE/],
  ] as [string[], number, RegExp][]) {
    const x = io();
    assert.equal(await runView(args, x), code, args.join(' '));
    assert.match(x.e, re);
    assert.doesNotMatch(x.e, /\n\s+at /, 'no stack trace');
  }
});
