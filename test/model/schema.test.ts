// schemas/smp-model.schema.json (completion and docs in the YAML extension)
// must describe exactly the keys the checker accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as K from '../../src/model/keys';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'smp-model.schema.json'), 'utf8'));
const keys = (o: { properties: Record<string, unknown> }) => Object.keys(o.properties).sort();
const sorted = (a: readonly string[]) => [...a].sort();
const objectOf = (anyOf: { type?: string; properties?: Record<string, unknown> }[]) => anyOf.find((x) => x.type === 'object') as { properties: Record<string, unknown> };

test('top-level sections and section keys match the checker', () => {
  assert.deepEqual(keys(schema), sorted(K.TOP_KEYS));
  const p = schema.properties;
  assert.deepEqual(keys(p.machine), sorted(K.MACHINE_KEYS));
  assert.deepEqual(keys(objectOf(p.machine.properties.costs.anyOf)), sorted(Object.keys(K.COST_KEYS)));
  assert.deepEqual(keys(objectOf(p.machine.properties.timecounter.anyOf)), sorted(K.TIMECOUNTER_KEYS));
  assert.deepEqual(keys(p.run), sorted(K.RUN_KEYS));
  assert.deepEqual(keys(p.variants.additionalProperties), sorted(K.VARIANT_KEYS));
  const d = schema.definitions;
  assert.deepEqual(keys(objectOf(d.lock.anyOf)), sorted(K.LOCK_KEYS));
  assert.deepEqual(objectOf(d.lock.anyOf).properties.type, { ...objectOf(d.lock.anyOf).properties.type as object, enum: [...K.LOCK_TYPES] });
  assert.deepEqual(keys(d.thread), sorted(K.THREAD_KEYS));
  assert.deepEqual(keys(d.device), sorted(K.DEVICE_KEYS));
  assert.deepEqual(keys(d.device.properties.irq), sorted(K.IRQ_KEYS));
  assert.deepEqual(keys(d.traffic), sorted(K.TRAFFIC_KEYS));
  assert.deepEqual(keys(d.timer), sorted(K.TIMER_KEYS));
  assert.deepEqual(keys(objectOf(p.functions.additionalProperties.anyOf)), sorted(K.FUNCTION_KEYS));
  assert.deepEqual(keys(objectOf(p.queues.additionalProperties.anyOf)), sorted(K.QUEUE_KEYS));
  assert.deepEqual(keys(d.netisr), sorted(K.NETISR_KEYS));
  assert.deepEqual(d.netisr.properties.dispatch.enum, [...K.NETISR_DISPATCH]);
  assert.deepEqual(keys(p.search), sorted(K.SEARCH_KEYS));
  assert.deepEqual(keys(p.search.properties.rfc2544), sorted(K.RFC2544_KEYS));
});

test('every step action and its extra keys are in the schema', () => {
  const variants = schema.definitions.step.anyOf as { enum?: string[]; required?: string[]; properties?: Record<string, unknown> }[];
  const ops = variants.filter((v) => v.required).map((v) => v.required![0]);
  assert.deepEqual(sorted(ops), sorted(K.STEP_OPS));
  for (const v of variants.filter((x) => x.required)) {
    const op = v.required![0] as K.StepKey;
    assert.deepEqual(Object.keys(v.properties!).filter((k) => k !== op).sort(), sorted(K.STEP_MODIFIERS[op] ?? []), op);
  }
  assert.deepEqual(sorted(variants.find((v) => v.enum)!.enum!), sorted(K.BARE_OPS));
});

test('package.json registers the schema for *.smp.yaml', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: '*.smp.yaml', url: './schemas/smp-model.schema.json' }]);
});
