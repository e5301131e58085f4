// A user's application credentials (keystone/api/users.py): created from a project-scoped token,
// carrying its roles; the secret is shown once, at creation.
import { KeystoneError, forbidden } from '../keystoneError.ts'
import { applicationCredentialView, collection } from '../identityViews.ts'
import { type Route, json, noContent, member, stringField, booleanField, ownUser } from './identityCall.ts'

export const applicationCredentialRoutes: Route[] = [
  {
    pattern: /^\/users\/([^/]+)\/application_credentials$/,
    methods: {
      GET: (call) => {
        const user = ownUser(call, 'list_application_credentials')
        const credentials = [...call.dir.applicationCredentials.values()].filter((credential) => credential.userId === user)
        return json(200, collection('application_credentials', credentials.map((credential) => applicationCredentialView(credential, call.dir, call.base)), call.url.href))
      },
      POST: async (call) => {
        const userId = ownUser(call, 'create_application_credential')
        const caller = call.caller()
        if (!('project' in caller.token.scope)) throw forbidden('A project-scoped token is required to create an application credential.')
        const body = member(await call.body(), 'application_credential')
        const name = stringField(body, 'name', true, 'application_credential')!
        const secret = stringField(body, 'secret', false, 'application_credential') ?? call.service.newId() + call.service.newId()
        for (const existing of call.dir.applicationCredentials.values()) {
          if (existing.userId === userId && existing.name === name) throw new KeystoneError(409, `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${name}.`)
        }
        const id = call.service.newId()
        const credential = {
          id,
          name,
          secret,
          userId,
          projectId: caller.token.scope.project,
          roleIds: caller.roles.map((role) => role.id),
          description: stringField(body, 'description', false, 'application_credential') ?? null,
          unrestricted: booleanField(body, 'unrestricted', 'application_credential') ?? false,
        }
        call.dir.applicationCredentials.set(id, credential)
        return json(201, { application_credential: { ...applicationCredentialView(credential, call.dir, call.base), secret } })
      },
    },
  },
  {
    pattern: /^\/users\/([^/]+)\/application_credentials\/([^/]+)$/,
    methods: {
      GET: (call) => {
        const userId = ownUser(call, 'get_application_credential')
        const credential = call.dir.applicationCredentials.get(call.params[1]!)
        if (!credential || credential.userId !== userId) throw new KeystoneError(404, `Could not find Application Credential: ${call.params[1]}.`)
        return json(200, { application_credential: applicationCredentialView(credential, call.dir, call.base) })
      },
      DELETE: (call) => {
        const userId = ownUser(call, 'delete_application_credential')
        const credential = call.dir.applicationCredentials.get(call.params[1]!)
        if (!credential || credential.userId !== userId) throw new KeystoneError(404, `Could not find Application Credential: ${call.params[1]}.`)
        call.dir.applicationCredentials.delete(credential.id)
        return noContent()
      },
    },
  },
]
