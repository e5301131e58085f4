// The scenario format as a zod schema: the shape of every field, checked when a scenario is loaded
// or played. Rules that span fields (one trigger per step, `after` naming a real step…) are in
// parseScenario.ts, where they can name the step.
import { z } from 'zod'
import { toMilliseconds } from '../duration.ts'
import { apis } from '../apis.ts'

const isDuration = (value: string | number) => {
  try {
    toMilliseconds(value)
    return true
  } catch {
    return false
  }
}

function buildScenarioSchemas() {
  const durationSchema = z
    .union([z.string(), z.number()], { error: 'must be a duration such as "90s", "2m", "1h30m", "300ms" or a number of milliseconds' })
    .refine(isDuration, { error: 'must be a duration such as "90s", "2m", "1h30m", "300ms" or a number of milliseconds' })

  const jsonSchema = z.json({ error: 'must be JSON data (strings, numbers, booleans, null, lists and objects)' })

  const jsonObjectSchema = z.record(z.string(), jsonSchema, { error: 'must be an object' })

  const oneOrMore = (item: z.ZodType<string>) => z.union([item, z.array(item).min(1)], { error: 'must be a string or a list of strings' })

  // The API names come from the registry; Kubernetes discovery answers requests too, so a `when` may name it.
  const objectApis = apis.map((api) => api.name)
  const apiNames = [...objectApis, 'discovery']
  const watchApis = apis.filter((api) => api.kube).map((api) => api.name)

  const presence = z.union([z.string(), z.boolean()], { error: 'must be a value (wildcards `*` allowed), true (present) or false (absent)' })

  const requestMatcherSchema = z.strictObject({
    api: z.enum(apiNames).optional(),
    method: oneOrMore(z.string().regex(/^[A-Za-z]+$/, { error: 'must be an HTTP method such as GET or PUT' })).optional(),
    path: oneOrMore(z.string().startsWith('/', { error: 'must start with /' })).optional(),
    query: z.record(z.string(), presence).optional(),
    headers: z.record(z.string(), presence).optional(),
    body: jsonObjectSchema.optional(),
  })

  /** One `transition` shape per API that has transitions, told apart by `api`. */
  function transitionSchema() {
    const shapes = apis.flatMap((api) => (api.scenario.transitionSchema ? [api.scenario.transitionSchema().extend({ api: z.literal(api.name) })] : []))
    return z.discriminatedUnion('api', shapes as unknown as [z.ZodObject, ...z.ZodObject[]])
  }

  const createSchema = z.strictObject({ api: z.enum(objectApis), object: jsonObjectSchema })
  const updateSchema = z.strictObject({
    api: z.enum(objectApis),
    name: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    patch: jsonObjectSchema,
  })
  const deleteSchema = z.strictObject({ api: z.enum(objectApis), name: z.string().min(1).optional(), id: z.string().min(1).optional() })

  const causeSchema = z.strictObject({
    field: z.string(),
    type: z.enum(['Required', 'Invalid', 'NotSupported', 'Forbidden', 'TooLong', 'TooMany', 'Duplicate']).optional(),
    value: jsonSchema.optional(),
    detail: z.string().optional(),
    supported: z.array(z.string()).optional(),
    max: z.number().int().nonnegative().optional(),
  })

  const respondSchema = z.strictObject({
    status: z.number().int().min(200, { error: 'must be an HTTP status code (200-599)' }).max(599, { error: 'must be an HTTP status code (200-599)' }).optional(),
    reason: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { error: 'must be a CamelCase reason such as Conflict' }).optional(),
    message: z.string().optional(),
    causes: z.array(causeSchema).optional(),
    body: jsonSchema.optional(),
    headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'must be a header name' }), z.string()).optional(),
    retryAfter: durationSchema.optional(),
    delay: durationSchema.optional(),
    fault: z.enum(['connection-reset', 'network-error', 'malformed-body', 'hang']).optional(),
  })

  const watchSchema = z.strictObject({
    api: z.enum(watchApis).optional(),
    action: z.enum(['emit', 'bookmark', 'expire', 'close', 'stall']),
    event: z
      .strictObject({
        type: z.enum(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']),
        object: jsonSchema,
      })
      .optional(),
  })

  const afterSchema = z.union(
    [z.string().min(1), z.strictObject({ step: z.string().min(1), delay: durationSchema.optional() })],
    { error: 'must be a step id, or { step, delay }' },
  )

  const stepSchema = z.strictObject({
    id: z.string().min(1).optional(),
    description: z.string().optional(),
    at: durationSchema.optional(),
    after: afterSchema.optional(),
    when: requestMatcherSchema.optional(),
    times: z.number().int().min(1, { error: 'must be a whole number, at least 1' }).optional(),
    nth: z.number().int().min(1, { error: 'must be a whole number, at least 1' }).optional(),
    transition: transitionSchema().optional(),
    create: createSchema.optional(),
    update: updateSchema.optional(),
    delete: deleteSchema.optional(),
    respond: respondSchema.optional(),
    watch: watchSchema.optional(),
    // Actions of an API's own, named after the API (`identity: { revoke: 'all' }`).
    ...Object.fromEntries(apis.flatMap((api) => ('actionSchema' in api.scenario && api.scenario.actionSchema ? [[api.name, api.scenario.actionSchema().optional()]] : []))),
  })

  /** The scenario around its steps; each step is checked on its own, so one bad step hides no other. */
  const scenarioShellSchema = z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    fixtures: z.array(jsonSchema).optional(),
    steps: z.array(z.unknown(), { error: 'must be a list of steps' }),
  })

  return { stepSchema, scenarioShellSchema }
}

let schemas: ReturnType<typeof buildScenarioSchemas> | undefined

/**
 * The step schema and the scenario around its steps, built on first use: zod does its work when a
 * schema is constructed, and importing the package should not pay for it before any scenario is played.
 */
export function scenarioSchemas(): ReturnType<typeof buildScenarioSchemas> {
  return (schemas ??= buildScenarioSchemas())
}
