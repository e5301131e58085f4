// The OpenStack Glance v2 image API: its own REST surface over the Glance service (images, data,
// members, tags, import), errors as WebOb renders them. Scenarios name images by id.
import { z } from 'zod'
import glanceImages from '../../fixtures/glance-images.json' with { type: 'json' }
import type { ApiDescriptor } from '../apiDescriptor.ts'
import { GlanceError } from './errors.ts'
import { glanceApiModule, glanceErrorAnswer } from './glanceApi.ts'
import type { GlanceService } from './glanceService.ts'
import { imageStatuses } from './lifecycle.ts'
import { glanceScenarioObjects, type GlanceTransition } from './scenarioObjects.ts'
import { glanceMetadefsFixture } from './metadefs/metadefFixtures.ts'

const collectionPath = '/v2/images'

export const glanceApi: ApiDescriptor<'glance', GlanceService, GlanceTransition> = {
  name: 'glance',
  fixtures: { 'glance-images': glanceImages, 'glance-metadefs': glanceMetadefsFixture },
  scenario: {
    key: 'id',
    objects: 'Glance images',
    transitionSchema: () => z.strictObject({ id: z.string().min(1).optional(), to: z.enum(imageStatuses) }),
  },
  build({ core, options }) {
    const module = glanceApiModule(core, { ...options.glance, lifecycle: options.glance?.lifecycle ?? options.lifecycle?.glance })
    const { service } = module
    return {
      module,
      access: service,
      errorAnswer: (spec, { request }) => {
        const headers: Record<string, string> = {}
        if (spec.retryAfterSeconds) headers['retry-after'] = String(spec.retryAfterSeconds)
        return glanceErrorAnswer(new GlanceError(spec.status, { explanation: spec.message, headers }), request, core.ids)
      },
      objects: glanceScenarioObjects(core, service),
      console: {
        collectionPath,
        list: () => service.images(),
        get: (id) => service.image(id),
        async afterCreate(created, data, send) {
          const id = (created as { id: string }).id
          await send('PUT', `${collectionPath}/${encodeURIComponent(id)}/file`, data, 'application/octet-stream')
          return service.image(id)
        },
      },
    }
  },
}
