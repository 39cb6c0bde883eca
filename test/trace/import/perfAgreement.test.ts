// Real captures (test/fixtures/perf/*.perf.txt.gz, made by capture.sh on this
// project's VM) against perf's own tables on the same perf.data: the top ten
// rows must match `perf lock contention` (rows by caller) and `perf lock
// report -k wait_total` (rows by lock address; perf 6.1 has no `contention -l`)
// within 1% in count and total wait and exactly, as printed, in max wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importTraceFile } from '../../../src/trace/import';
import { lockStats, type LockRow } from '../../../src/trace/analysis/lockstat';

const FIX = join(__dirname, '../../fixtures/perf');
const UNIT: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

interface PerfRow { count: number; totalNs: number; max: string; type?: string; name: string }

/** perf's text table: "contended  total wait  max wait [avg wait  type  caller]" or report's "Name contended total max". */
function perfTable(file: string, report: boolean): PerfRow[] {
  const rows: PerfRow[] = [];
  for (const line of readFileSync(join(FIX, file), 'utf8').split('\n')) {
    const p = line.trim().split(/\s+/);
    if (report) {
      // "  do_syscall_64+0x71   25   1.14 s   168.21 ms" (the name is cut to 20 columns and may end in "...")
      const m = /^(.{20}) +(\d+) +([\d.]+) (\w+) +([\d.]+) (\w+)\s*$/.exec(line);
      if (m) rows.push({ name: m[1].trim(), count: +m[2], totalNs: +m[3] * UNIT[m[4]], max: `${m[5]} ${m[6]}` });
    } else if (/^\d+$/.test(p[0]) && p.length >= 9) {
      rows.push({ count: +p[0], totalNs: +p[1] * UNIT[p[2]], max: `${p[3]} ${p[4]}`, type: p[7], name: p[8] });
    }
  }
  return rows;
}

/**
 * A time as perf prints it: lock_stat_key_print_time() divides the u64 ns by a *float* unit
 * (1e3, 1e6, 1e9 ...) and prints "%.2f", so the rounding is float's: 37345 ns is "37.35 us",
 * 23285 ns "23.28 us".
 */
function perfTime(ns: number): string {
  const units: [number, string][] = [[3600e9, 'h'], [60e9, 'm'], [1e9, 's'], [1e6, 'ms'], [1e3, 'us']];
  for (const [base, unit] of units) {
    if (ns >= base) return `${Math.fround(Math.fround(ns) / Math.fround(base)).toFixed(2)} ${unit}`;
  }
  return `${Math.round(ns)} ns`;
}

/** perf report's Name column: the name, or its first 16 characters and "..." when longer than 20. */
function reportName(name: string): string {
  return name.length > 20 ? `${name.slice(0, 16)}...` : name;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(a, b) + 5e3 /* perf prints 3 significant digits: 1.14 s */;
}

function check(perf: PerfRow[], ours: LockRow[], label: (r: LockRow) => string, what: string): void {
  const top = perf.slice(0, 10);
  assert.ok(top.length >= 5, `${what}: perf's table has ${top.length} rows`);
  const used = new Set<LockRow>();
  for (const [i, p] of top.entries()) {
    // Rows with the same name (different deeper stacks) are told apart by their numbers.
    const hit = ours.slice(0, 30).find((r) => !used.has(r) && label(r) === p.name && perfTime(r.maxWaitNs) === p.max
      && close(r.contended, p.count) && close(r.waitNs, p.totalNs) && (!p.type || p.type === r.type));
    assert.ok(hit, `${what} row ${i + 1} (${p.count} ${perfTime(p.totalNs)} ${p.max} ${p.type ?? ''} ${p.name}) has no match; ours: ${
      ours.slice(0, 12).map((r) => `${r.contended} ${perfTime(r.waitNs)} ${perfTime(r.maxWaitNs)} ${r.type} ${label(r)}`).join(' | ')}`);
    used.add(hit);
  }
}

for (const name of ['rwsem', 'udp', 'futex']) {
  test(`${name} capture agrees with perf lock contention (by caller) and perf lock report (by lock)`, async () => {
    const r = await importTraceFile(join(FIX, `${name}.perf.txt.gz`));
    assert.equal(r.malformed, 0, JSON.stringify(r.warnings.slice(0, 3)));
    const t = lockStats(r.trace);
    assert.equal(t.acquisitionsKnown, false);
    check(perfTable(`${name}.contention.txt`, false), t.callers, (x) => x.name, `${name} by caller`);
    const perfByLock = perfTable(`${name}.report.txt`, true);
    // By lock: perf names the row after one caller; match on the numbers and accept any of the lock's callers.
    const top = perfByLock.slice(0, 10);
    for (const [i, p] of top.entries()) {
      const hit = t.rows.find((x) => perfTime(x.maxWaitNs) === p.max && close(x.contended, p.count) && close(x.waitNs, p.totalNs)
        && x.paths.some((q) => q.label.split(' > ').some((f) => reportName(f) === p.name || (p.name.endsWith('...') && f.startsWith(p.name.slice(0, 16))))));
      assert.ok(hit, `${name} by lock row ${i + 1} (${p.count} ${perfTime(p.totalNs)} ${p.max} ${p.name}) has no match; ours: ${
        t.rows.slice(0, 10).map((x) => `${x.contended} ${perfTime(x.waitNs)} ${perfTime(x.maxWaitNs)} ${x.name}`).join(' | ')}`);
    }
  });
}
