/**
 * Listen to `customerChanged(id)` while the calling component is alive (the customer page),
 * and stop on unmount or when the id changes.
 */
import { onScopeDispose, ref, watch } from 'vue'
import { subscribe } from '@/api/client'
import { CUSTOMER_CHANGED } from './operations'
import type { Customer } from './types'

/** connecting: opening the socket (or reconnecting); live: events arrive; off: the server ended it. */
export type LiveState = 'connecting' | 'live' | 'off'

export interface LiveCustomerHandlers {
  /** The customer changed; `customer` is its new state (profile fields, not purchases). */
  changed: (customer: Customer) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useLiveCustomer(id: () => string, handlers: LiveCustomerHandlers) {
  const state = ref<LiveState>('connecting')
  let stop: (() => void) | null = null

  function start(customerId: string) {
    stop?.()
    state.value = 'connecting'
    stop = subscribe(
      CUSTOMER_CHANGED,
      { id: customerId },
      {
        next: (data) => handlers.changed(data.customerChanged),
        connected: (wasRetry) => {
          state.value = 'live'
          if (wasRetry) handlers.reconnected()
        },
        disconnected: () => {
          state.value = 'connecting'
        },
        // Not visible to us, or an error the server will not recover from: the page still
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

  watch(id, start, { immediate: true })
  onScopeDispose(() => {
    stop?.()
    stop = null
  })

  return { state }
}
