/**
 * Survey scores: the range of each scale, how a score reads (good, middling, poor), and the
 * "record a survey response" form's translation to SubmitFeedbackInput. Pure functions, no Vue.
 */
import type { UserError } from '@/api/types'
import type { Channel } from '@/interactions/types'
import type { ScoreScale, SubmitFeedbackInput } from './types'

/** The API's ranges: NPS 0-10, CSAT 1-5, CES 1-7. */
export const SCALE_RANGES: Record<ScoreScale, readonly [number, number]> = {
  NPS: [0, 10],
  CSAT: [1, 5],
  CES: [1, 7],
}

/** Every score a scale allows, lowest first (the buttons of the form). */
export function scoresFor(scale: ScoreScale): number[] {
  const [low, high] = SCALE_RANGES[scale]
  return Array.from({ length: high - low + 1 }, (_, i) => low + i)
}

export function inRange(scale: ScoreScale, score: number): boolean {
  const [low, high] = SCALE_RANGES[scale]
  return Number.isInteger(score) && score >= low && score <= high
}

/** How a score reads: NPS 9-10 / 7-8 / 0-6, CSAT 4-5 / 3 / 1-2, CES (7 = very easy) 5-7 / 4 / 1-3. */
export type ScoreTone = 'good' | 'neutral' | 'poor'

export function scoreTone(scale: ScoreScale, score: number): ScoreTone {
  switch (scale) {
    case 'NPS':
      return score >= 9 ? 'good' : score >= 7 ? 'neutral' : 'poor'
    case 'CSAT':
      return score >= 4 ? 'good' : score === 3 ? 'neutral' : 'poor'
    case 'CES':
      return score >= 5 ? 'good' : score === 4 ? 'neutral' : 'poor'
  }
}

/** NPS groups: promoters (9-10), passives (7-8), detractors (0-6); null on other scales. */
export function npsGroup(scale: ScoreScale | null, score: number | null): 'PROMOTER' | 'PASSIVE' | 'DETRACTOR' | null {
  if (scale !== 'NPS' || score == null) return null
  return score >= 9 ? 'PROMOTER' : score >= 7 ? 'PASSIVE' : 'DETRACTOR'
}

export interface SurveyFormState {
  scale: ScoreScale
  /** Null until a score is picked. */
  score: number | null
  text: string
  channel: Channel | ''
}

export const SURVEY_FIELD_KEYS = ['scale', 'score', 'text', 'channel'] as const

export function emptySurveyForm(scale: ScoreScale = 'NPS'): SurveyFormState {
  return { scale, score: null, text: '', channel: '' }
}

/** Another scale: a score it does not allow is dropped (an NPS 0 or 9 means nothing on CSAT). */
export function switchScale(state: SurveyFormState, scale: ScoreScale): SurveyFormState {
  const score = state.score != null && inRange(scale, state.score) ? state.score : null
  return { ...state, scale, score }
}

export function buildSurveyInput(
  state: SurveyFormState,
  customerId: string,
  idempotencyKey: string,
): { input: SubmitFeedbackInput; errors: UserError[] } {
  const errors: UserError[] = []
  const text = state.text.trim()
  if (state.score == null && !text) {
    errors.push({ field: 'input.score', code: 'REQUIRED', message: 'Pick a score (or write what the customer said).' })
  } else if (state.score != null && !inRange(state.scale, state.score)) {
    const [low, high] = SCALE_RANGES[state.scale]
    errors.push({ field: 'input.score', code: 'INVALID_SCORE', message: `A ${state.scale} score is from ${low} to ${high}.` })
  }
  const input: SubmitFeedbackInput = {
    customerId,
    kind: 'SURVEY',
    scale: state.score == null ? null : state.scale,
    score: state.score,
    text: text || null,
    channel: state.channel || null,
    idempotencyKey,
  }
  return { input, errors }
}
