// BENCH_PROFILE=<section id>: records a CPU profile of that section of a suite with node:inspector and
// prints where the time went (self and total time by function): how the worst ratio was tracked down.
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

/** Runs `run`, profiled when BENCH_PROFILE names this section. */
export async function section<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (process.env.BENCH_PROFILE !== name) return run()
  const finish = await startProfile(name)
  try {
    return await run()
  } finally {
    await finish()
  }
}

/** Starts the profiler; the returned function stops it, writes bench/<name>.cpuprofile and prints the summary. */
export async function startProfile(name: string): Promise<() => Promise<void>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } }
    session.disconnect()
    const path = `bench/${name}.cpuprofile`
    writeFileSync(path, JSON.stringify(profile))
    process.stderr.write(`${summarise(profile.nodes)}\nprofile written to ${path}\n`)
  }
}

const describe = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(src|bench|handlers|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`

/** The functions with the most self time and the most total (inclusive) time, as shares of all samples. */
function summarise(nodes: ProfileNode[]): string {
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let total = 0
  const walk = (node: ProfileNode, onStack: Set<string>): number => {
    const where = describe(node)
    const hits = node.hitCount ?? 0
    total += hits
    self.set(where, (self.get(where) ?? 0) + hits)
    const nested = new Set(onStack).add(where)
    let sum = hits
    for (const child of node.children ?? []) sum += walk(byId.get(child)!, nested)
    // Recursion counts once.
    if (!onStack.has(where)) inclusive.set(where, (inclusive.get(where) ?? 0) + sum)
    return sum
  }
  walk(nodes[0]!, new Set())
  const top = (map: Map<string, number>, count: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([where, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${where}`)
  return ['self time:', ...top(self, 25), '', 'total time:', ...top(inclusive, 40)].join('\n')
}
