// smplab: the simulator from a terminal. `list`, `check`, `run`, `view`.
// Every failure is one line on stderr starting with `smplab: ` and a non-zero
// exit code (2: bad usage, 1: a bad file or model, 3: the run stopped because
// the model is wrong, 130: interrupted); a stack trace only with SMPLAB_DEBUG=1.

import { closest } from '../model/suggest';
import { CliError } from './args';
import { CHECK_USAGE, checkCommand } from './check';
import { guardedIO, guardPipes, processIO, oneLine, type CliIO } from './io';
import { printable } from './terminal';
import { LIST_USAGE, listCommand } from './list';
import { RUN_USAGE, runCommand } from './run';
import { VIEW_USAGE, runView } from './view';

const COMMANDS = ['list', 'check', 'run', 'view', 'help', 'version'];

export const USAGE = `smplab — SMP Stack Lab from the command line

  smplab list [--json]              built-in scenarios with one-line descriptions
  smplab check <model>...           diagnostics as file:line:col: severity: message (exit 1 on errors)
  smplab run <model|built-in> [options]
  smplab view <capture> [--json] [--html-out F.html]
                                    summarise a perf / Chrome JSON / folded capture
  smplab <command> --help           one command's usage
  smplab --version

run options:
  --variant NAME      run a variant of the model
  --seed N            random seed (default: the model's run.seed)
  --duration T        simulated time, e.g. 20ms (default: the model's run.duration)
  --cpus N            CPU count, 1-256 (on a CPU sweep: run only this count)
  --replications R    run each point R times (seeds derived from the seed): means ± 95% CI
  --jobs N            worker threads (default: one per core); the output does not depend on N
  --no-sweep          run the model as written, not its sweep
  --no-search         skip the model's search: { rfc2544 }
  --json              one JSON object on stdout (an array for a sweep)
  --trace-out F.json  Chrome trace for Perfetto / chrome://tracing / speedscope
  --folded-out F.txt  folded stacks (--folded-kind cpu|wait, default cpu)
  --html-out F.html   standalone HTML report

exit codes: 0 ok, 1 bad file or model, 2 bad usage, 3 the model stopped (deadlock, no-progress), 130 Ctrl-C
docs: docs/cli.md
`;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (io === processIO) guardPipes();
  // Everything written below goes through the guard: no control character of any input reaches the terminal.
  const raw = io;
  io = guardedIO(raw);
  try {
    switch (cmd) {
      case 'list':
        return listCommand(rest, io);
      case 'check':
        return checkCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'view':
        return await runView(rest, io);
      case undefined:
        // No command is a usage error: the usage goes where errors go.
        io.err(USAGE);
        return 2;
      case 'help':
      case '-h':
      case '--help':
        return help(rest[0], io);
      case '--version':
      case '-V':
      case 'version':
        io.out(`${version()}\n`);
        return 0;
      default: {
        const guess = closest(cmd, cmd.startsWith('-') ? ['--help', '--version'] : COMMANDS);
        throw new CliError(`unknown command "${cmd}"${guess ? ` (did you mean ${guess}?)` : ''}; commands: list, check, run, view (smplab --help)`);
      }
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`smplab: ${printable(e.message)}\n`);
      return e.code;
    }
    // Anything else is our bug; still one line unless asked for more.
    io.err(`smplab: internal error: ${oneLine(e)}${process.env.SMPLAB_DEBUG ? `\n${(e as Error).stack}` : ' (set SMPLAB_DEBUG=1 for details)'}\n`);
    return 70;
  }
}

/** `smplab help [command]`. */
function help(cmd: string | undefined, io: CliIO): number {
  const one: Record<string, string> = { list: LIST_USAGE, check: CHECK_USAGE, run: RUN_USAGE, view: VIEW_USAGE };
  if (cmd === undefined) io.out(USAGE);
  else if (one[cmd]) io.out(`${one[cmd]}\n`);
  else throw new CliError(`help: unknown command "${cmd}"; commands: list, check, run, view`);
  return 0;
}

function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
