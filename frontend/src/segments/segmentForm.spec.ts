import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { CREATE_SEGMENT, UPDATE_SEGMENT } from './operations'
import { buildCreateInput, buildUpdateInput, describeInterval, refreshOptions, segmentFormState } from './segmentForm'

const rule = { all: [{ field: 'PROVINCE', op: 'EQ' as const, value: '广东' }] }
const segment = { id: 'U2VnbWVudDox', name: 'Big spenders', description: null, kind: 'DYNAMIC' as const, refreshIntervalMinutes: 60 }

describe('segmentFormState', () => {
  it('starts a new segment as DYNAMIC without a schedule', () => {
    expect(segmentFormState()).toEqual({ name: '', description: '', kind: 'DYNAMIC', refreshMinutes: '' })
  })
  it('shows a segment', () => {
    expect(segmentFormState(segment)).toEqual({ name: 'Big spenders', description: '', kind: 'DYNAMIC', refreshMinutes: '60' })
  })
})

describe('buildCreateInput', () => {
  it('sends the rule and schedule of a DYNAMIC segment', () => {
    const { input, errors } = buildCreateInput({ name: ' 广东大客户 ', description: ' ', kind: 'DYNAMIC', refreshMinutes: '1440' }, rule)
    expect(errors).toEqual([])
    expect(input).toEqual({ name: '广东大客户', kind: 'DYNAMIC', description: null, refreshIntervalMinutes: 1440, rule })
    expect(variableErrors(CREATE_SEGMENT, { input })).toEqual([])
  })
  it('sends neither for a STATIC one', () => {
    const { input } = buildCreateInput({ name: 'VIP list', description: 'Hand-picked', kind: 'STATIC', refreshMinutes: '60' }, rule)
    expect(input).toEqual({ name: 'VIP list', kind: 'STATIC', description: 'Hand-picked', refreshIntervalMinutes: null })
  })
  it('wants a name of at most 200 characters', () => {
    expect(buildCreateInput({ name: '  ', description: '', kind: 'STATIC', refreshMinutes: '' }, null).errors.map((e) => [e.field, e.code])).toEqual([
      ['input.name', 'REQUIRED'],
    ])
    expect(buildCreateInput({ name: 'x'.repeat(201), description: 'y'.repeat(2001), kind: 'STATIC', refreshMinutes: '' }, null).errors.map((e) => e.field)).toEqual([
      'input.name',
      'input.description',
    ])
  })
})

describe('buildUpdateInput', () => {
  it('sends only what changed', () => {
    const unchanged = buildUpdateInput(segmentFormState(segment), segment, rule, false)
    expect(unchanged).toEqual({ input: { id: segment.id }, errors: [], changed: false })
    const { input, changed } = buildUpdateInput({ ...segmentFormState(segment), description: 'Spent 5000+', refreshMinutes: '' }, segment, rule, true)
    expect(changed).toBe(true)
    expect(input).toEqual({ id: segment.id, description: 'Spent 5000+', refreshIntervalMinutes: null, rule })
    expect(variableErrors(UPDATE_SEGMENT, { input })).toEqual([])
  })
  it('never sends a rule or schedule for a STATIC segment', () => {
    const fixed = { ...segment, kind: 'STATIC' as const, refreshIntervalMinutes: null }
    const { input } = buildUpdateInput({ ...segmentFormState(fixed), name: 'Renamed', refreshMinutes: '15' }, fixed, rule, true)
    expect(input).toEqual({ id: segment.id, name: 'Renamed' })
  })
})

describe('schedules', () => {
  it('offers the presets and the segment’s own', () => {
    expect(refreshOptions('')).toEqual([15, 60, 360, 1440, 10080])
    expect(refreshOptions('90')).toEqual([15, 60, 90, 360, 1440, 10080])
    expect(refreshOptions('60')).toEqual([15, 60, 360, 1440, 10080])
  })
  it('names intervals in the largest whole unit', () => {
    expect(describeInterval(15)).toEqual({ unit: 'minutes', n: 15 })
    expect(describeInterval(360)).toEqual({ unit: 'hours', n: 6 })
    expect(describeInterval(2880)).toEqual({ unit: 'days', n: 2 })
    expect(describeInterval(10080)).toEqual({ unit: 'weeks', n: 1 })
  })
})
