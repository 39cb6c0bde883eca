// Strings interned to dense ids, numbered in the order first seen: the trace's
// string table (TraceBuilder) and a flame graph's frame names (FlameTreeBuilder).

export class StringTable {
  /** `list[id]` is the string with that id. */
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The id of `s`, given it on first use. */
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}
