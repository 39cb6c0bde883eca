// Everything behind the registrations: the run service, the panels and the
// command implementations. Loaded by extension.ts on the first command, panel
// restore or run, so activation itself stays a list of registrations.
import type * as vscode from 'vscode';
import type { BuiltinScenarios } from './builtinScenarios';
import { commandHandlers, type CommandHandler } from './commands';
import type { ModelDiagnostics } from './diagnostics';
import { TimelinePanels } from './panels';
import type { LastRuns } from './runFacts';
import { RunService } from './runService';

export class App implements vscode.Disposable {
  readonly runs: RunService;
  readonly panels: TimelinePanels;
  readonly handlers: Record<string, CommandHandler>;

  constructor(context: vscode.ExtensionContext, builtins: BuiltinScenarios, diagnostics: ModelDiagnostics, lastRuns: LastRuns) {
    this.runs = new RunService(context, builtins, diagnostics, lastRuns);
    this.panels = new TimelinePanels(context, this.runs);
    this.handlers = commandHandlers({ runs: this.runs, panels: this.panels, builtins });
  }

  dispose(): void {
    this.panels.dispose();
    this.runs.dispose();
  }
}
