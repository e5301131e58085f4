// What tests of real clients over a socket share: a kubeconfig for @kubernetes/client-node pointed at
// the standalone server, and a bounded wait for events that cross the socket.
import { KubeConfig } from '@kubernetes/client-node'

/** K-38b: client-node refuses a plain http:// cluster unless the kubeconfig sets skipTLSVerify. */
export function kubeConfigFor(server: string, user = 'tester', token = 'any'): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'emulator', server, skipTLSVerify: true }],
    users: [{ name: user, token }],
    contexts: [{ name: 'emulator', cluster: 'emulator', user }],
    currentContext: 'emulator',
  })
  return kc
}

/** Polls (bounded, real time) until `check` passes: events cross a socket. */
export async function eventually<T>(check: () => T, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      return check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((r) => setTimeout(r, 10))
    }
  }
}
