// smplab: the simulator from a terminal. `list`, `check`, `run`, `view`.
// Every failure is one line on stderr and a non-zero exit code (2: bad usage,
// 1: a bad file or model, 3: the run stopped because the model is wrong,
// 130: interrupted); a stack trace only with SMPLAB_DEBUG=1.

import { CliError } from './cli/args';
import { checkCommand } from './cli/check';
import { guardPipes, processIO, oneLine, type CliIO } from './cli/io';
import { listCommand } from './cli/list';
import { RUN_USAGE, runCommand } from './cli/run';
import { runView } from './cli/view';

const USAGE = `smplab — SMP Stack Lab from the command line

  smplab list                       built-in scenarios with one-line descriptions
  smplab check <model>...           diagnostics as file:line:col: severity: message (exit 1 on errors)
  smplab run <model|built-in> [options]
  smplab view <capture>             summarise a perf / Chrome / folded capture or a saved trace

run options:
  --variant NAME      run a variant of the model
  --seed N            random seed (default: the model's run.seed)
  --duration T        simulated time, e.g. 20ms (default: the model's run.duration)
  --cpus N            CPU count (on a CPU sweep: run only this count)
  --no-sweep          run the model as written, not its sweep
  --json              one JSON object on stdout (an array for a sweep)
  --trace-out F.json  Chrome trace for Perfetto / chrome://tracing / speedscope
  --folded-out F.txt  folded stacks (--folded-kind cpu|wait, default cpu)
  --html-out F.html   standalone HTML report

${RUN_USAGE}
`;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (io === processIO) guardPipes();
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
      case 'help':
      case '-h':
      case '--help':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      case '--version':
      case 'version':
        io.out(`${version()}\n`);
        return 0;
      default:
        throw new CliError(`unknown command "${cmd}"; commands: list, check, run, view (smplab --help)`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`smplab: ${e.message}\n`);
      return e.code;
    }
    // Anything else is our bug; still one line unless asked for more.
    io.err(`smplab: internal error: ${oneLine(e)}${process.env.SMPLAB_DEBUG ? `\n${(e as Error).stack}` : ' (set SMPLAB_DEBUG=1 for details)'}\n`);
    return 70;
  }
}

function version(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`smplab: internal error: ${oneLine(e)}\n`);
      process.exitCode = 70;
    },
  );
}
