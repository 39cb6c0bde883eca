// Drawing colours, read from VS Code's --vscode-* CSS variables only (the HTML
// report defines fallbacks for the same variables). Re-read when the theme
// changes: VS Code swaps the body class (vscode-light / vscode-dark /
// vscode-high-contrast), the report follows prefers-color-scheme.
import { CpuState, HoldFlags, InstantKind, FlowKind } from '../../src/trace/schema';

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  grid: string;
  selection: string;
  selectionBorder: string;
  focus: string;
  match: string;
  /** Indexed by CpuState. */
  states: string[];
  hold: string;
  holdContended: string;
  holdRead: string;
  wait: string;
  /** Indexed by InstantKind. */
  marks: string[];
  /** Indexed by FlowKind. */
  flows: string[];
  blocker: string;
  /** Thread colours: picked by a hash of the thread name so a thread keeps its colour across runs. */
  threads: string[];
  /** Counter colours by series kind. */
  series: Record<string, string>;
  highContrast: boolean;
  font: string;
  fontSize: number;
}

/** Variables this module reads; the HTML report gives each a light and a dark fallback. */
export const THEME_VARIABLES = [
  '--vscode-editor-background', '--vscode-foreground', '--vscode-descriptionForeground', '--vscode-panel-border',
  '--vscode-editorRuler-foreground', '--vscode-editor-selectionBackground', '--vscode-focusBorder',
  '--vscode-editor-findMatchHighlightBackground', '--vscode-contrastBorder',
  '--vscode-charts-red', '--vscode-charts-blue', '--vscode-charts-yellow', '--vscode-charts-orange',
  '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-foreground', '--vscode-charts-lines',
  '--vscode-terminal-ansiRed', '--vscode-terminal-ansiGreen', '--vscode-terminal-ansiYellow', '--vscode-terminal-ansiBlue',
  '--vscode-terminal-ansiMagenta', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiBrightRed',
  '--vscode-terminal-ansiBrightGreen', '--vscode-terminal-ansiBrightYellow', '--vscode-terminal-ansiBrightBlue',
  '--vscode-terminal-ansiBrightMagenta', '--vscode-terminal-ansiBrightCyan',
  '--vscode-font-family', '--vscode-editor-font-family', '--vscode-font-size',
] as const;

export function readTheme(el: Element = document.body): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback = '') => cs.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-foreground', 'CanvasText');
  const bg = v('--vscode-editor-background', 'Canvas');
  const red = v('--vscode-charts-red', fg);
  const blue = v('--vscode-charts-blue', fg);
  const yellow = v('--vscode-charts-yellow', fg);
  const orange = v('--vscode-charts-orange', fg);
  const green = v('--vscode-charts-green', fg);
  const purple = v('--vscode-charts-purple', fg);
  const muted = v('--vscode-descriptionForeground', fg);
  const states: string[] = [];
  states[CpuState.User] = blue;
  states[CpuState.Kernel] = purple;
  states[CpuState.Interrupt] = orange;
  states[CpuState.Softint] = v('--vscode-terminal-ansiCyan', blue);
  states[CpuState.Spin] = red;
  states[CpuState.Idle] = v('--vscode-charts-lines', muted);
  const marks: string[] = [];
  marks[InstantKind.Interrupt] = orange;
  marks[InstantKind.ContextSwitch] = fg;
  marks[InstantKind.Wakeup] = green;
  marks[InstantKind.Ipi] = purple;
  marks[InstantKind.Drop] = red;
  marks[InstantKind.Preempt] = yellow;
  const flows: string[] = [];
  flows[FlowKind.LockHandoff] = yellow;
  flows[FlowKind.Wakeup] = green;
  flows[FlowKind.Ipi] = purple;
  flows[FlowKind.LineTransfer] = red; // the re-read storm of a ticket / tas lock: spinning made visible
  const ansi = ['Red', 'Green', 'Yellow', 'Blue', 'Magenta', 'Cyan'];
  const threads = [...ansi.map((c) => v(`--vscode-terminal-ansi${c}`)), ...ansi.map((c) => v(`--vscode-terminal-ansiBright${c}`))].filter(Boolean);
  const fontSize = parseFloat(v('--vscode-font-size', '12')) || 12;
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    background: bg, foreground: fg, muted,
    border: v('--vscode-contrastBorder') || v('--vscode-panel-border', muted),
    grid: v('--vscode-editorRuler-foreground', muted),
    selection: v('--vscode-editor-selectionBackground', blue),
    selectionBorder: v('--vscode-focusBorder', blue),
    focus: v('--vscode-focusBorder', blue),
    match: v('--vscode-editor-findMatchHighlightBackground', yellow),
    states, hold: green, holdContended: yellow, holdRead: v('--vscode-terminal-ansiBrightGreen', green), wait: red,
    marks, flows, blocker: red,
    threads: threads.length ? threads : [blue, green, purple, orange],
    series: { queue: blue, counter: purple, packets: green, drops: red },
    highContrast,
    font: v('--vscode-font-family', 'sans-serif'),
    fontSize: Math.min(13, fontSize),
  };
}

export function holdColor(theme: Theme, flags: number): string {
  if (flags & HoldFlags.Contended) return theme.holdContended;
  if (flags & HoldFlags.Read) return theme.holdRead;
  return theme.hold;
}


/** Parse "#rgb", "#rrggbb(aa)" or "rgb(a)(…)" into [r, g, b] 0..255; null if unknown. */
export function parseColor(s: string): [number, number, number] | null {
  const t = s.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(t);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
    return null;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

/** Relative luminance (WCAG) of a colour string; 0.5 when unknown. */
export function luminance(s: string): number {
  const rgb = parseColor(s);
  if (!rgb) return 0.5;
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The theme's foreground or background, whichever reads better on `fill`. */
export function textOn(theme: Theme, fill: string): string {
  const lf = luminance(fill);
  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return contrast(lf, luminance(theme.foreground)) >= contrast(lf, luminance(theme.background)) ? theme.foreground : theme.background;
}
