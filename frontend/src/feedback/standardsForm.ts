/**
 * The service-standards editor: minutes (the API) shown and typed as hours. Pure functions, no Vue.
 * The API checks the range (1 minute to 90 days) and that the first response is not due after the
 * resolution, with userErrors on `input.firstResponseMinutes` / `input.resolutionMinutes`.
 */
import type { UserError } from '@/api/types'
import type { ServiceStandard, UpdateServiceStandardInput } from './types'

export const STANDARD_FIELD_KEYS = ['firstResponseMinutes', 'resolutionMinutes'] as const
export type StandardFieldKey = (typeof STANDARD_FIELD_KEYS)[number]

/** The API's upper bound: 90 days. */
export const MAX_MINUTES = 90 * 24 * 60

export interface StandardFormState {
  /** Hours, as typed ("4", "0.5", "1,5"). */
  firstResponseHours: string
  resolutionHours: string
}

/** 240 -> "4"; 90 -> "1.5"; 20 -> "0.33" (at most two decimals, no trailing zeros). */
export function minutesToHours(minutes: number): string {
  return String(Math.round((minutes / 60) * 100) / 100)
}

/**
 * "4" -> 240; "1.5" / "1,5" -> 90; "0.25" -> 15. Undefined when it is not a positive number of
 * hours that makes at least one whole minute (or is beyond what an Int carries).
 */
export function hoursToMinutes(text: string): number | undefined {
  const cleaned = text.trim().replace(',', '.')
  if (!/^\d{1,6}(\.\d+)?$/.test(cleaned)) return undefined
  const minutes = Math.round(Number(cleaned) * 60)
  return Number.isFinite(minutes) && minutes >= 1 ? minutes : undefined
}

export function standardFormState(standard: Pick<ServiceStandard, 'firstResponseMinutes' | 'resolutionMinutes'>): StandardFormState {
  return {
    firstResponseHours: minutesToHours(standard.firstResponseMinutes),
    resolutionHours: minutesToHours(standard.resolutionMinutes),
  }
}

export interface BuiltStandardInput {
  /** Only the values that differ from the standard shown. */
  input: UpdateServiceStandardInput
  /** Problems found before sending, shaped like the API's userErrors. */
  errors: UserError[]
  /** False when nothing differs from the standard shown. */
  changed: boolean
}

export function buildStandardInput(state: StandardFormState, current: ServiceStandard): BuiltStandardInput {
  const errors: UserError[] = []
  const input: UpdateServiceStandardInput = { severity: current.severity }
  const pairs: [StandardFieldKey, string][] = [
    ['firstResponseMinutes', state.firstResponseHours],
    ['resolutionMinutes', state.resolutionHours],
  ]
  for (const [key, text] of pairs) {
    const minutes = hoursToMinutes(text)
    if (minutes === undefined) {
      errors.push({ field: `input.${key}`, code: 'INVALID_VALUE', message: 'Enter a number of hours, e.g. 4 or 0.5.' })
    } else if (minutes > MAX_MINUTES) {
      errors.push({ field: `input.${key}`, code: 'INVALID_VALUE', message: 'At most 90 days (2160 hours).' })
    } else if (minutes !== current[key]) {
      input[key] = minutes
    }
  }
  // That the first response is not due after the resolution, the API says (on firstResponseMinutes).
  const changed = errors.length > 0 || input.firstResponseMinutes != null || input.resolutionMinutes != null
  return { input, errors, changed }
}
