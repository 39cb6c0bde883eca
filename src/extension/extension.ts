// Activation: registrations only (commands, language features, the panel
// serializer, the read-only scheme for built-in scenarios). No model is read,
// no worker started and no file searched until the user asks for something.
import { loadStart } from './loadClock';
import * as vscode from 'vscode';
import { BuiltinScenarios } from './builtinScenarios';
import { ModelCodeLensProvider } from './codeLensProvider';
import { registerCommands } from './commands';
import { ModelDiagnostics } from './diagnostics';
import { ModelHoverProvider } from './hoverProvider';
import { BUILTIN_SCHEME, LANGUAGE_ID, VIEW_TYPE } from './ids';
import { initLog } from './log';
import { checkModelText } from './modelApi';
import { TimelinePanels } from './panels';
import { RunService } from './runService';

/** Model files whatever language mode they are in (users may map *.smp.yaml to `yaml` for the YAML extension's schema support). */
const MODEL_FILES: vscode.DocumentSelector = [
  { language: LANGUAGE_ID },
  { pattern: '**/*.smp.yaml' },
  { scheme: BUILTIN_SCHEME },
];

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  const log = initLog(context);
  const builtins = new BuiltinScenarios(context.extensionUri);
  const diagnostics = new ModelDiagnostics(checkModelText);
  const runs = new RunService(context, builtins, diagnostics);
  const panels = new TimelinePanels(context, runs);

  context.subscriptions.push(
    diagnostics,
    runs,
    panels,
    vscode.workspace.registerTextDocumentContentProvider(BUILTIN_SCHEME, builtins),
    vscode.languages.registerHoverProvider(MODEL_FILES, new ModelHoverProvider(runs.lastRuns)),
    vscode.languages.registerCodeLensProvider(MODEL_FILES, new ModelCodeLensProvider()),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, panels),
  );
  registerCommands(context, { runs, panels, builtins });
  const t1 = performance.now();
  log.info(`activated in ${(t1 - loadStart).toFixed(1)} ms (loading the bundle ${(t0 - loadStart).toFixed(1)} ms, registrations ${(t1 - t0).toFixed(1)} ms)`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running workers are cancelled by RunService.dispose.
}
