import { beforeEach, describe, expect, it, vi } from 'vitest'
import { variableErrors } from '@/test/schema'
import { MAX_GOODWILL_POINTS, STEP_FORM_KEYS, parseGoodwillPoints, resolveInput, runComplaintStep } from './complaintSteps'
import { ACKNOWLEDGE_COMPLAINT, RESOLVE_COMPLAINT } from './operations'

const mutate = vi.hoisted(() => vi.fn())
vi.mock('@/api/client', async (original) => ({ ...(await original<typeof import('@/api/client')>()), mutate }))

const ID = 'Q29tcGxhaW50OjE='

describe('parseGoodwillPoints', () => {
  it('reads nothing as no goodwill', () => {
    expect(parseGoodwillPoints('')).toEqual({ points: null, error: null })
    expect(parseGoodwillPoints('   ')).toEqual({ points: null, error: null })
  })

  it('reads a whole number, with separators or full-width digits', () => {
    expect(parseGoodwillPoints('200')).toEqual({ points: 200, error: null })
    expect(parseGoodwillPoints(' 1,000 ')).toEqual({ points: 1000, error: null })
    expect(parseGoodwillPoints('５００')).toEqual({ points: 500, error: null })
    expect(parseGoodwillPoints('1')).toEqual({ points: 1, error: null })
    expect(parseGoodwillPoints(String(MAX_GOODWILL_POINTS))).toEqual({ points: 100_000, error: null })
  })

  it('refuses what the API would, on the goodwill field', () => {
    for (const text of ['0', '-5', '100001', '12.5', 'lots']) {
      const parsed = parseGoodwillPoints(text)
      expect(parsed.points, text).toBeNull()
      expect(parsed.error, text).toMatchObject({ field: 'input.goodwillPoints', code: 'INVALID_VALUE' })
    }
  })

  it('is a field of the step form, so its errors show next to the input', () => {
    expect(STEP_FORM_KEYS).toContain('goodwillPoints')
  })
})

describe('resolveInput', () => {
  it('sends goodwill points only when some are granted', () => {
    expect(resolveInput({ id: ID, note: null, resolution: 'Refunded', goodwillPoints: null })).toEqual({ id: ID, note: null, resolution: 'Refunded' })
    expect(resolveInput({ id: ID, note: null, resolution: 'Refunded' })).not.toHaveProperty('goodwillPoints')
    expect(resolveInput({ id: ID, note: 'Called back', resolution: 'Refunded', goodwillPoints: 200 })).toEqual({
      id: ID,
      note: 'Called back',
      resolution: 'Refunded',
      goodwillPoints: 200,
    })
  })

  it('builds variables the API accepts', () => {
    expect(variableErrors(RESOLVE_COMPLAINT, { input: resolveInput({ id: ID, note: null, resolution: 'Refunded', goodwillPoints: 200 }) })).toEqual([])
    expect(variableErrors(RESOLVE_COMPLAINT, { input: resolveInput({ id: ID, note: null, resolution: 'Refunded' }) })).toEqual([])
  })
})

describe('runComplaintStep', () => {
  const payload = { complaint: null, userErrors: [] }
  beforeEach(() => mutate.mockReset())

  it('resolves with the goodwill points', async () => {
    mutate.mockResolvedValue({ resolveComplaint: payload })
    const result = await runComplaintStep('resolve', { id: ID, note: null, resolution: 'Refunded', goodwillPoints: 300 })
    expect(result).toBe(payload)
    expect(mutate).toHaveBeenCalledWith(RESOLVE_COMPLAINT, { input: { id: ID, note: null, resolution: 'Refunded', goodwillPoints: 300 } })
  })

  it('never sends goodwill points with another step', async () => {
    mutate.mockResolvedValue({ acknowledgeComplaint: payload })
    await runComplaintStep('acknowledge', { id: ID, note: 'Called', resolution: '', goodwillPoints: 300 })
    expect(mutate).toHaveBeenCalledWith(ACKNOWLEDGE_COMPLAINT, { input: { id: ID, note: 'Called' } })
  })
})
