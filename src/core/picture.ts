// What a webview may hand the host to save as a picture of its view: PNG bytes
// or an SVG document, bounded in size, checked for what they claim to be, and
// an SVG free of anything that could run or fetch when the file is opened
// later (scripts, event handlers, javascript: or remote links, foreignObject).
// Pure: used by parseWebviewMessage, so nothing else reaches the save dialog.

export type PictureFormat = 'png' | 'svg';
export const PICTURE_FORMATS: readonly PictureFormat[] = ['png', 'svg'];
/** A 4K timeline at 2× is about 6 MB of PNG; anything far beyond is not a picture of a panel. */
export const MAX_PICTURE_BYTES = 32 * 1024 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const SVG_FORBIDDEN: [RegExp, string][] = [
  [/<script\b/i, 'a script'],
  [/<foreignObject\b/i, 'foreignObject'],
  [/\son[a-z]+\s*=/i, 'an event handler'],
  [/javascript:/i, 'a javascript: link'],
  [/(?:href|src)\s*=\s*["']\s*(?:https?:|\/\/|file:)/i, 'a link to another file'],
  [/<!ENTITY\b/i, 'an entity declaration'],
];

/** Why these bytes are not an acceptable picture of that format, or null when they are. */
export function pictureProblem(format: PictureFormat, bytes: Uint8Array): string | null {
  if (bytes.byteLength === 0) return 'the picture is empty';
  if (bytes.byteLength > MAX_PICTURE_BYTES) return `the picture is ${(bytes.byteLength / 1048576).toFixed(1)} MB, over the ${MAX_PICTURE_BYTES / 1048576} MB limit`;
  if (format === 'png') {
    return PNG_SIGNATURE.every((b, i) => bytes[i] === b) ? null : 'not a PNG image';
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'the SVG is not UTF-8 text';
  }
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(text)) return 'not an SVG document';
  for (const [re, what] of SVG_FORBIDDEN) if (re.test(text)) return `the SVG contains ${what}`;
  return null;
}

/** The bytes of a message field: a Uint8Array or ArrayBuffer as postMessage delivers them; null for anything else. */
export function pictureBytes(x: unknown): Uint8Array | null {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  return null;
}
