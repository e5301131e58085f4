// Every API reads Content-Type and Accept through one lexer; the negotiation rules stay each API's own.
import { expect, test } from 'vitest'
import { mediaTypeOf, splitMediaRanges } from '../../../src/http/mediaType.ts'
import { acceptableOffers } from '../../../src/glance/acceptNegotiation.ts'

test('the bare media type of a Content-Type drops parameters and case (K-16)', () => {
  expect(mediaTypeOf('Application/Merge-Patch+JSON; charset=utf-8')).toBe('application/merge-patch+json')
  expect(mediaTypeOf(' application/octet-stream ')).toBe('application/octet-stream')
  expect(mediaTypeOf(null)).toBe('')
})

test('an Accept header splits into ranges with their parameters, in order, empty elements left out', () => {
  expect(splitMediaRanges('application/json;as=Table;v=v1;g=meta.k8s.io, ,*/*; q = 0.5;flag')).toEqual([
    {
      mediaType: 'application/json',
      parameters: [
        { name: 'as', value: 'Table' },
        { name: 'v', value: 'v1' },
        { name: 'g', value: 'meta.k8s.io' },
      ],
      position: 0,
    },
    { mediaType: '*/*', parameters: [{ name: 'q', value: '0.5' }, { name: 'flag', value: undefined }], position: 2 },
  ])
})

test("Glance's error bodies follow WebOb: the most specific range's q, ties to the earlier offer, malformed headers allow all", () => {
  const offers = ['text/html', 'application/json']
  expect(acceptableOffers('application/json', offers)).toEqual(['application/json'])
  expect(acceptableOffers('application/json, */*', offers)).toEqual(['text/html', 'application/json'])
  expect(acceptableOffers('text/*;q=0.2, application/json;q=0.9', offers)).toEqual(['application/json', 'text/html'])
  expect(acceptableOffers('*/*, text/html;q=0', offers)).toEqual(['application/json'])
  expect(acceptableOffers('text/html;level=1', offers)).toEqual([])
  expect(acceptableOffers('text/html;q=2', offers)).toEqual(offers)
  expect(acceptableOffers('a/b/c', offers)).toEqual(offers)
})
