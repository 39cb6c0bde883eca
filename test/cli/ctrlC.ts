// Pressing Ctrl-C at the right moment of a CLI run, on any machine. A signal that
// arrives before the CLI has installed its handler kills the process (exit code
// null); one that arrives after the work is done finds nothing to cancel (exit 0).
// No fixed delay is right on both a fast and a loaded machine, so the press is
// retried later or sooner until it lands where the test wants it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

export interface Pressed { code: number | null; out: string; err: string }

/** Runs the CLI and sends it SIGINT after `delayMs`: its exit code and what it wrote. */
export function pressCtrlCAfter(args: string[], delayMs: number): Promise<Pressed> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGINT'), delayMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

/**
 * Presses Ctrl-C after `firstDelayMs`, then again after twice as long while `tooEarly` says the press
 * came before the moment wanted, or half as long when the run had already finished (exit 0). Returns
 * the first press that landed in between (or the last one tried, for the test to fail on).
 */
export async function pressCtrlCWithin(args: string[], firstDelayMs: number, tooEarly: (p: Pressed) => boolean): Promise<Pressed> {
  let delayMs = firstDelayMs;
  let pressed = await pressCtrlCAfter(args, delayMs);
  for (let tries = 1; tries < 8; tries++) {
    if (pressed.code === null || tooEarly(pressed)) delayMs *= 2;
    else if (pressed.code === 0) delayMs /= 2;
    else break;
    pressed = await pressCtrlCAfter(args, delayMs);
  }
  return pressed;
}
