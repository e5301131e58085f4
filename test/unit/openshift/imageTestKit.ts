// Drives the Image strategy the way the generic store does (spec/kube.md K-14, K-15): the body loses
// kind/apiVersion, the strategy prepares it, then validates it; responses go through encode.
import fixtures from '../../../fixtures/openshift-images.json' with { type: 'json' }
import { createClock } from '../../../src/clock.ts'
import { createIds } from '../../../src/ids.ts'
import type { FieldError } from '../../../src/kube/fieldErrors.ts'
import { fieldErrorText } from '../../../src/kube/fieldErrors.ts'
import type { KubeObject, StrategyContext } from '../../../src/kube/resource.ts'
import { imageResource, type Image } from '../../../src/openshift/image.ts'

export function strategyContext(): StrategyContext {
  const clock = createClock()
  const ids = createIds(1)
  return { now: clock.iso(), clock, ids, principal: undefined, group: 'image.openshift.io' }
}

/** Fresh copies of the three fixtures of spec/openshift.md §13. */
export function imageFixtures(): [Image, Image, Image] {
  return structuredClone(fixtures) as unknown as [Image, Image, Image]
}

function asStored(body: object): KubeObject {
  const object = structuredClone(body) as KubeObject
  delete object.apiVersion
  delete object.kind
  return object
}

export function createImage(body: object, ctx = strategyContext()): { image: Image; errors: FieldError[] } {
  const object = asStored(body)
  imageResource.prepareForCreate(object, ctx)
  return { image: object as Image, errors: imageResource.validate(object, ctx) }
}

export function updateImage(stored: Image, body: object, ctx = strategyContext()): { image: Image; errors: FieldError[] } {
  const object = asStored(body)
  imageResource.prepareForUpdate(object, structuredClone(stored), ctx)
  return { image: object as Image, errors: imageResource.validateUpdate(object, stored, ctx) }
}

/** The response body for `image` under `groupVersion`. */
export function wire(image: Image, groupVersion = 'image.openshift.io/v1'): Image {
  return imageResource.encode!(structuredClone(image), groupVersion) as Image
}

export const texts = (errors: FieldError[]) => errors.map(fieldErrorText)
