// The smplab command as a user runs it: `node dist/cli.js …` after a build.
// Exit codes, one-line errors without stack traces, and the --json shape.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressCtrlCWithin } from './ctrlC';
import { decodeTrace } from '../../src/trace/codec';
import { recordCount } from '../../src/trace/schema';
import { buildCliBefore, smplab, CLI, ROOT } from './smplab';



function noStack(s: string): void {
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(s), `no stack trace expected:\n${s}`);
}

const tempDir = buildCliBefore('smplab-cli-');

test('list shows every built-in scenario with its description', () => {
  const r = smplab('list');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  const q = lines.find((l) => l.startsWith('queueing-lock '));
  assert.ok(q, r.out);
  assert.match(q!, /queueing-lock\s+N threads, one per CPU, think \/ lock \/ hold \/ unlock/);
  assert.ok(lines.some((l) => /^example-forwarding\s+A small forwarding path under Giant/.test(l)));
  const json = JSON.parse(smplab('list', '--json').out);
  const ex = json.find((x: { name: string }) => x.name === 'example-forwarding');
  assert.deepEqual(ex.variants, ['mpsafe']);
  assert.equal(ex.sweep, 'machine.cpus');
});

test('check: clean files exit 0; errors print file:line:col and exit 1', () => {
  const ok = smplab('check', 'scenarios/queueing-lock.smp.yaml', 'example-forwarding');
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.equal(ok.out, '');
  assert.match(ok.err, /scenarios\/queueing-lock\.smp\.yaml: ok/);
  const bad = join(tempDir(), 'bad.smp.yaml');
  writeFileSync(bad, ['name: bad', 'locks: { A: mutex }', 'threads: { t: { run: f } }', 'functions:', '  f:', '    - lock: A', '    - work: 10 parsecs', ''].join('\n'));
  const r = smplab('check', bad);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.deepEqual(lines, [
    `${bad}:6:7: error: f returns holding A (taken here); unlock it on every path before the function ends`,
    `${bad}:7:13: error: work: unknown time unit "parsecs" in "10 parsecs"; use ns, us, µs, ms, s`,
  ]);
  assert.match(r.err, /2 errors, 0 warnings/);
  noStack(r.err);
});

