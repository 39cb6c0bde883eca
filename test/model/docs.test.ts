// docs/model-language.md names every section, key and step the checker accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as K from '../../src/model/keys';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'model-language.md'), 'utf8');

test('every section, key, step and choice of the language is documented', () => {
  const words = new Set<string>([
    ...K.TOP_KEYS, ...K.MACHINE_KEYS, ...Object.keys(K.COST_KEYS), ...K.LOCK_KEYS, ...K.LOCK_TYPES, ...K.WAIT_POLICIES,
    ...K.QUEUE_KEYS, ...K.THREAD_KEYS, ...K.THREAD_KINDS, ...K.DEVICE_KEYS, ...K.IRQ_KEYS, ...K.TRAFFIC_KEYS,
    ...K.TRAFFIC_PATTERNS, ...K.TIMER_KEYS, ...K.NETISR_KEYS, ...K.NETISR_DISPATCH, ...K.RFC2544_KEYS, ...K.SEARCH_KEYS,
    ...K.STEP_OPS, ...K.IRQ_ACTIONS, ...K.DEQUEUE_EMPTY, ...K.RUN_KEYS, ...K.VARIANT_KEYS,
  ]);
  // a word counts as documented when it appears as a word inside some `code span`
  const spans = doc.match(/`[^`\n]+`/g) ?? [];
  const missing = [...words].filter((w) => !spans.some((sp) => new RegExp(`(^|[^\\w-])${w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}([^\\w-]|$)`).test(sp.slice(1, -1))));
  assert.deepEqual(missing, []);
});
