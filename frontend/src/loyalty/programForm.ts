/**
 * The loyalty program settings (loyaltyprogram:manage): the form's state, its rows of tiers, and
 * UpdateLoyaltyProgramInput with only what changed (the tiers go as a whole list when any differs).
 * Pure functions, no Vue. The API checks the ranges and the tiers (first at 0, rising thresholds,
 * distinct names) with userErrors on `input.<key>` / `input.tiers.<i>.<key>`.
 */
import type { UserError } from '@/api/types'
import { ROUNDINGS, type LoyaltyProgram, type LoyaltyTier, type LoyaltyTierInput, type PointsRounding, type UpdateLoyaltyProgramInput } from './types'

export const MAX_TIERS = 10
export const TIER_KEYS = ['name', 'threshold', 'discountPercent', 'multiplier', 'serviceLevel'] as const
export type TierKey = (typeof TIER_KEYS)[number]

export interface TierRow {
  /** Stable across edits (the list's v-for key), never sent. */
  rowId: number
  name: string
  threshold: string
  discountPercent: string
  multiplier: string
  serviceLevel: string
}

export interface ProgramFormState {
  earnRate: string
  rounding: PointsRounding
  autoEnrol: boolean
  pointsLifetimeMonths: string
  birthdayBonus: string
  tiers: TierRow[]
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export function programFieldKeys(state: Pick<ProgramFormState, 'tiers'>): string[] {
  return [
    'earnRate',
    'rounding',
    'autoEnrol',
    'pointsLifetimeMonths',
    'birthdayBonus',
    'tiers',
    ...state.tiers.flatMap((_, i) => TIER_KEYS.map((key) => `tiers.${i}.${key}`)),
  ]
}

/** "1.0000" -> "1", "1.50" -> "1.5", "12" -> "12". */
export function trimDecimal(value: string): string {
  return /^-?\d+\.\d*$/.test(value) ? value.replace(/\.?0+$/, '') : value
}

let nextRowId = 1

export function tierRow(tier?: Partial<Pick<LoyaltyTier, 'name' | 'threshold' | 'discountPercent' | 'multiplier' | 'serviceLevel'>>): TierRow {
  return {
    rowId: nextRowId++,
    name: tier?.name ?? '',
    threshold: tier?.threshold != null ? String(tier.threshold) : '',
    discountPercent: tier?.discountPercent != null ? trimDecimal(tier.discountPercent) : '0',
    multiplier: tier?.multiplier != null ? trimDecimal(tier.multiplier) : '1',
    serviceLevel: tier?.serviceLevel ?? '',
  }
}

export function programFormState(program: LoyaltyProgram): ProgramFormState {
  return {
    earnRate: trimDecimal(program.earnRate),
    rounding: program.rounding,
    autoEnrol: program.autoEnrol,
    pointsLifetimeMonths: String(program.pointsLifetimeMonths),
    birthdayBonus: String(program.birthdayBonus),
    tiers: program.tiers.map((t) => tierRow(t)),
  }
}

/** A new row below the last: its threshold suggested above the last one's (doubled, or 1,000 after 0). */
export function addTier(tiers: readonly TierRow[]): TierRow[] {
  const last = tiers[tiers.length - 1]
  const lastThreshold = last ? Number(last.threshold) : NaN
  const threshold = tiers.length === 0 ? 0 : Number.isFinite(lastThreshold) ? (lastThreshold > 0 ? lastThreshold * 2 : 1000) : undefined
  return [...tiers, tierRow({ threshold })]
}

export function removeTier(tiers: readonly TierRow[], index: number): TierRow[] {
  return tiers.filter((_, i) => i !== index)
}

export function moveTier(tiers: readonly TierRow[], index: number, by: -1 | 1): TierRow[] {
  const to = index + by
  if (to < 0 || to >= tiers.length) return [...tiers]
  const next = [...tiers]
  ;[next[index], next[to]] = [next[to]!, next[index]!]
  return next
}

const wholeNumber = (text: string): number | undefined => {
  const cleaned = text.trim().replace(/[\s,，]/g, '')
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : undefined
}

/** "1,5" -> "1.5", "5 %" -> "5", "×1.25" -> "1.25"; undefined when not a plain decimal. */
export function decimalText(text: string): string | undefined {
  const cleaned = text.trim().replace(/[%％×xX\s]/g, '').replace(/，|,/g, '.')
  return /^\d{1,7}(\.\d{1,4})?$/.test(cleaned) ? trimDecimal(cleaned) : undefined
}

function tierInput(row: TierRow, i: number, errors: UserError[]): LoyaltyTierInput {
  const field = (key: TierKey) => `input.tiers.${i}.${key}`
  const name = row.name.trim()
  if (!name) errors.push({ field: field('name'), code: 'REQUIRED', message: 'Give the tier a name.' })
  else if (name.length > 50) errors.push({ field: field('name'), code: 'TOO_LONG', message: 'At most 50 characters.' })
  const threshold = wholeNumber(row.threshold)
  if (threshold === undefined) errors.push({ field: field('threshold'), code: 'INVALID_VALUE', message: 'A whole number of points.' })
  const discount = decimalText(row.discountPercent || '0')
  if (discount === undefined) errors.push({ field: field('discountPercent'), code: 'INVALID_VALUE', message: 'A percentage, e.g. 5 or 2.5.' })
  const multiplier = decimalText(row.multiplier || '1')
  if (multiplier === undefined) errors.push({ field: field('multiplier'), code: 'INVALID_VALUE', message: 'A number, e.g. 1.5.' })
  return {
    name,
    threshold: threshold ?? 0,
    discountPercent: discount ?? '0',
    multiplier: multiplier ?? '1',
    serviceLevel: row.serviceLevel.trim() || null,
  }
}

function sameTiers(sent: readonly LoyaltyTierInput[], current: readonly LoyaltyTier[]): boolean {
  return (
    sent.length === current.length &&
    sent.every((t, i) => {
      const c = current[i]!
      return (
        t.name === c.name &&
        t.threshold === c.threshold &&
        t.discountPercent === trimDecimal(c.discountPercent) &&
        t.multiplier === trimDecimal(c.multiplier) &&
        t.serviceLevel === (c.serviceLevel ?? null)
      )
    })
  )
}

export interface BuiltProgram {
  /** Only what differs from the program shown. */
  input: UpdateLoyaltyProgramInput
  errors: UserError[]
  /** False when nothing differs (and nothing is wrong). */
  changed: boolean
}

export function buildProgramInput(state: ProgramFormState, program: LoyaltyProgram): BuiltProgram {
  const errors: UserError[] = []
  const input: UpdateLoyaltyProgramInput = {}

  const earnRate = decimalText(state.earnRate)
  if (earnRate === undefined) errors.push({ field: 'input.earnRate', code: 'INVALID_VALUE', message: 'Points per currency unit, e.g. 1 or 0.5.' })
  else if (earnRate !== trimDecimal(program.earnRate)) input.earnRate = earnRate

  if (ROUNDINGS.includes(state.rounding) && state.rounding !== program.rounding) input.rounding = state.rounding
  if (state.autoEnrol !== program.autoEnrol) input.autoEnrol = state.autoEnrol

  const months = wholeNumber(state.pointsLifetimeMonths)
  if (months === undefined) errors.push({ field: 'input.pointsLifetimeMonths', code: 'INVALID_VALUE', message: 'A whole number of months.' })
  else if (months !== program.pointsLifetimeMonths) input.pointsLifetimeMonths = months

  const bonus = wholeNumber(state.birthdayBonus)
  if (bonus === undefined) errors.push({ field: 'input.birthdayBonus', code: 'INVALID_VALUE', message: 'A whole number of points (0 for none).' })
  else if (bonus !== program.birthdayBonus) input.birthdayBonus = bonus

  if (state.tiers.length === 0) errors.push({ field: 'input.tiers', code: 'INVALID_VALUE', message: 'Keep at least one tier.' })
  else if (state.tiers.length > MAX_TIERS) errors.push({ field: 'input.tiers', code: 'INVALID_VALUE', message: `At most ${MAX_TIERS} tiers.` })
  const tiers = state.tiers.map((row, i) => tierInput(row, i, errors))
  if (!sameTiers(tiers, program.tiers)) input.tiers = tiers

  return { input, errors, changed: errors.length > 0 || Object.keys(input).length > 0 }
}
