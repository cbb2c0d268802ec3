/**
 * Keep one subscription open while the calling component is alive: started with its variables,
 * restarted when they change, stopped on unmount. `state` tells the page (and the e2e tests,
 * through `data-live`) whether events arrive.
 */
import { onScopeDispose, ref, watch } from 'vue'
import { subscribe, type Document } from './client'

/** connecting: opening the socket (or reconnecting); live: events arrive; off: the server ended it. */
export type LiveState = 'connecting' | 'live' | 'off'

export interface LiveHandlers<TData> {
  /** An event. */
  next: (data: TData) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useSubscription<TData, TVariables>(
  document: Document<TData, TVariables>,
  variables: () => TVariables,
  handlers: LiveHandlers<TData>,
) {
  const state = ref<LiveState>('connecting')
  let stop: (() => void) | null = null

  function start(current: TVariables) {
    stop?.()
    state.value = 'connecting'
    stop = subscribe(document, current, {
      next: handlers.next,
      connected: (wasRetry) => {
        state.value = 'live'
        if (wasRetry) handlers.reconnected()
      },
      disconnected: () => {
        state.value = 'connecting'
      },
      // Not visible to us, or an error the server will not recover from: the page still works,
      // it just no longer updates by itself.
      error: () => {
        state.value = 'off'
      },
      complete: () => {
        state.value = 'off'
      },
    })
  }

  // Restarted only when the variables really change (a getter may build a new object each time).
  watch(() => JSON.stringify(variables()), () => start(variables()), { immediate: true })
  onScopeDispose(() => {
    stop?.()
    stop = null
  })

  return { state }
}
