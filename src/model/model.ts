// The loaded model: what loadModel returns when the file is clean, and what
// compileModel / sweepPrograms turn into engine Programs.

import type { Range } from './diagnostics';
import type { MSpec } from './spec';
import type { LMap } from './tree';
import type { SweepDef, VariantDef } from './variants';

export interface Model {
  file: string;
  name: string;
  description: string;
  source: string;
  /** The model as the file states it, without variants or sweep. */
  spec: MSpec;
  variants: { name: string; description: string; at: Range }[];
  sweep?: { path: string; at: Range; points: { label: string; x: number }[] };
  /** `search: { rfc2544: … }` as written (see rfc2544Plan). */
  search?: { kind: 'rfc2544'; traffic: number; fromPps: number; toPps: number | 'line'; resolution: number; at: Range };
  /** Internal: the located tree and the edit definitions compileModel replays. */
  tree: LMap;
  variantDefs: VariantDef[];
  sweepDef?: SweepDef;
}
