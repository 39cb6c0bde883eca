// What the CLI prints is text for a terminal, and much of it echoes input: a
// model's names and messages about them, file names, the lock and function
// names of an imported capture. A raw ESC, CR or OSC sequence in any of those
// would drive the terminal (clear the screen, rewrite a line to fake an "ok",
// plant a hidden link), and a newline, CR or U+2028 would break the one-line
// `file:line:col: error: …` form editors and scripts read. So every control
// character is shown escaped: printable() for a value or a line that must stay
// one line, printableText() (newlines kept) as the last guard on everything
// main() writes to stdout and stderr. Progress bars draw with their own CR and
// erase sequence through CliIO.status, their text made printable first.

/**
 * C0 controls (newline and tab included), DEL, C1 controls, the line and
 * paragraph separators, and the bidirectional overrides and isolates (which
 * reorder what a terminal shows: "Trojan Source").
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    case '\x1b': return '\\e';
    // below space: \x07; DEL and above as \u escapes, which stay valid inside a JSON string (--json output)
    default: return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
}

/** `s` with every control character escaped (`\e`, `\r`, `\n`, `\x07`, `\u2028`): always one line. */
export function printable(s: string): string {
  return s.replace(CONTROL, escape);
}

/** The same, but newlines kept: a block of lines whose values were made printable(). */
export function printableText(s: string): string {
  return s.replace(CONTROL_BUT_NEWLINE, escape);
}
