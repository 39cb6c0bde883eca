// Drawing colours, read from VS Code's --vscode-* CSS variables only (the HTML
// report defines fallbacks for the same variables). Re-read when the theme
// changes (webview/common/theme.ts watches for that).
import { CpuState, HoldFlags, InstantKind, FlowKind } from '../../../src/trace/schema';
import { cssVariables, isHighContrast } from '../../common/theme';
import { colourDistance, luminance, MIN_STATE_DISTANCE, threadPalette } from './palette';

export { luminance, parseColor } from './palette';

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
  return themeFrom(cssVariables(el), isHighContrast());
}

/** The theme from a reader of --vscode-* variables ('' when unset): pure, so the colour rules are testable. */
export function themeFrom(read: (name: string) => string, highContrast = false): Theme {
  const v = (name: string, fallback = '') => read(name) || fallback;
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
  const hold = green, holdContended = yellow, holdRead = v('--vscode-terminal-ansiBrightGreen', green);
  // Packet drops must not read as spin (red): the first of these that stands apart from every state colour.
  const spanColours = [...states, hold, holdContended, holdRead, red];
  const drop = firstDistinct([v('--vscode-terminal-ansiMagenta'), v('--vscode-terminal-ansiBrightMagenta'), fg], spanColours);
  const marks: string[] = [];
  marks[InstantKind.Interrupt] = orange;
  marks[InstantKind.ContextSwitch] = fg;
  marks[InstantKind.Wakeup] = green;
  marks[InstantKind.Ipi] = purple;
  marks[InstantKind.Drop] = drop;
  marks[InstantKind.Preempt] = yellow;
  const flows: string[] = [];
  flows[FlowKind.LockHandoff] = yellow;
  flows[FlowKind.Wakeup] = green;
  flows[FlowKind.Ipi] = purple;
  flows[FlowKind.LineTransfer] = red; // the re-read storm of a ticket / tas lock: spinning made visible
  const ansi = ['Red', 'Green', 'Yellow', 'Blue', 'Magenta', 'Cyan'];
  const ansiColours = [...ansi.map((c) => v(`--vscode-terminal-ansi${c}`)), ...ansi.map((c) => v(`--vscode-terminal-ansiBright${c}`))].filter(Boolean);
  // Thread colours keep their distance from every state colour and from drops (palette.ts).
  const threads = threadPalette(ansiColours, [...spanColours, drop], bg);
  const fontSize = parseFloat(v('--vscode-font-size', '12')) || 12;
  return {
    background: bg, foreground: fg, muted,
    border: v('--vscode-contrastBorder') || v('--vscode-panel-border', muted),
    grid: v('--vscode-editorRuler-foreground', muted),
    selection: v('--vscode-editor-selectionBackground', blue),
    selectionBorder: v('--vscode-focusBorder', blue),
    focus: v('--vscode-focusBorder', blue),
    match: v('--vscode-editor-findMatchHighlightBackground', yellow),
    states, hold, holdContended, holdRead, wait: red,
    marks, flows, blocker: red,
    threads: threads.length ? threads : [blue, green, purple, orange],
    series: { queue: blue, counter: purple, packets: green, drops: drop },
    highContrast,
    font: v('--vscode-font-family', 'sans-serif'),
    fontSize: Math.min(13, fontSize),
  };
}

/** The first candidate at least MIN_STATE_DISTANCE from every reserved colour; the last candidate when none is. */
export function firstDistinct(candidates: string[], reserved: string[]): string {
  const usable = candidates.filter(Boolean);
  return usable.find((c) => reserved.every((r) => colourDistance(c, r) >= MIN_STATE_DISTANCE)) ?? usable[usable.length - 1];
}

export function holdColor(theme: Theme, flags: number): string {
  if (flags & HoldFlags.Contended) return theme.holdContended;
  if (flags & HoldFlags.Read) return theme.holdRead;
  return theme.hold;
}


/** The theme's foreground or background, whichever reads better on `fill`. */
export function textOn(theme: Theme, fill: string): string {
  const lf = luminance(fill);
  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return contrast(lf, luminance(theme.foreground)) >= contrast(lf, luminance(theme.background)) ? theme.foreground : theme.background;
}
