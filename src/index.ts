// The package's main entry: the runtime-free core.
export { createEmulator, type Emulator, type EmulatorOptions, type EmulatorSnapshot } from './emulator.ts'
export { createClock, type Clock, type ClockOptions } from './clock.ts'
export type { Principal, AuthOption } from './auth.ts'
export type { KubeObject, ObjectMeta, ResourceDefinition, Endpoint } from './kube/resource.ts'
export type { Status } from './kube/status.ts'
export type { JournalEntry } from './journal.ts'
