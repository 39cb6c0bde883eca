// The model language's public API (the CLI and the VS Code glue use only this).

export type { Diagnostic, Range } from './diagnostics';
export { formatDiagnostic, hasErrors, sortDiagnostics } from './diagnostics';
export type { Model } from './model';
export { loadModel } from './load';
export { compileModel, sweepPrograms, sweepPointProgram, ModelError, type CompileOptions } from './programs';
export { outlineModel, symbolAt, type ModelOutline, type OutlineSymbol, type SymbolKind } from './outline';
export { parseDuration, parseRate, parseBitRate, parseSize, parseProbability, formatModelDuration } from './units';
export { rfc2544Plan, runRfc2544, type Rfc2544Plan, type Rfc2544Report } from './search';
