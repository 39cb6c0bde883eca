// Styles for a view, added once through a constructed stylesheet: webview
// CSPs usually refuse inline <style> elements, constructed sheets are exempt.
// Only --vscode-* theme variables give colours, so themes apply unchanged.
const adopted = new Set<string>();

export function adoptStyles(id: string, css: string): void {
  if (adopted.has(id) || typeof document === 'undefined') return;
  adopted.add(id);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
