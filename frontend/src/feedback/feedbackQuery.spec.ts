import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import {
  countFeedbackFilters,
  emptyFeedbackListState,
  parseFeedbackQuery,
  toFeedbackQuery,
  toFeedbackVariables,
} from './feedbackQuery'
import { FEEDBACK_LIST } from './operations'

describe('feedback list in the URL', () => {
  it('round-trips kind, scale, tone and page', () => {
    const state = { kinds: ['SURVEY', 'REQUEST'] as ('SURVEY' | 'REQUEST')[], scale: 'NPS' as const, sentiment: 'NEGATIVE' as const, after: 'abc', before: null }
    const query = toFeedbackQuery(state)
    expect(query).toEqual({ kind: 'SURVEY,REQUEST', scale: 'NPS', sentiment: 'NEGATIVE', after: 'abc' })
    expect(parseFeedbackQuery(query as Record<string, string>)).toEqual(state)
    expect(countFeedbackFilters(state)).toBe(3)
  })
  it('ignores unknown values and prefers `before`', () => {
    expect(parseFeedbackQuery({ kind: 'request,spam', scale: 'stars', sentiment: 'positive', after: 'a', before: 'b' })).toEqual({
      kinds: ['REQUEST'],
      scale: null,
      sentiment: 'POSITIVE',
      after: null,
      before: 'b',
    })
  })
  it('builds variables the API accepts', () => {
    expect(variableErrors(FEEDBACK_LIST, toFeedbackVariables(emptyFeedbackListState()))).toEqual([])
    const variables = toFeedbackVariables(parseFeedbackQuery({ kind: 'SURVEY', scale: 'CSAT', sentiment: 'NEUTRAL', before: 'b' }))
    expect(variables).toMatchObject({ last: 25, before: 'b', filter: { kinds: ['SURVEY'], scale: 'CSAT', sentiment: 'NEUTRAL' } })
    expect(variableErrors(FEEDBACK_LIST, variables)).toEqual([])
  })
})
