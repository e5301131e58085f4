// The REST storage of `imagesignatures` (IMG-10), as openshift-apiserver's imagesignature REST: no
// objects of its own, a create and a delete that add or remove one entry of the named Image's
// `signatures` with one Image update (new resourceVersion, MODIFIED to the Image's watchers).
// source: openshift/openshift-apiserver pkg/image/apiserver/registry/imagesignature/{rest,strategy}.go
import { roundTripGo } from '../../kube/go/goEncode.ts'
import { failure, statusErrors, type Status } from '../../kube/status.ts'
import type { RegistryStore, RequestContext, WriteOutcome } from '../../kube/registryStore.ts'
import type { DeleteOptions, WriteOptions } from '../../kube/requestOptions.ts'
import type { KubeObject, ResourceDefinition, StorageContext } from '../../kube/resource.ts'
import { imageSignatureType } from '../imageGoTypes.ts'
import type { Image, ImageSignature } from '../imageTypes.ts'
import { validateImageSignature } from '../imageValidation.ts'

/** The resource the errors name: always the group's, whichever prefix the request came through. */
const signaturesResource = { group: 'image.openshift.io', kind: 'imageSignatures' }

/** splitImageSignatureName: `<imageName>@<signatureName>`, both sides non-empty. */
function splitName(name: string): { imageName: string } | { error: string } {
  const segments = name.split('@')
  if (segments.length !== 2) return { error: `expected exactly one @ in the image signature name ${JSON.stringify(name)}` }
  if (!segments[0] || !segments[1]) return { error: `image signature name ${JSON.stringify(name)} must have an image name and signature name` }
  return { imageName: segments[0] }
}

/** strategy.PrepareForCreate: what the server parses from the signature's content is the server's. */
function prepareForCreate(signature: ImageSignature): void {
  delete signature.conditions
  delete signature.imageIdentity
  delete signature.signedClaims
  delete signature.created
  delete signature.issuedBy
  delete signature.issuedTo
}

/** bytes.Equal on the decoded content: both sides are in the canonical base64 of the Go round trip. */
const sameSignature = (a: ImageSignature, b: ImageSignature) => a.type === b.type && (a.content ?? '') === (b.content ?? '')

/** The loopback client openshift-apiserver updates the Image with, as managedFields name it. */
const imageWriter = { name: 'openshift-apiserver', operation: 'Update' as const }

export function imageSignatureStorage(resource: ResourceDefinition, imageResource: ResourceDefinition, { core, registryOf }: StorageContext): Pick<RegistryStore, 'resource' | 'kind' | 'create' | 'delete'> {
  const images = registryOf(imageResource)
  /** The Image endpoint under the prefix the request came through (`images` on /oapi/v1). */
  const imageRequest = (request: RequestContext): RequestContext => ({ endpoint: { ...request.endpoint, resource: imageResource }, principal: request.principal, fieldManager: imageWriter })
  const writeOptions = (dryRun: boolean): WriteOptions => ({ dryRun, fieldManager: undefined, fieldValidation: '', force: undefined })

  async function create(body: KubeObject, options: WriteOptions, request: RequestContext): Promise<WriteOutcome> {
    const signature = roundTripGo(body, imageSignatureType).json as ImageSignature
    const meta = (signature.metadata ??= {})
    // rest.FillObjectMetaSystemFields, then BeforeCreate: generateName is taken as the name as it is.
    meta.uid = core.ids.uuid()
    meta.creationTimestamp = core.clock.iso()
    if (!meta.name && typeof meta.generateName === 'string') meta.name = meta.generateName
    prepareForCreate(signature)
    const name = typeof meta.name === 'string' ? meta.name : ''
    const errors = validateImageSignature(signature, '')
    if (errors.length) throw statusErrors.invalid(request.endpoint, name, errors)
    const split = splitName(name)
    if ('error' in split) throw statusErrors.badRequest(split.error)

    const outcome = await images.patch(
      split.imageName,
      (current) => {
        const image = current as Image
        const signatures = image.signatures ?? []
        // Neither the name nor the (type, content) pair may be there already.
        if (signatures.some((existing) => existing.metadata?.name === name || sameSignature(existing, signature))) {
          throw failure(409, 'AlreadyExists', `imageSignatures.image.openshift.io ${JSON.stringify(name)} already exists`, { name, ...signaturesResource })
        }
        return { ...image, signatures: [...signatures, signature] } as KubeObject
      },
      writeOptions(options.dryRun),
      imageRequest(request),
    )
    if (outcome.kind === 'status') return outcome
    const stored = ((outcome.object as Image).signatures ?? []).find((entry) => entry.metadata?.name === name)
    if (!stored) throw statusErrors.internal('failed to store given signature')
    return { kind: 'object', code: 201, object: stored as unknown as KubeObject }
  }

  async function remove(name: string, options: DeleteOptions, request: RequestContext): Promise<WriteOutcome> {
    const split = splitName(name)
    if ('error' in split) throw statusErrors.badRequest('ImageSignatures must be accessed with <imageName>@<signatureName>')
    const outcome = await images.patch(
      split.imageName,
      (current) => {
        const image = current as Image
        const signatures = image.signatures ?? []
        if (!signatures.some((existing) => existing.metadata?.name === name)) {
          throw failure(404, 'NotFound', `imageSignatures.image.openshift.io ${JSON.stringify(name)} not found`, { name, ...signaturesResource })
        }
        return { ...image, signatures: signatures.filter((existing) => existing.metadata?.name !== name) } as KubeObject
      },
      writeOptions(options.dryRun),
      imageRequest(request),
    )
    if (outcome.kind === 'status') return outcome
    // metav1.Status{Status: Success}: no details.
    const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }
    return { kind: 'status', code: 200, status }
  }

  return { resource, kind: `facade:${resource.group}/${resource.plural}`, create, delete: remove }
}
