// 5. Scaling: how a full list, a watch replaying history and a patch cost as the store grows from 100
// to 10,000 objects. Each cost at 10,000 is compared with what linear growth from 100 predicts (list,
// replay) or with the cost at 100 (a patch touches one object, so it should not grow at all).
import { createEmulator } from '../src/emulator.ts'
import { figure, type Figure } from './figures.ts'
import { loadOpenshiftImages, openshiftImageName } from './benchObjects.ts'
import { expectStatus, imagesPath, readWatch, call } from './emulatorCalls.ts'
import { median, timeEach } from './sampling.ts'
import { section } from './profile.ts'

const sizes = [100, 1_000, 10_000]

interface Costs {
  size: number
  listMs: number
  replayMs: number
  patchMs: number
}

async function measure(size: number): Promise<Costs> {
  // History holds every write of the run, so the replay reaches back to the first object.
  const emulator = createEmulator({ seed: 1, eventLogCapacity: 4 * size + 1_000 })
  await emulator.ready
  await loadOpenshiftImages(emulator, size)
  const listRuns = Math.max(3, Math.round(20_000 / size))
  const list = await timeEach(listRuns, () => expectStatus(emulator, 200, 'GET', imagesPath))
  // Replay: a watch from resourceVersion 0+1 gets every object's ADDED from the event log (K-30).
  const replay = await timeEach(Math.max(3, Math.round(5_000 / size)), async () => {
    let seen = 0
    const response = await call(emulator, 'GET', `${imagesPath}?watch=true&resourceVersion=1`)
    await readWatch(response, () => ++seen < size - 1)
  })
  const patches = await section(`scaling.patch.${size}`, () =>
    timeEach(400, (i) =>
      expectStatus(
        emulator,
        200,
        'PATCH',
        `${imagesPath}/${openshiftImageName(i % size)}`,
        { metadata: { labels: { patched: String(i) } } },
        'application/merge-patch+json',
      ),
    ),
  )
  emulator.dispose()
  return { size, listMs: median(list), replayMs: median(replay), patchMs: median(patches.slice(100)) }
}

const exponent = (small: number, large: number, n1: number, n2: number) => Math.log(large / small) / Math.log(n2 / n1)

/**
 * Linear is judged by the growth exponent (cost ∝ size^k: 1 linear, 2 quadratic), not by the ratio to
 * 100× the smallest cost: a 10,000-object list is a 15 MB body, and copying bytes that no longer fit
 * in the CPU's caches costs more per byte than at 100 objects without any change in the algorithm.
 */
const maxLinearExponent = 1.2

/** The growth exponent from the smallest to the largest size, judged against linear. */
function growthFigure(id: string, what: string, value: number): Figure {
  return figure({
    id,
    what,
    value,
    unit: '',
    baseline: 1,
    baselineWhat: 'linear',
    target: `≤ ${maxLinearExponent}`,
    pass: value <= maxLinearExponent,
  })
}

export async function scalingSuite(): Promise<Figure[]> {
  // A first pass warms the JIT, so the smallest size is not measured cold.
  await measure(sizes[0]!)
  const costs: Costs[] = []
  for (const size of sizes) costs.push(await measure(size))
  const first = costs[0]!
  const last = costs.at(-1)!
  const growth = last.size / first.size
  const detail = (pick: (c: Costs) => number) => Object.fromEntries(costs.map((c) => [`ms@${c.size}`, pick(c)]))
  const linearity = (pick: (c: Costs) => number) => exponent(pick(first), pick(last), first.size, last.size)
  return [
    figure({
      id: 'scaling.list',
      what: `full list (no selector) at ${last.size} objects, vs linear growth from ${first.size}`,
      value: last.listMs,
      unit: 'ms',
      baseline: first.listMs * growth,
      baselineWhat: `${first.size}-object list × ${growth}`,
      detail: { ...detail((c) => c.listMs), exponent: linearity((c) => c.listMs) },
    }),
    figure({
      id: 'scaling.watchReplay',
      what: `watch replaying ${last.size} events from history, vs linear growth from ${first.size}`,
      value: last.replayMs,
      unit: 'ms',
      baseline: first.replayMs * growth,
      baselineWhat: `${first.size}-event replay × ${growth}`,
      detail: { ...detail((c) => c.replayMs), exponent: linearity((c) => c.replayMs) },
    }),
    growthFigure('scaling.list.exponent', `full list: k in cost ∝ size^k, ${first.size} to ${last.size} objects`, linearity((c) => c.listMs)),
    growthFigure('scaling.watchReplay.exponent', `watch replay: k in cost ∝ size^k, ${first.size} to ${last.size} events`, linearity((c) => c.replayMs)),
    figure({
      id: 'scaling.patch',
      what: `merge patch of one object among ${last.size}, median`,
      value: last.patchMs,
      unit: 'ms',
      baseline: first.patchMs,
      baselineWhat: `same patch among ${first.size}`,
      target: 'ratio ≤ 1.5 (constant)',
      pass: last.patchMs / first.patchMs <= 1.5,
      detail: { ...detail((c) => c.patchMs), exponent: linearity((c) => c.patchMs) },
    }),
  ]
}
