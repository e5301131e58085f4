// `npx image-api-emulator` runs the command as npm's grandchild: npm exec -> sh -c -> node. A signal
// sent to npm reaches the shell, which dies without passing it on, and the server would keep running
// with no parent. Started by npm, the command therefore stops when the process that started it is
// gone. Node offers no parent-death signal, so the parent's pid is compared once a second.

/** Calls `onGone` once when this process's parent has exited (it is re-parented); the check keeps nothing alive. */
export function whenParentExits(onGone: () => void, intervalMs = 1000): void {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    onGone()
  }, intervalMs)
  timer.unref()
}

/** Whether npm started this process (npx, npm exec, npm run, npm start): npm sets npm_command for its children. */
export const startedByNpm = (env: NodeJS.ProcessEnv = process.env): boolean => env.npm_command !== undefined