test('bad arguments and files: one line on stderr, non-zero exit, no stack trace', () => {
  const cases: [string[], number, RegExp][] = [
    [['frobnicate'], 2, /^smplab: unknown command "frobnicate"/],
    [['rn', 'queueing-lock'], 2, /^smplab: unknown command "rn" \(did you mean run\?\)/],
    [['--verison'], 2, /^smplab: unknown command "--verison" \(did you mean --version\?\)/],
    [['run'], 2, /^smplab: run: a model is needed; usage: smplab run/],
    [['check'], 2, /^smplab: check: a model file is needed/],
    [['run', 'no-such-model'], 1, /^smplab: no such file or built-in scenario: no-such-model/],
    [['run', 'queueing-lok'], 1, /did you mean queueing-lock\?/],
    [['run', 'queueing-lock', '--seed', 'x'], 2, /^smplab: --seed must be a whole number, not "x"/],
    [['run', 'queueing-lock', '--cpus', '0'], 2, /^smplab: --cpus must be between 1 and 256, not 0/],
    [['run', 'queueing-lock', '--duration', '5 fortnights'], 2, /^smplab: --duration: unknown time unit "fortnights"/],
    [['run', 'queueing-lock', '--duration', '500us'], 1, /^smplab: duration 500us is not longer than the model's warm-up \(1ms\)/],
    [['run', 'queueing-lock', '--variant', 'sleeping-waiter'], 2, /^smplab: .*no variant "sleeping-waiter" \(did you mean `sleeping-waiters`\?\)/],
    [['run', 'queueing-lock', '--frob'], 2, /^smplab: run: unknown option --frob \(options: --variant, /],
    [['run', 'queueing-lock', '--varient', 'x'], 2, /^smplab: run: unknown option --varient \(did you mean --variant\?\)$/],
    [['run', 'queueing-lock', '--jsn'], 2, /^smplab: run: unknown option --jsn \(did you mean --json\?\)$/],
    [['list', '--jsno'], 2, /^smplab: list: unknown option --jsno \(did you mean --json\?\)$/],
    [['run', 'queueing-lock', '--duration', '5', 'ms'], 2, /^smplab: run takes one model, but got "queueing-lock", "ms" \(a value with a space needs quotes/],
    [['run', 'queueing-lock', '--seed'], 2, /^smplab: run: --seed needs a value/],
    [['run', 'queueing-lock', '--folded-kind', 'cpu'], 2, /--folded-kind goes with --folded-out/],
    [['check', 'scenarios'], 1, /^smplab: scenarios is a directory/],
    [['view', join(tmpdir(), 'definitely-missing.perf')], 1, /^smplab view: /],
    [['view', 'x.perf', '--jsn'], 2, /^smplab view: unknown option --jsn \(did you mean --json\?\)$/],
  ];
  for (const [args, code, re] of cases) {
    const r = smplab(...args);
    assert.equal(r.code, code, `${args.join(' ')}: exit ${r.code}\n${r.err}`);
    assert.match(r.err.trim(), re, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, `one line for ${args.join(' ')}:\n${r.err}`);
    noStack(r.err);
  }
});

test('run refuses a model with errors and shows why', () => {
  const bad = join(tempDir(), 'unbalanced.smp.yaml');
  writeFileSync(bad, ['name: u', 'locks: { A: mutex }', 'threads: { t: { run: f } }', 'functions:', '  f: [ { unlock: A } ]', ''].join('\n'));
  const r = smplab('run', bad, '--json');
  assert.equal(r.code, 1);
  assert.equal(r.out, '', 'nothing on stdout');
  assert.match(r.err, /unbalanced\.smp\.yaml:5:10: error: unlock of A, which is not held here/);
  assert.match(r.err, /1 error; nothing was run/);
});

const CPU_KEYS = ['id', 'busy', 'user', 'kernel', 'interrupt', 'softint', 'spin', 'idle', 'contextSwitches', 'interrupts'];
const LOCK_KEYS = ['name', 'type', 'acquisitions', 'contended', 'waitTotalNs', 'waitMeanNs', 'waitMaxNs', 'holdTotalNs', 'holdMeanNs', 'utilization'];

function checkRunObject(o: Record<string, unknown>, cpus: number): void {
  for (const k of ['model', 'variant', 'seed', 'stopReason', 'simulatedNs', 'events', 'wallMs', 'records', 'bytes', 'cpus', 'locks', 'counters']) assert.ok(k in o, `field ${k}`);
  const c = o.cpus as Record<string, number>[];
  assert.equal(c.length, cpus);
  for (const cpu of c) {
    for (const k of CPU_KEYS) assert.equal(typeof cpu[k], 'number', `cpus[].${k}`);
    for (const k of ['busy', 'user', 'kernel', 'interrupt', 'softint', 'spin', 'idle']) assert.ok(cpu[k] >= 0 && cpu[k] <= 1 + 1e-9, `${k} is a fraction`);
  }
  for (const l of o.locks as Record<string, unknown>[]) {
    for (const k of LOCK_KEYS) assert.ok(k in l, `locks[].${k}`);
    assert.ok((l.utilization as number) >= 0 && (l.utilization as number) <= 1);
  }
}

test('run --json: one object with the documented fields', () => {
  const r = smplab('run', 'example-forwarding', '--cpus', '2', '--duration', '2ms', '--seed', '5', '--variant', 'mpsafe', '--json');
  assert.equal(r.code, 0, r.err);
  const o = JSON.parse(r.out);
  assert.ok(!Array.isArray(o));
  checkRunObject(o, 2);
  assert.equal(o.model, 'IPv4 forwarding — Giant vs MPSAFE (example)');
  assert.equal(o.variant, 'mpsafe');
  assert.equal(o.seed, 5);
  assert.equal(o.stopReason, 'completed');
  assert.equal(o.simulatedNs, 2e6);
  assert.ok(o.events > 0 && o.records > 0 && o.bytes > 0);
  assert.deepEqual(o.locks.map((l: { name: string }) => l.name), ['Giant', 'rtentry', 'if_snd']);
  assert.equal(o.locks[0].acquisitions, 0, 'mpsafe never takes Giant');
  assert.ok(o.counters['ipstat.ips_forward'].total > 0);
  assert.equal(o.counters['ipstat.ips_forward'].perCpu.length, 2);
  assert.equal(o.counters['ipstat.ips_forward'].total, o.counters['ipstat.ips_forward'].perCpu.reduce((a: number, b: number) => a + b, 0));
  const p = o.packets;
  assert.ok(p.offered > 0 && p.delivered > 0 && p.delivered <= p.offered);
  assert.equal(typeof p.dropped, 'object');
  for (const k of ['min', 'mean', 'p99', 'max']) assert.equal(typeof p.latencyNs[k], 'number');
  assert.ok(p.latencyNs.min <= p.latencyNs.mean && p.latencyNs.mean <= p.latencyNs.max);
  assert.equal(typeof p.reordered, 'number');
  assert.equal(o.file, 'scenarios/example-forwarding.smp.yaml');
});

test('run --json on a sweep prints an array, one object per point; same seed, same numbers', () => {
  const r = smplab('run', 'queueing-lock', '--duration', '3ms', '--json');
  assert.equal(r.code, 0, r.err);
  const a = JSON.parse(r.out);
  assert.ok(Array.isArray(a));
  assert.deepEqual(a.map((o: { sweep: { label: string } }) => o.sweep.label), ['cpus=1', 'cpus=2', 'cpus=4', 'cpus=8', 'cpus=16']);
  a.forEach((o: Record<string, unknown> & { sweep: { x: number; path: string } }) => {
    checkRunObject(o, o.sweep.x);
    assert.equal(o.sweep.path, 'machine.cpus');
    assert.ok(!('packets' in o), 'no traffic, no packets');
  });
  const util = a.map((o: { locks: { utilization: number }[] }) => o.locks[0].utilization);
  assert.ok(util[4] > util[2] && util[2] > util[0], `lock utilisation grows with CPUs: ${util}`);
  const again = JSON.parse(smplab('run', 'queueing-lock', '--duration', '3ms', '--json', '--cpus', '4').out);
  assert.ok(!Array.isArray(again), '--cpus on a CPU sweep runs that count only');
  assert.equal(again.events, a[2].events, 'deterministic');
  assert.deepEqual(again.locks, a[2].locks);
});

test('run writes the Chrome trace, folded stacks and the HTML report', () => {
  const t = join(tempDir(), 'run.json');
  const f = join(tempDir(), 'run.folded');
  const h = join(tempDir(), 'run.html');
  const r = smplab('run', 'example-forwarding', '--no-sweep', '--duration', '1ms', '--trace-out', t, '--folded-out', f, '--html-out', h);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^IPv4 forwarding — Giant vs MPSAFE \(example\)\s+seed 1/);
  assert.match(r.out, /\nlock\s+type\s+acquired/);
  assert.match(r.out, /\npackets: offered [\d,]+, delivered/);
  const trace = JSON.parse(readFileSync(t, 'utf8'));
  assert.ok(Array.isArray(trace.traceEvents) && trace.traceEvents.length > 100);
  const folded = readFileSync(f, 'utf8').trim().split('\n');
  assert.ok(folded.some((l) => /^wm_rxintr;ether_input;ip_input;ip_output \d+$/.test(l)), folded.slice(0, 5).join('\n'));
  assert.ok(readFileSync(h, 'utf8').startsWith('<!DOCTYPE html>') || readFileSync(h, 'utf8').startsWith('<!doctype html>'));
  assert.match(r.err, /wrote .*run\.json/);
  // A sweep writes one trace per point.
  const s = smplab('run', 'queueing-lock', '--duration', '2ms', '--trace-out', join(tempDir(), 'q.json'));
  assert.equal(s.code, 0, s.err);
  for (const n of [1, 2, 4, 8, 16]) assert.ok(existsSync(join(tempDir(), `q.cpus-${n}.json`)), `q.cpus-${n}.json`);
});

test('run --trace-out F.smptrace writes the binary trace, which view reads back whole', () => {
  const b = join(tempDir(), 'run.smptrace');
  const r = smplab('run', 'example-forwarding', '--no-sweep', '--duration', '1ms', '--json', '--trace-out', b);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /wrote .*run\.smptrace/);
  const run = JSON.parse(r.out);
  const trace = decodeTrace(readFileSync(b));
  assert.equal(trace.meta.name, run.model);
  assert.equal(trace.meta.seed, run.seed);
  assert.equal(trace.meta.events, run.events);
  assert.equal(recordCount(trace), run.records, 'every record of the run, not a summary of it');
  const v = smplab('view', b, '--json');
  assert.equal(v.code, 0, v.err);
  const o = JSON.parse(v.out);
  assert.equal(o.format, 'smplab');
  assert.deepEqual(o.summary.locks, run.locks, 'the same lock figures as the run printed');
  const missing = smplab('run', 'queueing-lock', '--trace-out', join(tempDir(), 'no-such-folder', 't.smptrace'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^smplab: cannot write the binary trace .*t\.smptrace: the folder .* does not exist$/m);
});

test('bin/smplab.js runs the bundled CLI', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'smplab.js'), 'check', 'queueing-lock'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /ok/);
});

