// Property names in Glance come from users (extra properties, JSON-patch paths, query keys), so a
// name such as "__proto__" or "constructor" must stay an ordinary key: written as an own data
// property and read only when it is an own property, never through the prototype chain.

/** A plain object with no prototype: no key can reach Object.prototype through it. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

/** Sets `key` as an own enumerable property, even for "__proto__". */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** The own property `key`, or undefined (inherited properties do not count). */
export function getOwn<T>(source: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(source, key) ? source[key] : undefined
}

/** A prototype-free copy of `source`'s own enumerable properties, in order. */
export function copyRecord<T>(source: Readonly<Record<string, T>>): Record<string, T> {
  const out = emptyRecord<T>()
  for (const key of Object.keys(source)) setOwn(out, key, source[key] as T)
  return out
}
