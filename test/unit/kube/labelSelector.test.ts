import { describe, expect, test } from 'vitest'
import { parseLabelSelector, SelectorError } from '../../../src/kube/labelSelector.ts'

// Texts copied from apimachinery's validation messages (K-13); the double spaces are real.
const keyNameRule =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

function parseError(text: string): string {
  try {
    parseLabelSelector(text)
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorError)
    return (error as Error).message
  }
  throw new Error(`selector ${JSON.stringify(text)} parsed`)
}

describe('K-27 label selector grammar and matching', () => {
  const cases: { selector: string; matches: Record<string, string>[]; rejects: Record<string, string>[] }[] = [
    { selector: 'env=prod', matches: [{ env: 'prod' }, { env: 'prod', x: 'y' }], rejects: [{ env: 'dev' }, {}] },
    { selector: 'env==prod', matches: [{ env: 'prod' }], rejects: [{ env: 'dev' }, {}] },
    { selector: 'env!=prod', matches: [{ env: 'dev' }, {}], rejects: [{ env: 'prod' }] },
    { selector: 'env in (prod, dev)', matches: [{ env: 'prod' }, { env: 'dev' }], rejects: [{ env: 'qa' }, {}] },
    { selector: 'env notin (prod,dev)', matches: [{ env: 'qa' }, {}], rejects: [{ env: 'prod' }] },
    { selector: 'env', matches: [{ env: '' }, { env: 'x' }], rejects: [{}] },
    { selector: '!env', matches: [{}, { other: 'x' }], rejects: [{ env: '' }] },
    { selector: 'n>5', matches: [{ n: '6' }, { n: '+7' }], rejects: [{ n: '5' }, { n: 'x' }, { n: '5.5' }, {}] },
    { selector: 'n<5', matches: [{ n: '4' }, { n: '-3' }], rejects: [{ n: '5' }, { n: '99999999999999999999' }, {}] },
    { selector: 'a=1,b=2', matches: [{ a: '1', b: '2' }], rejects: [{ a: '1' }, { b: '2' }] },
    { selector: '  a = 1 ,\tb in ( x , y ) ', matches: [{ a: '1', b: 'y' }], rejects: [{ a: '1', b: 'z' }] },
    { selector: 'x in (in)', matches: [{ x: 'in' }], rejects: [{ x: 'notin' }] },
    { selector: 'in=notin', matches: [{ in: 'notin' }], rejects: [{ in: 'in' }] },
    { selector: 'x in (,)', matches: [{ x: '' }], rejects: [{ x: 'a' }, {}] },
    { selector: 'x in (a,,b)', matches: [{ x: '' }, { x: 'a' }, { x: 'b' }], rejects: [{ x: 'c' }] },
    { selector: 'x notin ()', matches: [{ x: 'a' }, {}], rejects: [{ x: '' }] },
    { selector: 'x=', matches: [{ x: '' }], rejects: [{ x: 'a' }, {}] },
    { selector: 'x=,y', matches: [{ x: '', y: '1' }], rejects: [{ x: '' }] },
    { selector: '!a,b', matches: [{ b: '' }], rejects: [{ a: '', b: '' }, {}] },
    { selector: 'example.com/app=web', matches: [{ 'example.com/app': 'web' }], rejects: [{ app: 'web' }] },
  ]
  test.each(cases)('$selector', ({ selector, matches, rejects }) => {
    const parsed = parseLabelSelector(selector)
    expect(parsed.empty).toBe(false)
    for (const labels of matches) expect(parsed.matches(labels), JSON.stringify(labels)).toBe(true)
    for (const labels of rejects) expect(parsed.matches(labels), JSON.stringify(labels)).toBe(false)
  })

  test('a bare operator means the empty value (parseExactValue)', () => {
    expect(parseLabelSelector('a ==').matches({ a: '' })).toBe(true)
    expect(parseLabelSelector('a!=').matches({ a: '' })).toBe(false)
  })

  test.each(['', '   ', '\t\n'])('an empty selector %j selects everything, even objects without labels', (text) => {
    const parsed = parseLabelSelector(text)
    expect(parsed.empty).toBe(true)
    expect(parsed.text).toBe('')
    expect(parsed.matches(undefined)).toBe(true)
    expect(parsed.matches({ a: 'b' })).toBe(true)
  })

  test('objects without labels are matched as an empty label set', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true)
    expect(parseLabelSelector('a').matches(undefined)).toBe(false)
    expect(parseLabelSelector('a!=b').matches(undefined)).toBe(true)
  })

  test.each([
    ['b=2,a in (y,x)', 'a in (x,y),b=2'],
    ['env==prod', 'env==prod'],
    [' !a , n>5,m<3', '!a,m<3,n>5'],
    ['x notin (b,a,b)', 'x notin (a,b)'],
    ['z,y', 'y,z'],
  ])('prints %j canonically as %j (Selector.String)', (text, canonical) => {
    expect(parseLabelSelector(text).text).toBe(canonical)
  })
})

