// The timeline's colours for a run: its theme (theme.ts) and each thread's
// colour in it. Re-read when the theme changes (webview/common/theme.ts).
import type { TraceMeta } from '../../../src/trace/schema';
import { nameHash } from '../../common/nameHash';
import { readTheme, type Theme } from './theme';

/** The theme from the page's CSS, and each thread's colour from it (by name, so a thread keeps its colour across runs). */
export function loadTheme(meta: TraceMeta): { theme: Theme; threadColors: string[] } {
  const theme = readTheme(document.body);
  const pal = theme.threads;
  return { theme, threadColors: meta.threads.map((t) => pal[nameHash(t.name) % pal.length]) };
}
