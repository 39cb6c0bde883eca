// Which view state a run mounts with (webview/panelState.ts): the webview's
// own when it was saved for that run, else the copy the host sent with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stateToMount } from '../../webview/panelState';

const own = { runId: 7, view: 'locks' as const, timeline: { key: 'a', window: { start: 1, end: 2 } } };
const host = { view: 'flame' as const, timeline: { key: 'a', window: { start: 5, end: 9 } } };

test('a webview VS Code revived keeps its own state: it is fresher than the host\'s debounced copy', () => {
  assert.deepEqual(stateToMount(own, host, 7), { view: 'locks', timeline: own.timeline });
});

test('a webview made anew (empty getState) or one that showed another run takes the host\'s copy', () => {
  assert.deepEqual(stateToMount({}, host, 7), host);
  assert.deepEqual(stateToMount(own, host, 8), host);
  // Where its own state lacks a part, the host's fills it.
  assert.deepEqual(stateToMount({ runId: 7, view: 'locks' }, host, 7), { view: 'locks', timeline: host.timeline });
});

test('no state anywhere: nothing to apply', () => {
  assert.deepEqual(stateToMount({}, undefined, 7), { view: undefined, timeline: undefined });
  assert.deepEqual(stateToMount(own, undefined, 8), { view: undefined, timeline: undefined });
});
