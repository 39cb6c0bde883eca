import { test } from 'node:test';
import assert from 'node:assert/strict';
import { functionShares } from '../../src/extension/functionShare';
import { TraceBuilder } from '../../src/trace/builder';
import { CpuState, NONE, SpanKind } from '../../src/trace/schema';

test('on-CPU share counts a function once per stack, idle time only in the denominator', () => {
  const b = new TraceBuilder(16);
  const a = b.stackOf([{ name: 'wm_rxintr', src: 1 }]);
  const ab = b.stackOf([{ name: 'wm_rxintr', src: 1 }, { name: 'ip_input', src: 2 }]);
  // recursion: ip_input twice on one stack must count once
  const aba = b.stackOf([{ name: 'wm_rxintr', src: 1 }, { name: 'ip_input', src: 2 }, { name: 'ip_input', src: 3 }]);
  const cpu = SpanKind.CpuState;
  b.span(0, 100, cpu, CpuState.Interrupt, 0, NONE, NONE, 0, ab);
  b.span(100, 50, cpu, CpuState.Interrupt, 0, NONE, NONE, 0, a);
  b.span(150, 50, cpu, CpuState.Idle, 0, NONE, NONE, 0, 0);
  b.span(0, 200, cpu, CpuState.Spin, 1, NONE, NONE, 0, aba);
  // not CPU-state spans: ignored
  b.span(0, 1000, SpanKind.LockWait, 0, 1, NONE, 0, 0, aba);
  const t = b.finish({
    version: 2, name: 't', variant: '', seed: 1, cpus: 2, startNs: 0, endNs: 200, warmupNs: 0, stopReason: 'completed', stopDetail: '',
    events: 0, wallMs: 0, threads: [], locks: [], series: [], sources: [], counterTotals: {}, files: [],
  });
  const s = functionShares(t);
  assert.deepEqual(Object.keys(s).sort(), ['ip_input', 'wm_rxintr']);
  assert.equal(s.wm_rxintr.onCpuNs, 350);
  assert.equal(s.wm_rxintr.selfNs, 50);
  assert.equal(s.ip_input.onCpuNs, 300);
  assert.equal(s.ip_input.selfNs, 300);
  assert.equal(s.ip_input.share, 300 / 400);
  assert.equal(s.wm_rxintr.share, 350 / 400);
});

test('the shares cover the statistics range: time in the warm-up counts for neither side', () => {
  const b = new TraceBuilder(16);
  const warm = b.stackOf([{ name: 'warm_only', src: 1 }]);
  const busy = b.stackOf([{ name: 'ip_input', src: 2 }]);
  const cpu = SpanKind.CpuState;
  b.span(0, 100, cpu, CpuState.Kernel, 0, NONE, NONE, 0, warm); // all in the 100 ns warm-up
  b.span(100, 50, cpu, CpuState.Kernel, 0, NONE, NONE, 0, busy);
  b.span(150, 50, cpu, CpuState.Idle, 0, NONE, NONE, 0, 0);
  const t = b.finish({
    version: 2, name: 't', variant: '', seed: 1, cpus: 1, startNs: 0, endNs: 200, warmupNs: 100, stopReason: 'completed', stopDetail: '',
    events: 0, wallMs: 0, threads: [], locks: [], series: [], sources: [], counterTotals: {}, files: [],
  });
  const s = functionShares(t);
  assert.deepEqual(Object.keys(s), ['ip_input']);
  assert.equal(s.ip_input.onCpuNs, 50);
  assert.equal(s.ip_input.share, 50 / 100);
});
