// Activation: registrations only (commands, language features, the timeline
// editor, the read-only scheme for built-in scenarios). The model
// language, the engine glue, the panels and the command implementations are
// loaded on first use (esbuild keeps each dynamically imported module
// unevaluated until then), so activating costs the registrations and no more.
import { loadStart } from './loadClock';
import * as vscode from 'vscode';
import type { App } from './app';
import type { RunDocument } from './runDocuments';
import { BuiltinScenarios } from './builtinScenarios';
import { ModelDiagnostics } from './diagnostics';
import { BUILTIN_SCHEME, CAPTURE_VIEW_TYPE, CMD, LANGUAGE_ID, OLD_PANEL_VIEW_TYPE, RUN_VIEW_TYPE } from './ids';
import { initLog } from './log';
import { LastRuns } from './runFacts';

/** Every module of the bundle this file imports has been evaluated by now. */
const loadEnd = performance.now();

/** Model files whatever language mode they are in (users may map *.smp.yaml to `yaml` for the YAML extension's schema support). */
const MODEL_FILES: vscode.DocumentSelector = [
  { language: LANGUAGE_ID },
  { pattern: '**/*.smp.yaml' },
  { scheme: BUILTIN_SCHEME },
];

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const log = initLog(context);
  const builtins = new BuiltinScenarios(context.extensionUri);
  const lastRuns = new LastRuns();
  const diagnostics = new ModelDiagnostics(once(async () => (await import('./modelApi')).checkModelText));
  const app = once(async () => {
    const { App } = await import('./app');
    const a: App = new App(context, builtins, diagnostics, lastRuns);
    context.subscriptions.push(a);
    return a;
  });
  const hovers = once(() => import('./hoverProvider'));
  const lenses = once(() => import('./codeLensProvider'));

  context.subscriptions.push(
    diagnostics,
    vscode.workspace.registerTextDocumentContentProvider(BUILTIN_SCHEME, builtins),
    vscode.languages.registerHoverProvider(MODEL_FILES, {
      provideHover: async (doc, pos) => (await hovers()).provideModelHover(doc, pos, lastRuns),
    }),
    vscode.languages.registerCodeLensProvider(MODEL_FILES, {
      provideCodeLenses: async (doc) => (await lenses()).modelCodeLenses(doc),
    }),
    ...[RUN_VIEW_TYPE, CAPTURE_VIEW_TYPE].map((viewType) => vscode.window.registerCustomEditorProvider(viewType, <vscode.CustomReadonlyEditorProvider<RunDocument>>{
      openCustomDocument: async (uri) => (await app()).documents.openCustomDocument(uri),
      resolveCustomEditor: async (doc, panel) => (await app()).documents.resolveCustomEditor(doc, panel),
    }, { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true })),
    // A timeline panel of an older version (before runs were documents): nothing brings it back.
    vscode.window.registerWebviewPanelSerializer(OLD_PANEL_VIEW_TYPE, { deserializeWebviewPanel: async (panel) => panel.dispose() }),
    ...Object.values(CMD).map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await app()).handlers[id](...args))),
  );
  const t1 = performance.now();
  // Ours: evaluating the bundle's modules plus activate(). (VS Code prepares the extension context
  // in between, concurrently with loading the module; that wait is not the extension's.)
  const evaluateMs = loadEnd - loadStart;
  log.info(`activated in ${(evaluateMs + t1 - t0).toFixed(1)} ms (evaluating the bundle ${evaluateMs.toFixed(1)} ms, registrations ${(t1 - t0).toFixed(1)} ms)`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running workers are cancelled and the warm one closed by RunService.dispose.
}
