// One request to the identity API as its handlers see it (the caller's token checked on demand, the
// body read within Keystone's limit), and the small helpers every handler shares: JSON answers, the
// admin policy, entity lookups and field checks with Keystone's error texts.
import type { ApiRequest } from '../../http/apiRequest.ts'
import { answer, type Answer } from '../../http/answer.ts'
import { isJsonObject } from '../../json/jsonObject.ts'
import { forbiddenAction, notFound, schemaError, validationError } from '../keystoneError.ts'
import { type IdentityDirectory, type Role } from '../identityDirectory.ts'
import type { IdentityService } from '../identityService.ts'
import { type Token } from '../tokens.ts'

export interface Caller {
  token: Token
  roles: Role[]
  isAdmin: boolean
}

export interface Call {
  request: ApiRequest
  url: URL
  /** `${origin}${mount}/v3`: the base of every link. */
  base: string
  origin: string
  params: string[]
  service: IdentityService
  dir: IdentityDirectory
  /** The emulator clock's time. */
  now(): number
  /** The caller's token, checked; throws 401 when there is none or it is not valid. */
  caller(): Caller
  body(): Promise<Record<string, unknown>>
}

export type Handler = (call: Call) => Answer | Promise<Answer>

export interface Route {
  pattern: RegExp
  methods: Record<string, Handler>
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}) => answer(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers })
export const noContent = () => answer(204)


/** Keystone's default policy in one rule: the admin role (any scope) may administer identity. */
export function requireAdmin(call: Call, action: string): Caller {
  const caller = call.caller()
  if (!caller.isAdmin) throw forbiddenAction(`identity:${action}`)
  return caller
}

export function entity<T>(map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id)
  if (!found) throw notFound(kind, id)
  return found
}

export function member(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key]
  if (!isJsonObject(value)) throw validationError(key, 'request body')
  return value
}

export function stringField(object: Record<string, unknown>, key: string, required: boolean, path: string): string | undefined {
  const value = object[key]
  if (value === undefined || (value === null && !required)) {
    if (required) throw schemaError(`'${key}' is a required property`)
    return undefined
  }
  if (typeof value !== 'string') throw schemaError(`Invalid input for field '${path}/${key}': ${JSON.stringify(value)} is not of type 'string'`)
  if (key === 'name' && (value.length === 0 || value.length > 255)) {
    throw schemaError(`Invalid input for field '${path}/name': ${JSON.stringify(value)} is ${value.length === 0 ? 'too short' : 'too long'}`)
  }
  return value
}

export function booleanField(object: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const value = object[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw schemaError(`Invalid input for field '${path}/${key}': ${JSON.stringify(value)} is not of type 'boolean'`)
  return value
}

/** `?name=` and `?domain_id=` filters, as the list APIs take them. */
export function filtered<T extends { name: string }>(items: Iterable<T>, url: URL, domainOf?: (item: T) => string): T[] {
  const name = url.searchParams.get('name')
  const domainId = url.searchParams.get('domain_id')
  return [...items].filter((item) => (name === null || item.name === name) && (domainId === null || !domainOf || domainOf(item) === domainId))
}


export function ownUser(call: Call, action: string): string {
  const caller = call.caller()
  const user = entity(call.dir.users, call.params[0]!, 'user')
  if (!caller.isAdmin && caller.token.userId !== user.id) throw forbiddenAction(`identity:${action}`)
  return user.id
}

/** The domain a new project or user lands in without a domain_id: the caller's token's domain. */
export function defaultDomainFor(call: Call): string {
  const { token } = call.caller()
  if ('domain' in token.scope) return token.scope.domain
  if ('project' in token.scope) return call.dir.projects.get(token.scope.project)?.domainId ?? 'default'
  return call.dir.users.get(token.userId)?.domainId ?? 'default'
}
