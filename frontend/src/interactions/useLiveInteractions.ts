/**
 * Listen to `interactionLogged(customerId)` while the calling component is alive (the customer
 * page's timeline), and stop on unmount or when the id changes. Same socket as customerChanged.
 */
import { useSubscription } from '@/api/useSubscription'
import { INTERACTION_LOGGED } from './operations'
import type { Interaction } from './types'

export interface LiveInteractionHandlers {
  /** A contact was logged with the customer (by anyone, this page included). */
  logged: (interaction: Interaction) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useLiveInteractions(customerId: () => string, handlers: LiveInteractionHandlers) {
  return useSubscription(INTERACTION_LOGGED, () => ({ customerId: customerId() }), {
    next: (data) => handlers.logged(data.interactionLogged),
    reconnected: handlers.reconnected,
  })
}
