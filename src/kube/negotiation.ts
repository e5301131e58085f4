// Content negotiation as kube-apiserver's negotiate.go does it (K-35): Accept clauses in order,
// q-values honoured, unsupported clauses (protobuf, PartialObjectMetadata, v1beta1 Table) skipped —
// never answered with mislabelled JSON — and 406 when nothing is left.
import { statusErrors } from './status.ts'
import { splitMediaRanges } from '../http/mediaType.ts'

export type Representation = 'json' | 'table'

interface Clause {
  type: string
  params: Record<string, string>
  q: number
  order: number
}

/** The Accept header's clauses by preference: q-values first, then the order written; q=0 clauses dropped. */
export function parseAccept(header: string): Clause[] {
  const clauses: Clause[] = []
  for (const range of splitMediaRanges(header)) {
    if (!range.mediaType) continue
    const params: Record<string, string> = Object.create(null)
    for (const { name, value } of range.parameters) {
      // negotiate.go reads parameter values with their quotes removed.
      if (name && value !== undefined) params[name] = value.replace(/^"|"$/g, '')
    }
    const q = params.q === undefined ? 1 : Number(params.q)
    if (Number.isFinite(q) && q > 0) clauses.push({ type: range.mediaType, params, q, order: range.position })
  }
  return clauses.sort((a, b) => b.q - a.q || a.order - b.order)
}

function representationOf(clause: Clause): Representation | undefined {
  const jsonish = clause.type === 'application/json' || clause.type === 'application/*' || clause.type === '*/*'
  if (!jsonish) return undefined
  const { as, g, v } = clause.params
  if (as === undefined) return 'json'
  if (as === 'Table' && g === 'meta.k8s.io' && v === 'v1' && clause.type === 'application/json') return 'table'
  return undefined
}

/** The representation to answer with, or a 406 Status error. */
export function negotiate(accept: string | null): Representation {
  if (!accept || !accept.trim()) return 'json'
  // What most clients send: nothing to weigh.
  if (accept === '*/*' || accept === 'application/json') return 'json'
  for (const clause of parseAccept(accept)) {
    const chosen = representationOf(clause)
    if (chosen) return chosen
  }
  throw statusErrors.notAcceptable(['application/json', 'application/yaml'])
}
