// The way out of the webview: VS Code's acquireVsCodeApi() inside the editor,
// or a stand-in in the standalone HTML report (no host: source links are shown
// as file:line instead of opened, state lives for the page only).
import type { WebviewToHost } from '../src/core/protocol';

interface VsCodeApi {
  postMessage(m: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  kind: 'vscode' | 'report';
  post(m: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}

export function createHost(): Host {
  if (typeof acquireVsCodeApi === 'function') {
    const api = acquireVsCodeApi(); // may be called only once per page
    return { kind: 'vscode', post: (m) => api.postMessage(m), getState: () => api.getState(), setState: (s) => api.setState(s) };
  }
  let state: unknown;
  return {
    kind: 'report',
    post: () => {},
    getState: () => state,
    setState: (s) => { state = s; },
  };
}
