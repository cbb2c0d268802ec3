/**
 * The customer page's points forms: redeem points (an amount and a reason), redeem a reward, and a
 * staff adjustment (± points with a reason). Their state, the mutation inputs they send, and the
 * idempotency key of a redemption. Pure functions, no Vue. The API checks the balance, stock and
 * tier and answers with userErrors on `input.points`, `input.reason` or `input.rewardId`.
 */
import type { UserError } from '@/api/types'
import type { AdjustPointsInput, RedeemPointsInput, RedeemRewardInput } from './types'

/** The API's bounds. */
export const MAX_POINTS = 10_000_000
export const MAX_REASON = 500

/** The inputs of each form, by the path of their userErrors (without `input.`). */
export const REDEEM_POINTS_KEYS = ['points', 'reason'] as const
export const REDEEM_REWARD_KEYS = ['rewardId'] as const
export const ADJUST_KEYS = ['points', 'reason'] as const

export type RedeemMode = 'POINTS' | 'REWARD'

export interface RedeemFormState {
  mode: RedeemMode
  /** As typed ("1,000", "５００"). */
  points: string
  reason: string
  /** The reward picked ('' for none). */
  rewardId: string
}

export interface AdjustFormState {
  /** As typed, with its sign ("+200", "-50"). */
  points: string
  reason: string
}

export function emptyRedeemForm(mode: RedeemMode = 'POINTS'): RedeemFormState {
  return { mode, points: '', reason: '', rewardId: '' }
}

export function emptyAdjustForm(): AdjustFormState {
  return { points: '', reason: '' }
}

/**
 * A whole number of points as typed: spaces and thousands separators are ignored, full-width digits
 * and signs (a Chinese keyboard) accepted. Undefined when it is not an integer.
 */
export function parsePoints(text: string): number | undefined {
  const cleaned = text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0B]/g, '+')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/[\s,，_']/g, '')
  if (!/^[+-]?\d{1,9}$/.test(cleaned)) return undefined
  const n = Number(cleaned)
  return Object.is(n, -0) ? 0 : n
}

export interface Built<T> {
  input: T
  /** Problems found before sending, shaped like the API's userErrors. */
  errors: UserError[]
}

function reasonErrors(reason: string, required: boolean): UserError[] {
  const text = reason.trim()
  if (required && !text) return [{ field: 'input.reason', code: 'REQUIRED', message: 'Say why.' }]
  if (text.length > MAX_REASON) return [{ field: 'input.reason', code: 'TOO_LONG', message: `At most ${MAX_REASON} characters.` }]
  return []
}

/** redeemPoints: at least 1 point; whether the balance covers it, the API says (INSUFFICIENT_POINTS). */
export function buildRedeemPointsInput(accountId: string, state: RedeemFormState, idempotencyKey: string): Built<RedeemPointsInput> {
  const errors: UserError[] = []
  const points = parsePoints(state.points)
  if (!state.points.trim()) errors.push({ field: 'input.points', code: 'REQUIRED', message: 'How many points?' })
  else if (points === undefined || points < 1 || points > MAX_POINTS)
    errors.push({ field: 'input.points', code: 'INVALID_VALUE', message: `A whole number of points, 1 to ${MAX_POINTS.toLocaleString('en')}.` })
  errors.push(...reasonErrors(state.reason, false))
  return {
    input: { accountId, points: points ?? 0, reason: state.reason.trim() || null, idempotencyKey },
    errors,
  }
}

/** redeemReward: a reward must be picked. */
export function buildRedeemRewardInput(accountId: string, state: RedeemFormState, idempotencyKey: string): Built<RedeemRewardInput> {
  const errors: UserError[] = state.rewardId ? [] : [{ field: 'input.rewardId', code: 'REQUIRED', message: 'Pick a reward.' }]
  return { input: { accountId, rewardId: state.rewardId, idempotencyKey }, errors }
}

/** adjustPoints: a non-zero whole number (negative takes points away) and a reason. */
export function buildAdjustInput(accountId: string, state: AdjustFormState): Built<AdjustPointsInput> {
  const errors: UserError[] = []
  const points = parsePoints(state.points)
  if (!state.points.trim()) errors.push({ field: 'input.points', code: 'REQUIRED', message: 'How many points? Negative takes points away.' })
  else if (points === undefined || points === 0 || Math.abs(points) > MAX_POINTS)
    errors.push({ field: 'input.points', code: 'INVALID_VALUE', message: `A non-zero whole number, at most ${MAX_POINTS.toLocaleString('en')} either way.` })
  errors.push(...reasonErrors(state.reason, true))
  return { input: { accountId, points: points ?? 0, reason: state.reason.trim() }, errors }
}

/**
 * The idempotency key of one filled-in redemption: the same while it is sent again (a double click,
 * a retry after a network error, a correction after a refusal, since a refused attempt stores
 * nothing), a new one once it went through or the form is started afresh, so the next redemption
 * is a new one.
 */
export class SubmissionKey {
  private key: string

  constructor(private readonly generate: () => string) {
    this.key = generate()
  }

  get current(): string {
    return this.key
  }

  /** After a success (or a reset): the next submission is a different redemption. */
  renew(): string {
    this.key = this.generate()
    return this.key
  }
}
