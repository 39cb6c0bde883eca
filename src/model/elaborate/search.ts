// search: { rfc2544: { traffic, from, to, resolution } } — RFC 2544
// throughput: the highest offered rate of one traffic source at which nothing
// is lost, found by binary search between `from` and `to` (as ipgen does).

import type { Diagnostics } from '../diagnostics';
import { RFC2544_KEYS, SEARCH_KEYS } from '../keys';
import { asMap, MapReader, readNumber, readQuantity } from '../reader';
import type { MSearch, MTraffic } from '../spec';
import type { LNode } from '../tree';
import { parseProbability, parseRate } from '../units';

export const DEFAULT_RESOLUTION = 0.01;

export function readSearch(node: LNode | undefined, traffic: MTraffic[], diags: Diagnostics): MSearch | undefined {
  const map = asMap(node, 'search', diags, 'rfc2544: { traffic: 0, from: 100kpps, to: line }');
  if (!map) return undefined;
  const top = new MapReader(map, 'search', SEARCH_KEYS, diags);
  const r2544 = top.present('rfc2544');
  if (!r2544) {
    if (map.entries.length === 0) diags.error(map.range, 'search needs rfc2544: { from: …, to: … }');
    return undefined;
  }
  const m = asMap(r2544, 'search: rfc2544', diags, 'traffic:, from:, to:, resolution:');
  if (!m) return undefined;
  const what = 'search: rfc2544';
  const r = new MapReader(m, what, RFC2544_KEYS, diags);
  const s: MSearch = { at: top.rangeOf('rfc2544'), traffic: 0, trafficAt: m.range, fromPps: 0, toPps: 'line', resolution: DEFAULT_RESOLUTION };
  const tn = r.present('traffic');
  if (tn) {
    s.trafficAt = tn.range;
    s.traffic = readNumber(tn, `${what}: traffic (an index into traffic:, from 0)`, 0, { integer: true, min: 0, max: 1e6 }, diags);
  }
  if (traffic.length === 0) diags.error(s.trafficAt, `${what} searches over a traffic source's rate, but the model has no traffic:`);
  else if (s.traffic >= traffic.length) diags.error(s.trafficAt, `${what}: there is no traffic[${s.traffic}]; the model has ${traffic.length} source${traffic.length === 1 ? '' : 's'} (0–${traffic.length - 1})`);
  const from = r.present('from');
  if (!from) diags.error(m.range, `${what} needs from: (a rate that should pass, e.g. 100kpps)`);
  else s.fromPps = readQuantity(from, `${what}: from`, 0, parseRate, { min: 1 }, diags);
  const to = r.present('to');
  if (to && !(to.kind === 'scalar' && to.value === 'line')) s.toPps = readQuantity(to, `${what}: to (a rate, or line)`, 0, parseRate, { min: 1 }, diags);
  if (typeof s.toPps === 'number' && from && s.toPps <= s.fromPps) diags.error(r.rangeOf('to'), `${what}: to must be above from`);
  const res = r.present('resolution');
  if (res) {
    const v = readQuantity(res, `${what}: resolution`, DEFAULT_RESOLUTION, parseProbability, {}, diags);
    if (v <= 0 || v >= 1) diags.error(res.range, `${what}: resolution is a fraction of the upper rate, above 0 and below 1 (such as 1%)`);
    else s.resolution = v;
  }
  return s;
}
