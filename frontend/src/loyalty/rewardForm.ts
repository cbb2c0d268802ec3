/**
 * The rewards catalogue editor (rewards:manage): a reward's form state, CreateRewardInput and
 * UpdateRewardInput with only what changed (null clears stock, window ends and the minimum tier).
 * Pure functions, no Vue. The API checks the ranges and the window with userErrors on `input.<key>`.
 */
import type { UserError } from '@/api/types'
import type { CreateRewardInput, Reward, UpdateRewardInput } from './types'

export const REWARD_FIELD_KEYS = ['name', 'description', 'pointsCost', 'stock', 'activeFrom', 'activeUntil', 'minTierId'] as const
export const MAX_NAME = 200
export const MAX_DESCRIPTION = 2000
export const MAX_COST = 10_000_000

export interface RewardFormState {
  name: string
  description: string
  pointsCost: string
  /** '' for unlimited. */
  stock: string
  /** An <input type="datetime-local"> value in the browser's time zone ("2026-05-01T09:00"); '' for none. */
  activeFrom: string
  activeUntil: string
  /** '' for every member. */
  minTierId: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO DateTime as a datetime-local value in the browser's time zone ('' for none). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A datetime-local value (browser time) as an ISO DateTime in UTC; null for ''; undefined when invalid. */
export function fromLocalInput(value: string): string | null | undefined {
  if (!value.trim()) return null
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return undefined
  const d = new Date(value.trim())
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export function rewardFormState(reward?: Reward | null): RewardFormState {
  return {
    name: reward?.name ?? '',
    description: reward?.description ?? '',
    pointsCost: reward ? String(reward.pointsCost) : '',
    stock: reward?.stock != null ? String(reward.stock) : '',
    activeFrom: toLocalInput(reward?.activeFrom),
    activeUntil: toLocalInput(reward?.activeUntil),
    minTierId: reward?.minTier?.id ?? '',
  }
}

const whole = (text: string): number | undefined => {
  const cleaned = text.trim().replace(/[\s,，]/g, '')
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : undefined
}

interface Cleaned {
  values: CreateRewardInput
  errors: UserError[]
}

function clean(state: RewardFormState): Cleaned {
  const errors: UserError[] = []
  const name = state.name.trim()
  if (!name) errors.push({ field: 'input.name', code: 'REQUIRED', message: 'Give the reward a name.' })
  else if (name.length > MAX_NAME) errors.push({ field: 'input.name', code: 'TOO_LONG', message: `At most ${MAX_NAME} characters.` })
  const description = state.description.trim()
  if (description.length > MAX_DESCRIPTION)
    errors.push({ field: 'input.description', code: 'TOO_LONG', message: `At most ${MAX_DESCRIPTION} characters.` })
  const cost = whole(state.pointsCost)
  if (!state.pointsCost.trim()) errors.push({ field: 'input.pointsCost', code: 'REQUIRED', message: 'How many points does it cost?' })
  else if (cost === undefined || cost < 1 || cost > MAX_COST)
    errors.push({ field: 'input.pointsCost', code: 'INVALID_VALUE', message: `A whole number of points, 1 to ${MAX_COST.toLocaleString('en')}.` })
  const stock = state.stock.trim() ? whole(state.stock) : null
  if (stock === undefined) errors.push({ field: 'input.stock', code: 'INVALID_VALUE', message: 'A whole number, or empty for unlimited.' })
  const activeFrom = fromLocalInput(state.activeFrom)
  if (activeFrom === undefined) errors.push({ field: 'input.activeFrom', code: 'INVALID_VALUE', message: 'A date and time.' })
  const activeUntil = fromLocalInput(state.activeUntil)
  if (activeUntil === undefined) errors.push({ field: 'input.activeUntil', code: 'INVALID_VALUE', message: 'A date and time.' })
  else if (activeFrom && activeUntil && Date.parse(activeUntil) <= Date.parse(activeFrom))
    errors.push({ field: 'input.activeUntil', code: 'INVALID_VALUE', message: 'The window ends after it starts.' })
  return {
    values: {
      name,
      pointsCost: cost ?? 0,
      description: description || null,
      stock: stock ?? null,
      activeFrom: activeFrom ?? null,
      activeUntil: activeUntil ?? null,
      minTierId: state.minTierId || null,
    },
    errors,
  }
}

export function buildCreateRewardInput(state: RewardFormState): { input: CreateRewardInput; errors: UserError[] } {
  const { values, errors } = clean(state)
  return { input: values, errors }
}

/** Minute precision, as the form shows times. */
const sameTime = (a: string | null, b: string | null) =>
  a === b || (!!a && !!b && Math.floor(Date.parse(a) / 60_000) === Math.floor(Date.parse(b) / 60_000))

export function buildUpdateRewardInput(
  state: RewardFormState,
  reward: Reward,
): { input: UpdateRewardInput; errors: UserError[]; changed: boolean } {
  const { values, errors } = clean(state)
  const input: UpdateRewardInput = { id: reward.id }
  if (values.name !== reward.name) input.name = values.name
  if (values.description !== (reward.description ?? null)) input.description = values.description
  if (values.pointsCost !== reward.pointsCost) input.pointsCost = values.pointsCost
  if (values.stock !== reward.stock) input.stock = values.stock
  if (!sameTime(values.activeFrom, reward.activeFrom)) input.activeFrom = values.activeFrom
  if (!sameTime(values.activeUntil, reward.activeUntil)) input.activeUntil = values.activeUntil
  if (values.minTierId !== (reward.minTier?.id ?? null)) input.minTierId = values.minTierId
  return { input, errors, changed: errors.length > 0 || Object.keys(input).length > 1 }
}

/** Withdraw a reward, or offer it again. */
export function archiveRewardInput(reward: Pick<Reward, 'id' | 'archivedAt'>): UpdateRewardInput {
  return { id: reward.id, archived: !reward.archivedAt }
}
