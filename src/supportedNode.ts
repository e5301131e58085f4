// Imported first by every entry point: on a Node.js older than the one msw and this package are built
// for, the first request would fail deep inside msw (`Promise.withResolvers is not a function`). One
// comparison at import says so plainly instead. Browsers (no process.versions.node) pass untouched.

/** The oldest Node.js the package runs on, as package.json `engines` (msw needs 22.12). */
const minimumNode = [22, 12] as const

/** Whether a Node.js version string (`20.20.2`, `v22.12.0`) is at least minimumNode. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  return major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1])
}

const running = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node
if (running !== undefined && !isSupportedNode(running)) {
  throw new Error(`image-api-emulator needs Node.js ${minimumNode.join('.')} or later, but this is Node.js ${running}.`)
}
