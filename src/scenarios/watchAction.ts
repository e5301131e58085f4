// `watch` steps: something happens to the watches that are open when the step fires — what a real
// apiserver does to them on a restart, a compaction or an overload (kube.md §6).
import type { WatchAction } from './scenario.ts'
import { watchKinds, type ScenarioTargets } from './scenarioTargets.ts'

/** Applies the action to every open watch it is about; returns how many there were. */
export function actOnWatches(targets: ScenarioTargets, action: WatchAction): number {
  const watches = action.api ? watchKinds(action.api).flatMap((kind) => targets.kube.hub.watches(kind)) : targets.kube.hub.watches()
  for (const watch of watches) {
    switch (action.action) {
      case 'emit':
        watch.emit(action.event!.type, structuredClone(action.event!.object))
        break
      case 'bookmark':
        watch.bookmark()
        break
      case 'expire':
        // ERROR 410 Expired, then the end of the stream: informers re-list (K-30).
        watch.expire()
        break
      case 'close':
        watch.close()
        break
      case 'stall':
        watch.stall()
        break
    }
  }
  return watches.length
}
