// Query parameters through kubectl 1.32 (K-25, K-34, K-38a), decoded as kube-apiserver's parameter codec
// decodes them. Numbers go through Go's strconv (ParseInt(s, 10, 64) for limit, timeoutSeconds and
// gracePeriodSeconds; ParseUint(s, 10, 64) for resourceVersion), so a value beyond 64 bits, or no digits
// at all, is a 400 with strconv's own words — never a list that ignores the limit, nor a watch or delete
// that goes ahead. Bools are never an error: only `0` and `false` (any case) are false.
import { describe, expect, test } from 'vitest'
import { digest, kubectlPath, noKubectl, useKubectlServer } from './kubectlRunner.ts'

const images = '/apis/image.openshift.io/v1/images'

describe.skipIf(!kubectlPath)(`query parameters from kubectl${noKubectl}`, () => {
  const h = useKubectlServer({ seed: 29 })

  const badRequest = (text: string) => ({ code: 1, stdout: '', stderr: `Error from server (BadRequest): ${text}\n` })

  test('limit beyond int64 is refused, as strconv.ParseInt refuses it; within int64 (a sign included) it pages', async () => {
    await h.createImage(digest(1), 'quay.io/demo/a:1')
    await h.createImage(digest(2), 'quay.io/demo/b:1')

    expect(await h.kubectl.run(['get', '--raw', `${images}?limit=1180591620717411303424`])).toEqual(
      badRequest('strconv.ParseInt: parsing "1180591620717411303424": value out of range'),
    )
    expect(await h.kubectl.run(['get', '--raw', `${images}?limit=-9223372036854775809`])).toEqual(
      badRequest('strconv.ParseInt: parsing "-9223372036854775809": value out of range'),
    )
    expect(await h.kubectl.run(['get', '--raw', `${images}?limit=ten`])).toEqual(badRequest('strconv.ParseInt: parsing "ten": invalid syntax'))
    expect(await h.kubectl.run(['get', '--raw', `${images}?limit=`])).toEqual(badRequest('strconv.ParseInt: parsing "": invalid syntax'))

    const page = JSON.parse(await h.kubectl.ok(['get', '--raw', `${images}?limit=%2B1`]))
    expect(page.items).toHaveLength(1)
    expect(page.metadata.continue).toEqual(expect.any(String))
    const all = JSON.parse(await h.kubectl.ok(['get', '--raw', `${images}?limit=9223372036854775807`]))
    expect(all.items).toHaveLength(2)
  })

  test('timeoutSeconds and resourceVersion beyond 64 bits refuse the watch at once', async () => {
    expect(await h.kubectl.run(['get', '--raw', `${images}?watch=true&timeoutSeconds=18446744073709551616`])).toEqual(
      badRequest('strconv.ParseInt: parsing "18446744073709551616": value out of range'),
    )
    expect(await h.kubectl.run(['get', '--raw', `${images}?watch=true&resourceVersion=18446744073709551616`])).toEqual(
      badRequest('invalid resource version: strconv.ParseUint: parsing "18446744073709551616": value out of range'),
    )
    expect(h.server.emulator.kube.hub.watches()).toHaveLength(0)
  })

  test('gracePeriodSeconds beyond int64 refuses the delete and leaves the object', async () => {
    await h.createImage(digest(3), 'quay.io/demo/c:1')
    expect(await h.kubectl.run(['delete', '--raw', `${images}/${digest(3)}?gracePeriodSeconds=9223372036854775808`])).toEqual(
      badRequest('strconv.ParseInt: parsing "9223372036854775808": value out of range'),
    )
    expect(h.server.emulator.openshift.images.get(digest(3))).toBeDefined()
  })

  test('watch=yes and a bare watch= open a watch; watch=FALSE and watch=0 list', async () => {
    await h.createImage(digest(4), 'quay.io/demo/d:1')
    for (const value of ['yes', '']) {
      const watch = h.kubectl.start(['get', '--raw', `${images}?watch=${value}`])
      try {
        const deadline = Date.now() + 10_000
        while (!watch.stdout().includes('"type":"ADDED"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
        expect(JSON.parse(watch.stdout().split('\n')[0]!)).toMatchObject({ type: 'ADDED', object: { metadata: { name: digest(4) } } })
      } finally {
        watch.stop()
        await watch.result
      }
    }
    for (const value of ['FALSE', '0']) {
      expect(JSON.parse(await h.kubectl.ok(['get', '--raw', `${images}?watch=${value}`]))).toMatchObject({ kind: 'ImageList', items: [{ metadata: { name: digest(4) } }] })
    }
  })
})
