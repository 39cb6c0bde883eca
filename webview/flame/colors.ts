// Flame-graph colours, read from the --vscode-* theme variables (and read again
// when the theme changes): warm chart colours per function name for plain
// graphs, red for growth and blue for shrink in differential ones.
import { nameHash } from '../common/nameHash';
import { cssVariables } from '../common/theme';

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  focus: string;
  warm: string[];
  match: string;
  grow: string;
  shrink: string;
  same: string;
  font: string;
}

const VARS = {
  background: '--vscode-editor-background',
  foreground: '--vscode-editor-foreground',
  muted: '--vscode-descriptionForeground',
  focus: '--vscode-focusBorder',
  match: '--vscode-charts-purple',
  grow: '--vscode-charts-red',
  shrink: '--vscode-charts-blue',
  same: '--vscode-editorWidget-border',
};
const WARM = ['--vscode-charts-red', '--vscode-charts-orange', '--vscode-charts-yellow'];

/** Current theme colours as computed on `el`; a variable the host leaves unset falls back to the element's text colour. */
export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const read = cssVariables(el);
  const fallback = cs.color || 'gray';
  const v = (name: string) => read(name) || fallback;
  const family = read('--vscode-font-family') || cs.fontFamily || 'sans-serif';
  const size = read('--vscode-font-size') || '12px';
  return {
    background: v(VARS.background), foreground: v(VARS.foreground), muted: v(VARS.muted), focus: v(VARS.focus),
    warm: WARM.map(v), match: v(VARS.match), grow: v(VARS.grow), shrink: v(VARS.shrink), same: v(VARS.same),
    font: `${size} ${family}`,
  };
}



export interface FillStyle { color: string; alpha: number }

/** The same function always gets the same colour and shade. */
export function frameFill(name: string, p: Palette): FillStyle {
  const h = nameHash(name);
  return { color: p.warm[h % p.warm.length], alpha: 0.55 + ((h >>> 8) % 8) * 0.05 };
}

/**
 * Differential colour: growth (b > a) red, shrink blue, shaded by the change
 * relative to the largest change in the graph; no change is neutral.
 */
export function diffFill(a: number, b: number, maxAbs: number, p: Palette): FillStyle {
  const d = b - a;
  if (d === 0 || !(maxAbs > 0)) return { color: p.same, alpha: 0.5 };
  const strength = Math.min(1, Math.abs(d) / maxAbs);
  return { color: d > 0 ? p.grow : p.shrink, alpha: 0.25 + 0.75 * strength };
}
