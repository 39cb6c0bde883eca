import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outlineModel, symbolAt } from '../../src/extension/modelOutline';

const MODEL = `name: forwarding
locks:
  Giant:   { type: mutex, wait: adaptive }
  rtentry: { type: mutex }
counters:
  ipstat.ips_forward: { scope: shared }
threads:
  rxthread: { kind: ithread, run: wm_rxintr, count: 4 }
functions:
  wm_rxintr:
    - work: 250ns
    - call: ether_input
  ether_input:
    - lock: Giant
    - call: ip_input
    - unlock: Giant
  ip_input:
    - count: ipstat.ips_forward
    - loop: { count: 8 }
      do:
        - read: rtentry
          do:
            - work: 40ns
variants:
  mpsafe: { description: no Giant, remove: [functions.ether_input.0] }
  fast: { set: { machine.cpus: 8 } }
sweep: { machine.cpus: [1, 2, 4] }
`;

function at(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in text`);
  return i;
}

test('declarations and step references are found with exact offsets', () => {
  const o = outlineModel(MODEL);
  const list = o.symbols.map((s) => `${s.role} ${s.kind} ${s.name}`);
  assert.deepEqual(list, [
    'decl lock Giant',
    'decl lock rtentry',
    'decl counter ipstat.ips_forward',
    'decl thread rxthread',
    'decl function wm_rxintr',
    'ref function ether_input',
    'decl function ether_input',
    'ref lock Giant',
    'ref function ip_input',
    'ref lock Giant',
    'decl function ip_input',
    'ref counter ipstat.ips_forward',
    'ref lock rtentry',
    'decl variant mpsafe',
    'decl variant fast',
  ]);
  const countRef = o.symbols.find((s) => s.kind === 'counter' && s.role === 'ref')!;
  assert.equal(countRef.start, at(MODEL, 'ipstat.ips_forward', 1));
  assert.equal(MODEL.slice(countRef.start, countRef.end), 'ipstat.ips_forward');
});

test('a loop count and a thread count are not counter names', () => {
  const o = outlineModel(MODEL);
  assert.ok(!o.symbols.some((s) => s.kind === 'counter' && (s.name === '8' || s.name === '4')));
});

test('variants, their descriptions and the sweep are reported', () => {
  const o = outlineModel(MODEL);
  assert.deepEqual(o.variants, ['mpsafe', 'fast']);
  assert.deepEqual(o.variantDescriptions, { mpsafe: 'no Giant' });
  assert.equal(o.hasSweep, true);
  assert.equal(outlineModel('name: x\n').hasSweep, false);
});

test('symbolAt finds the name under an offset, including its last character', () => {
  const o = outlineModel(MODEL);
  const start = at(MODEL, 'Giant', 2); // "- lock: Giant"
  assert.equal(symbolAt(o, start)?.name, 'Giant');
  assert.equal(symbolAt(o, start + 5)?.role, 'ref');
  assert.equal(symbolAt(o, at(MODEL, 'work: 250ns')), undefined);
});

test('position() maps offsets to 0-based lines and characters', () => {
  const o = outlineModel(MODEL);
  const p = o.position(at(MODEL, 'ipstat.ips_forward', 1));
  assert.deepEqual(p, { line: 17, character: 13 });
  assert.equal(o.firstKeyOffset, 0);
});

test('a file with YAML errors still yields the names that parse', () => {
  const broken = MODEL.replace('  rtentry: { type: mutex }', '  rtentry: { type: mutex');
  const o = outlineModel(broken);
  assert.ok(o.symbols.some((s) => s.kind === 'counter' && s.role === 'ref'));
  assert.doesNotThrow(() => outlineModel('::: [\n\t- {'));
  assert.deepEqual(outlineModel('').symbols, []);
});
