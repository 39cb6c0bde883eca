// A window with no folder keeps its saved runs in a folder of its own under
// the global storage (src/extension/noFolderStorage.ts): its key is
// recognised, and only other windows' folders unused for 30 days are swept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abandonedFolders, ABANDONED_AFTER_MS, isWindowKey, newWindowKey } from '../../src/extension/noFolderStorage';

test('window keys are fresh, recognised, and nothing else passes for one', () => {
  const a = newWindowKey();
  const b = newWindowKey();
  assert.ok(isWindowKey(a) && isWindowKey(b));
  assert.notEqual(a, b);
  for (const x of [undefined, 3, '', 'w-', '../etc', 'w-0123456789abcdeg', `${a}/..`, a.toUpperCase()]) assert.equal(isWindowKey(x), false, String(x));
});

test('only other windows\' folders idle past the limit are swept, never our own or foreign names', () => {
  const now = Date.UTC(2025, 0, 31);
  const own = 'w-00000000000000aa';
  const old = now - ABANDONED_AFTER_MS - 1;
  const folders = [
    { name: own, newestMs: 0 },
    { name: 'w-00000000000000bb', newestMs: old },
    { name: 'w-00000000000000cc', newestMs: now - 1000 },
    { name: 'w-00000000000000dd', newestMs: now - ABANDONED_AFTER_MS },
    { name: 'notes', newestMs: 0 },
  ];
  assert.deepEqual(abandonedFolders(folders, own, now), ['w-00000000000000bb']);
});
