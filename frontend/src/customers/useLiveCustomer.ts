/**
 * Listen to `customerChanged(id)` while the calling component is alive (the customer page),
 * and stop on unmount or when the id changes.
 */
import { useSubscription } from '@/api/useSubscription'
import { CUSTOMER_CHANGED } from './operations'
import type { Customer } from './types'

export interface LiveCustomerHandlers {
  /** The customer changed; `customer` is its new state (profile fields, not purchases). */
  changed: (customer: Customer) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useLiveCustomer(id: () => string, handlers: LiveCustomerHandlers) {
  return useSubscription(CUSTOMER_CHANGED, () => ({ id: id() }), {
    next: (data) => handlers.changed(data.customerChanged),
    reconnected: handlers.reconnected,
  })
}
