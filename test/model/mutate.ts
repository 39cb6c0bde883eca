// Deterministic mutations of model text for the robustness test: byte flips,
// deletions, duplicated lines and random indentation.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters that matter to YAML and to the language, plus noise. */
const NOISE = ':-[]{},#&*!|>\'"%@` \t\n0123456789abcxyzµ.=/_\u0000\uffff';

export type MutationKind = 'flip' | 'delete' | 'duplicate' | 'indent';
export const MUTATION_KINDS: MutationKind[] = ['flip', 'delete', 'duplicate', 'indent'];

export function mutate(text: string, kind: MutationKind, r: () => number): string {
  const pick = (n: number) => Math.floor(r() * n);
  if (text.length === 0) return NOISE[pick(NOISE.length)];
  switch (kind) {
    case 'flip': {
      const i = pick(text.length);
      return text.slice(0, i) + NOISE[pick(NOISE.length)] + text.slice(i + 1);
    }
    case 'delete': {
      const i = pick(text.length);
      const n = 1 + pick(r() < 0.7 ? 4 : 80);
      return text.slice(0, i) + text.slice(i + n);
    }
    case 'duplicate': {
      const lines = text.split('\n');
      const i = pick(lines.length);
      const n = 1 + pick(3);
      const at = pick(lines.length + 1);
      const copy = lines.slice(i, i + n);
      return [...lines.slice(0, at), ...copy, ...lines.slice(at)].join('\n');
    }
    case 'indent': {
      const lines = text.split('\n');
      const i = pick(lines.length);
      const line = lines[i];
      const delta = pick(7) - 3; // -3..+3 spaces
      lines[i] = delta >= 0 ? ' '.repeat(delta) + line : line.replace(new RegExp(`^ {0,${-delta}}`), '');
      return lines.join('\n');
    }
  }
}

/** One to three mutations of mixed kinds. */
export function mutateMany(text: string, r: () => number): { text: string; kinds: MutationKind[] } {
  const n = 1 + Math.floor(r() * 3);
  const kinds: MutationKind[] = [];
  let t = text;
  for (let k = 0; k < n; k++) {
    const kind = MUTATION_KINDS[Math.floor(r() * MUTATION_KINDS.length)];
    kinds.push(kind);
    t = mutate(t, kind, r);
  }
  return { text: t, kinds };
}
