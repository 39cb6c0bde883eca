import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSource } from '../../src/extension/sourceLinks';
import type { SourceInfo } from '../../src/trace/schema';

const sources: SourceInfo[] = [
  { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 },
  { file: '/ws/fwd.smp.yaml', line: 14, column: 7, endLine: 14, endColumn: 18, fn: 'ether_input' },
  { file: '/etc/passwd', line: 1, column: 1, endLine: 1, endColumn: 2 },
  { file: '/ws/fwd.smp.yaml', line: 20, column: 5, endLine: 18, endColumn: 1 },
];
const files = new Map([['/ws/fwd.smp.yaml', 'URI:fwd']]);

test('a source of the run resolves to its file and a 0-based selection', () => {
  assert.deepEqual(resolveSource(sources, files, 1), {
    file: 'URI:fwd',
    selection: { line: 13, character: 6, endLine: 13, endCharacter: 17 },
  });
});

test('a source naming a file the host did not give the compiler does not resolve', () => {
  assert.equal(resolveSource(sources, files, 2), undefined);
});

test('ids that are not sources of the run do not resolve', () => {
  for (const src of [0, -1, 4, 1.5, Number.NaN, 2 ** 60]) assert.equal(resolveSource(sources, files, src), undefined, String(src));
});

test('an inverted range collapses to its start', () => {
  assert.deepEqual(resolveSource(sources, files, 3)?.selection, { line: 19, character: 4, endLine: 19, endCharacter: 4 });
});
