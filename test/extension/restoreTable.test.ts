// Which panels of the last session are still there after a reload
// (src/extension/restoreTable.ts): entries matched against the open timeline
// tabs by label, live panels taking their own tabs first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isOurWebviewTab, reconcile, referencedRunIds, runIdsOf, STALE_SUFFIX, tabLabel, withEntry, withoutEntry, type PanelRestore, type RestoreTable,
} from '../../src/extension/restoreTable';

const entry = (title: string, runIds: number[], extra: Partial<PanelRestore> = {}): PanelRestore => ({
  title, runs: runIds.map(() => ({ model: 'file:///w/m.smp.yaml' })), runIds, ...extra,
});

test('an entry is pending while its tab is open and not live, gone once its tab is closed', () => {
  const table: RestoreTable = { 3: entry('m — base', [3]), 5: entry('m — mpsafe', [5]), 8: entry('old — base', [8]) };
  const tabs = [{ label: 'm — mpsafe', column: 2 }, { label: 'm — base', column: 2 }];
  assert.deepEqual(reconcile(table, tabs, []), { pending: [{ key: '5', tab: 0 }, { key: '3', tab: 1 }], gone: ['8'] });
  // Once revived, a panel is live: neither pending nor gone, and it takes its own tab.
  assert.deepEqual(reconcile(table, tabs, [{ key: '5', label: 'm — mpsafe', column: 2 }]), { pending: [{ key: '3', tab: 1 }], gone: ['8'] });
  // Closing the background tab: the entry goes.
  assert.deepEqual(reconcile(table, tabs.slice(0, 1), [{ key: '5', label: 'm — mpsafe', column: 2 }]), { pending: [], gone: ['8', '3'] });
});

test('two panels with one title: the live one takes the tab in its own column, the newest entry the other', () => {
  const table: RestoreTable = { 2: entry('m — base', [2]), 4: entry('m — base', [4]), 6: entry('m — base', [6]) };
  const tabs = [{ label: 'm — base', column: 1 }, { label: 'm — base', column: 2 }];
  const r = reconcile(table, tabs, [{ key: '2', label: 'm — base', column: 2 }]);
  assert.deepEqual(r, { pending: [{ key: '6', tab: 0 }], gone: ['4'] });
  // A panel still being shown (no entry yet) takes its tab all the same.
  assert.deepEqual(reconcile(table, tabs, [{ label: 'm — base', column: 1 }, { label: 'm — base', column: 2 }]), { pending: [], gone: ['6', '4', '2'] });
});

test('a stale entry is matched by its tab label, which says the model changed', () => {
  const e = entry('m — base', [3], { stale: true });
  assert.equal(tabLabel(e), `m — base${STALE_SUFFIX}`);
  assert.equal(tabLabel({ title: 'm — base' }), 'm — base');
  assert.deepEqual(reconcile({ 3: e }, [{ label: 'm — base (model changed)', column: 1 }], []).pending, [{ key: '3', tab: 0 }]);
  assert.deepEqual(reconcile({ 3: e }, [{ label: 'm — base', column: 1 }], []).gone, ['3']);
});

test('the table keeps the newest entries under its bound; the saved runs to keep are the ones entries name', () => {
  let t: RestoreTable = {};
  for (let k = 1; k <= 5; k++) t = withEntry(t, k, entry(`run ${k}`, k === 5 ? [5, 6] : [k]), 3);
  assert.deepEqual(Object.keys(t), ['3', '4', '5']);
  assert.deepEqual([...referencedRunIds(t)].sort(), [3, 4, 5, 6]);
  t = withoutEntry(t, 4);
  assert.deepEqual(Object.keys(t), ['3', '5']);
});

test('entries written before traces were saved name no runs', () => {
  assert.deepEqual(runIdsOf({ title: 'x', runs: [{ model: 'm' }] }), []);
  assert.deepEqual(runIdsOf({ title: 'x', runs: [{ model: 'm' }], runIds: [1, 2] }), []);
  assert.deepEqual(runIdsOf({ title: 'x', runs: [{ model: 'm' }, { model: 'm' }], runIds: [1, 2] }), [1, 2]);
});

test('our tabs are recognised with or without the workbench prefix on the view type', () => {
  assert.equal(isOurWebviewTab('smpStackLab.timeline', 'smpStackLab.timeline'), true);
  assert.equal(isOurWebviewTab('mainThreadWebview-smpStackLab.timeline', 'smpStackLab.timeline'), true);
  assert.equal(isOurWebviewTab('mainThreadWebview-markdown.preview', 'smpStackLab.timeline'), false);
  assert.equal(isOurWebviewTab('xsmpStackLab.timeline', 'smpStackLab.timeline'), false);
});
