// Where each record goes in the exported Chrome trace: one process per CPU
// (pid = CPU + 1, named "CPU n", sorted by CPU) with fixed tracks, plus one
// process after the CPUs for counters and records with no CPU.
//   tid (pid*100 + 0)   "state"    CPU state slices (user, kernel, interrupt, softint, spin, idle)
//   tid (pid*100 + 1)   "threads"  the thread running on the CPU
//   tid (pid*100 + 2)   "events"   instants and the ends of flows (wake-ups, lock hand-offs, IPIs)
//   tid (pid*100 + 3+k) "locks k"  lock holds and waits, packed into lanes that nest
// tids are unique across processes because Perfetto keys threads by tid.

export const LANE_STATE = 0;
export const LANE_THREADS = 1;
export const LANE_EVENTS = 2;
export const LANE_LOCKS = 3;
export const GENERATOR = 'smp-stack-lab';

export function pidOfCpu(cpu: number, cpus: number): number {
  return cpu < cpus ? cpu + 1 : cpus + 1;
}
export function tidOf(pid: number, lane: number): number {
  return pid * 100 + lane;
}
export function cpuOfPid(pid: number, cpus: number): number {
  return pid >= 1 && pid <= cpus ? pid - 1 : 0xffff;
}
