// The report's decode worker puts chunks into the trace's columns in chunk
// order whatever order they come in, each as text or as pieces the page
// inflated, hands each column on once, as soon as it is whole, and gives the
// same trace as decoding the report's data in one go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { encodeReportParts } from '../../src/trace/codecStream';
import { fromWire, toWire } from '../../src/trace/codec';
import { TRACE_VERSION } from '../../src/trace/schema';
import { ChunkAssembler, type RunHead } from '../../webview/reportAssembler';

const trace = simulate(lockContention(2, 2_000_000, 1));

/** The report's form of the trace cut into chunks of `size` bytes, each raw-deflated, as base64 text. */
function chunks(size: number): { texts: string[]; raw: Uint8Array[]; planes: ReturnType<typeof encodeReportParts>['planes'] } {
  const { parts, planes } = encodeReportParts(trace);
  const all = Buffer.concat([...parts]);
  const raw: Uint8Array[] = [];
  for (let at = 0; at < all.length; at += size) raw.push(new Uint8Array(all.subarray(at, at + size)));
  return { texts: raw.map((r) => deflateRawSync(r).toString('base64')), raw, planes };
}

interface Seen {
  progress: { done: number; from: number; sizes: number[]; head?: RunHead }[];
  /** The buffers each progress call handed on. */
  handed: ArrayBuffer[][];
  end?: { head: RunHead; from: number; buffers: ArrayBuffer[] };
  error?: Error;
}

function assembler(planes: ReturnType<typeof encodeReportParts>['planes']): { a: ChunkAssembler; seen: Seen; done: Promise<void> } {
  const seen: Seen = { progress: [], handed: [] };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const a = new ChunkAssembler('deflate-raw', planes, {
    progress: (d, from, buffers, head) => {
      seen.progress.push({ done: d, from, sizes: buffers.map((b) => b.byteLength), ...(head ? { head } : {}) });
      seen.handed.push(buffers);
    },
    end: (head, from, buffers) => { seen.end = { head, from, buffers }; finish(); },
    error: (err) => { seen.error = err; finish(); },
  });
  return { a, seen, done };
}

/** The columns handed on, progress and end together, in order. */
function columnsOf(seen: Seen): ArrayBuffer[] {
  return [...seen.handed.flat(), ...seen.end!.buffers];
}

test('chunks in any order, as text or as pieces, give the trace in its columns, each column handed on once and whole', async () => {
  const { texts, raw, planes } = chunks(40_000);
  assert.ok(texts.length >= 8, `${texts.length} chunks`);
  const { a, seen, done } = assembler(planes);
  const out = seen.progress;
  // every third chunk as the page's pieces (in pieces of odd sizes), the rest as text; given from the back
  for (let k = texts.length - 1; k >= 0; k--) {
    if (k % 3 === 1) a.pieces(k, [raw[k].subarray(0, 777), raw[k].subarray(777)]);
    else a.text(k, texts[k]);
  }
  a.end(texts.length);
  await done;
  assert.equal(seen.error, undefined);
  // progress after each chunk, in order; columns handed on from where the last left off
  assert.deepEqual(out.map((p) => p.done), texts.map((_, k) => k + 1));
  let next = 0;
  for (const p of out) { assert.equal(p.from, next); next += p.sizes.length; }
  assert.equal(seen.end!.from, next);
  assert.equal(out.filter((p) => p.head).length, 1, 'the header once');
  assert.equal(out.find((p) => p.head)!.head!.meta.version, TRACE_VERSION);
  const got = fromWire({ meta: seen.end!.head.meta, length: seen.end!.head.length, buffers: columnsOf(seen) });
  assert.deepEqual(toWire(got).buffers.map((b) => Buffer.from(b)), toWire(trace).buffers.map((b) => Buffer.from(b)));
  assert.ok(seen.handed.flat().length > 0, 'columns handed on before the end');
});

test('a chunk the page is granted is waited for; a claim of the chunk being inflated is refused, and pieces the page sends for it anyway are dropped', async () => {
  const { texts, raw, planes } = chunks(30_000);
  const { a, seen, done } = assembler(planes);
  for (let k = 0; k < texts.length; k++) a.text(k, texts[k]);
  assert.equal(a.claim(0), false, 'being inflated already (it started on the first text): refused');
  assert.equal(a.claim(texts.length - 1), true, 'not begun: granted, its text dropped, the pieces awaited');
  assert.equal(a.claim(texts.length - 1), false, 'granted once');
  a.end(texts.length);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(seen.end, undefined, 'waits for the claimed chunk');
  a.pieces(0, [new Uint8Array(raw[0].length)]); // late, and wrong: must be dropped
  a.pieces(texts.length - 1, [raw[texts.length - 1]]);
  await done;
  assert.equal(seen.error, undefined);
  const got = fromWire({ meta: seen.end!.head.meta, length: seen.end!.head.length, buffers: columnsOf(seen) });
  assert.deepEqual(toWire(got).buffers.map((b) => Buffer.from(b)), toWire(trace).buffers.map((b) => Buffer.from(b)));
});

test('work on some columns runs once they are whole, before they are handed on, and its result goes with them', async () => {
  const { texts, planes } = chunks(40_000);
  const seen: Seen = { progress: [], handed: [] };
  const extras: { at: number; extra: unknown }[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  const made: number[] = [];
  const a = new ChunkAssembler('deflate-raw', planes, {
    progress: (d, from, buffers, head, extra) => {
      seen.progress.push({ done: d, from, sizes: buffers.map((b) => b.byteLength), ...(head ? { head } : {}) });
      seen.handed.push(buffers);
      if (extra !== undefined) extras.push({ at: seen.progress.length - 1, extra });
    },
    end: (head, from, buffers) => { seen.end = { head, from, buffers }; finish(); },
    error: (err) => { seen.error = err; finish(); },
  }, {
    from: 9, columns: 25,
    make: (head, buffers) => {
      // the columns it reads are all still here, whole
      for (let k = 9; k < 25; k++) assert.ok(buffers[k].byteLength > 0 || head.length.flows === 0 || head.length.instants === 0);
      made.push(buffers.length);
      return 'made';
    },
  });
  for (let k = 0; k < texts.length; k++) a.text(k, texts[k]);
  a.end(texts.length);
  await done;
  assert.equal(seen.error, undefined);
  assert.equal(made.length, 1);
  assert.equal(extras.length, 1);
  assert.equal(extras[0].extra, 'made');
  // columns 9..24 handed on no earlier than the progress that carries the result
  const at = extras[0].at;
  for (let p = 0; p < at; p++) assert.ok(seen.progress[p].from + seen.progress[p].sizes.length <= 9, `progress ${p} handed on a held column`);
  assert.ok(seen.progress[at].from <= 9 && seen.progress[at].from + seen.progress[at].sizes.length >= 25);
  const got = fromWire({ meta: seen.end!.head.meta, length: seen.end!.head.length, buffers: columnsOf(seen) });
  assert.deepEqual(toWire(got).buffers.map((b) => Buffer.from(b)), toWire(trace).buffers.map((b) => Buffer.from(b)));
});

test('a damaged chunk is an error, not a hang', async () => {
  const { texts, planes } = chunks(40_000);
  const { a, seen, done } = assembler(planes);
  a.text(0, texts[0]);
  a.text(1, texts[1].slice(0, 100));
  for (let k = 2; k < texts.length; k++) a.text(k, texts[k]);
  a.end(texts.length);
  await done;
  assert.ok(seen.error instanceof Error);
  assert.equal(seen.end, undefined);
});
