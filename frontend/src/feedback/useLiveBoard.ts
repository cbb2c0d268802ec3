/**
 * The board's live updates, on the one WebSocket every page shares:
 *  - `complaintFiled(severities)`: each complaint filed, as it is filed (state → `data-live`);
 *  - `complaintUpdated(id)` for each card followed (`ids`, capped by the board): subscriptions are
 *    started and stopped as cards come and go (diffIds).
 * The board also refetches itself periodically and after a reconnect (events sent while the
 * socket was down are lost); see ComplaintBoardView.
 */
import { onScopeDispose, watch } from 'vue'
import { subscribe } from '@/api/client'
import { useSubscription } from '@/api/useSubscription'
import { diffIds } from './board'
import { COMPLAINT_CARD_UPDATED, COMPLAINT_FILED } from './operations'
import type { ComplaintCard, Severity } from './types'

export interface LiveBoardHandlers {
  filed: (complaint: ComplaintCard) => void
  updated: (complaint: ComplaintCard) => void
  /** The socket came back after a drop: refetch the board. */
  reconnected: () => void
}

export function useLiveBoard(
  severities: () => Severity[] | null,
  ids: () => readonly string[],
  handlers: LiveBoardHandlers,
) {
  const { state } = useSubscription(COMPLAINT_FILED, () => ({ severities: severities() }), {
    next: (data) => handlers.filed(data.complaintFiled),
    reconnected: handlers.reconnected,
  })

  const running = new Map<string, () => void>()
  watch(
    () => ids().join(','),
    () => {
      const { start, stop } = diffIds(running.keys(), ids())
      for (const id of stop) {
        running.get(id)?.()
        running.delete(id)
      }
      for (const id of start) {
        running.set(
          id,
          subscribe(COMPLAINT_CARD_UPDATED, { id }, { next: (data) => handlers.updated(data.complaintUpdated) }),
        )
      }
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    for (const stop of running.values()) stop()
    running.clear()
  })

  return { state }
}
