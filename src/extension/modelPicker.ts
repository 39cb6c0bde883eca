// Quick picks: which model (built-in or a *.smp.yaml in the workspace), then
// which variant. Variants come from the model file itself.
import * as vscode from 'vscode';
import type { BuiltinScenarios } from './builtinScenarios';
import { baseName, readModelText } from './modelFiles';
import { outlineModel } from '../model/index';
import { BASE_VARIANT_LABEL } from './runFacts';

interface ModelItem extends vscode.QuickPickItem { uri?: vscode.Uri }

/** The model's `name:` line, for the quick pick's detail. */
function titleOf(text: string): string | undefined {
  const m = /^name:\s*(.+?)\s*$/m.exec(text);
  return m ? m[1].replace(/^["']|["']$/g, '') : undefined;
}

async function describe(uri: vscode.Uri, builtins: BuiltinScenarios): Promise<string | undefined> {
  try {
    return titleOf(await readModelText(uri, builtins));
  } catch {
    return undefined;
  }
}

export async function pickModel(builtins: BuiltinScenarios, title: string): Promise<vscode.Uri | undefined> {
  const [builtinNames, workspaceFiles] = await Promise.all([
    builtins.list(),
    vscode.workspace.findFiles('**/*.smp.yaml', '**/node_modules/**', 500),
  ]);
  const items: ModelItem[] = [];
  if (workspaceFiles.length) {
    items.push({ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator });
    workspaceFiles.sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of workspaceFiles) {
      items.push({ label: baseName(uri), description: vscode.workspace.asRelativePath(uri), detail: await describe(uri, builtins), uri });
    }
  }
  if (builtinNames.length) {
    items.push({ label: 'Built-in', kind: vscode.QuickPickItemKind.Separator });
    for (const name of builtinNames) {
      const uri = builtins.uriOf(name);
      items.push({ label: baseName(uri), description: 'built-in', detail: await describe(uri, builtins), uri });
    }
  }
  if (!items.some((i) => i.uri)) {
    void vscode.window.showWarningMessage('SMP Stack Lab: no *.smp.yaml models in the workspace and no built-in scenarios found.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a model', matchOnDescription: true, matchOnDetail: true });
  return picked?.uri;
}

export { BASE_VARIANT_LABEL };

interface VariantItem extends vscode.QuickPickItem { variant: string | undefined }

function variantItems(text: string): VariantItem[] {
  const outline = outlineModel(text);
  return [
    { label: BASE_VARIANT_LABEL, description: 'the model as written', variant: undefined },
    ...outline.variants.map((v) => ({ label: v, description: outline.variantDescriptions[v], variant: v })),
  ];
}

/** `{ variant }` (undefined: the base model), or undefined when the user backed out. Skips the pick when there are no variants. */
export async function pickVariant(text: string, title: string): Promise<{ variant: string | undefined } | undefined> {
  const items = variantItems(text);
  if (items.length === 1) return { variant: undefined };
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a variant' });
  return picked ? { variant: picked.variant } : undefined;
}

/** Two variants to compare, in pick order; undefined when the user backed out. */
export async function pickTwoVariants(text: string, title: string): Promise<[string | undefined, string | undefined] | undefined> {
  const items = variantItems(text);
  if (items.length < 2) {
    void vscode.window.showInformationMessage('This model declares no variants to compare. Add a `variants:` section, or rerun after an edit.');
    return undefined;
  }
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick two variants', canPickMany: true });
    if (!picked) return undefined;
    if (picked.length === 2) return [picked[0].variant, picked[1].variant];
    const again = await vscode.window.showWarningMessage(`Pick exactly two variants (you picked ${picked.length}).`, 'Pick again');
    if (again !== 'Pick again') return undefined;
  }
}
