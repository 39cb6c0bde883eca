// Strings read off a chunk of capture text, kept or compared cheaply. A string
// cut from a longer one (13 characters and more) is a slice of it in V8: it
// keeps the whole chunk alive, and '===' between two such strings that are not
// the same object is a slow call into the engine's C++.

/** A flat copy of a string that may be a slice of a much longer one (V8 flattens the pair before slicing it). */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The string's interned copy (a property name is one): it keeps no chunk alive and compares with literals by reference. */
export function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

/** a === b, without the slow call ('===' itself makes it, unless both are literals or interned). */
export function sameText(a: string, b: string): boolean {
  return a.length === b.length && a.startsWith(b);
}
