import { describe, expect, it } from 'vitest'
import { canChangeSegment, changesSince, csvFileName, membersCsvUrl, parseChangePeriod } from './segmentPage'

const viewer = (role: 'ADMIN' | 'MANAGER' | 'AGENT' | 'ANALYST', permissions: string[], id = 'VXNlcjoy') => ({
  role,
  permissions,
  user: { id, name: 'x', email: 'x@example.com', role },
})

describe('canChangeSegment', () => {
  const mine = { owner: { id: 'VXNlcjoy', name: 'Agent' } }
  const theirs = { owner: { id: 'VXNlcjox', name: 'Admin' } }
  it('lets managers and admins with segments:write change any segment', () => {
    expect(canChangeSegment(viewer('MANAGER', ['segments:write']), theirs)).toBe(true)
    expect(canChangeSegment(viewer('ADMIN', ['segments:write']), { owner: null })).toBe(true)
  })
  it('lets others change their own', () => {
    expect(canChangeSegment(viewer('AGENT', ['segments:write']), mine)).toBe(true)
    expect(canChangeSegment(viewer('AGENT', ['segments:write']), theirs)).toBe(false)
  })
  it('never without segments:write', () => {
    expect(canChangeSegment(viewer('ANALYST', ['segments:read']), mine)).toBe(false)
    expect(canChangeSegment(null, mine)).toBe(false)
    expect(canChangeSegment(viewer('ADMIN', ['segments:write']), null)).toBe(false)
  })
})

describe('periods', () => {
  it('reads 7, 30 or 90 days from the URL, 30 otherwise', () => {
    expect(parseChangePeriod('7')).toBe(7)
    expect(parseChangePeriod(['90'])).toBe(90)
    expect(parseChangePeriod('12')).toBe(30)
    expect(parseChangePeriod(undefined)).toBe(30)
  })
  it('starts the period that many days ago', () => {
    expect(changesSince(7, new Date('2026-11-25T03:00:00Z'))).toBe('2026-11-18T03:00:00.000Z')
  })
})

describe('members CSV', () => {
  it('links to the export of the segment', () => {
    expect(membersCsvUrl('U2VnbWVudDox')).toBe('/export/segments/U2VnbWVudDox.csv')
    expect(membersCsvUrl('U2VnbWVudDoxMA==')).toBe('/export/segments/U2VnbWVudDoxMA%3D%3D.csv')
  })
  it('names the file after the segment', () => {
    expect(csvFileName('广东 / 大客户?')).toBe('广东 大客户.csv')
    expect(csvFileName('   ')).toBe('segment.csv')
  })
})
