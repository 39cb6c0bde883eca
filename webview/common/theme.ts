// Following the colour theme, for every view (after vscode-js-profile-visualizer's
// theme reader): colours come from the --vscode-* CSS variables, read from the
// computed style, and are re-read when the theme may have changed. VS Code
// switches themes by rewriting the body's class and data-vscode-theme-id and
// the root element's style attribute, where it sets the variables; the
// standalone HTML report follows the OS scheme (prefers-color-scheme).

/** A reader of the CSS variables as computed on `el`: the trimmed value, '' when unset. */
export function cssVariables(el: Element = document.body): (name: string) => string {
  const cs = getComputedStyle(el);
  return (name) => cs.getPropertyValue(name).trim();
}

/** True in VS Code's high-contrast themes (dark or light). */
export function isHighContrast(): boolean {
  const c = document.body.classList;
  return c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light');
}

/** Calls `changed` whenever the theme may have changed; returns the disposer. */
export function watchTheme(changed: () => void): () => void {
  const mo = new MutationObserver(changed);
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'style'] });
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  mq?.addEventListener?.('change', changed);
  return () => { mo.disconnect(); mq?.removeEventListener?.('change', changed); };
}
