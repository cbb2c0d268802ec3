/**
 * Send one workflow step of a complaint (the mutation named by the API's action), and build the
 * resolve step's input: the resolution, an optional note, and optional goodwill points credited
 * to the customer's loyalty account in the same step (客户挽回).
 */
import { mutate } from '@/api/client'
import type { UserError } from '@/api/types'
import { parsePoints } from '@/loyalty/pointsForm'
import {
  ACKNOWLEDGE_COMPLAINT,
  CLOSE_COMPLAINT,
  REOPEN_COMPLAINT,
  RESOLVE_COMPLAINT,
  START_COMPLAINT_WORK,
  type ComplaintPayload,
  type ResolveComplaintInput,
} from './operations'
import type { ComplaintAction } from './types'

/** The API's bounds for goodwill points (ResolveComplaintInput.goodwillPoints). */
export const MIN_GOODWILL_POINTS = 1
export const MAX_GOODWILL_POINTS = 100_000

/** The inputs of the step form, by the path of their userErrors (without `input.`). */
export const STEP_FORM_KEYS = ['note', 'resolution', 'goodwillPoints'] as const

export interface StepInput {
  id: string
  note: string | null
  resolution: string
  /** Resolve only: points to credit as an apology; null grants none. */
  goodwillPoints?: number | null
}

/**
 * The goodwill points as typed: empty is none (null); otherwise a whole number from 1 to 100,000
 * (thousands separators and full-width digits accepted), or an error shaped like the API's.
 */
export function parseGoodwillPoints(text: string): { points: number | null; error: UserError | null } {
  if (!text.trim()) return { points: null, error: null }
  const points = parsePoints(text)
  if (points === undefined || points < MIN_GOODWILL_POINTS || points > MAX_GOODWILL_POINTS) {
    return {
      points: null,
      error: {
        field: 'input.goodwillPoints',
        code: 'INVALID_VALUE',
        message: `A whole number of goodwill points, ${MIN_GOODWILL_POINTS} to ${MAX_GOODWILL_POINTS.toLocaleString('en')}.`,
      },
    }
  }
  return { points, error: null }
}

/** resolveComplaint's input: goodwillPoints only when some are granted (the API then needs loyalty:write). */
export function resolveInput(input: StepInput): ResolveComplaintInput {
  const built: ResolveComplaintInput = { id: input.id, note: input.note, resolution: input.resolution }
  if (input.goodwillPoints != null) built.goodwillPoints = input.goodwillPoints
  return built
}

export async function runComplaintStep(action: ComplaintAction, input: StepInput): Promise<ComplaintPayload> {
  const step = { id: input.id, note: input.note }
  switch (action) {
    case 'acknowledge':
      return (await mutate(ACKNOWLEDGE_COMPLAINT, { input: step })).acknowledgeComplaint
    case 'start_work':
      return (await mutate(START_COMPLAINT_WORK, { input: step })).startComplaintWork
    case 'resolve':
      return (await mutate(RESOLVE_COMPLAINT, { input: resolveInput(input) })).resolveComplaint
    case 'close':
      return (await mutate(CLOSE_COMPLAINT, { input: step })).closeComplaint
    case 'reopen':
      return (await mutate(REOPEN_COMPLAINT, { input: step })).reopenComplaint
  }
}
