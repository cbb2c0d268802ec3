import { describe, expect, it } from 'vitest'
import {
  countActiveFilters,
  emptyListState,
  parseListQuery,
  parseTags,
  toListQuery,
  toVariables,
  type ListState,
} from './listQuery'

describe('parseTags', () => {
  it('splits on ASCII and full-width commas, trims and de-duplicates', () => {
    expect(parseTags(' vip, 华东，key account,,vip、新客 ')).toEqual(['vip', '华东', 'key account', '新客'])
    expect(parseTags('')).toEqual([])
  })
})

describe('list state in the URL', () => {
  it('has an empty query for the default state', () => {
    expect(toListQuery(emptyListState())).toEqual({})
    expect(parseListQuery({})).toEqual(emptyListState())
  })

  it('round-trips search, filters, sort and cursor', () => {
    const state: ListState = {
      ...emptyListState(),
      search: '王',
      kinds: ['COMPANY'],
      stages: ['LOYAL', 'ADVOCATE'],
      geos: ['LOCAL'],
      sizes: ['SMALL', 'LARGE'],
      tags: ['vip', '华东'],
      archived: 'all',
      sort: 'UPDATED_AT_DESC',
      after: 'Y3Vyc29yOjI1',
    }
    const query = toListQuery(state)
    expect(query).toEqual({
      q: '王',
      kind: 'COMPANY',
      stage: 'LOYAL,ADVOCATE',
      geo: 'LOCAL',
      size: 'SMALL,LARGE',
      tags: 'vip,华东',
      status: 'all',
      sort: 'UPDATED_AT_DESC',
      after: 'Y3Vyc29yOjI1',
    })
    expect(parseListQuery(query as Record<string, string>)).toEqual(state)
  })

  it('ignores unknown values and prefers before over after', () => {
    const state = parseListQuery({ stage: 'LOYAL,NOPE', kind: 'person', status: 'x', sort: 'BAD', after: 'a', before: 'b' })
    expect(state.stages).toEqual(['LOYAL'])
    expect(state.kinds).toEqual(['PERSON'])
    expect(state.archived).toBe('active')
    expect(state.sort).toBe('NAME_ASC')
    expect(state.before).toBe('b')
    expect(state.after).toBeNull()
  })

  it('counts active filters', () => {
    expect(countActiveFilters(emptyListState())).toBe(0)
    expect(countActiveFilters({ ...emptyListState(), stages: ['LOYAL', 'PROSPECT'], archived: 'archived' })).toBe(2)
  })
})

describe('toVariables', () => {
  it('pages forwards with first/after', () => {
    const v = toVariables({ ...emptyListState(), after: 'c1', search: '  ann ' })
    expect(v).toMatchObject({ first: 25, after: 'c1', last: null, before: null, search: 'ann' })
    expect(v.filter).toEqual({ archived: false })
    expect(v.orderBy).toEqual({ field: 'NAME', direction: 'ASC' })
  })

  it('pages backwards with last/before', () => {
    const v = toVariables({ ...emptyListState(), before: 'c9', sort: 'CREATED_AT_DESC' })
    expect(v).toMatchObject({ last: 25, before: 'c9', first: null, after: null, search: null })
    expect(v.orderBy).toEqual({ field: 'CREATED_AT', direction: 'DESC' })
  })

  it('maps filters onto CustomerFilter', () => {
    const v = toVariables({
      ...emptyListState(),
      kinds: ['PERSON'],
      stages: ['PROSPECT'],
      geos: ['INTERNATIONAL'],
      sizes: ['MEDIUM'],
      tags: ['vip'],
      archived: 'all',
    })
    expect(v.filter).toEqual({
      kinds: ['PERSON'],
      lifecycleStages: ['PROSPECT'],
      geographyClasses: ['INTERNATIONAL'],
      companySizes: ['MEDIUM'],
      tags: ['vip'],
      archived: null,
    })
    expect(toVariables({ ...emptyListState(), archived: 'archived' }).filter.archived).toBe(true)
  })
})

describe('CUSTOMERS variables against the schema', () => {
  it('are accepted for every kind of state', async () => {
    const { variableErrors } = await import('@/test/schema')
    const { CUSTOMERS } = await import('./operations')
    const states: ListState[] = [
      emptyListState(),
      { ...emptyListState(), before: 'c', archived: 'all', sort: 'UPDATED_AT_DESC' },
      parseListQuery({ q: 'x', kind: 'COMPANY', stage: 'LOYAL', geo: 'LOCAL', size: 'SMALL', tags: 'a,b', status: 'archived' }),
    ]
    for (const state of states) {
      expect(variableErrors(CUSTOMERS, toVariables(state))).toEqual([])
    }
  })
})
