import { expect, test } from 'vitest'
import { createIds, nameSuffixAlphabet } from '../../../src/ids.ts'

test('the same seed gives the same ids; another seed does not', () => {
  const a = createIds(7)
  const b = createIds(7)
  const c = createIds(8)
  const draw = (ids: ReturnType<typeof createIds>) => [ids.uuid(), ids.nameSuffix(), ids.hex(12, 'x'), ids.uuid()]
  const first = draw(a)
  expect(draw(b)).toEqual(first)
  expect(draw(c)).not.toEqual(first)
})

test('uuids are RFC 4122 version 4; suffixes use the apimachinery alphabet (K-5, K-10)', () => {
  const ids = createIds(1)
  for (let i = 0; i < 200; i++) {
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const suffix = ids.nameSuffix()
    expect(suffix).toHaveLength(5)
    for (const ch of suffix) expect(nameSuffixAlphabet).toContain(ch)
  }
})

test('streams are independent: drawing digests does not shift uids', () => {
  const plain = createIds(3)
  const busy = createIds(3)
  busy.hex(64, 'digest')
  busy.hex(64, 'digest')
  expect(busy.uuid()).toBe(plain.uuid())
})

test('reset starts every stream again', () => {
  const ids = createIds('seed-text')
  const first = ids.uuid()
  ids.uuid()
  ids.reset()
  expect(ids.uuid()).toBe(first)
})

test('a seed gives the same uuids from one release to the next: tests may pin them', () => {
  const ids = createIds(7)
  expect([ids.uuid(), ids.uuid('audit-id'), ids.uuid()]).toEqual([
    '8933c4c3-dae0-4363-9608-7e76af6ad7fd',
    '5648fe4b-731e-4e53-abaa-30d91ae8d132',
    '1dd26d9a-58b3-4e41-8f2d-fb75e8545d3f',
  ])
})

test('restore puts every stream back where snapshot found it: the same ids come next', () => {
  const ids = createIds(5)
  ids.uuid()
  ids.hex(12, 'digest')
  const saved = ids.snapshot()
  const next = [ids.uuid(), ids.hex(12, 'digest'), ids.nameSuffix(), ids.uuid('audit-id')]
  ids.uuid()
  ids.restore(saved)
  expect([ids.uuid(), ids.hex(12, 'digest'), ids.nameSuffix(), ids.uuid('audit-id')]).toEqual(next)
})
