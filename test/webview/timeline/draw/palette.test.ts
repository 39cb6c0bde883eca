// Colours that never collide: in VS Code's Light+ and Dark+ colours (the
// report's fallbacks), and in a theme whose terminal colours are all reds,
// every thread colour keeps MIN_STATE_DISTANCE from every state colour, and
// packet drops are not the spin red.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fallbackValue } from '../../../../src/report/themeFallback';
import { CPU_STATE_NAMES, CpuState, InstantKind } from '../../../../src/trace/schema';
import { colourDistance, MIN_STATE_DISTANCE, MIN_THREAD_DISTANCE, threadPalette } from '../../../../webview/timeline/draw/palette';
import { themeFrom, type Theme } from '../../../../webview/timeline/draw/theme';
import { nameHash } from '../../../../webview/common/nameHash';

const schemeTheme = (scheme: 'light' | 'dark') => themeFrom((name) => fallbackValue(name.replace(/^--vscode-/, ''), scheme));

/** Every colour a span or mark of a state can have on the timeline. */
function stateColours(t: Theme): [string, string][] {
  const out: [string, string][] = t.states.map((c, s) => [CPU_STATE_NAMES[s], c]);
  out.push(['hold', t.hold], ['contended hold', t.holdContended], ['read hold', t.holdRead], ['wait', t.wait], ['drop', t.marks[InstantKind.Drop]]);
  return out;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: every thread colour keeps its distance from every state colour and from the other threads`, () => {
    const t = schemeTheme(scheme);
    assert.ok(t.threads.length >= 8, `${t.threads.length} thread colours`);
    for (const c of t.threads) {
      for (const [name, s] of stateColours(t)) {
        const d = colourDistance(c, s);
        assert.ok(d >= MIN_STATE_DISTANCE, `thread colour ${c} is ΔE ${d.toFixed(1)} from ${name} ${s}`);
      }
      assert.ok(colourDistance(c, t.background) >= MIN_STATE_DISTANCE, `${c} on the background`);
    }
    for (let i = 0; i < t.threads.length; i++) {
      for (let j = i + 1; j < t.threads.length; j++) assert.ok(colourDistance(t.threads[i], t.threads[j]) >= MIN_THREAD_DISTANCE);
    }
  });

  test(`${scheme}: packet drops are not the red of spin waits`, () => {
    const t = schemeTheme(scheme);
    const drop = t.marks[InstantKind.Drop];
    assert.ok(colourDistance(drop, t.states[CpuState.Spin]) >= MIN_STATE_DISTANCE, `drop ${drop} vs spin ${t.states[CpuState.Spin]}`);
    assert.ok(colourDistance(drop, t.wait) >= MIN_STATE_DISTANCE);
    assert.equal(t.series.drops, drop, 'the drops counter has the drop colour');
  });
}

test('the threads that met the spin red before (em0_ithread/2, /4) now get colours far from it', () => {
  const t = schemeTheme('dark');
  for (const name of ['em0_ithread/2', 'em0_ithread/4']) {
    const c = t.threads[nameHash(name) % t.threads.length];
    assert.ok(colourDistance(c, t.wait) >= MIN_STATE_DISTANCE, `${name}: ${c}`);
  }
});

test('a theme whose terminal colours are all reds still gets distinct thread colours', () => {
  const reds = ['#ff0000', '#ee1111', '#dd2222', '#f14c4c'];
  const pal = threadPalette(reds, ['#f14c4c', '#3794ff', '#b180d7', '#d18616', '#11a8cd', '#89d185', '#cca700'], '#1e1e1e');
  assert.ok(pal.length >= 8);
  for (const c of pal) assert.ok(colourDistance(c, '#f14c4c') >= MIN_STATE_DISTANCE, c);
  assert.ok(!pal.some((c) => reds.includes(c)));
});
