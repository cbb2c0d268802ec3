/**
 * The new/edit segment form: its state, the refresh schedules offered, and its translation to
 * CreateSegmentInput / UpdateSegmentInput. Pure functions, no Vue. The rule comes from the rule
 * builder (ruleTree.ts); the API checks the rest and answers with userErrors on `input.<key>`.
 */
import type { UserError } from '@/api/types'
import type { CreateSegmentInput, Segment, SegmentKind, SegmentRuleInput, UpdateSegmentInput } from './types'

export interface SegmentFormState {
  name: string
  description: string
  kind: SegmentKind
  /** Minutes between scheduled re-evaluations, as the select holds it; '' for none. */
  refreshMinutes: string
}

/** The form's inputs, by the path of their userErrors (without `input.`). */
export const SEGMENT_FIELD_KEYS = ['name', 'description', 'kind', 'refreshIntervalMinutes', 'rule'] as const

/** Schedules offered (the API takes 5 to 10,080 minutes). */
export const REFRESH_PRESETS = [15, 60, 360, 1440, 10080] as const
export const MAX_NAME = 200
export const MAX_DESCRIPTION = 2000

export function segmentFormState(segment?: Pick<Segment, 'name' | 'description' | 'kind' | 'refreshIntervalMinutes'> | null): SegmentFormState {
  return {
    name: segment?.name ?? '',
    description: segment?.description ?? '',
    kind: segment?.kind ?? 'DYNAMIC',
    refreshMinutes: segment?.refreshIntervalMinutes ? String(segment.refreshIntervalMinutes) : '',
  }
}

/** The schedules the select lists: the presets, and the segment's own when it is another. */
export function refreshOptions(current: string): number[] {
  const own = Number(current)
  const options: number[] = [...REFRESH_PRESETS]
  if (current && Number.isInteger(own) && own > 0 && !options.includes(own)) options.push(own)
  return options.sort((a, b) => a - b)
}

/** 15 -> { unit: 'minutes', n: 15 }; 360 -> hours 6; 1440 -> days 1; 10080 -> weeks 1. */
export function describeInterval(minutes: number): { unit: 'minutes' | 'hours' | 'days' | 'weeks'; n: number } {
  if (minutes % 10080 === 0) return { unit: 'weeks', n: minutes / 10080 }
  if (minutes % 1440 === 0) return { unit: 'days', n: minutes / 1440 }
  if (minutes % 60 === 0) return { unit: 'hours', n: minutes / 60 }
  return { unit: 'minutes', n: minutes }
}

function checkText(state: SegmentFormState): UserError[] {
  const errors: UserError[] = []
  const name = state.name.trim()
  if (!name) errors.push({ field: 'input.name', code: 'REQUIRED', message: 'Give the segment a name.' })
  else if (name.length > MAX_NAME) errors.push({ field: 'input.name', code: 'TOO_LONG', message: `At most ${MAX_NAME} characters.` })
  if (state.description.trim().length > MAX_DESCRIPTION)
    errors.push({ field: 'input.description', code: 'TOO_LONG', message: `At most ${MAX_DESCRIPTION} characters.` })
  return errors
}

const interval = (state: SegmentFormState) => (state.refreshMinutes ? Number(state.refreshMinutes) : null)

export interface BuiltCreate {
  input: CreateSegmentInput
  /** Problems found before sending, shaped like the API's userErrors. */
  errors: UserError[]
}

/** `rule` is the builder's (DYNAMIC only; a STATIC segment sends none). */
export function buildCreateInput(state: SegmentFormState, rule: SegmentRuleInput | null): BuiltCreate {
  const dynamic = state.kind === 'DYNAMIC'
  const input: CreateSegmentInput = {
    name: state.name.trim(),
    kind: state.kind,
    description: state.description.trim() || null,
    refreshIntervalMinutes: dynamic ? interval(state) : null,
  }
  if (dynamic) input.rule = rule
  return { input, errors: checkText(state) }
}

export interface BuiltUpdate {
  /** Only what differs from the segment shown (a change made meanwhile elsewhere stays). */
  input: UpdateSegmentInput
  errors: UserError[]
  changed: boolean
}

/** `rule` is sent when the builder's rule differs from the one loaded (`ruleChanged`). */
export function buildUpdateInput(
  state: SegmentFormState,
  segment: Pick<Segment, 'id' | 'name' | 'description' | 'kind' | 'refreshIntervalMinutes'>,
  rule: SegmentRuleInput | null,
  ruleChanged: boolean,
): BuiltUpdate {
  const input: UpdateSegmentInput = { id: segment.id }
  const name = state.name.trim()
  const description = state.description.trim() || null
  if (name !== segment.name) input.name = name
  if (description !== (segment.description ?? null)) input.description = description
  if (segment.kind === 'DYNAMIC') {
    const minutes = interval(state)
    if (minutes !== (segment.refreshIntervalMinutes ?? null)) input.refreshIntervalMinutes = minutes
    if (ruleChanged && rule) input.rule = rule
  }
  const errors = checkText(state)
  return { input, errors, changed: errors.length > 0 || Object.keys(input).length > 1 }
}
