// The MessageEvent that @msw/data's store events are made from in the built package. rettime, which
// makes them, declares its event class as `class extends MessageEvent` as soon as it is imported. On
// Node, MessageEvent belongs to undici, Node's fetch implementation: reading the global loads all of
// it, about 6 MB of memory in a standalone server that never fetches. The build gives rettime this
// class instead (rolldown.config.ts, store-events-without-undici): an Event that carries its `data`,
// which is all rettime and the store read of a MessageEvent.

export class StoreMessageEvent<Data = unknown> extends Event {
  readonly data: Data

  constructor(type: string, init: EventInit & { data?: Data } = {}) {
    super(type, init)
    this.data = init.data as Data
  }
}
