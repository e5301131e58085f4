// Image validation (§4, IMG-15..IMG-24): what ValidateImage adds to the generic metadata checks. Paths
// have no leading dot because the real validator runs with a nil root path.
// source: openshift/openshift-apiserver pkg/image/apis/image/validation/validation.go (validateImage,
// validateImageSignature, validateImageManifests); k8s.io/apimachinery pkg/api/validation
// (ValidateObjectMetaAccessor, path.ValidatePathSegmentName).
import type { FieldError } from '../kube/fieldErrors.ts'
import type { ObjectMeta } from '../kube/resource.ts'
import { parseDockerImageReference } from './dockerImageReference.ts'
import type { Image, ImageSignature, SignatureCondition } from './imageTypes.ts'

/** path.ValidatePathSegmentName: the rule for Image and signature names (IMG-16). */
function pathSegmentNameErrors(name: string, prefix: boolean): string[] {
  if (!prefix) {
    for (const illegal of ['.', '..']) if (name === illegal) return [`may not be '${illegal}'`]
  }
  return ['/', '%'].filter((illegal) => name.includes(illegal)).map((illegal) => `may not contain '${illegal}'`)
}

/** IMG-15. */
function validateDockerImageReference(reference: string | undefined): FieldError[] {
  if (!reference) return [{ type: 'Required', field: 'dockerImageReference' }]
  const parsed = parseDockerImageReference(reference)
  return parsed.ok ? [] : [{ type: 'Invalid', field: 'dockerImageReference', value: reference, detail: parsed.error }]
}

/**
 * ValidateObjectMeta on a signature's metadata: the name rules and the cluster-scope rule. Labels and
 * annotations are refused outright by the signature rules that follow, so their syntax is not checked here.
 */
function validateSignatureMetadata(meta: ObjectMeta, path: string): FieldError[] {
  const errors: FieldError[] = []
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : ''
  const name = typeof meta.name === 'string' ? meta.name : ''
  for (const detail of generateName ? pathSegmentNameErrors(generateName, true) : []) {
    errors.push({ type: 'Invalid', field: `${path}.generateName`, value: generateName, detail })
  }
  if (!name) errors.push({ type: 'Required', field: `${path}.name`, detail: 'name or generateName is required' })
  for (const detail of name ? pathSegmentNameErrors(name, false) : []) {
    errors.push({ type: 'Invalid', field: `${path}.name`, value: name, detail })
  }
  if (meta.namespace) errors.push({ type: 'Forbidden', field: `${path}.namespace`, detail: 'not allowed on this type' })
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    errors.push({ type: 'Invalid', field: `${path}.generation`, value: meta.generation, detail: 'must be greater than or equal to 0' })
  }
  return errors
}

/** splitImageSignatureName: exactly one '@' with text on both sides. */
function isImageSignatureName(name: string): boolean {
  const parts = name.split('@')
  return parts.length === 2 && parts[0] !== '' && parts[1] !== ''
}

/** The last condition of `type` by lastProbeTime (later entries win ties), as the validator picks it. */
function latestCondition(conditions: SignatureCondition[], type: string): SignatureCondition | undefined {
  let latest: SignatureCondition | undefined
  for (const condition of conditions) {
    if (condition.type !== type) continue
    // RFC 3339 in UTC with whole seconds sorts as text; an unset time is the zero time, earliest of all.
    if (!latest || (condition.lastProbeTime ?? '') >= (latest.lastProbeTime ?? '')) latest = condition
  }
  return latest
}

/**
 * validateImageSignature (IMG-20..IMG-24) for a signature at `path`: `signatures[i]` inside an Image,
 * or '' for the body of POST imagesignatures (IMG-10), whose paths have no prefix.
 */
