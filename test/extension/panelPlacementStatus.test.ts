// Tabs that do not pile up (panelPlacement.ts), the status bar's run and last
// result (runStatus.ts), and the contributed keybindings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newPanelColumn, panelIdentity } from '../../src/extension/panelPlacement';
import { RunStatus, SHOW_LOG_COMMAND, SHOW_PROBLEMS_COMMAND, STATUS_TITLE_MAX, STOP_COMMAND, statusOf } from '../../src/extension/runStatus';
import { CMD } from '../../src/extension/ids';

test('a rerun of the same model, variant and sweep point has the same panel identity; others differ', () => {
  const m = 'file:///w/lockorder.smp.yaml';
  assert.equal(panelIdentity([{ model: m, variant: 'base', seed: 1 }]), panelIdentity([{ model: m, variant: 'base', seed: 7, durationNs: 5 }]));
  assert.notEqual(panelIdentity([{ model: m, variant: 'base' }]), panelIdentity([{ model: m, variant: 'fixed' }]));
  assert.notEqual(panelIdentity([{ model: m }]), panelIdentity([{ model: m, sweepPoint: 2 }]));
  assert.equal(panelIdentity([{ model: m }, { model: m, variant: 'b' }]), undefined, 'a comparison is its own tab');
  assert.equal(panelIdentity([{ model: 'file:///c.txt', imported: true }]), undefined);
});

test('a new panel goes to the group the panels are in, not a new group beside the active one', () => {
  assert.equal(newPanelColumn(2, [2, 2], 1), 2);
  assert.equal(newPanelColumn(undefined, [3], 1), 3);
  assert.equal(newPanelColumn(undefined, [], 1), 'beside');
  assert.equal(newPanelColumn(undefined, [], undefined), 'active');
});

test('the status bar shows the running run (click stops it), then the last result, which replaces an error', () => {
  const item = { text: '', tooltip: '' as unknown, command: undefined as unknown, backgroundColor: undefined as unknown, name: '', shown: false, show() { this.shown = true; }, hide() { this.shown = false; }, dispose() {} };
  const status = new RunStatus(item as never, 'ERR' as never);
  const a = {};
  status.started(a, 'lockorder — base');
  assert.match(item.text, /sync~spin\) lockorder — base$/);
  assert.equal(item.command, STOP_COMMAND);
  status.progress(a, 42.7);
  assert.match(item.text, /lockorder — base 42%$/);
  status.ended(a, { kind: 'invalid', title: 'lockorder — base', errors: 2, first: 'line 3: unknown lock' });
  assert.equal(item.text, '$(error) lockorder — base: 2 errors');
  assert.equal(item.command, SHOW_PROBLEMS_COMMAND);
  assert.equal(item.backgroundColor, 'ERR');
  const b = {};
  status.started(b, 'lockorder — base');
  status.ended(b, { kind: 'done', title: 'lockorder — base', simulatedNs: 3e6, events: 1234, wallMs: 40 });
  assert.equal(item.text, '$(pass) lockorder — base');
  assert.equal(item.backgroundColor, undefined, 'the error is gone once the run succeeds');
  assert.equal(item.command, SHOW_LOG_COMMAND);
  assert.match(String(item.tooltip), /3 ms simulated, 1,234 events in 40 ms/);
  // an export (no result of its own) leaves the last result alone
  const c = {};
  status.started(c, 'exporting');
  status.ended(c);
  assert.equal(item.text, '$(pass) lockorder — base');
  assert.equal(statusOf({ kind: 'idle' }), undefined);
  // a sweep's long title is cut in the bar, whole in the tooltip
  const sweep = 'sweep of machine.cpus in giant-vs-mpsafe.smp.yaml — base (8 points)';
  const v = statusOf({ kind: 'running', titles: [sweep], progress: 37.5 })!;
  assert.equal(v.text, `$(sync~spin) ${sweep.slice(0, STATUS_TITLE_MAX - 1)}… 37%`);
  assert.ok(String(v.tooltip).includes(sweep));
  assert.ok(statusOf({ kind: 'done', title: sweep, simulatedNs: 1, events: 1, wallMs: 1 })!.text.length <= STATUS_TITLE_MAX + 8);
});

test('run, rerun and stop have keybindings, and every command id the status bar uses is contributed', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const keys = pkg.contributes.keybindings as { command: string; key: string; when?: string }[];
  for (const id of [CMD.runCurrentModel, CMD.rerunLast, CMD.stopRun]) assert.ok(keys.some((k) => k.command === id && k.key), `${id} has a key`);
  assert.match(keys.find((k) => k.command === CMD.stopRun)!.when!, /smpStackLab\.running/);
  const commands = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);
  for (const id of Object.values(CMD)) assert.ok(commands.includes(id), `${id} in package.json`);
  assert.ok(commands.includes(SHOW_LOG_COMMAND) && commands.includes(STOP_COMMAND));
});

/** .vscodeignore leaves everything out, then lets back in what its `!` lines name (exact names or `dir/**`, `dir/*.ext`). */
function shipped(path: string): boolean {
  const keep = readFileSync('.vscodeignore', 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1).trim());
  const re = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`);
  return keep.some((g) => re(g).test(path));
}

test('the README\'s pictures are in the VSIX (VS Code shows the README from it)', () => {
  const readme = readFileSync('README.md', 'utf8');
  const pictures = [...readme.matchAll(/\]\((media\/[^)]+\.png)\)/g)].map((m) => m[1]);
  assert.ok(pictures.length > 0);
  for (const p of pictures) assert.ok(shipped(p), `${p} is left out of the VSIX by .vscodeignore`);
  assert.ok(shipped('media/walkthrough/run.md') && shipped('dist/webview.js') && !shipped('media/screenshot-flame-wait.png'));
});

test('the walkthrough: five steps, each with its markdown in media/, its commands contributed', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const [w] = pkg.contributes.walkthroughs as { steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[] }[];
  assert.deepEqual(w.steps.map((s) => s.id), ['run', 'wait', 'jump', 'rerun', 'compare']);
  const commands = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);
  for (const s of w.steps) {
    const md = readFileSync(s.media.markdown, 'utf8');
    assert.match(md, /^# /);
    for (const [, img] of md.matchAll(/\]\(([^)]+\.png)\)/g)) {
      assert.ok(readFileSync(`media/walkthrough/${img}`).length > 0, img);
      assert.ok(shipped(`media/${img.replace(/^\.\.\//, '')}`), `${img} is left out of the VSIX by .vscodeignore`);
    }
    for (const [, cmd] of s.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.includes(cmd), cmd);
    for (const e of s.completionEvents) if (e.startsWith('onCommand:')) assert.ok(commands.includes(e.slice(10)), e);
  }
});
