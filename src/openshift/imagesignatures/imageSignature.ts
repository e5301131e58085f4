// ImageSignature (IMG-10, `imagesignatures`): a kind without objects of its own. POST adds a signature to
// the Image its name names (`<imageName>@<signatureName>`), DELETE removes it; nothing else is served,
// so discovery lists only those two verbs and OpenAPI only those two operations (IMG-48).
import { goStructWithout } from '../../kube/go/goType.ts'
import { decodeGo } from '../../kube/go/goDecode.ts'
import { goOpenApiSchema } from '../../kube/go/goOpenApi.ts'
import type { ResourceDefinition } from '../../kube/resource.ts'
import { imageSignatureKindType } from '../imageGoTypes.ts'
import { imageResource } from '../image.ts'
import { imageSignatureStorage } from './imageSignatureStorage.ts'

// Type meta and metadata are the machinery's to check; the rest decodes as the Go struct does.
const contentType = goStructWithout(imageSignatureKindType, ['kind', 'apiVersion', 'metadata'])

export const imageSignatureResource: ResourceDefinition = {
  openapiPackage: 'com.github.openshift.api.image.v1',
  group: 'image.openshift.io',
  version: 'v1',
  kind: 'ImageSignature',
  listKind: 'ImageSignatureList',
  plural: 'imagesignatures',
  singular: 'imagesignature',
  listItemsCarryTypeMeta: false,
  allowUnconditionalUpdate: false,
  nameRule: 'pathSegment',
  patchTypes: [],
  // imagesignature/rest.go: rest.Creater and rest.GracefulDeleter only.
  verbs: ['create', 'delete'],
  storage: (context) => imageSignatureStorage(imageSignatureResource, imageResource, context),
  decode: (object) => decodeGo(object, contentType).error,
  // The storage runs the signature strategy itself; the generic store never sees this kind.
  prepareForCreate: () => undefined,
  validate: () => [],
  prepareForUpdate: () => undefined,
  validateUpdate: () => [],
  table: { columns: [], cells: () => [] },
  openapiSchema: goOpenApiSchema(imageSignatureKindType, { group: 'image.openshift.io', version: 'v1', kind: 'ImageSignature' }),
}