test('help: no command is a usage error on stderr; --help on any command prints its usage and exits 0', () => {
  const none = smplab();
  assert.equal(none.code, 2);
  assert.equal(none.out, '', 'a usage error writes nothing on stdout');
  assert.match(none.err, /smplab list/);
  const top = smplab('--help');
  assert.equal(top.code, 0);
  for (const opt of ['--variant', '--seed', '--duration', '--cpus', '--no-sweep', '--no-search', '--json', '--trace-out', '--folded-out', '--html-out']) {
    assert.ok(top.out.includes(opt), `smplab --help mentions ${opt}`);
  }
  for (const [args, re] of [
    [['list', '--help'], /^usage: smplab list \[--json\]$/],
    [['check', '--help'], /^usage: smplab check /],
    [['run', '--help'], /^usage: smplab run .*--no-search/],
    [['view', '--help'], /^usage: smplab view FILE/],
    [['help', 'view'], /^usage: smplab view FILE/],
  ] as [string[], RegExp][]) {
    const r = smplab(...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.match(r.out.trim(), re);
    assert.equal(r.err, '');
  }
});

test('an output that cannot be written fails before the run, in one line, with nothing on stdout', () => {
  const missing = join(tempDir(), 'no-such-folder', 'r.html');
  for (const [args, re] of [
    [['run', 'giant-vs-mpsafe', '--html-out', missing], /^smplab: cannot write the HTML report .*r\.html: the folder .*no-such-folder does not exist$/],
    [['run', 'giant-vs-mpsafe', '--trace-out', join(tempDir(), 'no-such-folder', 't.json')], /^smplab: cannot write the Chrome trace .*: the folder .* does not exist$/],
    [['run', 'queueing-lock', '--folded-out', tempDir()], /^smplab: cannot write the folded stacks .*: it is a folder$/],
    [['view', join(ROOT, 'test/fixtures/perf/sched-record.perf.txt'), '--html-out', missing], /^smplab view: cannot write the report .*: the folder .* does not exist$/],
  ] as [string[], RegExp][]) {
    const r = smplab(...args);
    assert.equal(r.code, 1, `${args.join(' ')}\n${r.err}`);
    assert.equal(r.out, '', 'no summary: nothing was run or read');
    assert.match(r.err.trim(), re);
    assert.equal(r.err.trim().split('\n').length, 1);
  }
});

test('check goes on past a file it cannot read, and counts it as an error', () => {
  const r = smplab('check', 'no-such-model.smp.yaml', 'queueing-lock');
  assert.equal(r.code, 1);
  assert.match(r.err, /^smplab: no such file or built-in scenario: no-such-model\.smp\.yaml/m);
  assert.match(r.err, /scenarios\/queueing-lock\.smp\.yaml: ok/, 'the next file is still checked');
  assert.match(r.err, /0 errors, 0 warnings, 1 file not read/);
  noStack(r.err);
});

test('list --json: one row per built-in, each with the documented keys', () => {
  const rows = JSON.parse(smplab('list', '--json').out) as Record<string, unknown>[];
  const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.smp.yaml'));
  assert.ok(shipped.length >= 12);
  assert.deepEqual(rows.map((r) => r.name), shipped.map((f) => f.slice(0, -'.smp.yaml'.length)).sort());
  for (const r of rows) assert.deepEqual(Object.keys(r), ['name', 'title', 'description', 'variants', 'sweep']);
});

test('what run exports, view opens: Chrome JSON and folded stacks, text and valid --json', () => {
  const t = join(tempDir(), 'ex.json');
  const f = join(tempDir(), 'ex.folded');
  const w = join(tempDir(), 'ex-wait.folded');
  assert.equal(smplab('run', 'example-forwarding', '--no-sweep', '--duration', '2ms', '--trace-out', t, '--folded-out', f).code, 0);
  assert.equal(smplab('run', 'example-forwarding', '--no-sweep', '--duration', '2ms', '--folded-out', w, '--folded-kind', 'wait').code, 0);
  assert.match(readFileSync(w, 'utf8'), /^wm_rxintr;ether_input;\[Giant spin\] \d+$/m, 'lock-wait stacks end in the lock waited for');
  for (const [file, format] of [[t, 'chrome-json'], [f, 'folded'], [w, 'folded']]) {
    const text = smplab('view', file);
    assert.equal(text.code, 0, text.err);
    assert.ok(text.out.startsWith(`${file}: ${format}, `), text.out.split('\n')[0]);
    const j = smplab('view', file, '--json');
    assert.equal(j.code, 0, j.err);
    const o = JSON.parse(j.out);
    assert.equal(o.format, format);
    assert.equal(o.malformed, 0);
  }
  const chrome = JSON.parse(smplab('view', t, '--json').out);
  assert.equal(chrome.summary.cpus.length, 4);
  assert.equal(chrome.waits[0].lock, 'Giant');
});

test('a model that stops itself exits 3 with the summary and the located reason', () => {
  const m = join(tempDir(), 'spinner.smp.yaml');
  writeFileSync(m, ['name: spinner', 'machine: { cpus: 1, costs: zero }', 'counters: { c: shared }', 'threads: { t: { kind: kernel, run: f } }', 'functions:', '  f:', '    - count: c', 'run: { duration: 5ms, warmup: 1ms }', ''].join('\n'));
  const r = smplab('run', m, '--json');
  assert.equal(r.code, 3, r.err);
  assert.equal(JSON.parse(r.out).stopReason, 'no-progress');
  assert.match(r.err.trim(), /^smplab: the run stopped early \(no-progress\): CPU 0 ran \d+ steps without time passing, in f \(.*spinner\.smp\.yaml:6:3\)/);
});

test('Ctrl-C in a sweep: exit 130, the points run so far in valid JSON, one line on stderr', async () => {
  // When to press Ctrl-C: after the CLI has loaded the model and started (its handler is installed then),
  // before the sweep's 8 points are done. First try: the time the first run alone takes here (start-up
  // included) and half as long again; pressCtrlCWithin tries later or sooner when that missed the sweep.
  const t0 = performance.now();
  const one = smplab('run', 'giant-vs-mpsafe', '--duration', '100ms', '--json', '--no-sweep');
  assert.equal(one.code, 0, one.err);
  const { code, out, err } = await pressCtrlCWithin(['run', 'giant-vs-mpsafe', '--duration', '100ms', '--json'],
    (performance.now() - t0) * 1.5, () => false);
  assert.equal(code, 130, err);
  assert.match(err.trim(), /^smplab: cancelled \(Ctrl-C\); \d of 8 runs finished$/);
  // the points finished so far, and a run cut short when it could say how far it got within the 80 ms grace
  const points = JSON.parse(out) as { stopReason: string }[];
  assert.ok(points.length < 8, `${points.length} points`);
  for (const p of points) assert.ok(p.stopReason === 'completed' || p.stopReason === 'cancelled', p.stopReason);
  const n = Number(/(\d) of 8/.exec(err)![1]);
  assert.equal(points.filter((p) => p.stopReason === 'completed').length, n);
});

test('Ctrl-C in a single run (on the CLI\'s own thread): exit 130, the run so far as a cancelled summary in valid JSON', async () => {
  // A single run with no search runs on the CLI's thread, its simulation yielding between slices so the
  // signal is seen: press after start-up (a press before the handler is installed kills the process) and
  // before a long run ends.
  const t0 = performance.now();
  const short = smplab('run', 'giant-vs-mpsafe', '--duration', '5ms', '--json', '--no-sweep');
  assert.equal(short.code, 0, short.err);
  const { code, out, err } = await pressCtrlCWithin(['run', 'giant-vs-mpsafe', '--duration', '2s', '--json', '--no-sweep'],
    (performance.now() - t0) * 2, () => false);
  assert.equal(code, 130, err);
  assert.match(err.trim(), /^smplab: cancelled \(Ctrl-C\); 0 of 1 run finished$/);
  const run = JSON.parse(out) as { stopReason: string; simulatedNs: number; cpus: unknown[] };
  assert.equal(run.stopReason, 'cancelled');
  assert.ok(run.simulatedNs > 0 && run.simulatedNs < 2e9, String(run.simulatedNs));
  assert.ok(run.cpus.length > 0);
});

test('a run that stops at the record limit says so plainly: time reached, time asked for, the option that raises it', () => {
  const args = ['run', 'giant-vs-mpsafe', '--variant', 'mpsafe', '--no-sweep', '--no-search', '--duration', '1s', '--max-records', '50000'];
  const text = smplab(...args);
  assert.equal(text.code, 0, text.err);
  const note = /^NOTE: The run stopped at the record limit \(50,000 trace records\) after ([\d.]+ [µm]?s) simulated of the 1 s asked for: everything shown covers only those \1\. Raise it with --max-records N/m;
  assert.match(text.out.split('\n')[2], note, 'right under the stop line');
  assert.match(text.err, /smplab: The run stopped at the record limit/, 'and on stderr');
  const json = JSON.parse(smplab(...args, '--json').out);
  assert.equal(json.stopReason, 'record-limit');
  assert.deepEqual({ ...json.limit, message: undefined, simulatedNs: undefined },
    { kind: 'records', limit: 50_000, requestedNs: 1e9, raise: '--max-records', message: undefined, simulatedNs: undefined });
  assert.equal(json.limit.simulatedNs, json.simulatedNs);
  assert.ok(json.simulatedNs < 1e9);
  // A run that completes has no note and no limit field.
  const whole = smplab('run', 'giant-vs-mpsafe', '--no-sweep', '--no-search', '--duration', '3ms', '--json');
  assert.equal(JSON.parse(whole.out).limit, undefined);
  assert.doesNotMatch(smplab('run', 'giant-vs-mpsafe', '--no-sweep', '--no-search', '--duration', '3ms').out, /NOTE:/);
  const bad = smplab('run', 'giant-vs-mpsafe', '--max-records', '10');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-records must be between 1000 and 1000000000, not 10/);
});
