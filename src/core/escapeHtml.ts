// Text placed in HTML or SVG markup, in an element or a quoted attribute:
// the panel's HTML, the standalone report, and the words an SVG picture
// carries. All five special characters, so either quote style is safe.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