describe('K-27 label selector errors carry the real parser text', () => {
  test.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    [',', "found ',', expected: !, identifier, or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a,,b', "found ',', expected: identifier after ','"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!!a', "unable to parse requirement: found '!', expected: identifier"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a=>1', "unable to parse requirement: found '>', expected: identifier"],
    ['a===b', "unable to parse requirement: found '=', expected: identifier"],
    ['a(b)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
  ])('%j', (text, message) => {
    expect(parseError(text)).toBe(message)
  })

  test('K-13: an invalid key is reported with the nil field path Go prints', () => {
    expect(parseError('-a=b')).toBe(`unable to parse requirement: <nil>: Invalid value: "-a": ${keyNameRule}`)
    expect(parseError('!a_')).toBe(`unable to parse requirement: <nil>: Invalid value: "a_": ${keyNameRule}`)
  })

  test('K-13: key length, empty parts, prefixes and extra slashes', () => {
    const long = 'k'.repeat(64)
    expect(parseError(`${long}=x`)).toBe(
      `unable to parse requirement: <nil>: Invalid value: "${long}": name part must be no more than 63 characters`,
    )
    expect(parseError('/a')).toBe('unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty')
    expect(parseError('a/')).toBe(`unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; ${keyNameRule}`)
    expect(parseError('Example.com/app')).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    )
    expect(parseError('a/b/c')).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    )
  })

  test('K-13: an invalid value names values[i][key]', () => {
    expect(parseError('a=b@c')).toBe(`unable to parse requirement: values[0][a]: Invalid value: "b@c": ${valueRule}`)
    const long = 'v'.repeat(64)
    expect(parseError(`a=${long}`)).toBe(`unable to parse requirement: values[0][a]: Invalid value: "${long}": must be no more than 63 characters`)
  })

  test('several bad values aggregate in brackets, indexed in sorted order', () => {
    expect(parseError('k in (y@, x@)')).toBe(
      `unable to parse requirement: [values[0][k]: Invalid value: "x@": ${valueRule}, values[1][k]: Invalid value: "y@": ${valueRule}]`,
    )
  })

  test('gt/lt need an int64 that is also a valid label value', () => {
    expect(parseError('a>x')).toBe(`unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`)
    expect(parseError('a<99999999999999999999')).toBe(
      `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
    )
    expect(parseError('a>-1')).toBe(`unable to parse requirement: values[0][a]: Invalid value: "-1": ${valueRule}`)
    expect(parseError('a>x_')).toBe(
      `unable to parse requirement: [values[0]: Invalid value: "x_": for 'Gt', 'Lt' operators, the value must be an integer, values[0][a]: Invalid value: "x_": ${valueRule}]`,
    )
  })
})

describe('label keys are own data, never prototype members', () => {
  test('constructor, __proto__ and toString are ordinary keys', () => {
    expect(parseLabelSelector('!constructor').matches({})).toBe(true)
    expect(parseLabelSelector('toString').matches({})).toBe(false)
    expect(parseLabelSelector('constructor=x').matches({ constructor: 'x' } as Record<string, string>)).toBe(true)
    // `__proto__` is not a valid key (it starts with `_`), but it may sit in an object's labels.
    expect(() => parseLabelSelector('__proto__')).toThrow(SelectorError)
    const labels = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>
    expect(parseLabelSelector('a=b,!constructor').matches(labels)).toBe(true)
    expect(parseLabelSelector('constructor notin (x)').matches({})).toBe(true)
  })
})
