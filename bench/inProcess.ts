// 1. In process: the emulator's msw handlers answering fetch, against a bare msw handler that returns
// the very same bytes — what the emulator costs on top of msw itself; and emulator.fetch, the direct
// door, against a fetch stub that hands back a ready Response.
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { createEmulator } from '../src/index.ts'
import { figure, type Figure } from './figures.ts'
import { glanceImageId, loadGlanceImages, loadOpenshiftImages, openshiftImageName } from './benchObjects.ts'
import { interleave, median, nextTurn, percentile, timeEach } from './sampling.ts'
import { section } from './profile.ts'

const origin = 'http://emulator.bench'
const bareOrigin = 'http://bare.bench'
const objects = 10_000
const pageSize = 500

interface Captured {
  bytes: Uint8Array
  headers: Headers
}

/** A bare msw server answering `path` with fixed bytes and headers. */
function bareServer(answers: Map<string, Captured>) {
  return setupServer(
    http.get(`${bareOrigin}/*`, ({ request }) => {
      const found = answers.get(new URL(request.url).pathname)!
      return new Response(found.bytes.slice(), { status: 200, headers: found.headers })
    }),
  )
}

async function capture(response: Response): Promise<Captured> {
  const headers = new Headers(response.headers)
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers }
}

async function fetchText(url: string, init?: RequestInit): Promise<string> {
  const response = await fetch(url, init)
  const text = await response.text()
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${text.slice(0, 200)}`)
  return text
}

export async function inProcessSuite(): Promise<Figure[]> {
  const emulator = createEmulator({ seed: 1 })
  await emulator.ready
  await loadOpenshiftImages(emulator, objects)
  await loadGlanceImages(emulator, 100)
  const imagePath = `/apis/image.openshift.io/v1/images/${openshiftImageName(4242)}`
  const glancePath = `/v2/images/${glanceImageId(42)}`
  const listPath = `/apis/image.openshift.io/v1/images?labelSelector=${encodeURIComponent('app=bench')}&limit=${pageSize}`

  const answers = new Map<string, Captured>([
    ['/image', await capture(await emulator.dispatch(new Request(`${origin}${imagePath}`)))],
    ['/glance', await capture(await emulator.dispatch(new Request(`${origin}${glancePath}`)))],
    ['/page', await capture(await emulator.dispatch(new Request(`${origin}${listPath}`)))],
  ])
  const emulatorMsw = setupServer(...emulator.handlers)
  const bareMsw = bareServer(answers)

  /** Runs `count` fetches with one msw server listening; per-request milliseconds. */
  const against = (server: ReturnType<typeof setupServer>, count: number, url: string) => async () => {
    server.listen({ onUnhandledFrame: 'error' })
    try {
      return await timeEach(count, () => fetchText(url))
    } finally {
      server.close()
    }
  }

  // Warm both paths before measuring.
  await against(emulatorMsw, 300, `${origin}${imagePath}`)()
  await against(bareMsw, 300, `${bareOrigin}/image`)()

  const get = await section('inProcess.getImage', () => interleave(8, against(emulatorMsw, 250, `${origin}${imagePath}`), against(bareMsw, 250, `${bareOrigin}/image`)))
  const glance = await interleave(8, against(emulatorMsw, 250, `${origin}${glancePath}`), against(bareMsw, 250, `${bareOrigin}/glance`))

  // Pages of 500 through the whole selected list, following `continue` (K-26).
  const pages = async () => {
    emulatorMsw.listen({ onUnhandledFrame: 'error' })
    const samples: number[] = []
    try {
      let url: string | undefined = `${origin}${listPath}`
      let items = 0
      while (url) {
        const start = performance.now()
        const text = await fetchText(url)
        samples.push(performance.now() - start)
        await nextTurn()
        const page = JSON.parse(text) as { items: unknown[]; metadata: { continue?: string } }
        items += page.items.length
        url = page.metadata.continue ? `${origin}${listPath}&continue=${encodeURIComponent(page.metadata.continue)}` : undefined
      }
      if (items !== objects) throw new Error(`listed ${items} of ${objects} images`)
    } finally {
      emulatorMsw.close()
    }
    return samples
  }
  // The direct door (emulator.fetch, no msw), against a fetch stub handing back a ready Response of
  // the same bytes: the least any in-process fetch can cost.
  const image = answers.get('/image')!
  const stubFetch = async (_input: string) => new Response(image.bytes.slice(), { status: 200, headers: image.headers })
  const readThrough = (fetchImpl: (input: string) => Promise<Response>, count: number) => () =>
    timeEach(count, async () => {
      const response = await fetchImpl(`${origin}${imagePath}`)
      if (response.status !== 200) throw new Error(`direct GET answered ${response.status}`)
      await response.text()
    })
  await readThrough(emulator.fetch, 300)()
  await readThrough(stubFetch, 300)()
  const direct = await section('inProcess.fetchDoor', () => interleave(8, readThrough(emulator.fetch, 250), readThrough(stubFetch, 250)))

  await pages()
  const list = await section('inProcess.listPage', () => interleave(3, pages, against(bareMsw, 20, `${bareOrigin}/page`)))
  emulator.dispose()

  return [
    figure({
      id: 'inProcess.getImage',
      what: 'msw + fetch: GET one OpenShift Image, median',
      value: median(get.a) * 1000,
      unit: 'µs',
      baseline: median(get.b) * 1000,
      baselineWhat: 'bare msw handler, same bytes',
      target: 'ratio ≤ 1.5',
      pass: median(get.a) / median(get.b) <= 1.5,
      detail: { p99Us: percentile(get.a, 99) * 1000, bareP99Us: percentile(get.b, 99) * 1000, samples: get.a.length },
    }),
    figure({
      id: 'inProcess.getGlanceImage',
      what: 'msw + fetch: GET one Glance image, median',
      value: median(glance.a) * 1000,
      unit: 'µs',
      baseline: median(glance.b) * 1000,
      baselineWhat: 'bare msw handler, same bytes',
      target: 'ratio ≤ 1.5',
      pass: median(glance.a) / median(glance.b) <= 1.5,
      detail: { p99Us: percentile(glance.a, 99) * 1000, samples: glance.a.length },
    }),
    figure({
      id: 'inProcess.fetchDoor',
      what: 'emulator.fetch (direct, no msw): GET one OpenShift Image, median',
      value: median(direct.a) * 1000,
      unit: 'µs',
      baseline: median(direct.b) * 1000,
      baselineWhat: 'stub fetch returning a ready Response, same bytes',
      target: 'ratio ≤ 3',
      pass: median(direct.a) / median(direct.b) <= 3,
      detail: { p99Us: percentile(direct.a, 99) * 1000, stubP99Us: percentile(direct.b, 99) * 1000, mswMedianUs: median(get.a) * 1000, samples: direct.a.length },
    }),
    figure({
      id: 'inProcess.listPage',
      what: `msw + fetch: one ${pageSize}-item page of ${objects} Images (labelSelector), median`,
      value: median(list.a),
      unit: 'ms',
      baseline: median(list.b),
      baselineWhat: 'bare msw handler, same page bytes',
      target: '≤ 5 ms',
      pass: median(list.a) <= 5,
      detail: { p99Ms: percentile(list.a, 99), pageBytes: answers.get('/page')!.bytes.byteLength, pages: list.a.length },
    }),
  ]
}
