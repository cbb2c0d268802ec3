/**
 * Listen to `complaintUpdated(id)` while the complaint page is open, and stop on unmount or when
 * the id changes. The event carries the whole complaint (status, history, allowed actions).
 */
import { useSubscription } from '@/api/useSubscription'
import { COMPLAINT_UPDATED } from './operations'
import type { Complaint } from './types'

export interface LiveComplaintHandlers {
  /** The complaint changed (a step, an assignment, a rating, a breach), here or elsewhere. */
  changed: (complaint: Complaint) => void
  /** The socket came back after a drop: events may have been missed, refetch. */
  reconnected: () => void
}

export function useLiveComplaint(id: () => string, handlers: LiveComplaintHandlers) {
  return useSubscription(COMPLAINT_UPDATED, () => ({ id: id() }), {
    next: (data) => handlers.changed(data.complaintUpdated),
    reconnected: handlers.reconnected,
  })
}
