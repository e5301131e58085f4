// The /v2/metadefs/** routes (glance/api/v2/router.py), in the Glance API's route format: methods in
// upstream's order for the 405's Allow header, `body_reject` where the router refuses a body.
import type { Principal } from '../../auth.ts'
import type { ApiRequest } from '../../http/apiRequest.ts'
import { answer, type Answer } from '../../http/answer.ts'
import { pythonJsonDumps } from '../pythonJson.ts'
import { readRequestBody, requiredJsonBody } from '../requestBody.ts'
import type { MetadefService } from './metadefService.ts'

interface MetadefCall {
  request: ApiRequest
  url: URL
  principal: Principal
  params: string[]
}

type MetadefHandler = (call: MetadefCall) => Answer | Promise<Answer>

export interface MetadefRoute {
  pattern: RegExp
  methods: Array<[method: string, handler: MetadefHandler, reject?: 'body_reject']>
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer =>
  answer(status, pythonJsonDumps(value, { ensureAscii: false }), { 'content-type': 'application/json', ...headers })

const noContent = () => answer(204)

const jsonBody = async (request: ApiRequest) => requiredJsonBody(await readRequestBody(request))

/** oslo strutils.bool_from_string with default False, as create_tags reads X-Openstack-Append. */
const truthy = (value: string | null) => value !== null && ['1', 't', 'true', 'on', 'y', 'yes'].includes(value.trim().toLowerCase())

export function metadefRoutes(md: MetadefService): MetadefRoute[] {
  const ns = '/metadefs/namespaces/([^/]+)'
  return [
    {
      pattern: /^\/metadefs\/resource_types$/,
      methods: [['GET', ({ principal }) => json(200, md.listResourceTypes(principal)), 'body_reject']],
    },
    {
      pattern: new RegExp(`^${ns}/resource_types$`),
      methods: [
        ['GET', ({ principal, params }) => json(200, md.listAssociations(principal, params[0]!)), 'body_reject'],
        ['POST', async ({ principal, params, request }) => json(201, await md.createAssociation(principal, params[0]!, await jsonBody(request)))],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/resource_types/([^/]+)$`),
      methods: [['DELETE', async ({ principal, params }) => (await md.deleteAssociation(principal, params[0]!, params[1]!), noContent()), 'body_reject']],
    },
    {
      pattern: /^\/metadefs\/namespaces$/,
      methods: [
        ['GET', ({ principal, url }) => json(200, md.listNamespaces(principal, url.searchParams))],
        [
          'POST',
          async ({ principal, request }) => {
            const created = await md.createNamespace(principal, await jsonBody(request))
            return json(201, created, { location: String(created.self) })
          },
        ],
      ],
    },
    {
      pattern: new RegExp(`^${ns}$`),
      methods: [
        ['GET', ({ principal, params, url }) => json(200, md.showNamespace(principal, params[0]!, url.searchParams)), 'body_reject'],
        ['PUT', async ({ principal, params, request }) => json(200, await md.updateNamespace(principal, params[0]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteNamespace(principal, params[0]!), noContent()), 'body_reject'],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/properties$`),
      methods: [
        ['GET', ({ principal, params }) => json(200, md.listProperties(principal, params[0]!)), 'body_reject'],
        ['POST', async ({ principal, params, request }) => json(201, await md.createProperty(principal, params[0]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteContents(principal, params[0]!, 'properties'), noContent())],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/properties/([^/]+)$`),
      methods: [
        ['GET', ({ principal, params, url }) => json(200, md.showProperty(principal, params[0]!, params[1]!, url.searchParams))],
        ['PUT', async ({ principal, params, request }) => json(200, await md.updateProperty(principal, params[0]!, params[1]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteProperty(principal, params[0]!, params[1]!), noContent())],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/objects$`),
      methods: [
        ['GET', ({ principal, params, url }) => json(200, md.listObjects(principal, params[0]!, url.searchParams))],
        ['POST', async ({ principal, params, request }) => json(201, await md.createObject(principal, params[0]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteContents(principal, params[0]!, 'objects'), noContent())],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/objects/([^/]+)$`),
      methods: [
        ['GET', ({ principal, params }) => json(200, md.showObject(principal, params[0]!, params[1]!)), 'body_reject'],
        ['PUT', async ({ principal, params, request }) => json(200, await md.updateObject(principal, params[0]!, params[1]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteObject(principal, params[0]!, params[1]!), noContent()), 'body_reject'],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/tags$`),
      methods: [
        ['GET', ({ principal, params, url }) => json(200, md.listTags(principal, params[0]!, url.searchParams))],
        [
          'POST',
          async ({ principal, params, request }) =>
            json(201, await md.createTags(principal, params[0]!, await jsonBody(request), truthy(request.headers.get('x-openstack-append')))),
        ],
        ['DELETE', async ({ principal, params }) => (await md.deleteContents(principal, params[0]!, 'tags'), noContent())],
      ],
    },
    {
      pattern: new RegExp(`^${ns}/tags/([^/]+)$`),
      methods: [
        ['GET', ({ principal, params }) => json(200, md.showTag(principal, params[0]!, params[1]!)), 'body_reject'],
        ['POST', async ({ principal, params }) => json(201, await md.createTag(principal, params[0]!, params[1]!)), 'body_reject'],
        ['PUT', async ({ principal, params, request }) => json(200, await md.updateTag(principal, params[0]!, params[1]!, await jsonBody(request)))],
        ['DELETE', async ({ principal, params }) => (await md.deleteTag(principal, params[0]!, params[1]!), noContent()), 'body_reject'],
      ],
    },
  ]
}
