// Array edits without splice's result array: these run on every lock
// hand-off and wake-up, where an allocation per event shows up in GC time.

export function removeAt<T>(a: T[], i: number): void {
  for (let k = i + 1; k < a.length; k++) a[k - 1] = a[k];
  a.pop(); // (assigning length goes through V8's slow array-length setter)
}

export function removeItem<T>(a: T[], x: T): void {
  const i = a.indexOf(x);
  if (i >= 0) removeAt(a, i);
}

export function insertAt<T>(a: T[], i: number, x: T): void {
  a.push(x);
  for (let k = a.length - 1; k > i; k--) a[k] = a[k - 1];
  a[i] = x;
}

/**
 * An empty array that will hold objects (contexts), made with V8's element kind for objects from the
 * start. An empty literal starts as an array of small integers and changes kind at its first object:
 * a lock whose waiters array had not yet held a context then met code optimised for those that had
 * ("wrong map", "not a Smi") and deoptimised it, in a worker's first runs.
 */
export function objectArray<T extends object>(): T[] {
  const a: (T | null)[] = [null];
  a.pop();
  return a as T[];
}
