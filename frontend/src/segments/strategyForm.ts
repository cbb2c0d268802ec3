/**
 * A segment's service strategy editor: its state and UpdateSegmentStrategyInput (every field is
 * sent; null clears it). Pure functions, no Vue. The API checks the ranges and answers with
 * userErrors on `input.<key>`.
 */
import type { UserError } from '@/api/types'
import { CHANNELS, type Channel } from '@/interactions/types'
import type { SegmentStrategy, UpdateSegmentStrategyInput } from './types'

export const PRIORITIES = [1, 2, 3, 4, 5] as const

export interface StrategyFormState {
  /** '1'…'5', '' for none. */
  priority: string
  serviceLevel: string
  /** Percent as typed ("12.5"). */
  discount: string
  channel: Channel | ''
  capMax: string
  capDays: string
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export const STRATEGY_FIELD_KEYS = [
  'servicePriority',
  'serviceLevel',
  'discountPercent',
  'preferredChannel',
  'contactCapMax',
  'contactCapWindowDays',
] as const

export function strategyFormState(strategy: SegmentStrategy | null | undefined): StrategyFormState {
  return {
    priority: strategy ? String(strategy.servicePriority) : '',
    serviceLevel: strategy?.serviceLevel ?? '',
    discount: strategy?.discountPercent != null ? trimDecimal(strategy.discountPercent) : '',
    channel: strategy?.preferredChannel ?? '',
    capMax: strategy?.contactCap ? String(strategy.contactCap.maxContacts) : '',
    capDays: strategy?.contactCap ? String(strategy.contactCap.windowDays) : '',
  }
}

/** "12.50" -> "12.5", "10.00" -> "10". */
export function trimDecimal(value: string): string {
  return /^\d+\.\d*$/.test(value) ? value.replace(/\.?0+$/, '') : value
}

const whole = (text: string): number | undefined => (/^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : undefined)

export interface BuiltStrategy {
  input: UpdateSegmentStrategyInput
  /** Problems found before sending, shaped like the API's userErrors. */
  errors: UserError[]
}

export function buildStrategyInput(segmentId: string, state: StrategyFormState): BuiltStrategy {
  const errors: UserError[] = []
  const priority = state.priority ? Number(state.priority) : null
  const discountText = state.discount.trim().replace(/[%％\s]/g, '').replace(',', '.')
  let discount: string | null = null
  if (discountText) {
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(discountText) || Number(discountText) > 100) {
      errors.push({ field: 'input.discountPercent', code: 'INVALID_VALUE', message: 'A discount is 0 to 100 %, with at most 2 decimals.' })
    } else {
      discount = discountText
    }
  }
  const capMax = whole(state.capMax)
  const capDays = whole(state.capDays)
  if (state.capMax.trim() && capMax === undefined)
    errors.push({ field: 'input.contactCapMax', code: 'INVALID_VALUE', message: 'Enter a whole number.' })
  if (state.capDays.trim() && capDays === undefined)
    errors.push({ field: 'input.contactCapWindowDays', code: 'INVALID_VALUE', message: 'Enter a whole number.' })
  const channel = state.channel && CHANNELS.includes(state.channel) ? state.channel : null
  const input: UpdateSegmentStrategyInput = {
    segmentId,
    servicePriority: priority,
    serviceLevel: state.serviceLevel.trim() || null,
    discountPercent: discount,
    preferredChannel: channel,
    contactCapMax: capMax ?? null,
    contactCapWindowDays: capDays ?? null,
  }
  return { input, errors }
}

/** The input that removes the strategy. */
export function clearStrategyInput(segmentId: string): UpdateSegmentStrategyInput {
  return {
    segmentId,
    servicePriority: null,
    serviceLevel: null,
    discountPercent: null,
    preferredChannel: null,
    contactCapMax: null,
    contactCapWindowDays: null,
  }
}
