// Content negotiation as kube-apiserver's negotiate.go does it (K-35): Accept clauses in order,
// q-values honoured, unsupported clauses (protobuf, PartialObjectMetadata, v1beta1 Table) skipped —
// never answered with mislabelled JSON — and 406 when nothing is left.
import { statusErrors } from './status.ts'

export type Representation = 'json' | 'table'

interface Clause {
  type: string
  params: Record<string, string>
  q: number
  order: number
}

export function parseAccept(header: string): Clause[] {
  return header
    .split(',')
    .map((part, order) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim())
      const params: Record<string, string> = Object.create(null)
      for (const p of rest) {
        const eq = p.indexOf('=')
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '')
      }
      const q = params.q === undefined ? 1 : Number(params.q)
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, order }
    })
    .filter((c) => c.type && c.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
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

/** The bare media type of a Content-Type header, lower-cased, parameters dropped (K-16). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase()
}
