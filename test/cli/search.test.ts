// `smplab run` on a model with search: { rfc2544 }: the zero-loss rate per
// run (per sweep point), as a text line and in --json; --no-search skips it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const smplab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};

before(() => {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
});

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
