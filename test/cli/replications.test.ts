// smplab run with replications and a worker pool, as a user runs it
// (node dist/cli.js): the --json shape with means and ci95, text with ±,
// byte-identical output whatever --jobs, and designs refused by size.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCliBefore, runSmplab } from './smplab';

/** Replicated runs of a design take longer than one run: a longer bound on a hang. */
const smplab = (...args: string[]) => runSmplab(args, 120_000);



const tempDir = buildCliBefore('smplab-reps-');

test('--jobs 1 and --jobs 4 print byte-identical JSON (the wall clock aside)', () => {
  const args = ['run', 'queueing-lock', '--duration', '3ms', '--replications', '3', '--json'];
  const one = smplab(...args, '--jobs', '1');
  const four = smplab(...args, '--jobs', '4');
  assert.equal(one.code, 0, one.err);
  assert.equal(four.code, 0, four.err);
  // wallMs is how long each run took here: the one field no two runs of anything share
  const wall = /"wallMs": [-0-9.e+]+/g;
  assert.ok(wall.test(one.out));
  assert.equal(one.out.replace(wall, '"wallMs": 0'), four.out.replace(wall, '"wallMs": 0'));
});

test('--replications: means, replications and a ci95 of the same shape', () => {
  const r = smplab('run', 'queueing-lock', '--cpus', '4', '--duration', '3ms', '--replications', '5', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.replications, 5);
  assert.equal(j.seed, 1, 'the run seed');
  assert.equal(j.locks.length, j.ci95.locks.length);
  assert.equal(j.cpus.length, j.ci95.cpus.length);
  assert.ok(j.ci95.locks[0].acquisitions > 0, 'replications differ, so the interval is not empty');
  assert.ok(j.ci95.locks[0].acquisitions < j.locks[0].acquisitions / 5, 'and it is narrow next to the mean');
  assert.equal(typeof j.ci95.events, 'number');
  assert.equal(j.ci95.model, undefined, 'only numbers have half-widths');
  // the mean lies between the replications: the one-replication run is one of them
  const single = JSON.parse(smplab('run', 'queueing-lock', '--cpus', '4', '--duration', '3ms', '--json').out);
  assert.equal(single.replications, undefined, 'one replication: the shape of a plain run');
  assert.ok(Math.abs(single.locks[0].acquisitions - j.locks[0].acquisitions) < j.locks[0].acquisitions * 0.1);
  const text = smplab('run', 'queueing-lock', '--cpus', '4', '--duration', '3ms', '--replications', '5');
  assert.match(text.out, /5 replications \(mean ± 95% CI\)/);
  assert.match(text.out, /\d ± \d/);
});

test('--replications with --html-out: the report carries every replication\'s lock table as mean ± CI, the same as --json\'s', () => {
  const html = join(tempDir(), 'reps.html');
  const r = smplab('run', 'queueing-lock', '--cpus', '4', '--duration', '3ms', '--replications', '3', '--json', '--html-out', html);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const attr = /data-locks="([^"]*)"/.exec(readFileSync(html, 'utf8'));
  assert.ok(attr, 'the run element has its lock table');
  const unescape = (x: string) => x.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const table = JSON.parse(unescape(attr[1]));
  assert.equal(table.replications, 3);
  // the lock table's columns and the summary's fields are the same numbers over the same range: the same means and half-widths
  const L = table.locks.L;
  assert.ok(Math.abs(L.acquisitions.mean - json.locks[0].acquisitions) < 1e-9 * json.locks[0].acquisitions);
  assert.ok(Math.abs(L.acquisitions.half - json.ci95.locks[0].acquisitions) < 1e-6 * Math.max(1, json.ci95.locks[0].acquisitions));
  assert.ok(Math.abs(L.waitNs.mean - json.locks[0].waitTotalNs) < 1e-6 * Math.max(1, json.locks[0].waitTotalNs));
  assert.ok(L.waitNs.half > 0, 'the replications differ');
  // one replication: no table in the report
  const one = join(tempDir(), 'one.html');
  assert.equal(smplab('run', 'queueing-lock', '--duration', '3ms', '--html-out', one).code, 0);
  assert.doesNotMatch(readFileSync(one, 'utf8'), /data-locks=/);
});

test('run.replications in the model; --replications wins over it', () => {
  const m = join(tempDir(), 'reps.smp.yaml');
  writeFileSync(m, ['name: reps', 'machine: { cpus: 2 }', 'locks: { L: spin }', 'threads: { w: { kind: kernel, run: f, per_cpu: true } }',
    'functions:', '  f:', '    - work: { exp: 300ns }', '    - lock: L', '    - work: { exp: 100ns }', '    - unlock: L', 'run: { duration: 1ms, replications: 4 }', ''].join('\n'));
  assert.equal(JSON.parse(smplab('run', m, '--json').out).replications, 4);
  assert.equal(JSON.parse(smplab('run', m, '--json', '--replications', '2').out).replications, 2);
  const bad = join(tempDir(), 'bad.smp.yaml');
  writeFileSync(bad, 'name: bad\nthreads: { w: { kind: kernel, run: f } }\nfunctions: { f: [ { work: 1us } ] }\nrun: { replications: 0 }\n');
  const r = smplab('run', bad);
  assert.equal(r.code, 1);
  assert.match(r.err, /bad\.smp\.yaml:4:\d+: error: .*replications/);
});

test('a design too large to finish is refused in one line naming the count', () => {
  const m = join(tempDir(), 'huge.smp.yaml');
  const values = Array.from({ length: 20_001 }, (_, i) => `${1 + (i % 9)}`).join(', ');
  writeFileSync(m, `name: huge\nmachine: { cpus: 2 }\nthreads: { w: { kind: kernel, run: f } }\nfunctions: { f: [ { work: 1us } ] }\nsweep: { machine.cpus: [${values}] }\nrun: { duration: 1ms }\n`);
  const big = smplab('run', m, '--replications', '5');
  assert.equal(big.code, 1, big.err);
  assert.equal(big.err.trim().split('\n').length, 1, big.err);
  assert.match(big.err, /^smplab: the design has 100,005 runs \(20,001 points × 5 replications\), more than the 100,000/);
  const html = smplab('run', m, '--html-out', join(tempDir(), 'r.html'));
  assert.equal(html.code, 1);
  assert.match(html.err, /^smplab: --html-out holds every point in one report, and this sweep has 20,001 points/);
  assert.equal(smplab('run', 'queueing-lock', '--jobs', '0').code, 2);
  assert.equal(smplab('run', 'queueing-lock', '--replications', 'x').code, 2);
});
