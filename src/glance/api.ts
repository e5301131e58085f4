// The OpenStack Glance v2 image API: its own REST surface over the Glance service (images, data,
// members, tags, import), errors as WebOb renders them. Scenarios name images by id.
import { z } from 'zod'
import glanceImages from '../../fixtures/glance-images.json' with { type: 'json' }
import type { ApiDescriptor } from '../apiDescriptor.ts'
import { GlanceError } from './errors.ts'
import { glanceApiModule, glanceErrorAnswer } from './glanceApi.ts'
import type { GlanceService } from './glanceService.ts'
import { imageStatuses } from './lifecycle.ts'
import { maxGeneratedSize } from './webDownloads.ts'
import { glanceScenarioObjects, type GlanceTransition } from './scenarioObjects.ts'
import { glanceMetadefsFixture } from './metadefs/metadefFixtures.ts'

const collectionPath = '/v2/images'

// `glance: { webDownload: { uri, data } }` or `{ uri, size, seed }`: serves a URL to web-download.
// Built when the scenario schema is, not at import.
const webDownloadActionSchema = () =>
  z
    .strictObject({
      uri: z.string().regex(/^https?:\/\/[^/]/i, { error: 'must be an http(s) URL' }),
      data: z.string().optional(),
      base64: z.string().optional(),
      size: z.number().int().min(0).max(maxGeneratedSize).optional(),
      seed: z.number().int().optional(),
    })
    .refine((action) => [action.data, action.base64, action.size].filter((given) => given !== undefined).length === 1, {
      error: 'give data (text), base64 (bytes) or size (with an optional seed)',
    })

/** A scenario step's Glance action. */
export interface GlanceAction {
  /** Serves `data` (text), `base64` (bytes) or `size` seeded bytes at `uri` until the next reset. */
  webDownload: { uri: string; data?: string; base64?: string; size?: number; seed?: number }
}

export const glanceApi: ApiDescriptor<'glance', GlanceService, GlanceTransition, GlanceAction> = {
  name: 'glance',
  fixtures: { 'glance-images': glanceImages, 'glance-metadefs': glanceMetadefsFixture },
  scenario: {
    key: 'id',
    objects: 'Glance images',
    transitionSchema: () => z.strictObject({ id: z.string().min(1).optional(), to: z.enum(imageStatuses) }),
    actionSchema: () => z.strictObject({ webDownload: webDownloadActionSchema() }),
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
      act: async (given) => {
        const { webDownload } = given as GlanceAction
        const { uri, data, base64, size, seed } = webDownload
        const source = data ?? (base64 !== undefined ? Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)) : { size: size!, seed })
        service.registerWebDownload(uri, source)
      },
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
