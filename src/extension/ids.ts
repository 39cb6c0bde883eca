// Command ids, the webview view type and setting keys: one place, matching package.json.

export const CMD = {
  runScenario: 'smpStackLab.runScenario',
  runCurrentModel: 'smpStackLab.runCurrentModel',
  rerunLast: 'smpStackLab.rerunLast',
  compareVariants: 'smpStackLab.compareVariants',
  compareRuns: 'smpStackLab.compareRuns',
  runSweep: 'smpStackLab.runSweep',
  stopRun: 'smpStackLab.stopRun',
  openBuiltinScenario: 'smpStackLab.openBuiltinScenario',
  copyScenarioToWorkspace: 'smpStackLab.copyScenarioToWorkspace',
  exportTrace: 'smpStackLab.exportTrace',
  openTrace: 'smpStackLab.openTrace',
  showLockContention: 'smpStackLab.showLockContention',
  showFlameGraph: 'smpStackLab.showFlameGraph',
  showRunLog: 'smpStackLab.showRunLog',
  /** CodeLens / hover targets (hidden from the palette). */
  runModel: 'smpStackLab.runModel',
  runModelVariant: 'smpStackLab.runModelVariant',
  revealInTimeline: 'smpStackLab.revealInTimeline',
} as const;

export const VIEW_TYPE = 'smpStackLab.timeline';
export const LANGUAGE_ID = 'smp-model';
export const BUILTIN_SCHEME = 'smplab-builtin';
export const RUNNING_CONTEXT = 'smpStackLab.running';
export const CONFIG_SECTION = 'smpStackLab';
