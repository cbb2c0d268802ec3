import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { SUBMIT_FEEDBACK } from './operations'
import { SCALE_RANGES, buildSurveyInput, emptySurveyForm, inRange, npsGroup, scoreTone, scoresFor, switchScale } from './scores'

describe('score ranges per scale', () => {
  it('matches the API: NPS 0-10, CSAT 1-5, CES 1-7', () => {
    expect(SCALE_RANGES).toEqual({ NPS: [0, 10], CSAT: [1, 5], CES: [1, 7] })
    expect(scoresFor('NPS')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(scoresFor('CSAT')).toEqual([1, 2, 3, 4, 5])
    expect(scoresFor('CES')).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
  it('knows what is in range', () => {
    expect(inRange('NPS', 0)).toBe(true)
    expect(inRange('NPS', 10)).toBe(true)
    expect(inRange('NPS', 11)).toBe(false)
    expect(inRange('CSAT', 0)).toBe(false)
    expect(inRange('CSAT', 5)).toBe(true)
    expect(inRange('CES', 7)).toBe(true)
    expect(inRange('CES', 8)).toBe(false)
    expect(inRange('CES', 2.5)).toBe(false)
  })
})

describe('scoreTone / npsGroup', () => {
  it('reads NPS as promoters, passives and detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => scoreTone('NPS', s))).toEqual(['poor', 'poor', 'neutral', 'neutral', 'good', 'good'])
    expect(npsGroup('NPS', 10)).toBe('PROMOTER')
    expect(npsGroup('NPS', 7)).toBe('PASSIVE')
    expect(npsGroup('NPS', 6)).toBe('DETRACTOR')
    expect(npsGroup('CSAT', 5)).toBeNull()
    expect(npsGroup('NPS', null)).toBeNull()
  })
  it('reads CSAT (4-5 satisfied) and CES (7 = very easy)', () => {
    expect([1, 2, 3, 4, 5].map((s) => scoreTone('CSAT', s))).toEqual(['poor', 'poor', 'neutral', 'good', 'good'])
    expect([1, 3, 4, 5, 7].map((s) => scoreTone('CES', s))).toEqual(['poor', 'poor', 'neutral', 'good', 'good'])
  })
})

describe('survey form', () => {
  it('drops a score the new scale does not allow, keeps one it does', () => {
    expect(switchScale({ ...emptySurveyForm('NPS'), score: 9 }, 'CSAT').score).toBeNull()
    expect(switchScale({ ...emptySurveyForm('NPS'), score: 0 }, 'CES').score).toBeNull()
    expect(switchScale({ ...emptySurveyForm('NPS'), score: 4 }, 'CSAT')).toMatchObject({ scale: 'CSAT', score: 4 })
  })

  it('builds a SURVEY with its scale and score', () => {
    const built = buildSurveyInput({ scale: 'NPS', score: 9, text: '  Great  ', channel: 'PHONE' }, 'Q3VzdG9tZXI6MQ==', 'k-1')
    expect(built.errors).toEqual([])
    expect(built.input).toEqual({
      customerId: 'Q3VzdG9tZXI6MQ==',
      kind: 'SURVEY',
      scale: 'NPS',
      score: 9,
      text: 'Great',
      channel: 'PHONE',
      idempotencyKey: 'k-1',
    })
    expect(variableErrors(SUBMIT_FEEDBACK, { input: built.input })).toEqual([])
  })

  it('sends a comment without a score (no scale then)', () => {
    const built = buildSurveyInput({ scale: 'CSAT', score: null, text: 'Fine', channel: '' }, 'c', 'k')
    expect(built.errors).toEqual([])
    expect(built.input).toMatchObject({ scale: null, score: null, text: 'Fine', channel: null })
  })

  it('needs a score or a comment, and a score on the scale', () => {
    expect(buildSurveyInput(emptySurveyForm('NPS'), 'c', 'k').errors).toEqual([
      expect.objectContaining({ field: 'input.score', code: 'REQUIRED' }),
    ])
    expect(buildSurveyInput({ scale: 'CSAT', score: 9, text: '', channel: '' }, 'c', 'k').errors).toEqual([
      expect.objectContaining({ field: 'input.score', code: 'INVALID_SCORE' }),
    ])
  })
})
