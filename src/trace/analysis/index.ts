// Pure aggregation over a recorded run: lock contention, flame graphs,
// comparisons and the scaling-law fit. No DOM, no vscode.
export * from './range';
export * from './throughput';
export * from './lockstat';
export * from './flameTree';
export * from './flame';
export * from './sandwich';
export * from './diffFlame';
export * from './usl';
export * from './cpuBreakdown';
export * from './starvation';
export { waitWakers, NO_WAKER, type WaitWakers } from './wakers';
