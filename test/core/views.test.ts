// What a tab's view state may hold when it is read back (src/core/views.ts,
// from the state VS Code keeps with the tab, which an older version may have
// written): well-formed fields within bounds and known view names only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePanelViewState, VIEW_NAMES, VIEW_STATE_LIMITS } from '../../src/core/views';

const full = {
  view: 'locks',
  timeline: {
    key: 'forwarding|base|1|0|20000000|51234',
    window: { start: 1_000_000, end: 1_500_000 },
    expanded: ['group:locks', 'cpu:0'],
    scrollTop: 120,
    selectedSpan: 42,
    search: 'Giant',
    flows: false,
    range: { start: 1_100_000, end: 1_200_000 },
  },
};

test('a well-formed state is kept field for field', () => {
  assert.deepEqual(parsePanelViewState(full), full);
  for (const view of VIEW_NAMES) assert.deepEqual(parsePanelViewState({ view }), { view });
});

test('unknown view names and unknown fields are dropped; nothing usable is undefined', () => {
  assert.deepEqual(parsePanelViewState({ ...full, view: 'source', extra: 'x', timeline: { ...full.timeline, evil: () => 1 } }), { timeline: full.timeline });
  assert.equal(parsePanelViewState({ view: '__proto__' }), undefined);
  assert.equal(parsePanelViewState({ view: 'Timeline' }), undefined);
  for (const x of [null, undefined, 3, 'locks', [], [full], {}]) assert.equal(parsePanelViewState(x), undefined, JSON.stringify(x));
});

test('numbers must be finite and in bounds; windows and ranges must be non-empty', () => {
  const t = (timeline: object) => parsePanelViewState({ timeline: { key: 'k', ...timeline } })?.timeline;
  for (const bad of [{ start: 0, end: NaN }, { start: -Infinity, end: 1 }, { start: 5, end: 5 }, { start: 9, end: 1 }, { start: 0, end: 2 ** 60 }, { start: '0', end: 1 }, [0, 1]]) {
    assert.deepEqual(t({ window: bad, range: bad }), { key: 'k' }, JSON.stringify(bad));
  }
  assert.deepEqual(t({ window: { start: -5, end: 5 } }), { key: 'k', window: { start: -5, end: 5 } });
  assert.deepEqual(t({ scrollTop: -1 }), { key: 'k' });
  assert.deepEqual(t({ scrollTop: VIEW_STATE_LIMITS.maxScrollPx + 1 }), { key: 'k' });
  assert.deepEqual(t({ scrollTop: 10.5 }), { key: 'k', scrollTop: 10.5 });
  for (const bad of [-1, 1.5, 2 ** 40, NaN, '3']) assert.deepEqual(t({ selectedSpan: bad }), { key: 'k' }, String(bad));
  assert.deepEqual(t({ flows: 'yes' }), { key: 'k' });
});

test('strings and lists are bounded: a key, row ids and the search text', () => {
  const L = VIEW_STATE_LIMITS;
  assert.equal(parsePanelViewState({ timeline: { key: 'k'.repeat(L.keyChars + 1) } }), undefined, 'no key, no timeline');
  assert.equal(parsePanelViewState({ timeline: { window: full.timeline.window } }), undefined);
  const t = (timeline: object) => parsePanelViewState({ timeline: { key: 'k', ...timeline } })?.timeline;
  assert.deepEqual(t({ search: 's'.repeat(L.searchChars + 1) }), { key: 'k' });
  assert.deepEqual(t({ expanded: Array.from({ length: L.expandedRows + 1 }, (_, i) => `cpu:${i}`) }), { key: 'k' });
  assert.deepEqual(t({ expanded: ['cpu:0', 'x'.repeat(L.rowIdChars + 1)] }), { key: 'k' });
  assert.deepEqual(t({ expanded: ['cpu:0', 7] }), { key: 'k' });
  // The biggest state that passes stays small enough to keep per panel.
  const biggest = { view: 'timeline', timeline: { key: 'k'.repeat(L.keyChars), expanded: Array.from({ length: L.expandedRows }, () => 'r'.repeat(L.rowIdChars)), search: 's'.repeat(L.searchChars) } };
  assert.ok(JSON.stringify(parsePanelViewState(biggest)).length < 100_000);
});
