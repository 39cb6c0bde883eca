// What the host accepts as a picture from a webview: only PNG or SVG, within
// the size cap, that are what they claim, and an SVG with nothing active.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PICTURE_BYTES, pictureProblem } from '../../src/core/picture';
import { parseWebviewMessage } from '../../src/core/protocol';

const enc = (s: string) => new TextEncoder().encode(s);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

test('a PNG must carry the PNG signature; an SVG must be an SVG with no script, handler, remote link or entity', () => {
  assert.equal(pictureProblem('png', PNG), null);
  assert.equal(pictureProblem('png', enc('<svg/>')), 'not a PNG image');
  assert.equal(pictureProblem('svg', enc('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="red"/></svg>')), null);
  assert.equal(pictureProblem('svg', enc('<?xml version="1.0"?>\n<svg><image href="data:image/png;base64,AAAA"/></svg>')), null);
  for (const [bad, why] of [
    ['<html><svg/></html>', /not an SVG/],
    ['<svg><script>alert(1)</script></svg>', /script/],
    ['<svg><rect onclick="x()"/></svg>', /event handler/],
    ['<svg><a href="javascript:x()"/></svg>', /javascript/],
    ['<svg><image href="https://evil/x.png"/></svg>', /link to another file/],
    ['<svg><foreignObject/></svg>', /foreignObject/],
    ['<!DOCTYPE svg [<!ENTITY x "y">]><svg/>', /not an SVG|entity/],
  ] as const) assert.match(pictureProblem('svg', enc(bad)) ?? '', why, bad);
  assert.match(pictureProblem('svg', new Uint8Array([0x3c, 0xff, 0xfe])) ?? '', /UTF-8/);
  assert.match(pictureProblem('png', new Uint8Array(0)) ?? '', /empty/);
  const big = new Uint8Array(MAX_PICTURE_BYTES + 1);
  big.set(PNG);
  assert.match(pictureProblem('png', big) ?? '', /over the 32 MB limit/);
});

test('a savePicture message is accepted only whole and valid', () => {
  const ok = parseWebviewMessage({ type: 'savePicture', runId: 3, view: 'timeline', format: 'png', data: PNG });
  assert.deepEqual(ok && { ...ok, data: undefined }, { type: 'savePicture', runId: 3, view: 'timeline', format: 'png', data: undefined });
  assert.ok(parseWebviewMessage({ type: 'savePicture', runId: 3, view: 'flame', format: 'png', data: PNG.buffer }), 'an ArrayBuffer is fine');
  for (const bad of [
    { runId: 3, view: 'timeline', format: 'gif', data: PNG },
    { runId: 3, view: 'somewhere', format: 'png', data: PNG },
    { runId: '3', view: 'timeline', format: 'png', data: PNG },
    { runId: 3, view: 'timeline', format: 'png', data: 'iVBORw0KGgo=' },
    { runId: 3, view: 'timeline', format: 'svg', data: enc('<svg><script/></svg>') },
    { runId: 3, view: 'timeline', format: 'png', data: enc('<svg/>') },
  ]) assert.equal(parseWebviewMessage({ type: 'savePicture', ...bad }), undefined, JSON.stringify({ ...bad, data: typeof bad.data }));
});
