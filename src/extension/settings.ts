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

/** Replications when the model does not say (its `run.replications` wins), and the pool size (0: one per core). */
export function designSettings(): { replications: number; jobs: number } {
  const c = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const r = c.get<number>('replications', 1);
  const j = c.get<number>('jobs', 0);
  return {
    replications: Number.isSafeInteger(r) && r >= 1 ? Math.min(r, 1000) : 1,
    jobs: Number.isSafeInteger(j) && j >= 1 ? Math.min(j, 256) : 0,
  };
}

export function reusePanel(): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('panel.reuse', false);
}
