// Which view state a run mounts with (webview/panelState.ts): the webview's
// own when it was saved for that run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { savedStateOf, stateToMount } from '../../webview/panelState';

const own = { runId: 7, view: 'locks' as const, timeline: { key: 'a', window: { start: 1, end: 2 } } };

test('a webview VS Code revived keeps its own state', () => {
  assert.deepEqual(stateToMount(own, 7), { view: 'locks', timeline: own.timeline });
});

test('no state anywhere: nothing to apply', () => {
  assert.deepEqual(stateToMount({}, 7), { view: undefined, timeline: undefined });
  assert.deepEqual(stateToMount(own, 8), { view: undefined, timeline: undefined });
});

test('the state VS Code hands back is read as a view state: what an older version wrote there is dropped', () => {
  assert.deepEqual(savedStateOf(own), own);
  assert.deepEqual(savedStateOf({ runId: 7, view: 'source', timeline: { window: { start: 1, end: 2 } }, extra: 1 }), { runId: 7 });
  assert.deepEqual(savedStateOf(undefined), {});
  assert.deepEqual(savedStateOf({ runId: '7', view: 'flame' }), { view: 'flame' });
});
