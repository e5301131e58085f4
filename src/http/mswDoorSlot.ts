// Where the msw door plugs in. `emulator.handlers` asks this slot for its msw handlers; the slot is
// filled by importing mswDoor.ts, which the entry points for msw users do (image-api-emulator, /node,
// /vitest, /browser, /storybook, /playwright). The standalone server and the CLI never import it, so
// an emulator behind node:http never loads msw and Node's fetch classes with it (about a third of an
// idle server's memory).
import type { RequestHandler, WebSocketHandler } from 'msw'
import type { ApiModule } from '../core.ts'
import type { Answer } from './answer.ts'
import type { Origins } from './mswHandlers.ts'
import type { MswWatchSocketTarget } from './mswWebSocket.ts'

export type MswHandlers = Array<RequestHandler | WebSocketHandler>

/** What an emulator hands the msw door. */
export interface MswDoorParts {
  /** The API modules, in the dispatcher's order. */
  modules: ApiModule[]
  /** The control API (/_emulator/). */
  control: ApiModule
  origins: Origins
  /** The dispatcher's answer, once the initial fixtures are in. */
  answer(request: Request, url: URL): Promise<Answer>
  /** A URL with the Kubernetes path prefix taken off (kube.pathPrefix). */
  unprefixed(url: URL): URL
  /** The emulator, for watches over WebSocket. */
  emulator: MswWatchSocketTarget
}

type MswDoor = (parts: MswDoorParts) => MswHandlers

let door: MswDoor | undefined

export function installMswDoor(build: MswDoor): void {
  door = build
}

export function mswDoorHandlers(parts: MswDoorParts): MswHandlers {
  if (!door) {
    throw new Error(
      "emulator.handlers: msw is not loaded. This emulator was made through image-api-emulator/server, which leaves msw out; create the emulator with createEmulator from 'image-api-emulator' (or use /node, /vitest) to get msw handlers.",
    )
  }
  return door(parts)
}
