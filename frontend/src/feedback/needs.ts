/**
 * Needs (REQUEST feedback): IDENTIFIED → ANALYZING → PLANNED → FULFILLED, or DECLINED from any
 * step before FULFILLED. The same rules as the API's updateNeedStatus. Pure functions, no Vue.
 */
import type { NeedStatus } from './types'

export const NEXT_NEED_STATUSES: Record<NeedStatus, readonly NeedStatus[]> = {
  IDENTIFIED: ['ANALYZING', 'DECLINED'],
  ANALYZING: ['PLANNED', 'DECLINED'],
  PLANNED: ['FULFILLED', 'DECLINED'],
  FULFILLED: [],
  DECLINED: [],
}

/** The statuses a need may move to next (forward first, DECLINED last); none once it is settled. */
export function nextNeedStatuses(status: NeedStatus | null | undefined): readonly NeedStatus[] {
  return NEXT_NEED_STATUSES[status ?? 'IDENTIFIED'] ?? []
}

export function canMoveNeed(from: NeedStatus | null | undefined, to: NeedStatus): boolean {
  return nextNeedStatuses(from).includes(to)
}

/** FULFILLED and DECLINED needs stay as they are. */
export function isSettledNeed(status: NeedStatus | null | undefined): boolean {
  return nextNeedStatuses(status).length === 0
}
