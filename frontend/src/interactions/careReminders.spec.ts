import { describe, expect, it } from 'vitest'
import { variableErrors } from '@/test/schema'
import { groupReminders, isFollowUp, mayPickOwner, withoutFollowUp } from './careReminders'
import { CARE_REMINDERS } from './operations'
import type { CareReminder } from './types'

function reminder(reason: CareReminder['reason'], dueAt: string, id: string, interactionId?: string): CareReminder {
  return {
    reason,
    dueAt,
    note: null,
    lastContactAt: null,
    customer: { id, name: `Customer ${id}`, primaryPhone: null, owner: null },
    interaction: interactionId ? { id: interactionId, channel: 'PHONE', subject: null, followUpOpen: true } : null,
  }
}

const reminders = [
  reminder('NO_RECENT_CONTACT', '2026-05-01T00:00:00Z', 'c5'),
  reminder('FOLLOW_UP_DUE', '2026-05-17T15:00:00Z', 'c2', 'i2'),
  reminder('FOLLOW_UP_OVERDUE', '2026-05-16T09:00:00Z', 'c1', 'i1'),
  reminder('FOLLOW_UP_DUE', '2026-05-17T11:00:00Z', 'c3', 'i3'),
  reminder('BIRTHDAY', '2026-05-19T00:00:00Z', 'c4'),
]

describe('groupReminders', () => {
  it('gives every reason, overdue first, in the page order', () => {
    expect(groupReminders(reminders).map((g) => g.reason)).toEqual([
      'FOLLOW_UP_OVERDUE',
      'FOLLOW_UP_DUE',
      'BIRTHDAY',
      'NO_RECENT_CONTACT',
    ])
    expect(groupReminders([]).every((g) => g.reminders.length === 0)).toBe(true)
  })

  it('puts each reminder in its group, most urgent first', () => {
    const groups = Object.fromEntries(groupReminders(reminders).map((g) => [g.reason, g.reminders.map((r) => r.customer?.id)]))
    expect(groups).toEqual({
      FOLLOW_UP_OVERDUE: ['c1'],
      FOLLOW_UP_DUE: ['c3', 'c2'],
      BIRTHDAY: ['c4'],
      NO_RECENT_CONTACT: ['c5'],
    })
  })

  it('keeps the API order among reminders due at the same time', () => {
    const same = [reminder('BIRTHDAY', '2026-05-19T00:00:00Z', 'b'), reminder('BIRTHDAY', '2026-05-19T00:00:00Z', 'a')]
    expect(groupReminders(same)[2]!.reminders.map((r) => r.customer?.id)).toEqual(['b', 'a'])
  })
})

describe('withoutFollowUp', () => {
  it('drops the reminders of the completed follow-up only', () => {
    expect(withoutFollowUp(reminders, 'i2').map((r) => r.customer?.id)).toEqual(['c5', 'c1', 'c3', 'c4'])
    expect(withoutFollowUp(reminders, 'nope')).toHaveLength(reminders.length)
  })
})

describe('reasons and owners', () => {
  it('knows which reasons are follow-ups', () => {
    expect(isFollowUp('FOLLOW_UP_OVERDUE')).toBe(true)
    expect(isFollowUp('FOLLOW_UP_DUE')).toBe(true)
    expect(isFollowUp('BIRTHDAY')).toBe(false)
    expect(isFollowUp('NO_RECENT_CONTACT')).toBe(false)
  })

  it('lets everyone but agents pick whose reminders to see', () => {
    expect(mayPickOwner('ADMIN')).toBe(true)
    expect(mayPickOwner('MANAGER')).toBe(true)
    expect(mayPickOwner('ANALYST')).toBe(true)
    expect(mayPickOwner('AGENT')).toBe(false)
    expect(mayPickOwner(null)).toBe(false)
  })

  it('sends variables the API accepts', () => {
    expect(variableErrors(CARE_REMINDERS, { dueBefore: '2026-05-18T00:00:00+08:00', ownerId: null, first: 50 })).toEqual([])
  })
})
