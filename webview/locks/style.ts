// The lock table's look, in theme variables only.
export const LOCK_CSS = `
.smp-locks { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 8px; overflow: auto; height: 100%; box-sizing: border-box; }
.smp-locks-bar { display: flex; gap: 12px; align-items: center; margin: 4px 0 8px; color: var(--vscode-descriptionForeground); }
.smp-button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
.smp-button:hover { background: var(--vscode-button-secondaryHoverBackground); }
.smp-locks-table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.smp-locks-table th, .smp-locks-table td { padding: 2px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); white-space: nowrap; text-align: left; }
.smp-locks-table thead th { position: sticky; top: 0; background: var(--vscode-editor-background); font-weight: 600; }
.smp-locks-table th.smp-group { text-align: center; }
.smp-sort { background: none; border: none; color: inherit; font: inherit; font-weight: 600; cursor: pointer; padding: 0; }
th[aria-sort="descending"] .smp-sort::after { content: ' ▼'; }
th[aria-sort="ascending"] .smp-sort::after { content: ' ▲'; }
.smp-num, th.smp-num { text-align: right !important; }
.smp-locks-table th.smp-group { border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-descriptionForeground)); }
.smp-lock-row, .smp-path-row { cursor: pointer; }
.smp-lock-row:hover, .smp-path-row:hover { background: var(--vscode-list-hoverBackground); }
.smp-lock-row[aria-current="true"] { background: var(--vscode-list-inactiveSelectionBackground); }
.smp-lock-row:focus, .smp-path-row:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.smp-twisty { display: inline-block; width: 1em; color: var(--vscode-descriptionForeground); }
.smp-type { color: var(--vscode-descriptionForeground); }
.smp-detail > td { padding: 4px 0 10px 1.5em; background: var(--vscode-editorWidget-background); }
/* the expanded rows never widen the lock table: the box has no width of its own, it fills the cell */
.smp-detail-box { contain: inline-size; width: 100%; overflow-x: auto; }
.smp-sub-table { border-collapse: collapse; margin: 4px 0; width: 100%; }
.smp-sub-table .smp-path-row > th { white-space: normal; overflow-wrap: break-word; min-width: 18em; }
.smp-sub-table thead th { white-space: normal; }
.smp-locks-table tbody th[scope="row"] { max-width: 24em; overflow: hidden; text-overflow: ellipsis; }
.smp-locks-table .smp-lock-row > th { position: sticky; left: 0; background: var(--vscode-editor-background); z-index: 1; }
.smp-sub-table caption { text-align: left; font-weight: 600; padding: 2px 6px; }
.smp-sub-table th, .smp-sub-table td { padding: 1px 6px; white-space: nowrap; text-align: left; font-weight: normal; }
.smp-sub-table thead th { color: var(--vscode-descriptionForeground); }
.smp-src { margin-left: 8px; color: var(--vscode-textLink-foreground); }
.smp-note, .smp-empty { color: var(--vscode-descriptionForeground); font-style: italic; }
`;
