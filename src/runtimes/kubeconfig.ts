// A kubeconfig for a running emulator, as the CLI prints and writes it: one cluster, one user, one
// context, all named image-api-emulator.
//
// The server speaks plain http. kubectl accepts that, but client-go sends credentials only over TLS
// (clientcmd reads the user's token only when the transport is https), so kubectl reaches a
// token-protected emulator only through its own `--token`-less open mode; the token is still written
// for clients that do send it over http. @kubernetes/client-node 2.x refuses an http:// cluster unless
// it is marked insecure-skip-tls-verify (K-38b); kubectl ignores that flag for http, so it is set.

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
