// Label selectors (K-27), ported from k8s.io/apimachinery pkg/labels/selector.go: the same lexer, the same
// recursive-descent parser and the same error texts, because kube-apiserver puts the parser's error verbatim in
// its 400 BadRequest (`unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`).
import { fieldErrorText, type FieldError } from './fieldErrors.ts'
import { labelValueErrors, qualifiedNameErrors } from './formatValidation.ts'
import { compareBytes } from '../order/byteOrder.ts'

export type LabelSelector = {
  matches(labels: Record<string, string> | undefined): boolean
  /** True when the selector selects everything (no requirements). */
  empty: boolean
  /** The canonical form kube prints (Selector.String()): requirements sorted by key, values sorted. */
  text: string
}

/** A selector (label or field) the server cannot parse; `message` is the exact text of the real 400. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SelectorError'
  }
}

/** selection.Operator spellings. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt'

export interface LabelRequirement {
  key: string
  operator: LabelOperator
  /** Sorted and de-duplicated, as the parser's sets.String.List() gives them. */
  values: string[]
}

// The order in which parseOperator lists the binary operators in its error.
const binaryOperators = ['in', 'notin', '=', '==', '!=', 'gt', 'lt']

// ---- lexer ----

type Token =
  | 'error'
  | 'endOfString'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar'

const literalTokens = new Map<string, Token>([
  [')', 'closedPar'],
  [',', 'comma'],
  ['!', 'doesNotExist'],
  ['==', 'doubleEquals'],
  ['=', 'equals'],
  ['>', 'greaterThan'],
  ['in', 'in'],
  ['<', 'lessThan'],
  ['!=', 'notEquals'],
  ['notin', 'notIn'],
  ['(', 'openPar'],
])

interface ScannedItem {
  token: Token
  literal: string
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch.length === 1

/**
 * Lexer.Lex. Go reads bytes and treats a NUL byte like the end of input (read() returns 0 for both); the same
 * holds here for U+0000, so odd inputs fail the same way.
 */
function lex(text: string): ScannedItem[] {
  let position = 0
  const END = '\u0000'
  const read = (): string => (position < text.length ? text[position++]! : END)
  const unread = (): void => {
    position--
  }
  const items: ScannedItem[] = []
  for (;;) {
    let ch = read()
    while (isWhitespace(ch)) ch = read()
    if (ch === END) {
      items.push({ token: 'endOfString', literal: '' })
      return items
    }
    unread()
    if (isSpecialSymbol(ch)) {
      // scanSpecialSymbol: the longest operator spelled by the run of special symbols.
      let buffer = ''
      let last: ScannedItem | undefined
      for (;;) {
        const next = read()
        if (next === END) break
        if (!isSpecialSymbol(next)) {
          unread()
          break
        }
        buffer += next
        const token = literalTokens.get(buffer)
        if (token) last = { token, literal: buffer }
        else if (last) {
          unread()
          break
        }
      }
      items.push(last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` })
    } else {
      // scanIDOrKeyword
      let buffer = ''
      for (;;) {
        const next = read()
        if (next === END) break
        if (isSpecialSymbol(next) || isWhitespace(next)) {
          unread()
          break
        }
        buffer += next
      }
      items.push({ token: literalTokens.get(buffer) ?? 'identifier', literal: buffer })
    }
  }
}

// ---- requirement construction (NewRequirement) ----

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined
  const value = BigInt(text)
  if (value > 9223372036854775807n || value < -9223372036854775808n) return undefined
  return value
}

/** errors.Aggregate's Error(): one message bare, several de-duplicated inside brackets. */
function aggregate(errors: FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorText))]
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`
}

/** labels.NewRequirement: the field paths are relative (`values[0][key]`) because the parser passes no path. */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errors: FieldError[] = []
  const keyErrors = qualifiedNameErrors(key)
  if (keyErrors.length) errors.push({ type: 'Invalid', field: 'key', value: key, detail: keyErrors.join('; ') })
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((value, index) => {
      if (parseInt64(value) === undefined) {
        errors.push({ type: 'Invalid', field: `values[${index}]`, value, detail: "for 'Gt', 'Lt' operators, the value must be an integer" })
      }
    })
  }
  values.forEach((value, index) => {
    const valueErrors = labelValueErrors(value)
    if (valueErrors.length) errors.push({ type: 'Invalid', field: `values[${index}][${key}]`, value, detail: valueErrors.join('; ') })
  })
  if (errors.length) throw new SelectorError(`unable to parse requirement: ${aggregate(errors)}`)
  return { key, operator, values }
}

// ---- parser ----

type Context = 'keyAndOperator' | 'values'

function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareBytes)
}

class Parser {
  items: ScannedItem[]
  position = 0

  constructor(text: string) {
    this.items = lex(text)
  }

  // In the Values context `in` and `notin` are plain identifiers (`x in (in)`).
  private view(item: ScannedItem, context: Context): ScannedItem {
    if (context === 'values' && (item.token === 'in' || item.token === 'notIn')) return { token: 'identifier', literal: item.literal }
    return item
  }

  lookahead(context: Context): ScannedItem {
    return this.view(this.items[this.position]!, context)
  }

  consume(context: Context): ScannedItem {
    return this.view(this.items[this.position++]!, context)
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = []
    for (;;) {
      const { token, literal } = this.lookahead('values')
      if (token === 'identifier' || token === 'doesNotExist') {
        requirements.push(this.parseRequirement())
        const next = this.consume('values')
        if (next.token === 'endOfString') return requirements
        if (next.token === 'comma') {
          const after = this.lookahead('values')
          if (after.token !== 'identifier' && after.token !== 'doesNotExist') {
            throw new SelectorError(`found '${after.literal}', expected: identifier after ','`)
          }
        } else {
          throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`)
        }
      } else if (token === 'endOfString') {
        return requirements
      } else {
        throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`)
      }
    }
  }

