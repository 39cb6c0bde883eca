// Machine instructions per engine event, counted by valgrind: a measure of an
// engine change that the shared machine's load does not move. Thread CPU time
// on this 2-core VM varies 15–30% from run to run, which hides a change of a
// few percent; the instructions a run executes under V8 with
// `--single-threaded` (TurboFan compiles on the main thread, at points set by
// invocation counts, not by timing) and fixed hash and random seeds repeat to
// a few hundred in billions. They are a
// proxy, not the time: cache misses and branch mispredictions are not in them.
// Raising V8's inlining budget, for one, cut the lock workload's count by 8%
// and its user time by about as much.
//
//   node scripts/engine-instructions.mjs [--src DIR]… [--workload lock|packet] [--functions] [-- node flags…]
//
// Each --src (default: this tree's src) is bundled with esbuild and run twice
// under `valgrind --tool=cachegrind`: one measured run after two warm-up runs,
// then three; the difference, halved, is one run's instructions, without start-up and the
// JIT's first compiles. --functions also runs callgrind once and splits the
// three runs' instructions by JavaScript function (optimised code is named from
// node's --perf-basic-prof map), so one sees which calls V8 did not inline.
// Needs valgrind; one variant and workload takes about 30 s.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const nodeFlags = dash >= 0 ? args.slice(dash + 1) : [];
const own = dash >= 0 ? args.slice(0, dash) : args;
const srcs = [];
let workload = 'lock';
let functions = false;
for (let i = 0; i < own.length; i++) {
  if (own[i] === '--src') srcs.push(resolve(own[++i]));
  else if (own[i] === '--workload') workload = own[++i];
  else if (own[i] === '--functions') functions = true;
  else { console.error(`engine-instructions: unknown argument ${own[i]}`); process.exit(2); }
}
if (!['lock', 'packet'].includes(workload)) { console.error('engine-instructions: --workload is lock or packet'); process.exit(2); }
if (!srcs.length) srcs.push(resolve(dirname(fileURLToPath(import.meta.url)), '../src'));
try { execFileSync('valgrind', ['--version'], { stdio: 'ignore' }); } catch { console.error('engine-instructions: valgrind is not installed'); process.exit(2); }

// compiles on the main thread, at points set by invocation counts; hash tables and Math.random seeded alike in every run
const V8_STEADY = ['--single-threaded', '--hash-seed=1', '--random-seed=1'];
const dir = mkdtempSync(join(tmpdir(), 'engine-instr-'));
// the bench's two workloads at a tenth of their length (lock) and three twentieths (packet): 0.5 M and 1 M events
const entry = (src) => `
import { simulate } from ${JSON.stringify(join(src, 'sim/simulate'))};
import { lockContention, packetPath } from ${JSON.stringify(join(src, 'sim/workloads'))};
const lock = process.argv[2] === 'lock', n = +process.argv[3];
const run = (ns) => (lock ? simulate(lockContention(8, ns)) : simulate(packetPath(8, 4_000_000, ns)));
const unit = lock ? 20_000_000 : 10_000_000;
run(unit); run(unit);
let events = 0;
for (let i = 0; i < n; i++) events = run(unit * 3).meta.events;
console.log(events);
`;

function instructions(bundle, n) {
  const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file',
    process.execPath, ...V8_STEADY, ...nodeFlags, bundle, workload, String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = r.stderr.match(/I\s+refs:\s+([\d,]+)/);
  if (!m) throw new Error(`valgrind failed: ${r.stderr.slice(-500)}`);
  return { ir: Number(m[1].replace(/,/g, '')), events: Number(r.stdout.trim().split('\n').pop()) };
}

/** Self instructions per function: callgrind's per-instruction costs, JIT code named by node's perf map. */
function byFunction(bundle) {
  const out = join(dir, 'callgrind.out');
  const r = spawnSync('valgrind', ['--tool=callgrind', '--dump-instr=yes', `--callgrind-out-file=${out}`, '--smc-check=all-non-file',
    process.execPath, ...V8_STEADY, '--perf-basic-prof', `--logfile=${join(dir, 'v8.log')}`, ...nodeFlags, bundle, workload, '3'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const pid = r.stderr.match(/==(\d+)==/)?.[1];
  const mapFile = `/tmp/perf-${pid}.map`;
  const map = readFileSync(mapFile, 'utf8').trim().split('\n')
    .map((l) => l.match(/^([0-9a-f]+) ([0-9a-f]+) (.*)$/)).filter(Boolean).map((m) => [parseInt(m[1], 16), parseInt(m[2], 16), m[3]]);
  rmSync(mapFile, { force: true });
  const named = new Map();
  // code is freed and its addresses reused: the latest entry covering an address names it
  const nameOf = (a) => {
    if (named.has(a)) return named.get(a);
    let n = null;
    for (let i = map.length - 1; i >= 0; i--) if (a >= map[i][0] && a < map[i][0] + map[i][1]) { n = map[i][2]; break; }
    named.set(a, n);
    return n;
  };
  const self = new Map();
  let addr = 0, inclusive = false, total = 0;
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (line.startsWith('calls=')) { inclusive = true; continue; } // the next cost line is the call's, not this function's
    const c = line[0];
    if (c !== '0' && c !== '+' && c !== '-' && c !== '*') continue;
    const parts = line.split(' ');
    const p = parts[0];
    if (p.startsWith('0x')) addr = parseInt(p, 16);
    else if (c === '+') addr += parseInt(p.slice(1), 16);
    else if (c === '-') addr -= parseInt(p.slice(1), 16);
    if (inclusive) { inclusive = false; continue; }
    const cost = Number(parts[parts.length - 1]);
    total += cost;
    const name = (nameOf(addr) ?? '(native: V8, its compiler and collector, node)').replace(/ \/\S+$/, '');
    self.set(name, (self.get(name) ?? 0) + cost);
  }
  return { total, rows: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16) };
}

for (const src of srcs) {
  const bundle = join(dir, `engine-${srcs.indexOf(src)}.js`);
  await esbuild.build({ stdin: { contents: entry(src), resolveDir: src, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'warning' });
  const one = instructions(bundle, 1), three = instructions(bundle, 3);
  const perRun = (three.ir - one.ir) / 2;
  console.log(`${src} ${workload}${nodeFlags.length ? ' ' + nodeFlags.join(' ') : ''}: ${(perRun / 1e6).toFixed(1)} M instructions a run, ${Math.round(perRun / three.events)} an event (${three.events} events)`);
  if (functions) {
    const f = byFunction(bundle);
    console.log(`  three runs and the warm-up, by function (self, M instructions of ${(f.total / 1e6).toFixed(0)}; * optimised, ^ baseline code):`);
    for (const [name, v] of f.rows) console.log(`  ${(v / 1e6).toFixed(1).padStart(8)}  ${name}`);
  }
}
rmSync(dir, { recursive: true, force: true });
