/** "My day": care reminders grouped by reason, and whose reminders to ask for. Pure functions. */
import type { Role } from '@/accounts/types'
import { CARE_REASONS, type CareReason, type CareReminder } from './types'

export interface ReminderGroup {
  reason: CareReason
  reminders: CareReminder[]
}

/** Every reason, in the order shown (overdue first), each with its reminders most urgent first. */
export function groupReminders(reminders: readonly CareReminder[]): ReminderGroup[] {
  return CARE_REASONS.map((reason) => ({
    reason,
    reminders: reminders
      .filter((r) => r.reason === reason)
      .map((r, i) => ({ r, i, t: Date.parse(r.dueAt) }))
      .sort((a, b) => (a.t - b.t) || (a.i - b.i))
      .map(({ r }) => r),
  }))
}

/** After "done": the follow-up reminders of that interaction go away. */
export function withoutFollowUp(reminders: readonly CareReminder[], interactionId: string): CareReminder[] {
  return reminders.filter((r) => r.interaction?.id !== interactionId)
}

/** The follow-up reasons: their rows carry a "done" button. */
export function isFollowUp(reason: CareReason): boolean {
  return reason === 'FOLLOW_UP_OVERDUE' || reason === 'FOLLOW_UP_DUE'
}

/**
 * Agents always get their own customers' reminders (the API refuses another owner); managers,
 * admins and analysts may look at anyone's, starting with their own.
 */
export function mayPickOwner(role: Role | null | undefined): boolean {
  return !!role && role !== 'AGENT'
}
