// The format checks of k8s.io/apimachinery pkg/util/validation (validation.go, ip.go) with their own texts:
// names, label keys and values, DNS-1123 labels and subdomains, IP addresses. ObjectMeta validation and
// every kind's own field validation build on them.

/** Go measures strings with len(), i.e. in UTF-8 bytes; the limits below are byte limits. */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** validation.RegexError: the examples are each followed by `, `, so a second one reads `',  or '` (double space). */
function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`
  let text = `${message} (e.g. `
  examples.forEach((example, index) => {
    if (index > 0) text += ' or '
    text += `'${example}', `
  })
  return `${text}regex used for validation is '${format}')`
}

const maxLenError = (length: number): string => `must be no more than ${length} characters`
const emptyError = 'must be non-empty'

const qualifiedNameFormat = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const qualifiedNameMessage =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const qualifiedNameMaxLength = 63
const qualifiedNamePattern = new RegExp(`^${qualifiedNameFormat}$`)

const labelValueFormat = `(${qualifiedNameFormat})?`
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const labelValueMaxLength = 63
const labelValuePattern = new RegExp(`^${labelValueFormat}$`)

const dns1123LabelFormat = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123SubdomainFormat = `${dns1123LabelFormat}(\\.${dns1123LabelFormat})*`
const dns1123SubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const dns1123SubdomainMaxLength = 253
const dns1123SubdomainPattern = new RegExp(`^${dns1123SubdomainFormat}$`)

/** validation.IsDNS1123Subdomain: both the length and the pattern are reported when both fail. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = []
  if (utf8Length(value) > dns1123SubdomainMaxLength) errors.push(maxLenError(dns1123SubdomainMaxLength))
  if (!dns1123SubdomainPattern.test(value)) errors.push(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, 'example.com'))
  return errors
}

const dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
const dns1123LabelMaxLength = 63
const dns1123LabelPattern = new RegExp(`^${dns1123LabelFormat}$`)

/** validation.IsDNS1123Label: the length first, then the pattern (a valid subdomain "must not contain dots"). */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = []
  if (utf8Length(value) > dns1123LabelMaxLength) errors.push(maxLenError(dns1123LabelMaxLength))
  if (!dns1123LabelPattern.test(value)) {
    errors.push(dns1123SubdomainPattern.test(value) ? 'must not contain dots' : regexError(dns1123LabelMessage, dns1123LabelFormat, 'my-name', '123-abc'))
  }
  return errors
}

/**
 * validation.IsQualifiedName (1.32 wording): `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 of the
 * qualified-name pattern. Label keys, annotation keys (lower-cased first) and finalizers follow it.
 */
export function qualifiedNameErrors(value: string): string[] {
  const errors: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]!
  } else if (parts.length === 2) {
    const prefix = parts[0]!
    name = parts[1]!
    if (prefix.length === 0) errors.push(`prefix part ${emptyError}`)
    else errors.push(...dns1123SubdomainErrors(prefix).map((message) => `prefix part ${message}`))
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameMessage, qualifiedNameFormat, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]
  }
  if (name.length === 0) errors.push(`name part ${emptyError}`)
  else if (utf8Length(name) > qualifiedNameMaxLength) errors.push(`name part ${maxLenError(qualifiedNameMaxLength)}`)
  if (!qualifiedNamePattern.test(name)) {
    errors.push(`name part ${regexError(qualifiedNameMessage, qualifiedNameFormat, 'MyName', 'my.name', '123-abc')}`)
  }
  return errors
}

/** validation.IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = []
  if (utf8Length(value) > labelValueMaxLength) errors.push(maxLenError(labelValueMaxLength))
  if (!labelValuePattern.test(value)) errors.push(regexError(labelValueMessage, labelValueFormat, 'MyValue', 'my_value', '12345'))
  return errors
}

function isIPv4(value: string): boolean {
  const parts = value.split('.')
  // netutils.ParseIPSloppy, which Kubernetes validation uses, accepts leading zeros.
  return parts.length === 4 && parts.every((part) => /^[0-9]{1,3}$/.test(part) && Number(part) <= 255)
}

function isIPv6(value: string): boolean {
  if (!value.includes(':')) return false
  let text = value
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    // An embedded IPv4 address (::ffff:10.0.0.1) stands for the last two groups.
    if (!isIPv4(tail)) return false
    text = `${text.slice(0, lastColon + 1)}0:0`
  }
  const halves = text.split('::')
  if (halves.length > 2) return false
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const hexGroup = /^[0-9a-fA-F]{1,4}$/
  if (halves.length === 2) {
    const all = [...groups(halves[0]!), ...groups(halves[1]!)]
    return all.length <= 7 && all.every((g) => hexGroup.test(g))
  }
  const all = groups(text)
  return all.length === 8 && all.every((g) => hexGroup.test(g))
}

/** validation.IsValidIP's test (netutils.ParseIPSloppy): an IPv4 or IPv6 address. */
export function isIPAddress(value: string): boolean {
  return isIPv4(value) || isIPv6(value)
}
