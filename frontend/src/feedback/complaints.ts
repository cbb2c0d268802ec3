/**
 * Complaint rules the pages share: which workflow buttons to show, when a rating may be given,
 * and how each history entry reads. Pure functions, no Vue.
 */
import type { UserError } from '@/api/types'
import {
  COMPLAINT_ACTIONS,
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

/**
 * What one history entry says. The API names an assignee by a row id in `details` only, so the
 * name is known for the latest assignment (the complaint's assignee now); earlier ones read
 * "assigned" without it.
 */
export function historyLine(
  events: readonly ComplaintEvent[],
  index: number,
  currentAssignee: { name: string } | null,
): HistoryLine {
  const event = events[index]!
  switch (event.kind) {
    case 'FILED':
      return { key: 'filed', params: {} }
    case 'TRANSITION':
      return { key: `to.${event.toStatus ?? 'unknown'}`, params: {} }
    case 'ASSIGNED': {
      if (detail(event, 'assignee_id') == null) return { key: 'unassigned', params: {} }
      const latest = !events.slice(index + 1).some((e) => e.kind === 'ASSIGNED')
      return latest && currentAssignee
        ? { key: 'assignedTo', params: { name: currentAssignee.name } }
        : { key: 'assigned', params: {} }
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
