import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { SEGMENTS } from './operations'
import { parseSegmentListQuery, segmentListVariables, toSegmentListQuery } from './segmentList'

describe('the segment list URL', () => {
  it('reads search, kind and page', () => {
    expect(parseSegmentListQuery({ q: ' 广东 ', kind: 'dynamic', after: 'YXJyYXk=' })).toEqual({ search: '广东', kind: 'DYNAMIC', after: 'YXJyYXk=', before: null })
    expect(parseSegmentListQuery({ kind: 'OTHER' }).kind).toBeNull()
  })
  it('writes only what is set', () => {
    expect(toSegmentListQuery({ search: '', kind: null, after: null, before: null })).toEqual({})
    expect(toSegmentListQuery({ search: 'vip', kind: 'STATIC', after: null, before: 'b' })).toEqual({ q: 'vip', kind: 'STATIC', before: 'b' })
  })
  it('asks for a page with 30 days of sizes', () => {
    const now = new Date('2026-11-25T03:00:00Z')
    const forward = segmentListVariables({ search: '', kind: null, after: 'c', before: null }, now)
    expect(forward).toEqual({ from: '2026-10-27', filter: null, first: 25, after: 'c' })
    const back = segmentListVariables({ search: 'vip', kind: 'DYNAMIC', after: null, before: 'c' }, now)
    expect(back).toEqual({ from: '2026-10-27', filter: { search: 'vip', kind: 'DYNAMIC' }, last: 25, before: 'c' })
    expect(variableErrors(SEGMENTS, back)).toEqual([])
  })
})
