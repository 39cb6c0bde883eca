// `npm run bench -- --engine`'s second table: what the engine rows' thread
// CPU time spends on the recording, in three parts. The same workloads run
// again in two child processes: one whose trace builder throws every span,
// instant and flow away (its methods do nothing, so V8 drops the arguments'
// computation too: the event loop alone), and one whose builder takes every
// argument and stores nothing (each call folds its arguments into one number:
// the records' fields are computed and passed as when recording). So
//   fields + calls = unstored - alone (thread CPU),
//   stores         = recorded - unstored (user time),
//   first touch    = recorded - unstored (kernel time: the page faults of the
//                    trace's fresh columns, the only kernel time either child
//                    does not have).
// Child processes, because replacing the builder's methods changes what V8
// optimised for the rows measured before it. Thread CPU time is sampled at
// 10 ms ticks (user and kernel apart), so each part is within a few ticks.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { TraceBuilder } from '../src/trace/builder';

export interface UnrecordedRow { workload: string; events: number; threadCpuMs: number; kernelMs: number }
interface RecordedRow extends UnrecordedRow { eventsPerThreadCpuSec: number; records: number }

/** The two child modes: records thrown away, or computed and passed but not stored. */
export type Unrecorded = 'discard' | 'unstored';

type Builder = Record<'span' | 'instant' | 'flow', (...a: number[]) => number> & { folded: number };

/** From now on in this process the trace builder keeps no spans, instants or flows (counters stay: a few thousand rows). */
export function discardRecords(mode: Unrecorded): void {
  const proto = TraceBuilder.prototype as unknown as Builder;
  if (mode === 'discard') {
    proto.span = () => 0;
    proto.instant = () => 0;
    proto.flow = () => 0;
    return;
  }
  // every argument is used, so nothing the engine computes for a record is optimised away
  proto.folded = 0;
  proto.span = function (this: Builder, a, b, c, d, e, f, g, h, i) { this.folded = (this.folded + a + b + c + d + e + f + g + h + i) | 0; return 0; };
  proto.flow = proto.span;
  proto.instant = function (this: Builder, a, b, c, d, e, f, g) { this.folded = (this.folded + a + b + c + d + e + f + g) | 0; return 0; };
}

function child(mode: Unrecorded, quick: boolean): UnrecordedRow[] {
  const args = ['--expose-gc', process.argv[1], '--engine-unrecorded', mode, ...(quick ? ['--quick'] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n').pop()!);
}

/** Run the two children and print the recording's parts beside the recorded rows. */
export function printRecordingShare(recorded: RecordedRow[], quick: boolean): void {
  const bare = child('discard', quick);
  const unstored = child('unstored', quick);
  console.log('The recording\'s share: the same workloads in child processes with the records thrown away (the engine alone) and computed but not stored:');
  console.table(bare.map((b) => {
    const r = recorded.find((x) => x.workload === b.workload)!;
    const u = unstored.find((x) => x.workload === b.workload)!;
    const perRecord = (ms: number) => +((ms * 1e6) / r.records).toFixed(1);
    const fields = u.threadCpuMs - b.threadCpuMs;
    const stores = (r.threadCpuMs - r.kernelMs) - (u.threadCpuMs - u.kernelMs);
    const touch = r.kernelMs - u.kernelMs;
    return {
      workload: b.workload,
      'alone: events/CPU-s': Math.round(b.events / (b.threadCpuMs / 1000)),
      'recorded: events/CPU-s': r.eventsPerThreadCpuSec,
      'fields + calls ms': fields,
      'stores ms (user)': stores,
      'first touch ms (kernel)': touch,
      'ns/record: fields, stores, touch': `${perRecord(fields)}, ${perRecord(stores)}, ${perRecord(touch)}`,
      'recording share of CPU': `${Math.round((100 * (r.threadCpuMs - b.threadCpuMs)) / r.threadCpuMs)}%`,
    };
  }));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
