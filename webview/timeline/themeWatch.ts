// Following the colour theme. VS Code switches themes by changing the body's
// class; the standalone HTML report follows the OS scheme. Either way the
// timeline rereads its CSS variables and redraws.
import type { TraceMeta } from '../../src/trace/schema';
import { nameHash } from '../nameHash';
import { readTheme, type Theme } from './theme';

/** The theme from the page's CSS, and each thread's colour from it (by name, so a thread keeps its colour across runs). */
export function loadTheme(meta: TraceMeta): { theme: Theme; threadColors: string[] } {
  const theme = readTheme(document.body);
  const pal = theme.threads;
  return { theme, threadColors: meta.threads.map((t) => pal[nameHash(t.name) % pal.length]) };
}

/** Call `changed` when the theme may have changed; returns the disposers. */
export function watchTheme(changed: () => void): (() => void)[] {
  const mo = new MutationObserver(changed);
  mo.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  mq?.addEventListener?.('change', changed);
  return [() => mo.disconnect(), () => mq?.removeEventListener?.('change', changed)];
}
