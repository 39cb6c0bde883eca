// Importing captures of real systems. The importers read bytes (a ByteSource:
// a file, a VS Code URI's contents, a buffer), never paths; importTrace tells
// the format from the content. importTraceFile / fileSource are the node:fs
// adapter for the CLI, the benchmarks and the extension's worker.
export { importTrace, type ImportedTrace } from './importTrace';
export { importTraceFile, fileSource } from './fileSource';
export { memorySource, baseName, type ByteSource } from './byteSource';
export { ImportAborted, ImportError, type ImportOptions, type ImportResult, type ImportWarning } from './result';
export { sniffBytes, sniffText, type TraceFormat } from './sniff';
