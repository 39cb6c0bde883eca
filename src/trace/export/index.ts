// Exports of a trace to the tools people already use.
//   exportChromeTrace / writeChromeTrace  Chrome Trace Event JSON (Perfetto, chrome://tracing, speedscope)
//   exportFolded / exportFoldedDiff       folded stacks for on-CPU and lock-wait time, and a two-run diff
//   exportOffCpuFolded                    off-CPU time by the stack each thread switched out with
export { exportChromeTrace, writeChromeTrace, type ChromeExportOptions } from './chromeTrace';
export { exportFolded, exportFoldedDiff, type FoldedKind } from './folded';
export { exportOffCpuFolded } from './offCpu';
