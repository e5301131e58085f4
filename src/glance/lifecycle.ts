// The image status machine, as data. Transitions are upstream's `valid_state_targets`
// (glance/domain/__init__.py); the statuses the emulator leaves on its own after a delay (saving,
// importing) are the rows of imageTasks.ts, timed by the options below on the emulator's clock
// (spec G14, G10.2, G11.3).
import type { Duration } from '../duration.ts'
import { conflict } from './errors.ts'

export const imageStatuses = [
  'queued',
  'saving',
  'active',
  'killed',
  'deleted',
  'uploading',
  'importing',
  'pending_delete',
  'deactivated',
] as const

export type ImageStatus = (typeof imageStatuses)[number]

const imageTransitions: Readonly<Record<ImageStatus, readonly ImageStatus[]>> = {
  // v2 deprecated 'killed': a failed upload goes back to 'queued' so it can be retried.
  queued: ['saving', 'uploading', 'importing', 'active', 'deleted'],
  saving: ['active', 'killed', 'deleted', 'queued'],
  uploading: ['importing', 'queued', 'deleted'],
  importing: ['active', 'deleted', 'queued'],
  active: ['pending_delete', 'deleted', 'deactivated'],
  killed: ['deleted'],
  pending_delete: ['deleted'],
  deleted: [],
  deactivated: ['active', 'deleted'],
}

export function canTransition(from: ImageStatus, to: ImageStatus): boolean {
  return imageTransitions[from].includes(to)
}

/** Throws Glance's 409 (InvalidImageStatusTransition) unless `from` may become `to`. */
export function assertTransition(from: ImageStatus, to: ImageStatus): void {
  if (!canTransition(from, to)) throw conflict(`Image status transition from ${from} to ${to} is not allowed`)
}

export interface GlanceLifecycleOptions {
  /** How long an image stays `saving` while its uploaded data is stored. Default 0. */
  savingFor?: Duration
  /** How long an import task keeps the image `importing`. Default 0. */
  importingFor?: Duration
}
