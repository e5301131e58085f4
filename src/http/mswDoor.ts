// Imported by the entry points for msw users: gives every emulator its msw handlers (mswDoorSlot.ts
// says why this is installed rather than imported by the emulator).
import { installMswDoor } from './mswDoorSlot.ts'
import { mswHandlers } from './mswHandlers.ts'
import { mswWatchSocketHandler } from './mswWebSocket.ts'

installMswDoor(({ modules, control, origins, answer, unprefixed, emulator }) => [
  ...mswHandlers(modules, origins, (_module, request, url) => answer(request, url), unprefixed),
  ...mswHandlers([control], origins, (_module, request, url) => control.handle(request, url)),
  mswWatchSocketHandler(() => emulator),
])
