// Field selectors (K-27), ported from k8s.io/apimachinery pkg/fields/selector.go (parseSelector, splitTerms,
// splitTerm, UnescapeValue) plus the field-label check kube-apiserver runs right after parsing
// (runtime.DefaultMetaV1FieldSelectorConversion). Terms are not trimmed: `metadata.name = x` asks for the field
// "metadata.name " and is rejected as unknown, exactly like the real server.
import { SelectorError } from './labelSelector.ts'
import { compareBytes } from '../order/byteOrder.ts'

export interface FieldSelectorRequirement {
  field: string
  /** `==` is the same requirement as `=`. */
  operator: '=' | '!='
  value: string
}

export type FieldSelector = {
  /** A field missing from `fields` counts as the empty string (fields.Set.Get). */
  matches(fields: Record<string, string>): boolean
  empty: boolean
  /** In the order the server evaluates them: the terms' text sorted bytewise. */
  requirements: FieldSelectorRequirement[]
}

/** splitTerms: split on commas that are not escaped; the backslashes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return []
  const terms: string[] = []
  let start = 0
  let inSlash = false
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]
    if (inSlash) inSlash = false
    else if (c === '\\') inSlash = true
    else if (c === ',') {
      terms.push(selector.slice(start, i))
      start = i + 1
    }
  }
  terms.push(selector.slice(start))
  return terms
}

// `==` is tried before `=` so that it does not leave a leading `=` in the value.
const termOperators = ['!=', '==', '='] as const

/** splitTerm: the first operator found, scanning left to right; the field part has no escapes. */
function splitTerm(term: string): { lhs: string; op: (typeof termOperators)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) }
    }
  }
  return undefined
}

/** UnescapeValue: `\\`, `\,` and `\=` are the only escapes; a bare `=` in a value is an error. */
function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value
  let out = ''
  let inSlash = false
  for (const c of value) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`)
      out += c
      inSlash = false
      continue
    }
    if (c === '\\') inSlash = true
    // Go prints the rune with %v, i.e. as its number: `unescaped character in value: 61` for '='.
    else if (c === ',' || c === '=') throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`)
    else out += c
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\')
  return out
}

/** Go's %q for the ASCII field names this check sees. */
const quote = (text: string): string => JSON.stringify(text)

const defaultKnownFields = ['metadata.name', 'metadata.namespace']

/**
 * fields.ParseSelector followed by the field-label conversion of the served kind. Throws SelectorError with the
 * real 400 text: `invalid selector: '<s>'; can't understand '<part>'` or
 * `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export function parseFieldSelector(text: string, knownFields: string[] = defaultKnownFields): FieldSelector {
  const parts = splitTerms(text).sort(compareBytes)
  const requirements: FieldSelectorRequirement[] = []
  for (const part of parts) {
    if (part === '') continue
    const term = splitTerm(part)
    if (!term) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`)
    const value = unescapeValue(term.rhs)
    requirements.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value })
  }
  // The conversion runs over the parsed terms in order, so the first unknown field (sorted) is the one reported.
  for (const requirement of requirements) {
    if (!knownFields.includes(requirement.field)) {
      throw new SelectorError(`${quote(requirement.field)} is not a known field selector: only ${knownFields.map(quote).join(', ')}`)
    }
  }
  return {
    matches(fields) {
      return requirements.every((requirement) => {
        const actual = Object.hasOwn(fields, requirement.field) ? fields[requirement.field] : ''
        return requirement.operator === '=' ? actual === requirement.value : actual !== requirement.value
      })
    },
    empty: requirements.length === 0,
    requirements,
  }
}

/**
 * Selector.RequiresExactMatch("metadata.name"): the value of the first `metadata.name=` (or `==`) term, if any.
 * K-28 compares it with the name of a `/watch/<plural>/<name>` path.
 */
export function nameFromFieldSelector(selector: FieldSelector): string | undefined {
  return selector.requirements.find((r) => r.field === 'metadata.name' && r.operator === '=')?.value
}

/** EscapeValue: the inverse of the value unescaping, for building a selector from a literal name. */
export function escapeFieldSelectorValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`)
}
