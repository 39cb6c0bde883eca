// Visiting every step of a function, blocks included.

import type { MStep } from '../spec';

export function forEachStep(steps: readonly MStep[], visit: (s: MStep) => void): void {
  for (const s of steps) {
    visit(s);
    if (s.op === 'section' || s.op === 'loop') forEachStep(s.body, visit);
    else if (s.op === 'branch') for (const a of s.arms) forEachStep(a.body, visit);
  }
}