  // Errors inside a requirement are prefixed like Go's fmt.Errorf("unable to parse requirement: %v", err).
  private fail(message: string): never {
    throw new SelectorError(`unable to parse requirement: ${message}`)
  }

  parseRequirement(): LabelRequirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator()
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, [])
    const operator = this.parseOperator()
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue()
    return newRequirement(key, operator, sortedSet(values))
  }

  parseKeyAndInferOperator(): { key: string; operator: LabelOperator | undefined } {
    let operator: LabelOperator | undefined
    let item = this.consume('values')
    if (item.token === 'doesNotExist') {
      operator = '!'
      item = this.consume('values')
    }
    if (item.token !== 'identifier') this.fail(`found '${item.literal}', expected: identifier`)
    const keyErrors = qualifiedNameErrors(item.literal)
    if (keyErrors.length) {
      // validateLabelKey with the parser's nil *field.Path, which Go prints as `<nil>`.
      this.fail(fieldErrorText({ type: 'Invalid', field: '<nil>', value: item.literal, detail: keyErrors.join('; ') }))
    }
    const next = this.lookahead('values').token
    if ((next === 'endOfString' || next === 'comma') && operator !== '!') operator = 'exists'
    return { key: item.literal, operator }
  }

  parseOperator(): LabelOperator {
    const { token, literal } = this.consume('keyAndOperator')
    switch (token) {
      case 'in':
        return 'in'
      case 'equals':
        return '='
      case 'doubleEquals':
        return '=='
      case 'greaterThan':
        return 'gt'
      case 'lessThan':
        return 'lt'
      case 'notIn':
        return 'notin'
      case 'notEquals':
        return '!='
      default:
        return this.fail(`found '${literal}', expected: ${binaryOperators.join(', ')}`)
    }
  }

  parseValues(): string[] {
    const open = this.consume('values')
    if (open.token !== 'openPar') this.fail(`found '${open.literal}' expected: '('`)
    const { token, literal } = this.lookahead('values')
    if (token === 'identifier' || token === 'comma') {
      const values = this.parseIdentifiersList()
      if (this.consume('values').token !== 'closedPar') this.fail(`found '${literal}', expected: ')'`)
      return values
    }
    if (token === 'closedPar') {
      this.consume('values')
      return ['']
    }
    return this.fail(`found '${literal}', expected: ',', ')' or identifier`)
  }

  parseIdentifiersList(): string[] {
    const values = new Set<string>()
    for (;;) {
      const { token, literal } = this.consume('values')
      if (token === 'identifier') {
        values.add(literal)
        const next = this.lookahead('values')
        if (next.token === 'comma') continue
        if (next.token === 'closedPar') return [...values]
        this.fail(`found '${next.literal}', expected: ',' or ')'`)
      } else if (token === 'comma') {
        // `(,` `,,` and `,)` each stand for an empty value.
        if (values.size === 0) values.add('')
        const next = this.lookahead('values').token
        if (next === 'closedPar') {
          values.add('')
          return [...values]
        }
        if (next === 'comma') {
          this.consume('values')
          values.add('')
        }
      } else {
        this.fail(`found '${literal}', expected: ',', or identifier`)
      }
    }
  }

  parseExactValue(): string[] {
    const next = this.lookahead('values').token
    if (next === 'endOfString' || next === 'comma') return ['']
    const { token, literal } = this.consume('values')
    if (token === 'identifier') return [literal]
    return this.fail(`found '${literal}', expected: identifier`)
  }
}

// ---- matching and printing ----

function requirementMatches(requirement: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key)
  const value = has ? labels[requirement.key] : undefined
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return has && requirement.values.includes(value as string)
    case 'notin':
    case '!=':
      return !has || !requirement.values.includes(value as string)
    case 'exists':
      return has
    case '!':
      return !has
    case 'gt':
    case 'lt': {
      // A label that is not an int64 never matches (Requirement.Matches).
      if (!has || typeof value !== 'string') return false
      const actual = parseInt64(value)
      const bound = parseInt64(requirement.values[0] ?? '')
      if (actual === undefined || bound === undefined) return false
      return requirement.operator === 'gt' ? actual > bound : actual < bound
    }
  }
}

/** Requirement.String(). */
function requirementText(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement
  switch (operator) {
    case 'exists':
      return key
    case '!':
      return `!${key}`
    case 'in':
      return `${key} in (${values.join(',')})`
    case 'notin':
      return `${key} notin (${values.join(',')})`
    case 'gt':
      return `${key}>${values.join(',')}`
    case 'lt':
      return `${key}<${values.join(',')}`
    default:
      return `${key}${operator}${values.join(',')}`
  }
}

/** Parses a `labelSelector` query value; the result is sorted by key like labels.Parse. */
function parseLabelRequirements(text: string): LabelRequirement[] {
  const requirements = new Parser(text).parse()
  return requirements.map((r, index) => ({ r, index })).sort((a, b) => compareBytes(a.r.key, b.r.key) || a.index - b.index).map(({ r }) => r)
}

/**
 * labels.Parse. Throws SelectorError with the real parser text; an empty (or blank) selector selects everything.
 * `matches` treats absent labels as an empty set.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = parseLabelRequirements(text)
  return {
    matches(labels) {
      const set = labels ?? {}
      return requirements.every((requirement) => requirementMatches(requirement, set))
    },
    empty: requirements.length === 0,
    text: requirements.map(requirementText).join(','),
  }
}
