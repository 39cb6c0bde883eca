// Command ids, the custom editors' view types and setting keys: one place, matching package.json.

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

/** The timeline editor of .smptrace files (runs, and the manifests of the extension's tabs). */
export const RUN_VIEW_TYPE = 'smpStackLab.run';
/** The same editor on capture files (perf script, Chrome JSON, …): offered by "Open With…", not the default. */
export const CAPTURE_VIEW_TYPE = 'smpStackLab.capture';
/** The webview panels of versions before runs were documents: closed when VS Code brings one back. */
export const OLD_PANEL_VIEW_TYPE = 'smpStackLab.timeline';
export const LANGUAGE_ID = 'smp-model';
export const BUILTIN_SCHEME = 'smplab-builtin';
export const RUNNING_CONTEXT = 'smpStackLab.running';
export const CONFIG_SECTION = 'smpStackLab';
