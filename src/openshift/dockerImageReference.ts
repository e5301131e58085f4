// Container image pull specs as openshift/library-go pkg/image/reference parses them (the parser the
// Image validation runs on dockerImageReference, IMG-15): the grammar of its internal reference package
// (a fork of docker/distribution's), go-digest v1's digest checks, and library-go's split of the name
// into registry / namespace / name.
//
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [hostname "/"] component ("/" component)*
//   component := [a-z0-9]+ (([._]|__|[-]*) [a-z0-9]+)*
//   tag       := [\w][\w.-]{0,127}
//   digest    := [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}
//
// The upstream separator `[-]*` may match nothing, which makes a naive backtracking regex exponential on
// inputs like "aaaa…a!"; `-+` accepts exactly the same names without that ambiguity.

const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const hostComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const hostname = `${hostComponent}(?:\\.${hostComponent})*(?::[0-9]+)?`
const tag = '[\\w][\\w.-]{0,127}'
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const name = `(?:${hostname}/)?${component}(?:/${component})*`

const referencePattern = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`)
// go-digest v1.0.0: what an unavailable algorithm must still look like to be "unsupported", not "invalid".
const anchoredDigestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
// The algorithms a Go binary linking crypto/sha256 and crypto/sha512 has available, with hex lengths.
const availableAlgorithms: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

/** The longest repository name the reference package accepts (NameTotalLengthMax). */
const nameTotalLengthMax = 255

/** library-go's DockerImageReference. */
export interface DockerImageReference {
  registry: string
  namespace: string
  name: string
  tag: string
  /** The digest (`sha256:…`), when the reference has one. */
  id: string
}

export type DockerImageReferenceParsed = { ok: true; reference: DockerImageReference } | { ok: false; error: string }

/** go-digest v1.0.0 Digest.Validate, returning its error text or undefined. */
function validateDigest(value: string): string | undefined {
  const colon = value.indexOf(':')
  if (colon <= 0 || colon + 1 === value.length) return 'invalid checksum digest format'
  const algorithm = value.slice(0, colon)
  const encoded = value.slice(colon + 1)
  const hexLength = Object.hasOwn(availableAlgorithms, algorithm) ? availableAlgorithms[algorithm] : undefined
  if (hexLength === undefined) {
    return anchoredDigestPattern.test(value) ? 'unsupported digest algorithm' : 'invalid checksum digest format'
  }
  if (encoded.length !== hexLength) return 'invalid checksum digest length'
  // Lowercase only: go-digest rejects "sha256:ABC…" although the reference grammar admits it.
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format'
}

/** reference.Parse from openshift/library-go pkg/image/reference. */
export function parseDockerImageReference(spec: string): DockerImageReferenceParsed {
  const match = referencePattern.exec(spec)
  if (!match) {
    if (spec === '') return { ok: false, error: 'repository name must have at least one component' }
    if (referencePattern.test(spec.toLowerCase())) return { ok: false, error: 'repository name must be lowercase' }
    return { ok: false, error: 'invalid reference format' }
  }
  const fullName = match[1]!
  const tagPart = match[2] ?? ''
  const digestPart = match[3] ?? ''
  if (fullName.length > nameTotalLengthMax) {
    return { ok: false, error: `repository name must not be more than ${nameTotalLengthMax} characters` }
  }
  if (digestPart) {
    const digestError = validateDigest(digestPart)
    if (digestError) return { ok: false, error: digestError }
  }

  const reference: DockerImageReference = { registry: '', namespace: '', name: '', tag: '', id: digestPart }
  const slash = fullName.indexOf('/')
  // With no path, a name that looks like a host is a registry on its own.
  const registryOnly = slash === -1 && (fullName.includes('.') || fullName.startsWith('localhost'))
  const nameOnly =
    (slash === -1 && !registryOnly) ||
    (slash > -1 && !/[:.]/.test(fullName.slice(0, slash)) && fullName.slice(0, slash) !== 'localhost')
  if (registryOnly) {
    // library-go keeps the whole reference string (tag and digest included) as the registry here.
    reference.registry = spec
  } else if (nameOnly) {
    reference.name = fullName
  } else {
    reference.registry = fullName.slice(0, slash)
    reference.name = fullName.slice(slash + 1)
  }
  if (!registryOnly) reference.tag = tagPart
  const namespaceSlash = reference.name.indexOf('/')
  if (namespaceSlash !== -1) {
    reference.namespace = reference.name.slice(0, namespaceSlash)
    reference.name = reference.name.slice(namespaceSlash + 1)
  }
  return { ok: true, reference }
}
