// The compare view's look, in theme variables only.
export const COMPARE_CSS = `
.smp-compare { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 8px; height: 100%; box-sizing: border-box; overflow: auto; }
.smp-compare h2 { font-size: 1.1em; font-weight: 600; margin: 14px 0 6px; }
.smp-compare-runs { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; }
.smp-compare-runs .tag, .smp-compare .tag { font-weight: 700; }
.smp-compare table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.smp-compare th, .smp-compare td { padding: 2px 8px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
.smp-compare th:first-child, .smp-compare td:first-child { text-align: left; }
.smp-compare thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
.smp-compare .worse { color: var(--vscode-charts-red); }
.smp-compare .better { color: var(--vscode-charts-green); }
.smp-compare .note { color: var(--vscode-descriptionForeground); font-style: italic; }
.smp-cpu-row { display: grid; grid-template-columns: 5em 1fr 4em; align-items: center; gap: 8px; margin: 2px 0; }
.smp-cpu-bar { display: flex; height: 14px; border: 1px solid var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); }
.smp-cpu-bar > span { display: block; height: 100%; }
.smp-legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 4px 0; color: var(--vscode-descriptionForeground); }
.smp-legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
.state-user { background: var(--vscode-charts-blue); }
.state-kernel { background: var(--vscode-charts-purple); }
.state-interrupt { background: var(--vscode-charts-orange); }
.state-softint { background: var(--vscode-terminal-ansiCyan, var(--vscode-charts-blue)); }
.state-spin { background: var(--vscode-charts-red); }
.state-idle { background: transparent; }
.smp-scaling svg { display: block; }
.smp-scaling .axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.smp-scaling .grid { stroke: var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); stroke-width: 0.5; opacity: 0.5; }
.smp-scaling text { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.smp-scaling .curve { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
.smp-scaling .point { fill: var(--vscode-charts-orange); }
.smp-scaling .peak { fill: none; stroke: var(--vscode-charts-red); stroke-width: 2; }
.smp-flame-legend .grow { background: var(--vscode-charts-red); }
.smp-flame-legend .shrink { background: var(--vscode-charts-blue); }
`;
