// The saved runs of open panels (src/extension/savedRuns.ts) in a real
// temporary folder: a run saved comes back with the identical trace; a missing,
// evicted, truncated or garbled one comes back as a reason to rerun, never as
// an exception; the byte cap evicts the oldest runs and refuses a run bigger
// than itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../src/atomicWrite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelHash, SavedRuns, type SavedRunInfo, type StorageFolder } from '../../src/extension/savedRuns';
import type { RunFacts } from '../../src/extension/runFacts';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { encodeTrace } from '../../src/trace/codec';
import type { Trace } from '../../src/trace/schema';

/**
 * The extension's folder is vscode.workspace.fs over storageUri; here node:fs over a temp dir. Reads return
 * a Node Buffer, as workspace.fs.readFile does in the extension host (its slice() is a view, not a copy).
 */
function tempFolder(): { folder: StorageFolder; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-saved-'));
  const folder: StorageFolder = {
    read: (name) => readFile(join(dir, name)),
    write: (name, bytes) => writeFileAtomic(join(dir, name), bytes),
    delete: (name) => rm(join(dir, name), { force: true }),
    list: async () => Promise.all((await readdir(dir)).map(async (name) => ({ name, size: (await stat(join(dir, name))).size }))),
  };
  return { folder, dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const MODEL_TEXT = 'machine: { cpus: 2 }\n';

function traceOf(seed: number, durationNs = 400_000): Trace {
  const t = simulate(lockContention(2, durationNs, seed));
  t.meta.wallMs = 0; // the one field that differs between two identical runs
  return t;
}

function infoOf(runId: number, trace: Trace, text = MODEL_TEXT): SavedRunInfo {
  const facts = { model: 'm', variant: '', seed: 1, stopReason: 'completed', simulatedNs: 1, events: trace.meta.events, wallMs: 0, records: 0, bytes: 0, cpus: 2, counters: {}, locks: [], functions: {} } as RunFacts;
  return {
    runId,
    title: `m — base #${runId}`,
    descriptor: { model: 'file:///w/m.smp.yaml', variant: undefined, seed: 1, durationNs: 400_000 },
    request: { text, file: '/w/m.smp.yaml', seed: 1, durationNs: 400_000 },
    files: [['/w/m.smp.yaml', 'file:///w/m.smp.yaml']],
    sources: trace.meta.sources,
    facts,
    modelHash: modelHash(text),
  };
}

test('a saved run loads back with a byte-identical trace and its description', async () => {
  const { folder, done } = tempFolder();
  try {
    const store = new SavedRuns(folder, 64 * 1024 * 1024);
    const trace = traceOf(1);
    const out = await store.save(infoOf(7, trace), trace);
    assert.equal(out.saved, true);
    const got = await store.load(7);
    assert.ok(got.ok, got.ok ? '' : got.reason);
    assert.deepEqual(encodeTrace(got.trace), encodeTrace(trace));
    assert.equal(got.info.title, 'm — base #7');
    assert.equal(got.info.request.text, MODEL_TEXT);
    assert.equal(got.info.modelHash, modelHash(MODEL_TEXT));
    assert.deepEqual(got.info.files, [['/w/m.smp.yaml', 'file:///w/m.smp.yaml']]);
    assert.equal(got.info.sources.length, trace.meta.sources.length);
    const info = await store.loadInfo(7);
    assert.ok(!('problem' in info) && info.runId === 7);
  } finally {
    done();
  }
});

test('the model hash tells an edited model from the one that ran', () => {
  assert.equal(modelHash(MODEL_TEXT), modelHash('machine: { cpus: 2 }\n'));
  assert.notEqual(modelHash(MODEL_TEXT), modelHash('machine: { cpus: 4 }\n'));
  assert.match(modelHash(''), /^[0-9a-f]{64}$/);
});

test('a run never saved, or whose trace file is gone, is a reason to rerun', async () => {
  const { folder, dir, done } = tempFolder();
  try {
    const store = new SavedRuns(folder, 64 * 1024 * 1024);
    assert.deepEqual(await store.load(3), { ok: false, reason: 'saved trace not found' });
    assert.deepEqual(await store.loadInfo(3), { problem: 'saved trace not found' });
    const trace = traceOf(1);
    await store.save(infoOf(4, trace), trace);
    await rm(join(dir, 'run-4.smptrace'));
    const got = await store.load(4);
    assert.equal(got.ok, false);
    assert.equal(!got.ok && got.reason, 'saved trace not found');
    // The description survives: the caller still knows the run's title and whether the model changed.
    assert.equal(!got.ok && got.info?.title, 'm — base #4');
  } finally {
    done();
  }
});

test('a truncated or garbled trace, or a garbled description, is reported as unreadable, not thrown', async () => {
  const { folder, dir, done } = tempFolder();
  try {
    const store = new SavedRuns(folder, 64 * 1024 * 1024);
    const trace = traceOf(1);
    for (const id of [1, 2, 3]) await store.save(infoOf(id, trace), trace);
    await truncate(join(dir, 'run-1.smptrace'), 200);
    await writeFile(join(dir, 'run-2.smptrace'), 'not a trace at all');
    await writeFile(join(dir, 'run-3.json'), '{"format": 1, "runId": 3');
    const one = await store.load(1);
    assert.ok(!one.ok && /^saved trace unreadable \(truncated trace/.test(one.reason), JSON.stringify(!one.ok && one.reason));
    const two = await store.load(2);
    assert.ok(!two.ok && /^saved trace unreadable \(not an SMP Stack Lab trace/.test(two.reason), JSON.stringify(!two.ok && two.reason));
    assert.deepEqual(await store.load(3), { ok: false, reason: 'saved trace unreadable (its description is not JSON)' });
    // A description of another run id or shape is not trusted either.
    await writeFile(join(dir, 'run-5.json'), JSON.stringify({ ...infoOf(6, trace), format: 1 }));
    assert.deepEqual(await store.load(5), { ok: false, reason: 'saved trace unreadable (its description is incomplete or of another version)' });
  } finally {
    done();
  }
});

test('the byte cap evicts the oldest saved runs first and refuses a run bigger than the cap', async () => {
  const { folder, dir, done } = tempFolder();
  try {
    const trace = traceOf(1);
    const one = encodeTrace(trace).byteLength + new TextEncoder().encode(JSON.stringify({ format: 1, ...infoOf(10, trace) })).byteLength;
    // Room for two runs, not three.
    const store = new SavedRuns(folder, Math.floor(one * 2.5));
    assert.deepEqual(await store.save(infoOf(10, trace), trace), { saved: true, bytes: one, evicted: [] });
    assert.deepEqual((await store.save(infoOf(11, trace), trace)).evicted, []);
    const third = await store.save(infoOf(12, trace), trace);
    assert.deepEqual(third, { saved: true, bytes: one, evicted: [10] });
    assert.deepEqual((await store.saved()).map((s) => s.runId), [11, 12]);
    const total = (await store.saved()).reduce((a, s) => a + s.bytes, 0);
    assert.ok(total <= store.capBytes, `${total} > ${store.capBytes}`);
    assert.deepEqual(await store.load(10), { ok: false, reason: 'saved trace not found' });

    // Saving a run again replaces its files without evicting another.
    assert.deepEqual((await store.save(infoOf(12, trace), trace)).evicted, []);

    // A trace bigger than the whole cap: nothing written, nothing evicted, and the reason says so in MB.
    const big = traceOf(2, 4_000_000);
    const refused = await store.save(infoOf(13, big), big);
    assert.equal(refused.saved, false);
    assert.match(!refused.saved ? refused.reason : '', /^its trace is [\d.]+ MB, over the [\d.]+ MB kept for restoring panels$/);
    assert.deepEqual(refused.evicted, []);
    assert.deepEqual((await readdir(dir)).sort(), ['run-11.json', 'run-11.smptrace', 'run-12.json', 'run-12.smptrace']);
  } finally {
    done();
  }
});

test('deleting runs, and keeping only the runs open panels show, leaves other files alone', async () => {
  const { folder, dir, done } = tempFolder();
  try {
    const store = new SavedRuns(folder, 64 * 1024 * 1024);
    const trace = traceOf(1);
    for (const id of [1, 2, 3, 4]) await store.save(infoOf(id, trace), trace);
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    await store.delete([2]);
    assert.deepEqual(await store.retainOnly(() => new Set([3])), [1, 4]);
    assert.deepEqual((await readdir(dir)).sort(), ['notes.txt', 'run-3.json', 'run-3.smptrace']);
    assert.equal((await store.load(3)).ok, true);
  } finally {
    done();
  }
});

test('operations run in the order they were asked: a delete right after a save leaves nothing behind', async () => {
  const { folder, dir, done } = tempFolder();
  try {
    const store = new SavedRuns(folder, 64 * 1024 * 1024);
    const trace = traceOf(1);
    const saving = store.save(infoOf(1, trace), trace);
    const deleting = store.delete([1]);
    // retainOnly asks what to keep when it runs, after the save before it.
    const saving2 = store.save(infoOf(2, trace), trace);
    let asked = false;
    const retaining = store.retainOnly(() => { asked = true; return new Set([2]); });
    assert.equal(asked, false);
    await Promise.all([saving, deleting, saving2, retaining]);
    assert.deepEqual((await readdir(dir)).sort(), ['run-2.json', 'run-2.smptrace']);
  } finally {
    done();
  }
});
