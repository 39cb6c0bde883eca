// The compare view's look, in theme variables only.
export const COMPARE_CSS = `
.smp-compare { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 8px; height: 100%; box-sizing: border-box; overflow: auto; }
.smp-compare h2 { font-size: 1.1em; font-weight: 600; margin: 14px 0 6px; }
.smp-compare-runs { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; }
.smp-compare-runs .tag, .smp-compare .tag { font-weight: 700; }
.smp-compare table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.smp-compare th, .smp-compare td { padding: 2px 8px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
.smp-compare th:first-child, .smp-compare td:first-child { text-align: left; }
.smp-compare { container-type: inline-size; }
.smp-compare-locks { width: 100%; }
/* A narrow panel: each lock row becomes a grid, a metric's A, B and Δ stacked in one column (the cells stay cells). */
@container (max-width: 1100px) {
  .smp-compare-locks, .smp-compare-locks thead, .smp-compare-locks tbody { display: block; }
  .smp-compare-locks tr { display: grid; grid-template-columns: minmax(6em, 1.3fr) repeat(7, minmax(0, 1fr)); grid-template-rows: repeat(3, auto); grid-auto-flow: column; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
  .smp-compare-locks thead tr:first-child { grid-template-rows: auto auto; }
  .smp-compare-locks thead tr:first-child > th:first-child { grid-row: 1; }
  .smp-compare-locks thead tr:first-child > th:nth-child(2) { grid-row: 2; font-weight: normal; }
  .smp-compare-locks thead tr:first-child > th.group { grid-row: span 2; align-self: end; }
  .smp-compare-locks thead tr:nth-child(2) { display: none; }
  .smp-compare-locks tbody th[scope="row"] { grid-row: span 2; max-width: none; }
  .smp-compare-locks th, .smp-compare-locks td { border-bottom: none; display: block; }
  .smp-compare-locks tbody td:nth-child(2) { color: var(--vscode-descriptionForeground); text-align: left; }
  .smp-compare-locks tbody td:nth-child(3n)::before { content: 'A '; color: var(--vscode-descriptionForeground); }
  .smp-compare-locks tbody td:nth-child(3n+1)::before { content: 'B '; color: var(--vscode-descriptionForeground); }
  .smp-compare-locks tbody td:nth-child(3n+2):not(:nth-child(2))::before { content: 'Δ '; color: var(--vscode-descriptionForeground); }
}
.smp-compare-locks th, .smp-compare-locks td { padding: 2px 4px; }
.smp-compare tbody th[scope="row"] { max-width: 14em; overflow: hidden; text-overflow: ellipsis; }
.smp-compare td .ratio { display: inline-block; white-space: nowrap; }
.smp-compare td:has(.ratio) { white-space: normal; }
.smp-compare thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
.smp-compare .worse { color: var(--vscode-charts-red); }
.smp-compare .ns { color: var(--vscode-descriptionForeground); font-style: italic; }
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
.smp-scaling .errbar { stroke: var(--vscode-charts-orange); stroke-width: 1.5; }
.smp-scaling .point.open { cursor: pointer; }
.smp-scaling .point.open:hover, .smp-scaling .point.open:focus { stroke: var(--vscode-focusBorder); stroke-width: 2; outline: none; }
.smp-sweep button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; text-decoration: underline; }
.smp-sweep button.link:focus { outline: 1px solid var(--vscode-focusBorder); }
.smp-scaling .peak { fill: none; stroke: var(--vscode-charts-red); stroke-width: 2; }
.smp-lock-match-bar { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0; }
.smp-lock-match-bar select, .smp-lock-mapping select { margin-left: 4px; max-width: 28em; }
.smp-lock-mapping { margin: 4px 0 8px; }
.smp-lock-mapping summary { cursor: pointer; color: var(--vscode-descriptionForeground); }
.smp-lock-mapping-table { margin-top: 4px; }
.smp-flame-legend .grow { background: var(--vscode-charts-red); }
.smp-flame-legend .shrink { background: var(--vscode-charts-blue); }
`;
