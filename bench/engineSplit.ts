// `npm run bench -- --engine`'s second table: how much of the engine rows'
// thread CPU time is the recording. The same workloads run again in a child
// process whose trace builder throws every span, instant and flow away (the
// engine still computes each record's fields and calls the builder, so this is
// the event loop's own cost plus the call): the difference is what writing the
// rows costs, user time and the kernel's first-touch page faults apart. A child
// process, because replacing the builder's methods changes what V8 optimised
// for the rows measured before it.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { TraceBuilder } from '../src/trace/builder';

export interface UnrecordedRow { workload: string; events: number; threadCpuMs: number; kernelMs: number }
interface RecordedRow extends UnrecordedRow { eventsPerThreadCpuSec: number }

/** From now on in this process the trace builder keeps no spans, instants or flows (counters stay: a few thousand rows). */
export function discardRecords(): void {
  const proto = TraceBuilder.prototype as unknown as Record<'span' | 'instant' | 'flow', () => number>;
  proto.span = () => 0;
  proto.instant = () => 0;
  proto.flow = () => 0;
}

/** Run the unrecorded rows in a child process and print them beside the recorded ones. */
export function printRecordingShare(recorded: RecordedRow[], quick: boolean): void {
  const args = ['--expose-gc', process.argv[1], '--engine-unrecorded', ...(quick ? ['--quick'] : [])];
  const bare: UnrecordedRow[] = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }).trim().split('\n').pop()!);
  console.log('The same workloads with the records thrown away (a child process; the engine alone):');
  console.table(bare.map((b) => {
    const r = recorded.find((x) => x.workload === b.workload)!;
    const userRec = r.threadCpuMs - r.kernelMs, userBare = b.threadCpuMs - b.kernelMs;
    return {
      workload: b.workload,
      eventsPerThreadCpuSec: Math.round(b.events / (b.threadCpuMs / 1000)),
      'recorded: events/CPU-s': r.eventsPerThreadCpuSec,
      'recording: user ms': userRec - userBare,
      'recording: kernel ms': r.kernelMs - b.kernelMs,
      'recording share of CPU': `${Math.round((100 * (r.threadCpuMs - b.threadCpuMs)) / r.threadCpuMs)}%`,
    };
  }));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
