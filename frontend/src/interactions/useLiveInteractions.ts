/**
 * Listen to `interactionLogged(customerId)` while the calling component is alive (the customer
 * page's timeline), and stop on unmount or when the id changes. Same socket as customerChanged.
 */
import { onScopeDispose, ref, watch } from 'vue'
import { subscribe } from '@/api/client'
import type { LiveState } from '@/customers/useLiveCustomer'
import { INTERACTION_LOGGED } from './operations'
import type { Interaction } from './types'

export interface LiveInteractionHandlers {
  /** A contact was logged with the customer (by anyone, this page included). */
  logged: (interaction: Interaction) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useLiveInteractions(customerId: () => string, handlers: LiveInteractionHandlers) {
  const state = ref<LiveState>('connecting')
  let stop: (() => void) | null = null

  function start(id: string) {
    stop?.()
    state.value = 'connecting'
    stop = subscribe(
      INTERACTION_LOGGED,
      { customerId: id },
      {
        next: (data) => handlers.logged(data.interactionLogged),
        connected: (wasRetry) => {
          state.value = 'live'
          if (wasRetry) handlers.reconnected()
        },
        disconnected: () => {
          state.value = 'connecting'
        },
        // Not visible to us, or an error the server will not recover from: the timeline still
        // works, it just no longer updates by itself.
        error: () => {
          state.value = 'off'
        },
        complete: () => {
          state.value = 'off'
        },
      },
    )
  }

  watch(customerId, start, { immediate: true })
  onScopeDispose(() => {
    stop?.()
    stop = null
  })

  return { state }
}
