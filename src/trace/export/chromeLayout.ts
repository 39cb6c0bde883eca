// Where each record goes in the exported Chrome trace: one process per CPU
// (pid = CPU + 1, named "CPU n", sorted by CPU) with fixed tracks, plus one
// process after the CPUs for counters and records with no CPU.
//   tid (pid*100 + 0)   "stacks"   the CPU's call stacks: the running thread, its frames root first,
//                                  and the CPU state (user, kernel, interrupt, softint, spin, idle) as
//                                  the innermost slice, all as nested B / E pairs
//   tid (pid*100 + 1)   "threads"  the thread running on the CPU
//   tid (pid*100 + 2)   "events"   instants and the ends of flows (wake-ups, lock hand-offs, IPIs)
//   tid (pid*100 + 3+k) "locks k"  lock holds and waits, packed into lanes that nest (and CPU states
//                                  that overlap one another, which only a damaged import can have)
// tids are unique across processes because Perfetto keys threads by tid.

export const LANE_STACKS = 0;
export const LANE_THREADS = 1;
export const LANE_EVENTS = 2;
export const LANE_LOCKS = 3;
export const GENERATOR = 'smp-stack-lab';
/** otherData.version: 2 writes CPU states nested under thread and frame slices (1 wrote them flat, with args.thread). */
export const FORMAT_VERSION = 2;

export function pidOfCpu(cpu: number, cpus: number): number {
  return cpu < cpus ? cpu + 1 : cpus + 1;
}
export function tidOf(pid: number, lane: number): number {
  return pid * 100 + lane;
}
export function cpuOfPid(pid: number, cpus: number): number {
  return pid >= 1 && pid <= cpus ? pid - 1 : 0xffff;
}
