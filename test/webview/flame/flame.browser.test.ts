// The flame view in headless Chromium: hover card, click to open, zoom,
// keyboard, search, graph kinds, sandwich, range, theme colours, and a graph
// of 120k distinct stacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, type Harness } from '../locks/browser';
import { browserTests } from '../browser';

let s: Harness;
let page: Page;
const { skip } = browserTests(async (browser) => {
  s = await harness(browser);
  page = await s.open('flame');
});

/** Page coordinates of the middle of the frame at `path` in the main graph. */
async function frameAt(p: Page, path: string[]): Promise<{ x: number; y: number }> {
  return p.evaluate((names) => {
    const c = (window as any).__h.flame.main;
    const t = c.currentTree, l = c.currentLayout;
    let n = 0;
    for (const name of names) {
      let next = -1;
      for (let i = t.childStart[n]; i < t.childStart[n + 1]; i++) if (t.names[t.name[t.children[i]]] === name) next = t.children[i];
      if (next < 0) throw new Error(`no frame ${name}`);
      n = next;
    }
    let r = -1;
    for (let i = 0; i < l.count; i++) if (l.node[i] === n) r = i;
    if (r < 0) throw new Error(`frame ${names} not laid out`);
    const box = c.el.querySelector('canvas').getBoundingClientRect();
    return { x: box.left + l.x[r] + l.w[r] / 2, y: box.top + l.depth[r] * l.rowHeight + l.rowHeight / 2 };
  }, path);
}
const card = () => page.$eval('.smp-flame-card', (e) => (e as HTMLElement).hidden ? '' : e.textContent ?? '');
const info = () => page.$eval('.smp-flame-bar .smp-flame-info', (e) => e.textContent);
const help = () => page.$eval('.smp-flame > .smp-flame-info', (e) => e.textContent ?? '');

test('hover: frame, total, self, share and its model line', { skip }, async () => {
  const p = await frameAt(page, ['wm_rxintr']);
  await page.mouse.move(p.x, p.y);
  // On-CPU 280 ns in all; wm_rxintr 180 (50 of it its own).
  const text = await card();
  assert.match(text, /^wm_rxintr/);
  assert.match(text, /total 180 ns · 64\.3% of on-CPU/);
  assert.match(text, /self 50 ns · 17\.9%/);
  assert.match(text, /model\.smp\.yaml:1/);
});

test('click opens the model line and highlights the function everywhere', { skip }, async () => {
  const p = await frameAt(page, ['wm_rxintr', 'ether_input']);
  await page.mouse.click(p.x, p.y);
  // ether_input's heavier step is line 2 (100 ns of 130).
  assert.deepEqual(await page.evaluate(() => (window as any).__h.opened), [2]);
  assert.deepEqual(await page.evaluate(() => (window as any).__h.ctx.highlight.get()), { kind: 'function', name: 'ether_input' });
  assert.equal(await info(), '1 frame · 130 ns · 46.4%');
});

test('double-click zooms into a frame, Escape zooms out, Reset zoom returns to the root', { skip }, async () => {
  const p = await frameAt(page, ['wm_rxintr']);
  await page.mouse.dblclick(p.x, p.y);
  const zoomed = () => page.evaluate(() => { const c = (window as any).__h.flame.main; return c.currentTree.names[c.currentTree.name[c.zoomedNode]]; });
  assert.equal(await zoomed(), 'wm_rxintr');
  // Zoomed, ether_input (130 of 180) spans 72% of the width.
  const w = await page.evaluate(() => { const l = (window as any).__h.flame.main.currentLayout; return l.w[l.rowStart[2]] / l.width; });
  assert.ok(Math.abs(w - 130 / 180) < 1e-9, `width share ${w}`);
  // The double-click opened wm_rxintr's line once, not twice.
  assert.deepEqual(await page.evaluate(() => (window as any).__h.opened), [2, 1]);
  await page.focus('.smp-flame-canvas canvas');
  await page.keyboard.press('Escape');
  assert.equal(await zoomed(), 'on-CPU');
  await page.mouse.dblclick(p.x, p.y);
  await page.click('button:text("Reset zoom")');
  assert.equal(await zoomed(), 'on-CPU');
});

