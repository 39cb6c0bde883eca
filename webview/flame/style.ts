// The flame view's look, in theme variables only.
export const FLAME_CSS = `
.smp-flame { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 8px; height: 100%; box-sizing: border-box; overflow: auto; }
.smp-flame-bar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 4px 0 8px; }
.smp-flame [hidden], .smp-compare [hidden] { display: none !important; }
.smp-flame-bar label { display: inline-flex; gap: 4px; align-items: center; }
.smp-flame-bar select, .smp-flame-bar input[type="search"] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; font: inherit; }
.smp-button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; font: inherit; }
.smp-button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.smp-button:disabled { opacity: 0.5; cursor: default; }
.smp-flame-info { color: var(--vscode-descriptionForeground); }
.smp-flame-canvas { position: relative; width: 100%; }
.smp-flame-canvas canvas { display: block; }
.smp-flame-canvas canvas:focus { outline: 1px solid var(--vscode-focusBorder); }
.smp-flame-card { position: absolute; z-index: 10; pointer-events: none; max-width: 480px; padding: 4px 8px; background: var(--vscode-editorHoverWidget-background); color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground)); border: 1px solid var(--vscode-editorHoverWidget-border); white-space: nowrap; }
.smp-flame-card-title { font-weight: 600; }
.smp-flame-pane-title { margin: 8px 0 4px; font-weight: 600; }
.smp-flame-empty { color: var(--vscode-descriptionForeground); font-style: italic; margin: 8px 0; }
.smp-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
