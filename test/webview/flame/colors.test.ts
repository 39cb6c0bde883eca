import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFill, frameFill, type Palette } from '../../../webview/flame/colors';
import { nameHash } from '../../../webview/common/nameHash';

const P: Palette = {
  background: 'bg', foreground: 'fg', muted: 'mu', focus: 'fo', warm: ['r', 'o', 'y'], match: 'm',
  grow: 'GROW', shrink: 'SHRINK', same: 'SAME', font: '12px x',
};

test('a function keeps its colour; colours come from the palette', () => {
  assert.deepEqual(frameFill('ip_input', P), frameFill('ip_input', P));
  assert.ok(P.warm.includes(frameFill('ether_input', P).color));
  assert.notEqual(nameHash('a'), nameHash('b'));
});

test('differential: growth red, shrink blue, shade by the change', () => {
  assert.equal(diffFill(10, 20, 10, P).color, 'GROW');
  assert.equal(diffFill(10, 20, 10, P).alpha, 1);
  assert.equal(diffFill(20, 15, 10, P).color, 'SHRINK');
  assert.ok(Math.abs(diffFill(20, 15, 10, P).alpha - (0.25 + 0.75 * 0.5)) < 1e-12);
  assert.equal(diffFill(5, 5, 10, P).color, 'SAME');
});
