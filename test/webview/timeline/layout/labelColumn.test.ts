// The track-name column's width: clamped to what the panel can give, stepped by keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampLabelWidth, DEFAULT_LABEL_WIDTH, keyedLabelWidth, MAX_LABEL_WIDTH, MIN_LABEL_WIDTH, MIN_STAGE_WIDTH } from '../../../../webview/timeline/layout/labelColumn';
import { parsePanelViewState } from '../../../../src/core/views';

test('the label width stays within its bounds and leaves the tracks room', () => {
  assert.equal(clampLabelWidth(10, 1200), MIN_LABEL_WIDTH);
  assert.equal(clampLabelWidth(300.4, 1200), 300);
  assert.equal(clampLabelWidth(5000, 1200), MAX_LABEL_WIDTH);
  assert.equal(clampLabelWidth(500, 600), 600 - MIN_STAGE_WIDTH);
  assert.equal(clampLabelWidth(500, 100), MIN_LABEL_WIDTH, 'a tiny panel still shows some name');
  assert.equal(clampLabelWidth(NaN, 1200), DEFAULT_LABEL_WIDTH);
});

test('keys step the width; other keys are not the handle\'s', () => {
  assert.equal(keyedLabelWidth('ArrowRight', 170, 1200), 186);
  assert.equal(keyedLabelWidth('ArrowLeft', 170, 1200), 154);
  assert.equal(keyedLabelWidth('ArrowRight', 170, 1200, true), 234);
  assert.equal(keyedLabelWidth('Home', 300, 1200), MIN_LABEL_WIDTH);
  assert.equal(keyedLabelWidth('End', 300, 1200), MAX_LABEL_WIDTH);
  assert.equal(keyedLabelWidth('a', 300, 1200), null);
});

test('the host keeps a sane label width from the webview and drops anything else', () => {
  const ok = parsePanelViewState({ timeline: { key: 'k', labelWidth: 260 } });
  assert.equal(ok?.timeline?.labelWidth, 260);
  for (const bad of [-1, 0, 1e9, 12.5, '200', null]) {
    assert.equal(parsePanelViewState({ timeline: { key: 'k', labelWidth: bad } })?.timeline?.labelWidth, undefined, String(bad));
  }
});
