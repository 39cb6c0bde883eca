// The `smplab` entry point (bundled to dist/cli.js): the commands live in src/cli/.

import { oneLine } from './cli/io';
import { main } from './cli/main';

export { main };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`smplab: internal error: ${oneLine(e)}\n`);
      process.exitCode = 70;
    },
  );
}
