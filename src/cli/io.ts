// Where the CLI writes: stdout for results, stderr for progress and errors.
import { printable, printableText } from './terminal';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: draw progress bars. */
  tty: boolean;
  /** The terminal's width, when known: progress lines are cut to it. */
  columns?: number;
  /**
   * Progress bars' drawing on stderr, CR and erase sequence included, not escaped (its text is made
   * printable by the bar). Absent: err.
   */
  status?: (s: string) => void;
}

/** `io` with every control character of what it writes escaped but newlines (terminal.ts); status stays raw. */
export function guardedIO(io: CliIO): CliIO {
  return {
    out: (s) => io.out(printableText(s)),
    err: (s) => io.err(printableText(s)),
    status: io.status ?? io.err,
    tty: io.tty,
    get columns() { return io.columns; },
  };
}

export const processIO: CliIO = {
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  tty: !!process.stderr.isTTY,
  get columns() { return process.stderr.columns; },
};

/** The first line of an error's message, control characters escaped: what a person sees instead of a stack trace. */
export function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return printable(m.split('\n')[0]);
}

let guarded = false;
/** `smplab … | head` closes the pipe early: stop quietly instead of an EPIPE stack trace. */
export function guardPipes(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}
