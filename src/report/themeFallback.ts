// Values for the --vscode-* CSS variables in the standalone HTML report, where
// no VS Code defines them: VS Code's Light+ and Dark+ colours for the ones the
// views use, and for any other variable a value derived from its name (a
// *Foreground gets the foreground, a *Border the border…), so no colour is
// ever missing whatever a view starts to use.

type Scheme = 'light' | 'dark';

const KNOWN: Record<string, [light: string, dark: string]> = {
  'editor-background': ['#ffffff', '#1e1e1e'],
  'editor-foreground': ['#000000', '#d4d4d4'],
  foreground: ['#616161', '#cccccc'],
  descriptionForeground: ['#717171', '#9d9d9d'],
  errorForeground: ['#a1260d', '#f48771'],
  'editorWarning-foreground': ['#bf8803', '#cca700'],
  'inputValidation-warningBackground': ['#f6f5d2', '#352a05'],
  focusBorder: ['#0090f1', '#007fd4'],
  'panel-border': ['#80808059', '#80808059'],
  'editorRuler-foreground': ['#d3d3d3', '#5a5a5a'],
  'editor-selectionBackground': ['#add6ff', '#264f78'],
  'editor-inactiveSelectionBackground': ['#e5ebf1', '#3a3d41'],
  'editor-findMatchHighlightBackground': ['#ea5c0055', '#ea5c0055'],
  'editor-findMatchBackground': ['#a8ac94', '#515c6a'],
  'charts-red': ['#e51400', '#f14c4c'],
  'charts-blue': ['#1a85ff', '#3794ff'],
  'charts-yellow': ['#bf8803', '#cca700'],
  'charts-orange': ['#d18616', '#d18616'],
  'charts-green': ['#388a34', '#89d185'],
  'charts-purple': ['#652d90', '#b180d7'],
  'charts-foreground': ['#616161', '#cccccc'],
  'charts-lines': ['#61616180', '#cccccc80'],
  'terminal-ansiRed': ['#cd3131', '#cd3131'],
  'terminal-ansiGreen': ['#00bc00', '#0dbc79'],
  'terminal-ansiYellow': ['#949800', '#e5e510'],
  'terminal-ansiBlue': ['#0451a5', '#2472c8'],
  'terminal-ansiMagenta': ['#bc05bc', '#bc3fbc'],
  'terminal-ansiCyan': ['#0598bc', '#11a8cd'],
  'terminal-ansiBrightRed': ['#cd3131', '#f14c4c'],
  'terminal-ansiBrightGreen': ['#14ce14', '#23d18b'],
  'terminal-ansiBrightYellow': ['#b5ba00', '#f5f543'],
  'terminal-ansiBrightBlue': ['#0451a5', '#3b8eea'],
  'terminal-ansiBrightMagenta': ['#bc05bc', '#d670d6'],
  'terminal-ansiBrightCyan': ['#0598bc', '#29b8db'],
  'input-background': ['#ffffff', '#3c3c3c'],
  'input-foreground': ['#616161', '#cccccc'],
  'input-border': ['#cecece', '#3c3c3c'],
  'input-placeholderForeground': ['#767676', '#a6a6a6'],
  'button-background': ['#007acc', '#0e639c'],
  'button-foreground': ['#ffffff', '#ffffff'],
  'button-hoverBackground': ['#0062a3', '#1177bb'],
  'button-secondaryBackground': ['#5f6a79', '#3a3d41'],
  'button-secondaryForeground': ['#ffffff', '#ffffff'],
  'button-secondaryHoverBackground': ['#4c5561', '#45494e'],
  'dropdown-background': ['#ffffff', '#3c3c3c'],
  'dropdown-foreground': ['#616161', '#f0f0f0'],
  'dropdown-border': ['#cecece', '#3c3c3c'],
  'editorHoverWidget-background': ['#f3f3f3', '#252526'],
  'editorHoverWidget-foreground': ['#616161', '#cccccc'],
  'editorHoverWidget-border': ['#c8c8c8', '#454545'],
  'editorWidget-background': ['#f3f3f3', '#252526'],
  'editorWidget-border': ['#c8c8c8', '#454545'],
  'widget-shadow': ['#00000029', '#0000005c'],
  'textLink-foreground': ['#006ab1', '#3794ff'],
  'textLink-activeForeground': ['#006ab1', '#3794ff'],
  'list-hoverBackground': ['#e8e8e8', '#2a2d2e'],
  'list-activeSelectionBackground': ['#0060c0', '#04395e'],
  'list-activeSelectionForeground': ['#ffffff', '#ffffff'],
  'list-inactiveSelectionBackground': ['#e4e6f1', '#37373d'],
  'list-highlightForeground': ['#0066bf', '#2aaaff'],
  'notifications-background': ['#f3f3f3', '#252526'],
  'notifications-foreground': ['#616161', '#cccccc'],
  'notifications-border': ['#e7e7e7', '#303031'],
  'sideBarSectionHeader-background': ['#00000000', '#00000000'],
  'badge-background': ['#c4c4c4', '#4d4d4d'],
  'badge-foreground': ['#333333', '#ffffff'],
  'scrollbarSlider-background': ['#64646466', '#79797966'],
  'diffEditor-insertedTextBackground': ['#9ccc2c40', '#9ccc2c33'],
  'diffEditor-removedTextBackground': ['#ff000033', '#ff000033'],
  'font-family': ['system-ui, -apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif', 'system-ui, -apple-system, "Segoe UI", Ubuntu, "Droid Sans", sans-serif'],
  'font-size': ['13px', '13px'],
  'font-weight': ['normal', 'normal'],
  'editor-font-family': ['"Droid Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace', '"Droid Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace'],
  'editor-font-size': ['13px', '13px'],
};

/** Every --vscode-* variable name used in some CSS/JS text (without the prefix). */
export function referencedVariables(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/--vscode-([A-Za-z0-9-]+)/g)) out.add(m[1]);
  return [...out].sort();
}

/** A value for `name` in `scheme`: the known colour, or one derived from the name's role. */
export function fallbackValue(name: string, scheme: Scheme): string {
  const k = KNOWN[name];
  const pick = (n: string) => KNOWN[n][scheme === 'light' ? 0 : 1];
  if (k) return pick(name);
  const n = name.toLowerCase();
  if (n.endsWith('foreground')) return pick('foreground');
  if (n.includes('border')) return pick('panel-border');
  if (n.includes('shadow')) return pick('widget-shadow');
  if (n.includes('selection')) return pick('editor-selectionBackground');
  if (n.includes('hover')) return pick('list-hoverBackground');
  if (n.endsWith('background')) return pick('editor-background');
  if (n.includes('font')) return pick('font-family');
  return pick('foreground');
}

/** A :root block (light) and a prefers-color-scheme: dark block defining every name. */
export function fallbackCss(names: string[]): string {
  const all = [...new Set([...Object.keys(KNOWN), ...names])].sort();
  const block = (scheme: Scheme) => all.map((n) => `  --vscode-${n}: ${fallbackValue(n, scheme)};`).join('\n');
  return `:root {\n  color-scheme: light dark;\n${block('light')}\n}\n@media (prefers-color-scheme: dark) {\n:root {\n${block('dark')}\n}\n}\n`;
}
