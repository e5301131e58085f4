// Parsers accept any depth, but the code that walks a decoded body (validation, patches, rendering)
// recurses. Real servers stop deep documents at decode time — Go's decoder at 10,000 levels, Python's
// at its recursion limit of 1,000 — so the emulator refuses bodies past 1,000 levels as undecodable,
// a 400 in each API's own words, never a stack overflow.
const maxJsonNesting = 1000

/** Whether `value` nests arrays and objects deeper than `limit` (walked without recursion). */
export function nestsDeeperThan(value: unknown, limit = maxJsonNesting): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length) {
    const [item, depth] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (depth > limit) return true
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return false
}
