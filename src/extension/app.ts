// Everything behind the registrations: the run service, the timeline
// documents and the command implementations. Loaded by extension.ts on the
// first command or timeline tab, so activation itself stays a list of
// registrations.
import type * as vscode from 'vscode';
import type { BuiltinScenarios } from './builtinScenarios';
import { commandHandlers, type CommandHandler } from './commands';
import type { ModelDiagnostics } from './diagnostics';
import { RunDocuments } from './runDocuments';
import type { LastRuns } from './runFacts';
import { RunService } from './runService';

export class App implements vscode.Disposable {
  readonly runs: RunService;
  readonly documents: RunDocuments;
  readonly handlers: Record<string, CommandHandler>;

  constructor(context: vscode.ExtensionContext, builtins: BuiltinScenarios, diagnostics: ModelDiagnostics, lastRuns: LastRuns) {
    this.runs = new RunService(context, builtins, diagnostics, lastRuns);
    this.documents = new RunDocuments(context, this.runs);
    this.handlers = commandHandlers({ runs: this.runs, documents: this.documents, builtins });
  }

  dispose(): void {
    this.documents.dispose();
    this.runs.dispose();
  }
}
