// What a benchmark reports: a measured value next to a baseline measured in the same run, and the
// ratio between them, so the figures mean the same on a fast laptop and a slow CI machine.

export interface Figure {
  /** Stable key in the JSON summary, e.g. `inProcess.getImage`. */
  id: string
  /** What was measured, in words. */
  what: string
  value: number
  unit: string
  baseline: number
  baselineWhat: string
  /** value ÷ baseline: below 1 is better for times and sizes, above 1 for throughputs. */
  ratio: number
  /** The goal, e.g. `ratio ≤ 1.5` or `≤ 5 ms`; absent for figures that only inform. */
  target?: string
  pass?: boolean
  /** Further numbers worth keeping (percentiles, counts). */
  detail?: Record<string, number | string | boolean>
}

export function figure(init: Omit<Figure, 'ratio'> & { ratio?: number }): Figure {
  return { ...init, ratio: init.ratio ?? init.value / init.baseline }
}

const round = (value: number): string => {
  if (!Number.isFinite(value)) return String(value)
  const magnitude = Math.abs(value)
  if (magnitude >= 1000) return value.toFixed(0)
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toPrecision(3)
}

/** A fixed-width text table: one row per figure. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'ok']
  const rows = figures.map((f) => [
    f.id,
    `${round(f.value)} ${f.unit}`,
    `${round(f.baseline)} ${f.unit} (${f.baselineWhat})`,
    `${round(f.ratio)}×`,
    f.target ?? '',
    f.pass === undefined ? '' : f.pass ? 'yes' : 'NO',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