export function validateImageSignature(signature: ImageSignature, path: string): FieldError[] {
  const at = (child: string) => (path ? `${path}.${child}` : child)
  const meta = signature.metadata ?? {}
  const errors = validateSignatureMetadata(meta, at('metadata'))
  if (meta.labels && Object.keys(meta.labels).length > 0) {
    errors.push({ type: 'Forbidden', field: at('metadata.labels'), detail: 'signature labels cannot be set' })
  }
  if (meta.annotations && Object.keys(meta.annotations).length > 0) {
    errors.push({ type: 'Forbidden', field: at('metadata.annotations'), detail: 'signature annotations cannot be set' })
  }
  const name = typeof meta.name === 'string' ? meta.name : ''
  if (!isImageSignatureName(name)) {
    errors.push({ type: 'Invalid', field: at('metadata.name'), value: name, detail: 'name must be of format <imageName>@<signatureName>' })
  }
  if (!signature.type) errors.push({ type: 'Required', field: at('type') })
  if (!signature.content) errors.push({ type: 'Required', field: at('content') })

  const conditions = signature.conditions ?? []
  const trusted = latestCondition(conditions, 'Trusted')
  const forImage = latestCondition(conditions, 'ForImage')
  // Upstream's condition loop has an operator-precedence bug that can panic; this is the rule it intends (IMG-24).
  if (trusted && !forImage) {
    errors.push({ type: 'Invalid', field: at('conditions'), value: conditions, detail: 'missing "ForImage" condition type' })
  } else if (forImage && !trusted) {
    errors.push({ type: 'Invalid', field: at('conditions'), value: conditions, detail: 'missing "Trusted" condition type' })
  }
  if (!trusted || trusted.status === 'Unknown') {
    const unknownState = 'must be unset for unknown signature state'
    if (signature.imageIdentity) {
      errors.push({ type: 'Invalid', field: at('imageIdentity'), value: signature.imageIdentity, detail: unknownState })
    }
    if (signature.signedClaims && Object.keys(signature.signedClaims).length > 0) {
      errors.push({ type: 'Invalid', field: at('signedClaims'), value: signature.signedClaims, detail: unknownState })
    }
    if (signature.issuedBy) errors.push({ type: 'Invalid', field: at('issuedBy'), value: signature.issuedBy, detail: unknownState })
    if (signature.issuedTo) errors.push({ type: 'Invalid', field: at('issuedTo'), value: signature.issuedTo, detail: unknownState })
  }
  return errors
}

const mediaTypePattern = /^ *([A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126})\/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}) *$/

/**
 * The digest rule of validateImageManifests, an *unanchored* match of
 * `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`: some ':' followed by 32 hex
 * digits, preceded by a run of letters and digits containing a letter. Scanned by hand because the
 * unanchored regex is quadratic on long inputs in a backtracking engine.
 */
function containsOciDigest(value: string): boolean {
  const isHex = (c: string) => /[0-9A-Fa-f]/.test(c)
  const isAlnum = (c: string) => /[A-Za-z0-9]/.test(c)
  let run = 0
  let runHasLetter = false
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (c === ':' && run > 0 && runHasLetter) {
      let hex = 0
      while (hex < 32 && i + 1 + hex < value.length && isHex(value[i + 1 + hex]!)) hex++
      if (hex === 32) return true
    }
    if (isAlnum(c)) {
      // A run may only start the algorithm at a letter; digits before it are simply not part of the match.
      run++
      if (/[A-Za-z]/.test(c)) runHasLetter = true
    } else {
      run = 0
      runHasLetter = false
    }
  }
  return false
}

/** IMG-18. */
function validateImageManifests(image: Image): FieldError[] {
  const errors: FieldError[] = []
  ;(image.dockerImageManifests ?? []).forEach((manifest, i) => {
    const path = `dockerImageManifests[${i}]`
    if (!containsOciDigest(manifest.digest)) {
      errors.push({ type: 'Invalid', field: `${path}.digest`, value: manifest.digest, detail: 'digest does not conform with OCI image specification' })
    }
    if (!mediaTypePattern.test(manifest.mediaType)) {
      errors.push({ type: 'Invalid', field: `${path}.mediaType`, value: manifest.mediaType, detail: 'media type does not conform to RFC6838' })
    }
    if (!manifest.architecture) errors.push({ type: 'Required', field: `${path}.architecture` })
    if (!manifest.os) errors.push({ type: 'Required', field: `${path}.os` })
    // The real path says `size`, not `manifestSize`.
    if (manifest.manifestSize < 0) {
      errors.push({ type: 'Invalid', field: `${path}.size`, value: manifest.manifestSize, detail: 'manifest size cannot be negative' })
    }
  })
  if ((image.dockerImageLayers?.length ?? 0) > 0) {
    errors.push({
      type: 'Invalid',
      field: 'dockerImageLayers',
      value: image.dockerImageLayers,
      detail: 'dockerImageLayers should not be set when dockerImageManifests is set',
    })
  }
  return errors
}

/** ValidateImage minus ObjectMeta (the generic store validates the Image's own metadata). */
export function validateImage(image: Image): FieldError[] {
  const errors = validateDockerImageReference(image.dockerImageReference)
  ;(image.signatures ?? []).forEach((signature, i) => errors.push(...validateImageSignature(signature, `signatures[${i}]`)))
  if ((image.dockerImageManifests?.length ?? 0) > 0) errors.push(...validateImageManifests(image))
  return errors
}