test('keyboard walks frames, Enter zooms, O opens', { skip }, async () => {
  const e = await frameAt(page, ['wm_rxintr', 'ether_input']);
  await page.mouse.click(e.x, e.y);
  await page.focus('.smp-flame-canvas canvas');
  const live = () => page.$eval('.smp-flame-canvas .smp-sr-only', (e) => e.textContent ?? '');
  // The click selected ether_input: up to its caller, up to the root, down to the first child.
  await page.keyboard.press('ArrowUp');
  assert.match(await live(), /^wm_rxintr,/);
  await page.keyboard.press('ArrowUp');
  assert.match(await live(), /^on-CPU,/);
  await page.keyboard.press('ArrowDown');
  assert.match(await live(), /^netisr, total 100 ns/);
  await page.keyboard.press('ArrowRight');
  assert.match(await live(), /^wm_rxintr,/);
  await page.keyboard.press('ArrowDown');
  assert.match(await live(), /^ether_input,/);
  await page.keyboard.press('o');
  assert.deepEqual((await page.evaluate(() => (window as any).__h.opened)).slice(-1), [2]);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => (window as any).__h.flame.main.zoomedNode > 0), true);
  await page.click('button:text("Reset zoom")');
});

test('search marks matching frames and sums their time once', { skip }, async () => {
  await page.fill('.smp-flame-bar input[type="search"]', 'ip_');
  // ip_input (100, containing ip_output) and ip_output: 100 ns of 280.
  assert.equal(await info(), '2 frames · 100 ns · 35.7%');
  await page.fill('.smp-flame-bar input[type="search"]', '');
});

test('sandwich: callers and callees of the selected function', { skip }, async () => {
  const p = await frameAt(page, ['netisr', 'ip_input']);
  await page.mouse.click(p.x, p.y);
  assert.equal(await page.textContent('button:text-matches("Callers / callees")'), 'Callers / callees of ip_input');
  await page.click('button:text-matches("Callers / callees")');
  const titles = await page.$$eval('.smp-flame-sandwich .smp-flame-pane-title', (x) => x.map((e) => e.textContent));
  assert.deepEqual(titles, [
    'ip_input: 100 ns total (35.7%), 40 ns self',
    'Callers of ip_input (read downwards: who called it)',
    'Callees of ip_input (what it called)',
  ]);
  assert.equal(await page.$$eval('.smp-flame-sandwich canvas', (x) => x.length), 2);
  assert.equal(await page.isHidden('.smp-flame-body > .smp-flame-canvas'), true);
  await page.click('button:text("Back to the whole graph")');
  assert.equal(await page.$$eval('.smp-flame-sandwich canvas', (x) => x.length), 0);
});

test('lock wait and wakeup chain graphs, spin/sleep filters', { skip }, async () => {
  const p0 = await frameAt(page, ['netisr']);
  await page.mouse.move(p0.x, p0.y);
  assert.notEqual(await card(), '');
  await page.selectOption('.smp-flame-bar select', 'wait');
  assert.equal(await card(), '', 'the card of the old graph is gone');
  assert.match(await help(), /Total 90 ns\.$/); // Giant 30 + 50, if_snd 10
  await page.uncheck('.smp-flame-bar label:has-text("Sleep") input');
  assert.match(await help(), /Total 40 ns\.$/);
  await page.check('.smp-flame-bar label:has-text("Sleep") input');
  await page.selectOption('.smp-flame-bar select', 'wakeup');
  const p = await frameAt(page, ['netisr', 'ip_input', '--', 'ether_input', 'wm_rxintr']);
  await page.mouse.move(p.x, p.y);
  assert.match(await card(), /^wm_rxintrtotal 80 ns/);
  await page.selectOption('.smp-flame-bar select', 'cpu');
});

test('the timeline\'s range selection restricts the graph', { skip }, async () => {
  await page.evaluate(() => (window as any).__h.ctx.selection.set({ start: 90, end: 160 }));
  await page.waitForFunction(() => /Total 30 ns\./.test(document.querySelector('.smp-flame > .smp-flame-info')?.textContent ?? ''));
  // [300,400) holds no CPU time: the graph gives way to a sentence.
  await page.evaluate(() => (window as any).__h.ctx.selection.set({ start: 300, end: 400 }));
  await page.waitForFunction(() => !(document.querySelector('.smp-flame-empty') as HTMLElement).hidden);
  assert.equal(await page.textContent('.smp-flame-empty'), 'No CPU was busy in this range.');
  assert.equal(await page.isHidden('.smp-flame-body'), true);
  await page.click('button:text("Clear selection")');
  await page.waitForFunction(() => /Total 280 ns\./.test(document.querySelector('.smp-flame > .smp-flame-info')?.textContent ?? ''));
  assert.equal(await page.isHidden('.smp-flame-empty'), true);
});

