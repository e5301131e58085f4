// The label and field selectors of a list, watch or collection delete (K-27), as a registry selection.
import type { ListSelection } from '../../registryStore.ts'
import { parseLabelSelector, SelectorError } from '../../labelSelector.ts'
import { parseFieldSelector } from '../../fieldSelector.ts'
import { statusErrors } from '../../status.ts'

export function listSelection(url: URL): ListSelection {
  try {
    return {
      labelSelector: parseLabelSelector(url.searchParams.get('labelSelector') ?? ''),
      fieldSelector: parseFieldSelector(url.searchParams.get('fieldSelector') ?? ''),
    }
  } catch (error) {
    if (error instanceof SelectorError) throw statusErrors.badRequest(error.message)
    throw error
  }
}
