// Files written whole or not at all (src/atomicWrite.ts), and the saved runs
// that rely on it (src/extension/savedRuns.ts). Reproducers of issue 16: a
// reader polling a saved run's files while they were rewritten in place saw
// empty and half-written files, and a kill during a re-save left a partial
// trace beside the old complete description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMP_NAME, tempName, writeAtomically, writeFileAtomic, writeFileAtomicSync, type AtomicFs } from '../../src/atomicWrite';
import { SavedRuns, type SavedRunInfo, type StorageFolder } from '../../src/extension/savedRuns';
import type { RunFacts } from '../../src/extension/runFacts';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-atomic-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('temporary names are hidden siblings, unique per write, and recognised', () => {
  const a = tempName('run-1.smptrace');
  assert.match(a, /^\.run-1\.smptrace\.[0-9a-f]{8}\.tmp$/);
  assert.notEqual(a, tempName('run-1.smptrace'));
  assert.ok(TEMP_NAME.test(a));
  for (const n of ['run-1.smptrace', 'run-1.json', '.hidden', 'x.tmp']) assert.equal(TEMP_NAME.test(n), false, n);
});

test('a reader polling a file rewritten many times sees only whole versions, never an empty or partial one', async () => {
  const { dir, done } = tempDir();
  try {
    const file = join(dir, 'run-1.view.json');
    // Two versions big enough that a write takes several chunks of the thread pool.
    const versions = ['a', 'b'].map((c) => JSON.stringify({ format: 1, pad: c.repeat(4 << 20) }));
    writeFileSync(file, versions[0]);
    let writing = true;
    let reads = 0;
    const bad: string[] = [];
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        reads++;
        if (text !== versions[0] && text !== versions[1]) bad.push(`${text.length} bytes`);
      }
    })();
    for (let i = 0; i < 60; i++) await writeFileAtomic(file, versions[i % 2]);
    writing = false;
    await reader;
    assert.ok(reads > 10, `the reader read ${reads} times`);
    assert.deepEqual(bad, [], `partial reads among ${reads}`);
    assert.deepEqual(readdirSync(dir), ['run-1.view.json'], 'no temporary file left');
  } finally {
    done();
  }
});

test('a write that dies half way leaves the old file whole and no temporary file', async () => {
  const files = new Map<string, Uint8Array>([['/d/f', new TextEncoder().encode('old')]]);
  const dying: AtomicFs<string> = {
    async write(path, bytes) {
      files.set(path, bytes.slice(0, 1)); // a part of it, then the disk fills up
      throw new Error('ENOSPC: no space left on device');
    },
    async rename(from, to) { files.set(to, files.get(from)!); files.delete(from); },
    async remove(path) { files.delete(path); },
    sibling: (path, name) => `${path.slice(0, path.lastIndexOf('/'))}/${name}`,
    base: (path) => path.slice(path.lastIndexOf('/') + 1),
  };
  await assert.rejects(writeAtomically(dying, '/d/f', new TextEncoder().encode('new contents')), /ENOSPC/);
  assert.deepEqual([...files.keys()], ['/d/f']);
  assert.equal(new TextDecoder().decode(files.get('/d/f')), 'old');
});

test('the CLI\'s synchronous write: whole contents, pieces from a producer, nothing left behind on failure', () => {
  const { dir, done } = tempDir();
  try {
    const file = join(dir, 'out.json');
    writeFileAtomicSync(file, 'old');
    writeFileAtomicSync(file, (write) => { write('{"a":'); write(new TextEncoder().encode('1}')); });
    assert.equal(readFileSync(file, 'utf8'), '{"a":1}');
    assert.throws(() => writeFileAtomicSync(file, (write) => { write('{"half'); throw new Error('export failed'); }), /export failed/);
    assert.equal(readFileSync(file, 'utf8'), '{"a":1}', 'the old file is untouched');
    assert.deepEqual(readdirSync(dir), ['out.json']);
  } finally {
    done();
  }
});

function info(runId: number, title: string): SavedRunInfo {
  const facts = { model: 'm', variant: '', seed: 1, stopReason: 'completed', simulatedNs: 1, events: 1, wallMs: 0, records: 0, bytes: 0, cpus: 2, counters: {}, locks: [], functions: {} } as RunFacts;
  return {
    runId, title,
    descriptor: { model: 'file:///w/m.smp.yaml', variant: undefined, seed: 1, durationNs: 200_000 },
    request: { text: 'x', file: '/w/m.smp.yaml', seed: 1, durationNs: 200_000 },
    files: [], sources: [], facts,
  };
}

test('a re-save killed while writing its trace leaves no description beside a partial or different trace', async () => {
  const { dir, done } = tempDir();
  try {
    let killAt: string | undefined;
    const folder: StorageFolder = {
      read: (name) => readFile(join(dir, name)),
      async write(name, bytes) {
        // A kill during the write: what writeAtomically leaves is a partial temporary file, the target untouched.
        if (name === killAt) {
          writeFileSync(join(dir, tempName(name)), bytes.slice(0, bytes.byteLength >> 1));
          throw new Error('killed');
        }
        await writeFileAtomic(join(dir, name), bytes);
      },
      delete: (name) => rm(join(dir, name), { force: true }),
      list: async () => Promise.all((await readdir(dir)).map(async (name) => ({ name, size: (await stat(join(dir, name))).size }))),
    };
    const store = new SavedRuns(folder, 64 << 20);
    const first = simulate(lockContention(2, 200_000, 1));
    assert.equal((await store.save(info(1, 'first'), first)).saved, true);
    killAt = 'run-1.smptrace';
    await assert.rejects(store.save(info(1, 'second'), simulate(lockContention(2, 200_000, 2))), /killed/);
    // The old description is gone with the save that replaced it: the run reads as lost (its model reruns),
    // never as the first description over whatever trace the kill left.
    const loaded = await store.load(1);
    assert.equal(loaded.ok, false);
    assert.ok(readdirSync(dir).some((n) => TEMP_NAME.test(n)), 'the kill left a temporary file');
    // The next clean-up of the folder removes what the kill left.
    await store.retainOnly(() => new Set([1]));
    assert.deepEqual(readdirSync(dir).filter((n) => TEMP_NAME.test(n)), []);
    killAt = undefined;
    assert.equal((await store.save(info(1, 'third'), first)).saved, true);
    const again = await store.load(1);
    assert.ok(again.ok && again.info.title === 'third');
  } finally {
    done();
  }
});
