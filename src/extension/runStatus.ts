// The status bar item: the run in progress (click: stop it) or the last
// result (click: its facts in the output channel; a model with errors: the
// Problems view). The last result replaces whatever came before, so an error
// shown there is gone as soon as a run succeeds. statusOf is pure.
import type * as vscode from 'vscode';
import { formatDuration } from '../core/format';

export type RunStatusState =
  | { kind: 'idle' }
  | { kind: 'running'; titles: string[]; progress?: number }
  | { kind: 'done'; title: string; simulatedNs: number; events: number; wallMs: number }
  | { kind: 'invalid'; title: string; errors: number; first?: string }
  | { kind: 'failed'; title: string; message: string }
  | { kind: 'cancelled'; title: string };

export interface StatusView { text: string; tooltip: string; command?: string; error: boolean }

export const STOP_COMMAND = 'smpStackLab.stopRun';
export const SHOW_LOG_COMMAND = 'smpStackLab.showRunLog';
export const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

/** The status bar shares its row with every other extension: a long title (a sweep's) is cut there, whole in the tooltip. */
export const STATUS_TITLE_MAX = 40;
const short = (t: string) => (t.length > STATUS_TITLE_MAX ? `${t.slice(0, STATUS_TITLE_MAX - 1).trimEnd()}…` : t);

export function statusOf(s: RunStatusState): StatusView | undefined {
  switch (s.kind) {
    case 'idle':
      return undefined;
    case 'running': {
      const what = s.titles.length === 1 ? short(s.titles[0]) : `${s.titles.length} runs`;
      const pct = s.progress !== undefined ? ` ${Math.floor(s.progress)}%` : '';
      return { text: `$(sync~spin) ${what}${pct}`, tooltip: `SMP Stack Lab: running ${s.titles.join(', ')} — click to stop`, command: STOP_COMMAND, error: false };
    }
    case 'done':
      return {
        text: `$(pass) ${short(s.title)}`,
        tooltip: `SMP Stack Lab: ${s.title} — ${formatDuration(s.simulatedNs)} simulated, ${s.events.toLocaleString('en-US')} events in ${s.wallMs.toLocaleString('en-US')} ms — click for the run's facts`,
        command: SHOW_LOG_COMMAND, error: false,
      };
    case 'invalid':
      return {
        text: `$(error) ${short(s.title)}: ${s.errors} error${s.errors === 1 ? '' : 's'}`,
        tooltip: `SMP Stack Lab: ${s.title} did not run${s.first ? ` — ${s.first}` : ''} — click for the Problems view`,
        command: SHOW_PROBLEMS_COMMAND, error: true,
      };
    case 'failed':
      return { text: `$(error) ${short(s.title)} failed`, tooltip: `SMP Stack Lab: ${s.title} failed: ${s.message} — click for the log`, command: SHOW_LOG_COMMAND, error: true };
    case 'cancelled':
      return { text: `$(circle-slash) ${short(s.title)} stopped`, tooltip: `SMP Stack Lab: ${s.title} was stopped`, command: SHOW_LOG_COMMAND, error: false };
  }
}

/** Owns the item; the run service tells it what happens. */
export class RunStatus implements vscode.Disposable {
  private readonly running = new Map<object, { title: string; progress?: number }>();
  private last: RunStatusState = { kind: 'idle' };

  constructor(private readonly item: vscode.StatusBarItem, private readonly errorBackground: vscode.ThemeColor) {
    item.name = 'SMP Stack Lab run';
  }

  dispose(): void {
    this.item.dispose();
  }

  started(key: object, title: string): void {
    this.running.set(key, { title });
    this.render();
  }

  progress(key: object, pct: number): void {
    const r = this.running.get(key);
    if (!r) return;
    r.progress = pct;
    this.render();
  }

  /** A run ended; `result` becomes the last result (undefined: keep the previous one, e.g. an export). */
  ended(key: object, result?: RunStatusState): void {
    this.running.delete(key);
    if (result) this.last = result;
    this.render();
  }

  get state(): RunStatusState {
    if (this.running.size) {
      const rs = [...this.running.values()];
      return { kind: 'running', titles: rs.map((r) => r.title), progress: rs.length === 1 ? rs[0].progress : undefined };
    }
    return this.last;
  }

  private render(): void {
    const v = statusOf(this.state);
    if (!v) { this.item.hide(); return; }
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.command = v.command;
    this.item.backgroundColor = v.error ? this.errorBackground : undefined;
    this.item.show();
  }
}
