import { expect, test } from 'vitest'
import { createDeletedImageIds } from '../../../src/glance/deletedImageIds.ts'

// A deleted image's id stays taken (G5.3: a new image with it is a 409), but only the newest deletes are
// remembered, as after `glance-manage db purge`: a server deleting images all day does not grow without end.
test('deleted ids stay taken until the oldest are purged past the bound, and snapshots restore them', () => {
  const deleted = createDeletedImageIds(3)
  for (const id of ['a', 'b', 'c']) deleted.add(id)
  expect(['a', 'b', 'c'].map((id) => deleted.has(id))).toEqual([true, true, true])
  deleted.add('d')
  expect(['a', 'b', 'c', 'd'].map((id) => deleted.has(id))).toEqual([false, true, true, true])
  const saved = deleted.snapshot()
  deleted.clear()
  expect(deleted.has('d')).toBe(false)
  deleted.restore(saved)
  expect(['b', 'c', 'd'].map((id) => deleted.has(id))).toEqual([true, true, true])
})
