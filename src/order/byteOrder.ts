// Kubernetes orders names, keys and selector values the way Go compares strings: bytewise. For JavaScript's
// UTF-16 strings, code-unit order is that order for every character below U+E000, which covers every name and
// label Kubernetes accepts; sorting with it is a plain `<`, as cheap as the default sort.

/** Go's strings.Compare for the names, keys and values Kubernetes stores: -1, 0 or 1. */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
