// The pure parts of watches over WebSocket: the bearer-token subprotocol as kube-apiserver's
// ProtocolAuthenticator reads it (pkg/authentication/request/websocket/protocol.go), and the console
// path prefix option.
import { describe, expect, test } from 'vitest'
import { bearerTokenProtocol, offeredProtocols, readBearerProtocols } from '../../src/kube/watchSocket/bearerTokenProtocol.ts'
import { normalizePathPrefix, stripPathPrefix } from '../../src/kube/pathPrefix.ts'

describe('the base64url.bearer.authorization.k8s.io subprotocol', () => {
  test('the token is base64url without padding, and its protocol is taken out of the list', () => {
    expect(bearerTokenProtocol('sha256~a+b/c')).toBe('base64url.bearer.authorization.k8s.io.c2hhMjU2fmErYi9j')
    expect(bearerTokenProtocol('\u00ff\u00fe?')).toBe('base64url.bearer.authorization.k8s.io.w7_Dvj8')
    expect(readBearerProtocols(['base64.binary.k8s.io', bearerTokenProtocol('\u00ff\u00fe?')])).toEqual({ ok: true, token: '\u00ff\u00fe?', protocols: ['base64.binary.k8s.io'] })
    expect(readBearerProtocols(['a', 'b'])).toEqual({ ok: true, token: undefined, protocols: ['a', 'b'] })
    // An empty token is no token: nothing is taken out, the header (if any) decides.
    expect(readBearerProtocols(['a', 'base64url.bearer.authorization.k8s.io.'])).toEqual({ ok: true, token: undefined, protocols: ['a', 'base64url.bearer.authorization.k8s.io.'] })
  })

  test("the authenticator's refusals, word for word", () => {
    const token = bearerTokenProtocol('t')
    expect(readBearerProtocols([token])).toEqual({ ok: false, reason: 'missing additional subprotocol' })
    expect(readBearerProtocols(['a', token, bearerTokenProtocol('u')])).toEqual({ ok: false, reason: 'multiple base64.bearer.authorization tokens specified' })
    for (const encoded of ['dA==', 'd+A', 'd/A', 'd']) {
      expect(readBearerProtocols(['a', `base64url.bearer.authorization.k8s.io.${encoded}`])).toEqual({ ok: false, reason: 'invalid base64.bearer.authorization token encoding' })
    }
    // 0xff is not UTF-8.
    expect(readBearerProtocols(['a', 'base64url.bearer.authorization.k8s.io._w'])).toEqual({ ok: false, reason: 'invalid base64.bearer.authorization token' })
  })

  test('the offered protocols: every comma-separated value, trimmed', () => {
    expect(offeredProtocols(undefined)).toEqual([])
    expect(offeredProtocols(' base64.binary.k8s.io ,  v4.channel.k8s.io')).toEqual(['base64.binary.k8s.io', 'v4.channel.k8s.io'])
  })
})

describe('kube.pathPrefix', () => {
  test('a path, with or without slashes around it; empty is none; a query or fragment is refused', () => {
    expect(normalizePathPrefix(undefined)).toBeUndefined()
    expect(normalizePathPrefix('/')).toBeUndefined()
    expect(normalizePathPrefix('api/kubernetes/')).toBe('/api/kubernetes')
    expect(() => normalizePathPrefix('/k8s?x=1')).toThrow(TypeError)
    expect(() => normalizePathPrefix('/a//b')).toThrow(TypeError)
  })

  test('only a path under the prefix, segment by segment, loses it; the query stays', () => {
    expect(stripPathPrefix(new URL('http://h/api/kubernetes/apis/cci/v2/imagesnapshots?watch=1'), '/api/kubernetes')?.href).toBe('http://h/apis/cci/v2/imagesnapshots?watch=1')
    expect(stripPathPrefix(new URL('http://h/api/kubernetesx/apis'), '/api/kubernetes')).toBeUndefined()
    expect(stripPathPrefix(new URL('http://h/api/kubernetes'), '/api/kubernetes')).toBeUndefined()
    expect(stripPathPrefix(new URL('http://h/apis'), '/api/kubernetes')).toBeUndefined()
  })
})
