// FNV-1a of a name, shared by the views that colour by name: the same thread
// or function name gets the same colour in every run and every view.
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
