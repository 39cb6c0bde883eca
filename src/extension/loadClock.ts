// Imported first by extension.ts, so this runs before any other module of the
// bundle: the activation log line can then include the bundle's load time.
export const loadStart = performance.now();
