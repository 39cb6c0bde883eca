import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCompact, formatCount, formatDuration, formatMegabytes, formatPercent, formatRate, formatShare, withHalfWidth } from '../../src/core/format';
import { parseDurationSetting } from '../../src/extension/units';

test('numbers read as people write them', () => {
  assert.equal(formatCount(1234567.4), '1,234,567');
  assert.equal(formatDuration(999), '999 ns');
  assert.equal(formatDuration(1234), '1.23 µs');
  assert.equal(formatDuration(20e6), '20 ms');
  assert.equal(formatDuration(1.5e9), '1.5 s');
  assert.equal(formatRate(61_700_000), '61.7 M/s');
  assert.equal(formatRate(800_000), '800 k/s');
  assert.equal(formatRate(12), '12 /s');
  assert.equal(formatShare(0.4012), '40.1%');
  assert.equal(formatShare(0.0002), '0.02%');
  assert.equal(formatShare(0), '0.0%');
  assert.equal(formatPercent(1, 4), '25.0%');
  assert.equal(formatPercent(1, 0), '—');
});

test('one count format: exact and grouped everywhere, compact only where asked', () => {
  // "12 k" beside "1361" was the complaint: both read the same way now
  assert.equal(formatCount(12_345), '12,345');
  assert.equal(formatCount(1361), '1,361');
  assert.equal(formatCount(42), '42');
  assert.equal(formatCount(2.5), '2.5');
  assert.equal(formatCompact(1_234_567), '1.23 M');
  assert.equal(formatCompact(45_600), '45.6 k');
  assert.equal(formatCompact(999), '999');
});

test('sizes in MB to one decimal', () => {
  assert.equal(formatMegabytes(55_679_795), '53.1 MB');
  assert.equal(formatMegabytes(0), '0.0 MB');
});

test('the duration setting takes a unit and rejects anything else with a readable message', () => {
  assert.equal(parseDurationSetting(''), undefined);
  assert.equal(parseDurationSetting(' 20ms '), 20e6);
  assert.equal(parseDurationSetting('500 us'), 500e3);
  assert.equal(parseDurationSetting('1.5s'), 1.5e9);
  assert.throws(() => parseDurationSetting('20'), /20 needs a unit: write 20ns/);
  assert.throws(() => parseDurationSetting('20 parsecs'), /unknown time unit "parsecs"/);
  assert.throws(() => parseDurationSetting('0ms'), /more than 0/);
});

test('a mean with its interval: "± half" only when there is a positive, finite spread', () => {
  assert.equal(withHalfWidth('1,200', 35, formatCount), '1,200 ± 35');
  assert.equal(withHalfWidth('1.5 µs', 250, formatDuration), '1.5 µs ± 250 ns');
  for (const none of [undefined, 0, -1, NaN, Infinity]) assert.equal(withHalfWidth('7', none, formatCount), '7', `half ${none}`);
});