test('colours follow the theme variables and change with the theme', { skip }, async () => {
  const p = await frameAt(page, ['wm_rxintr']);
  await page.mouse.move(0, 700); // no hover outline
  await page.evaluate(() => (window as any).__h.ctx.highlight.set(null)); // nothing dimmed
  const pixel = () => page.evaluate(({ x, y }) => {
    const c = document.querySelector('.smp-flame-canvas canvas') as HTMLCanvasElement;
    const b = c.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    // Away from the text at the frame's left edge.
    const d = c.getContext('2d')!.getImageData(Math.round((x - b.left) * dpr) + 40, Math.round((y - b.top) * dpr) - 6, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, p);
  const [r0, , b0] = await pixel();
  assert.ok(r0 > 100 && b0 < 20, `warm frame ${[r0, b0]}`);
  // A theme switch rewrites the variables on the body; the graph re-reads them.
  await page.evaluate(() => {
    for (const v of ['red', 'orange', 'yellow']) document.body.style.setProperty(`--vscode-charts-${v}`, 'rgb(0, 0, 255)');
  });
  // The MutationObserver fires after the change, and the redraw follows: polled, as a slow machine may take a while.
  let [r1, , b1] = await pixel();
  for (const until = Date.now() + 10_000; !(b1 > 100 && r1 < 20) && Date.now() < until; [r1, , b1] = await pixel()) await page.waitForTimeout(50);
  assert.ok(b1 > 100 && r1 < 20, `after the theme change ${[r1, b1]}`);
});

test('120k distinct stacks: mounts and stays interactive', { skip }, async () => {
  const big = await s.open('flame-big', { __n: 120_000 });
  try {
    const facts = await big.evaluate(() => {
      const h = (window as any).__h;
      const c = h.flame.main;
      const l = c.currentLayout;
      let maxRow = 0;
      for (let d = 0; d < l.rows; d++) maxRow = Math.max(maxRow, l.rowStart[d + 1] - l.rowStart[d]);
      // Hover cost: 200 mouse moves over the graph.
      const canvas = c.el.querySelector('canvas') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) {
        canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: box.left + (i * 4.9) % box.width, clientY: box.top + 20 + (i % 3) * 18, bubbles: true }));
      }
      const hoverMs = (performance.now() - t0) / 200;
      return { nodes: c.currentTree.size, rects: l.count, maxRow, width: l.width, mountMs: h.mountMs, hoverMs };
    });
    console.log(`flame view, 120k stacks: ${JSON.stringify(facts)}`);
    assert.ok(facts.nodes > 120_000);
    assert.ok(facts.maxRow <= facts.width / 2, 'a row holds at most one frame per 2 px');
    assert.ok(facts.hoverMs < 16, `hover ${facts.hoverMs} ms per move`);
    assert.ok(facts.mountMs < 5000, `mount ${facts.mountMs} ms`);
  } finally {
    await big.close();
  }
});

test('a selection does not outlive its graph: switching kinds, Reset zoom and Escape clear it', { skip }, async () => {
  const selected = () => page.evaluate(() => (window as any).__h.flame.main.selected as number);
  const highlight = () => page.evaluate(() => (window as any).__h.ctx.highlight.get());
  const select = async () => {
    const p = await frameAt(page, ['wm_rxintr', 'ether_input']);
    await page.mouse.click(p.x, p.y);
    assert.ok((await selected()) > 0);
    assert.deepEqual(await highlight(), { kind: 'function', name: 'ether_input' });
  };
  // switching graph kinds: the lock-wait graph shows its own total, not "0 frames · 0 ns" of an on-CPU frame
  await select();
  await page.selectOption('.smp-flame-bar select', 'wait');
  assert.equal(await selected(), -1);
  assert.equal(await highlight(), null);
  assert.equal(await info(), '');
  assert.equal(await page.isDisabled('button:text-matches("Callers / callees")'), true);
  await page.selectOption('.smp-flame-bar select', 'cpu');
  // Reset zoom
  await select();
  await page.click('button:text("Reset zoom")');
  assert.equal(await selected(), -1);
  assert.equal(await highlight(), null);
  // Escape
  await select();
  await page.focus('.smp-flame-canvas canvas');
  await page.keyboard.press('Escape');
  assert.equal(await selected(), -1);
  assert.equal(await highlight(), null);
  assert.equal(await info(), '');
  // a function highlighted elsewhere that this graph lacks says so
  await page.evaluate(() => (window as any).__h.ctx.highlight.set({ kind: 'function', name: 'nowhere' }));
  assert.equal(await info(), 'no frame matches nowhere in this graph');
  await page.evaluate(() => (window as any).__h.ctx.highlight.set(null));
});
