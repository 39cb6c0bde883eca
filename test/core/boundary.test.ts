// The webview stands on the shared core alone: everything it imports, followed
// through every import, lies in webview/, src/core/ (messages, view names,
// formatting, pictures, statistics) or the pure trace layer (src/trace, apart
// from import/ and export/, which read and write files) — never the extension,
// the model language, the engine or node's modules. The shared core in turn
// imports nothing from the webview or the extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve('.');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The specifiers a file imports or re-exports (type-only imports included: they tie the layers as much). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function resolveTs(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const p of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(p) && statSync(p).isFile()) return p;
  throw new Error(`${relative(ROOT, from)}: cannot resolve ${spec}`);
}

/** Every file reached from `entries`, with the first importer of each, and the bare packages named. */
function reach(entries: string[]): { files: Map<string, string>; packages: Map<string, string> } {
  const files = new Map<string, string>(entries.map((e) => [e, '(entry)']));
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length) {
    const f = queue.pop()!;
    for (const spec of specifiers(f)) {
      if (!spec.startsWith('.')) { if (!packages.has(spec)) packages.set(spec, relative(ROOT, f)); continue; }
      const to = resolveTs(f, spec);
      if (!files.has(to)) { files.set(to, relative(ROOT, f)); queue.push(to); }
    }
  }
  return { files, packages };
}

test('the webview imports only the shared core and the pure trace layer', () => {
  const { files, packages } = reach(tsFiles('webview').map((f) => resolve(f)));
  const allowed = (p: string) => {
    const r = relative(ROOT, p);
    return r.startsWith('webview/') || r.startsWith('src/core/')
      || (r.startsWith('src/trace/') && !r.startsWith('src/trace/import/') && !r.startsWith('src/trace/export/'));
  };
  const outside = [...files].filter(([f]) => !allowed(f)).map(([f, by]) => `${relative(ROOT, f)} (imported by ${by})`);
  assert.deepEqual(outside, []);
  const nodeOnly = [...packages].filter(([p]) => p.startsWith('node:') || p === 'vscode').map(([p, by]) => `${p} (imported by ${by})`);
  assert.deepEqual(nodeOnly, []);
  assert.ok(files.size > 50, `followed the webview's imports (${files.size} files)`);
});

test('the shared core imports nothing from the webview, the extension or node', () => {
  const { files, packages } = reach(tsFiles('src/core').map((f) => resolve(f)));
  const bad = [...files.keys()].map((f) => relative(ROOT, f)).filter((r) => r.startsWith('webview/') || r.startsWith('src/extension/') || r.startsWith('src/cli/'));
  assert.deepEqual(bad, []);
  assert.deepEqual([...packages.keys()].filter((p) => p.startsWith('node:') || p === 'vscode'), []);
});
