// The seed of each replication, derived from the run's seed alone: the first
// replication is the run itself (so one replication is exactly today's run and
// the timeline shows it), the others are splitmix32 hashes of (seed, i) —
// well spread, never equal to each other for the same run seed in practice,
// and the same on every machine and whatever the pool size.

export function replicationSeed(runSeed: number, i: number): number {
  if (i === 0) return runSeed >>> 0;
  let z = (runSeed >>> 0) ^ Math.imul(i, 0x9e3779b9);
  z = (z + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Seeds of replications 0 … r − 1. */
export function replicationSeeds(runSeed: number, r: number): number[] {
  return Array.from({ length: r }, (_, i) => replicationSeed(runSeed, i));
}
