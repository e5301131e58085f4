// The registry: every API the emulator serves, one descriptor each. The emulator, discovery and
// OpenAPI, the scenario schema and engine, the browser console and the typed accessors on the emulator
// are derived from this list; serving another API is one more line here.
import { openshiftApi } from './openshift/api.ts'
import { cciApi } from './cci/api.ts'
import { glanceApi } from './glance/api.ts'
import { identityApi } from './identity/api.ts'

// identity before glance: Glance claims every /vN path, Keystone's /v3 among them.
export const apis = [openshiftApi, cciApi, identityApi, glanceApi] as const

export type Apis = (typeof apis)[number]
/** The APIs, by the name the journal and scenarios use. */
export type ApiName = Apis['name']
