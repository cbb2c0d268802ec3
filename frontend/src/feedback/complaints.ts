/**
 * Complaint rules the pages share: which workflow buttons to show, when a rating may be given,
 * and how each history entry reads. Pure functions, no Vue.
 */
import type { UserError } from '@/api/types'
import {
  COMPLAINT_ACTIONS,
  type Complaint,
  type ComplaintAction,
  type ComplaintEvent,
  type ComplaintStatus,
  type Severity,
} from './types'

/** Still being handled: the statuses with a deadline running. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'REOPENED']

export function isOpen(status: ComplaintStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

/** The buttons to show: the API's `allowedActions` we know, in workflow order (unknown ones are skipped). */
export function knownActions(allowed: readonly string[]): ComplaintAction[] {
  return COMPLAINT_ACTIONS.filter((action) => allowed.includes(action))
}

/** The customer's rating of the resolution is recorded once the complaint is resolved or closed. */
export function canRate(status: ComplaintStatus): boolean {
  return status === 'RESOLVED' || status === 'CLOSED'
}

/** An assignee may be changed until the complaint is closed. */
export function canAssign(status: ComplaintStatus): boolean {
  return status !== 'CLOSED'
}

/** Did the API refuse the step because the complaint is no longer where we thought (moved meanwhile)? */
export function isInvalidTransition(errors: readonly UserError[]): boolean {
  return errors.some((e) => e.code === 'INVALID_TRANSITION')
}

/** Most serious first: CRITICAL, HIGH, MEDIUM, LOW. */
export const SEVERITY_RANK: Record<Severity, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 }

/** A history entry as text: an i18n key under `complaint.history.` and its parameters. */
export interface HistoryLine {
  key: string
  params: Record<string, string | number>
}

function detail(event: ComplaintEvent, name: string): unknown {
  return event.details && typeof event.details === 'object' ? event.details[name] : undefined
}

/** What one history entry says; an assignment names who was given the complaint, and who had it. */
export function historyLine(event: ComplaintEvent): HistoryLine {
  switch (event.kind) {
    case 'FILED':
      return { key: 'filed', params: {} }
    case 'TRANSITION':
      return { key: `to.${event.toStatus ?? 'unknown'}`, params: {} }
    case 'ASSIGNED': {
      const to = event.assignee
      const from = event.previousAssignee
      if (to && from && from.id !== to.id) return { key: 'reassigned', params: { name: to.name, from: from.name } }
      if (to) return { key: 'assignedTo', params: { name: to.name } }
      if (detail(event, 'assignee_id') != null) return { key: 'assigned', params: {} } // a staff user no longer there
      return from ? { key: 'unassignedFrom', params: { from: from.name } } : { key: 'unassigned', params: {} }
    }
    case 'RATED': {
      const score = detail(event, 'score')
      return { key: 'rated', params: { score: typeof score === 'number' ? score : '?' } }
    }
    case 'BREACHED':
      return { key: detail(event, 'deadline') === 'first_response' ? 'breachedFirstResponse' : 'breachedResolution', params: {} }
    default:
      return { key: 'other', params: {} }
  }
}

/** The resolution text a RESOLVE transition carried, if any. */
export function historyResolution(event: ComplaintEvent): string | null {
  const value = detail(event, 'resolution')
  return typeof value === 'string' && value ? value : null
}

/** The goodwill points a resolution credited to the customer's loyalty account, if any. */
export function historyGoodwill(event: ComplaintEvent): number | null {
  if (event.kind !== 'TRANSITION' || event.toStatus !== 'RESOLVED') return null
  const value = detail(event, 'goodwill_points')
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null
}

/** The goodwill points the complaint gave (a complaint gives them once), null while none. */
export function goodwillGranted(history: readonly ComplaintEvent[]): number | null {
  for (const event of history) {
    const points = historyGoodwill(event)
    if (points !== null) return points
  }
  return null
}

/**
 * Does the resolve step offer goodwill points? Only to a viewer with loyalty:write (the API refuses
 * the whole step otherwise), for a customer the viewer can see (the points land on their loyalty
 * account), and only while the complaint has not given any (a second grant is refused, DUPLICATE).
 */
export function canOfferGoodwill(complaint: Pick<Complaint, 'customer' | 'history'>, canWriteLoyalty: boolean): boolean {
  return canWriteLoyalty && complaint.customer !== null && goodwillGranted(complaint.history) === null
}
