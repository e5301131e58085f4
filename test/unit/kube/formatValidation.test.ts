// apimachinery's format checks (pkg/util/validation), shared by ObjectMeta validation and CCI's own fields:
// the texts are the ones kube-apiserver answers with (cci.md §6, K-12).
import { expect, test } from 'vitest'
import { dns1123LabelErrors, dns1123SubdomainErrors, isIPAddress } from '../../../src/kube/formatValidation.ts'

const labelPattern =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

test('IsDNS1123Label: length first, then the pattern; a valid subdomain must not contain dots', () => {
  expect(dns1123LabelErrors('team-a')).toEqual([])
  expect(dns1123LabelErrors('team.a')).toEqual(['must not contain dots'])
  expect(dns1123LabelErrors('Team')).toEqual([labelPattern])
  expect(dns1123LabelErrors('a'.repeat(64))).toEqual(['must be no more than 63 characters'])
  expect(dns1123LabelErrors(`A${'a'.repeat(63)}`)).toEqual(['must be no more than 63 characters', labelPattern])
})

test('IsDNS1123Subdomain allows dots and 253 bytes', () => {
  expect(dns1123SubdomainErrors('registry.example.com')).toEqual([])
  expect(dns1123SubdomainErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters'])
})

test('IP addresses as ParseIPSloppy reads them: IPv4 with leading zeros, IPv6 with an embedded IPv4 tail', () => {
  for (const ip of ['10.0.0.1', '010.000.000.001', '::1', 'fe80::1', '::ffff:10.0.0.1', '2001:db8:0:0:0:0:0:1']) expect(isIPAddress(ip)).toBe(true)
  for (const ip of ['256.0.0.1', '10.0.0', 'dns.example', '1::2::3', '::ffff:10.0.0.256', '1:2:3:4:5:6:7:8:9', '']) expect(isIPAddress(ip)).toBe(false)
})
