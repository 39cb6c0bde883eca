// `smplab run` on a model with search: { rfc2544 }: the zero-loss rate per
// run (per sweep point), as a text line and in --json; --no-search skips it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pressCtrlCWithin } from './ctrlC';


buildCliBefore();

test('--json: every sweep point carries its RFC 2544 result', () => {
  const r = smplab('run', 'rfc2544-forwarding', '--json');
  assert.equal(r.code, 0, r.err);
  const points = JSON.parse(r.out);
  assert.equal(points.length, 4);
  for (const p of points) {
    const s = p.rfc2544;
    assert.ok(s.zeroLossPps > 300_000 && s.zeroLossPps < 1_488_095, JSON.stringify(s.zeroLossPps));
    assert.ok(s.trials.length >= 5);
    assert.equal(s.atZeroLoss.pps, s.zeroLossPps);
    assert.deepEqual(Object.keys(s.atZeroLoss.latencyNs).sort(), ['max', 'mean', 'min', 'p99']);
  }
  assert.ok(points[2].rfc2544.zeroLossPps > points[0].rfc2544.zeroLossPps);
});

test('text: one RFC 2544 line per point; --no-search leaves them out', () => {
  const r = smplab('run', 'rfc2544-forwarding', '--cpus', '4');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n').filter((l) => l.includes(': zero-loss '));
  assert.equal(lines.length, 4, r.out);
  assert.match(lines[0], /^RFC 2544 rx_queues=1: zero-loss [\d,]+ pps \(\d+ trials between 50,000 and 1,488,095 pps, resolution 2\.0%\); at that rate latency min .+, mean .+, max .+, reordered 0$/);
  const n = smplab('run', 'rfc2544-forwarding', '--no-search');
  assert.equal(n.code, 0, n.err);
  assert.ok(!n.out.includes('zero-loss'));
});

// The CLI's workers run the search polling the cancel flag so Ctrl-C is seen during it; it
// must find what the model's own (synchronous) runRfc2544 finds, trial for trial.
import { readFileSync } from 'node:fs';
import { compileModel, loadModel, runRfc2544, sweepPrograms } from '../../src/model/index';
import { maxTrials, searchRfc2544 } from '../../src/run/search';
import { buildCliBefore, smplab, CLI, ROOT } from './smplab';

function rfcModel() {
  const file = join(ROOT, 'scenarios', 'rfc2544-forwarding.smp.yaml');
  const m = loadModel(readFileSync(file, 'utf8'), file).model;
  assert.ok(m);
  return m;
}

test('the cancellable search gives the same trials and zero-loss rate as runRfc2544', async () => {
  const m = rfcModel();
  for (const p of [sweepPrograms(m, {})[0].program, sweepPrograms(m, {})[3].program]) {
    const sync = runRfc2544(m, p);
    const seen: number[] = [];
    const got = await searchRfc2544(m, p, { shouldCancel: () => false, onProgress: (n, f, most) => { seen.push(n); assert.ok(f >= 0 && f <= 1 && n <= most); } });
    assert.deepEqual(got, sync);
    assert.equal(Math.max(...seen), sync!.trials.length, 'progress names every trial');
    assert.ok(sync!.trials.length <= maxTrials(sync!.fromPps, sync!.toPps, sync!.resolution));
  }
});

test('a cancelled search stops inside the trial it is in and reports nothing', async () => {
  const m = rfcModel();
  const p = compileModel(m, { durationNs: 200e6 });
  let polls = 0;
  const t0 = performance.now();
  const got = await searchRfc2544(m, p, { shouldCancel: () => ++polls > 3 });
  assert.equal(got, undefined);
  // a whole trial of 200 ms simulated at line rate takes seconds; cancelling in the first one does not
  assert.ok(performance.now() - t0 < 1500, `${performance.now() - t0} ms`);
});

test('Ctrl-C during the search of the last run: exit 130, the run is still reported, the search is not', async () => {
  // How long the run alone takes here, so the signal can be sent once the search has begun.
  const args = ['run', 'rfc2544-forwarding', '--no-sweep', '--duration', '400ms', '--json'];
  const t0 = performance.now();
  const alone = smplab(...args, '--no-search');
  const runMs = performance.now() - t0;
  assert.equal(alone.code, 0, alone.err);
  // First try half as long again as the run alone, plus a little; later or sooner when that missed the
  // search (a press during the run itself cancels the run: too early).
  const runCancelled = (p: { out: string }) => { try { return JSON.parse(p.out).stopReason !== 'completed'; } catch { return true; } };
  const { code, out, err } = await pressCtrlCWithin(args, runMs * 1.5 + 150, runCancelled);
  assert.equal(code, 130, err);
  assert.match(err, /^smplab: cancelled \(Ctrl-C\); 0 of 1 run finished$/m);
  const o = JSON.parse(out);
  assert.equal(o.stopReason, 'completed', 'the run before the search finished and is reported');
  assert.ok(!('rfc2544' in o), 'the cut-short search is not reported');
});
