import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBitRate, parseDuration, parseProbability, parseRate, parseSize, formatModelDuration } from '../../src/model/units';
import { lineRatePps } from '../../src/model/units';
import { compileModel } from '../../src/model/index';
import { diagnose, mustLoad } from './helpers';

const v = (p: { ok: boolean; value?: number; message?: string }) => (p.ok ? (p as { value: number }).value : `ERR ${(p as { message: string }).message}`);

test('durations take ns, us, µs, ms and s', () => {
  assert.equal(v(parseDuration('300ns')), 300);
  assert.equal(v(parseDuration('2us')), 2000);
  assert.equal(v(parseDuration('2µs')), 2000);
  assert.equal(v(parseDuration('2μs')), 2000); // Greek mu as well as the micro sign
  assert.equal(v(parseDuration('1.5ms')), 1_500_000);
  assert.equal(v(parseDuration('1 s')), 1e9);
  assert.equal(v(parseDuration('.5us')), 500);
  assert.equal(v(parseDuration(0)), 0);
  assert.equal(v(parseDuration('0')), 0);
});

test('durations without or with a wrong unit are refused with a hint', () => {
  assert.match(String(v(parseDuration(300))), /300 needs a unit: write 300ns/);
  assert.match(String(v(parseDuration('300nss'))), /unknown time unit "nss"/);
  assert.match(String(v(parseDuration('5min'))), /unknown time unit "min".*ns, us, µs, ms, s/);
  assert.match(String(v(parseDuration('-3ns'))), /cannot be negative/);
  assert.match(String(v(parseDuration('fast'))), /expected a duration/);
  assert.match(String(v(parseDuration(null))), /got nothing/);
});

test('packet rates and bit rates are different things', () => {
  assert.equal(v(parseRate('800kpps')), 800_000);
  assert.equal(v(parseRate('1.2Mpps')), 1_200_000);
  assert.equal(v(parseRate('14pps')), 14);
  assert.match(String(v(parseRate('10Gbps'))), /is a bit rate/);
  assert.match(String(v(parseRate(800))), /needs a unit/);
  assert.equal(v(parseBitRate('10Gbps')), 10e9);
  assert.equal(v(parseBitRate('100Mbps')), 100e6);
  assert.equal(v(parseBitRate('1Kbps')), 1000);
  assert.match(String(v(parseBitRate('5Mpps'))), /is a packet rate/);
  assert.match(String(v(parseBitRate('0Gbps'))), /must be positive/);
});

test('sizes are bytes; probabilities are fractions or percentages', () => {
  assert.equal(v(parseSize(64)), 64);
  assert.equal(v(parseSize('1518B')), 1518);
  assert.equal(v(parseSize('64 bytes')), 64);
  assert.equal(v(parseSize('2KiB')), 2048);
  assert.match(String(v(parseSize('1.5'))), /whole number of bytes/);
  assert.match(String(v(parseSize('64kb'))), /unknown size unit/);
  assert.equal(v(parseProbability(0.25)), 0.25);
  assert.equal(v(parseProbability('90%')), 0.9);
  assert.match(String(v(parseProbability(1.5))), /between 0 and 1/);
  assert.match(String(v(parseProbability('often'))), /expected a probability/);
});

test('line rate in packets per second follows RFC 5180 figures', () => {
  assert.equal(Math.round(lineRatePps(10e9, 64)), 14_880_952);
  assert.equal(Math.round(lineRatePps(1e9, 64)), 1_488_095);
  assert.equal(Math.round(lineRatePps(10e9, 1518)), 812_744);
});

test('formatModelDuration picks a readable unit', () => {
  assert.equal(formatModelDuration(0), '0');
  assert.equal(formatModelDuration(300), '300ns');
  assert.equal(formatModelDuration(1500), '1.5us');
  assert.equal(formatModelDuration(20e6), '20ms');
  assert.equal(formatModelDuration(2e9), '2s');
});

test('a machine cost finer than a nanosecond runs rounded, and the checker says so with the value that runs', () => {
  const model = (costs: string, tc = 'tsc') => [
    'name: t', `machine: { cpus: 2, timecounter: ${tc}, costs: { ${costs} } }`,
    'threads: { t: { run: main } }', 'functions: { main: [ { work: 1us } ] }',
  ].join('\n') + '\n';
  const warnings = (text: string) => diagnose(text).filter((d) => d.severity === 'warning').map((d) => `${d.line}:${d.column} ${d.message}`);
  assert.deepEqual(warnings(model('cache_line_transfer: 31.2ns')),
    ['2:69 machine: costs: cache_line_transfer: 31.2 ns runs as 31 ns — the simulated clock counts whole nanoseconds']);
  assert.equal(compileModel(mustLoad(model('cache_line_transfer: 31.2ns'))).machine.costs.cacheLineTransfer, 31);
  assert.deepEqual(warnings(model('ipi: 1.5us')), [], 'whole nanoseconds in another unit: nothing to say');
  assert.deepEqual(warnings(model('ipi: 1us', '{ read: 57.5ns }')).map((w) => w.replace(/^\d+:\d+ /, '')),
    ['machine: timecounter: read: 57.5 ns runs as 58 ns — the simulated clock counts whole nanoseconds']);
});
