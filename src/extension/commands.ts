// What the command palette entries (category "SMP Stack Lab") and the hidden
// commands CodeLens and hovers call do. Each is a few lines over the run
// service, the timeline documents and the pickers. extension.ts registers the ids at
// activation and loads this module on the first call.
import * as vscode from 'vscode';
import type { ViewName } from '../core/protocol';
import type { BuiltinScenarios } from './builtinScenarios';
import { exportTrace } from './exportTrace';
import { BUILTIN_SCHEME, CAPTURE_VIEW_TYPE, CMD, RUN_VIEW_TYPE } from './ids';
import { log } from './log';
import { isModelDocument, readModelText } from './modelFiles';
import { pickModel, pickTwoVariants, pickVariant } from './modelPicker';
import type { RunDocuments } from './runDocuments';
import type { RevealArgs } from './hoverText';
import type { RunDescriptor } from './runRegistry';
import type { RunService } from './runService';
import { runSweep } from './sweep';
import { BASE_VARIANT_LABEL } from './runFacts';
import { writeUriAtomically } from './uriWrite';

export interface CommandDeps {
  runs: RunService;
  documents: RunDocuments;
  builtins: BuiltinScenarios;
}

function activeModelUri(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isModelDocument(doc) ? doc.uri : undefined;
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export type CommandHandler = (...args: unknown[]) => Promise<unknown>;

export function commandHandlers(deps: CommandDeps): Record<string, CommandHandler> {
  const { runs, documents, builtins } = deps;
  const handlers: Record<string, CommandHandler> = {};

  const runAndShow = async (descriptor: RunDescriptor): Promise<void> => {
    const record = await runs.execute(descriptor);
    if (record) await documents.show(record);
  };

  const withModel = async (title: string, given?: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> => {
    const uri = given ?? (await pickModel(builtins, title));
    if (!uri) return undefined;
    return { uri, text: await readModelText(uri, builtins) };
  };

  const showView = async (view: ViewName): Promise<void> => {
    if (documents.showView(view)) return;
    const last = runs.registry.latest();
    if (last?.trace) {
      await documents.show(last, view);
      return;
    }
    const choice = await vscode.window.showInformationMessage('No run to show yet.', 'Run Scenario…');
    if (choice) await vscode.commands.executeCommand(CMD.runScenario);
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers take the arguments VS Code passes
  const register = (id: string, fn: (...args: any[]) => unknown) => {
    handlers[id] = async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        log().error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`SMP Stack Lab: ${message}`);
      }
    };
  };

  register(CMD.runScenario, async () => {
    const m = await withModel('SMP Stack Lab: Run Scenario');
    if (!m) return;
    const v = await pickVariant(m.text, `Run ${m.uri.path.split('/').pop()}`);
    if (!v) return;
    await runAndShow({ model: m.uri.toString(), variant: v.variant });
  });

  register(CMD.runCurrentModel, async () => {
    const uri = activeModelUri();
    if (!uri) return vscode.commands.executeCommand(CMD.runScenario);
    await runAndShow({ model: uri.toString() });
  });

  register(CMD.runModel, async (arg?: unknown, variant?: unknown) => {
    const uri = toUri(arg) ?? activeModelUri();
    if (!uri) return vscode.commands.executeCommand(CMD.runScenario);
    await runAndShow({ model: uri.toString(), variant: typeof variant === 'string' ? variant : undefined });
  });

  register(CMD.runModelVariant, async (arg?: unknown) => {
    const m = await withModel('SMP Stack Lab: Run Variant', toUri(arg) ?? activeModelUri());
    if (!m) return;
    const v = await pickVariant(m.text, `Run a variant of ${m.uri.path.split('/').pop()}`);
    if (v) await runAndShow({ model: m.uri.toString(), variant: v.variant });
  });

  register(CMD.rerunLast, async () => {
    const last = runs.last;
    if (!last) return vscode.commands.executeCommand(CMD.runScenario);
    await runAndShow(last);
  });

  register(CMD.compareVariants, async () => {
    const m = await withModel('SMP Stack Lab: Compare Variants', activeModelUri());
    if (!m) return;
    const pair = await pickTwoVariants(m.text, 'Compare two variants');
    if (!pair) return;
    // both variants (and their replications) side by side on the worker pool, one progress notification
    const name = m.uri.path.split('/').pop();
    const label = (v: string | undefined) => `${name} — ${v ?? BASE_VARIANT_LABEL}`;
    const got = await runs.runDesign(pair.map((v) => ({ descriptor: { model: m.uri.toString(), variant: v }, keepTrace: true, title: label(v) })),
      `comparing ${label(pair[0])} and ${pair[1] ?? BASE_VARIANT_LABEL}`);
    const [a, b] = [got?.[0].record, got?.[1].record];
    if (!a || !b) return; // reported already
    await documents.compare(a, b);
  });

  // any two runs still kept with their traces: a model run beside an imported capture (Open Trace…), two captures, two models
  register(CMD.compareRuns, async () => {
    const kept = runs.registry.all().filter((r) => r.trace);
    if (kept.length < 2) {
      void vscode.window.showInformationMessage('Compare Two Runs needs two runs with their traces: run a model and open a capture (Open Trace…), then try again.');
      return;
    }
    const item = (r: (typeof kept)[number]) => ({ label: r.title, description: r.descriptor.imported ? 'capture' : 'model run', detail: `run #${r.runId}`, record: r });
    const a = await vscode.window.showQuickPick(kept.map(item), { title: 'Compare Two Runs (1/2): run A', placeHolder: 'e.g. the model run' });
    if (!a) return;
    const b = await vscode.window.showQuickPick(kept.filter((r) => r !== a.record).map(item), { title: 'Compare Two Runs (2/2): run B', placeHolder: 'e.g. the imported capture' });
    if (!b) return;
    await documents.compare(a.record, b.record);
  });

  register(CMD.runSweep, async () => {
    const m = await withModel('SMP Stack Lab: Run Sweep', activeModelUri());
    if (!m) return;
    const got = await runSweep(m.uri, m.text, runs);
    if (got && got.shown.length >= 2) await documents.compare(got.shown[0], got.shown[1], got.curve, got.title);
    else if (got?.shown.length === 1) await documents.show(got.shown[0]);
  });

  register(CMD.stopRun, () => {
    const n = runs.stopAll();
    if (n === 0) vscode.window.setStatusBarMessage('SMP Stack Lab: no run in progress', 3000);
  });

  register(CMD.openBuiltinScenario, async () => {
    const names = await builtins.list();
    const pick = await vscode.window.showQuickPick(names.map((n) => ({ label: n.replace(/\.smp\.yaml$/, ''), name: n })), {
      title: 'SMP Stack Lab: Open Built-in Scenario (read-only)',
    });
    if (!pick) return;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(builtins.uriOf(pick.name)), { preview: false });
  });

  register(CMD.copyScenarioToWorkspace, async (arg?: unknown) => {
    let source = toUri(arg) ?? activeModelUri();
    if (source?.scheme !== BUILTIN_SCHEME) {
      const names = await builtins.list();
      const pick = await vscode.window.showQuickPick(names.map((n) => ({ label: n.replace(/\.smp\.yaml$/, ''), name: n })), {
        title: 'SMP Stack Lab: Copy Scenario to Workspace',
      });
      if (!pick) return;
      source = builtins.uriOf(pick.name);
    }
    const fileName = source.path.split('/').pop()!;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = folder
      ? await freeName(vscode.Uri.joinPath(folder, fileName))
      : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(fileName), filters: { 'SMP model': ['smp.yaml'] } });
    if (!target) return;
    await writeUriAtomically(target, new TextEncoder().encode(await builtins.read(source)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
    log().info(`copied built-in ${fileName} to ${target.toString()}`);
  });

  register(CMD.exportTrace, () => exportTrace(runs));

  register(CMD.openTrace, async (arg?: unknown) => {
    const uri = toUri(arg) ?? (await vscode.window.showOpenDialog({
      title: 'SMP Stack Lab: Open Trace',
      canSelectMany: false,
      openLabel: 'Open Trace',
      filters: {
        'Traces and captures': ['txt', 'perf', 'json', 'folded', 'csv', 'gz', 'zst', 'smptrace'],
        'All files': ['*'],
      },
    }))?.[0];
    if (!uri) return;
    // The file is the document: a trace opens in the timeline editor, a capture in the same editor through the importers.
    await vscode.commands.executeCommand('vscode.openWith', uri, /\.smptrace$/i.test(uri.path) ? RUN_VIEW_TYPE : CAPTURE_VIEW_TYPE);
  });
  register(CMD.showLockContention, () => showView('locks'));
  register(CMD.showFlameGraph, () => showView('flame'));
  register(CMD.showRunLog, () => { log().show(true); });

  register(CMD.revealInTimeline, async (arg?: unknown) => {
    const a = arg as Partial<RevealArgs> | undefined;
    const kinds = ['lock', 'counter', 'function', 'thread'];
    if (!a || !Number.isSafeInteger(a.runId) || !kinds.includes(a.what as string) || typeof a.name !== 'string') return;
    await documents.reveal(a.runId!, a.what as RevealArgs['what'], a.name);
  });

  return handlers;
}

/** `name.smp.yaml`, else `name-2.smp.yaml`, … : never overwrite a user's file. */
async function freeName(uri: vscode.Uri): Promise<vscode.Uri> {
  const exists = async (u: vscode.Uri) => vscode.workspace.fs.stat(u).then(() => true, () => false);
  if (!(await exists(uri))) return uri;
  const base = uri.path.replace(/\.smp\.yaml$/, '');
  for (let i = 2; ; i++) {
    const next = uri.with({ path: `${base}-${i}.smp.yaml` });
    if (!(await exists(next))) return next;
  }
}
