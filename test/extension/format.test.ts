import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatNs, formatPercent, formatRate } from '../../src/extension/format';
import { parseDurationSetting } from '../../src/extension/units';

test('numbers read as people write them', () => {
  assert.equal(formatCount(1234567.4), '1,234,567');
  assert.equal(formatNs(999), '999 ns');
  assert.equal(formatNs(1234), '1.23 µs');
  assert.equal(formatNs(20e6), '20 ms');
  assert.equal(formatNs(1.5e9), '1.5 s');
  assert.equal(formatRate(61_700_000), '61.7 M/s');
  assert.equal(formatRate(800_000), '800 k/s');
  assert.equal(formatRate(12), '12 /s');
  assert.equal(formatPercent(0.4012), '40.1%');
  assert.equal(formatPercent(0.0002), '0.02%');
  assert.equal(formatPercent(0), '0.0%');
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
