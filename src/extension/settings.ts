// The extension's settings, read when a run starts (so a change applies to the next run).
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './ids';
import { parseDurationSetting } from './units';

export interface RunSettings {
  seed?: number;
  durationNs?: number;
  maxRecords: number;
}

export function runSettings(): RunSettings {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const seed = c.get<number | null>('run.seed', null);
  const duration = c.get<string>('run.duration', '');
  const maxRecords = c.get<number>('trace.recordLimit', 5_000_000);
  return {
    seed: typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 ? seed : undefined,
    durationNs: parseDurationSetting(duration ?? ''),
    maxRecords: Number.isSafeInteger(maxRecords) && maxRecords >= 1000 ? maxRecords : 5_000_000,
  };
}

export function reusePanel(): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('panel.reuse', false);
}
