// Where the CLI writes: stdout for results, stderr for progress and errors.

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: draw progress bars. */
  tty: boolean;
  /** The terminal's width, when known: progress lines are cut to it. */
  columns?: number;
}

export const processIO: CliIO = {
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  tty: !!process.stderr.isTTY,
  get columns() { return process.stderr.columns; },
};

/** The first line of an error's message: what a person sees instead of a stack trace. */
export function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0];
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
