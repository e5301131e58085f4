// A kubeconfig for a running emulator, as the CLI prints and writes it: one cluster, one user, one
// context, all named image-api-emulator.
//
// The server speaks http, or https with the certificate it was given. client-go sends credentials only
// over TLS (clientcmd reads the user's token only when the transport is https), so kubectl reaches a
// token-protected emulator over https only; the token is written either way, for clients that do send
// it over http. The cluster is marked insecure-skip-tls-verify: an emulator's certificate is usually
// self-signed, @kubernetes/client-node 2.x refuses an http:// cluster without the flag (K-38b), and
// kubectl ignores it for http.

export interface KubeconfigOptions {
  server: string
  token?: string
  name?: string
}

export function renderKubeconfig({ server, token, name = 'image-api-emulator' }: KubeconfigOptions): string {
  const quote = (value: string) => JSON.stringify(value)
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${quote(server)}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${name}`,
    token === undefined ? '  user: {}' : `  user:\n    token: ${quote(token)}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    '',
  ].join('\n')
}
