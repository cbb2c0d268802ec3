import { describe, expect, it } from 'vitest'
import { appendPage, insertEdges, interactionEdge, kindsFor, matchesFilter, replaceInteraction } from './timeline'
import type { Interaction, TimelineEdge, TimelinePurchase } from './types'

function interaction(id: string, occurredAt: string, extra: Partial<Interaction> = {}): Interaction {
  return {
    id,
    channel: 'PHONE',
    direction: 'OUTBOUND',
    subject: `call ${id}`,
    notes: null,
    outcome: null,
    outcomeNote: null,
    durationSeconds: null,
    occurredAt,
    followUpDueAt: null,
    followUpNote: null,
    followUpCompletedAt: null,
    followUpOpen: false,
    overCap: false,
    capOverridden: false,
    loggedByApiKey: false,
    loggedBy: { id: 'VXNlcjox', name: 'Li Na' },
    createdAt: occurredAt,
    ...extra,
  }
}

function purchaseEdge(id: string, occurredAt: string): TimelineEdge {
  const purchase: TimelinePurchase = {
    id,
    amount: '88.00',
    currency: 'CNY',
    occurredAt,
    purchaseChannel: 'STORE',
    source: null,
    externalOrderId: null,
    refunded: false,
    refundedAt: null,
  }
  return { cursor: `c-${id}`, kind: 'PURCHASE', occurredAt, node: { ...purchase, __typename: 'Purchase' } }
}

function edge(id: string, occurredAt: string): TimelineEdge {
  return { ...interactionEdge(interaction(id, occurredAt)), cursor: `c-${id}` }
}

const ids = (edges: TimelineEdge[]) => edges.map((e) => e.node.id)

describe('kind filter', () => {
  it('maps the chips to the kinds argument', () => {
    expect(kindsFor('ALL')).toBeNull()
    expect(kindsFor('INTERACTION')).toEqual(['INTERACTION'])
    expect(kindsFor('PURCHASE')).toEqual(['PURCHASE'])
    expect(kindsFor('FEEDBACK')).toEqual(['FEEDBACK'])
  })
  it('tells which entries a filter shows', () => {
    expect(matchesFilter('INTERACTION', 'ALL')).toBe(true)
    expect(matchesFilter('INTERACTION', 'INTERACTION')).toBe(true)
    expect(matchesFilter('INTERACTION', 'PURCHASE')).toBe(false)
  })
})

describe('appendPage', () => {
  it('adds the older page after the entries shown', () => {
    const first = [edge('i3', '2026-05-03T10:00:00Z'), purchaseEdge('p2', '2026-05-02T10:00:00Z')]
    const next = [edge('i1', '2026-05-01T10:00:00Z')]
    expect(ids(appendPage(first, next))).toEqual(['i3', 'p2', 'i1'])
  })

  it('does not repeat an entry already shown (inserted live), and refreshes it in place', () => {
    const live = interactionEdge(interaction('i2', '2026-05-02T09:00:00Z', { subject: 'old' }))
    const shown = [edge('i3', '2026-05-03T10:00:00Z'), live]
    const page = [{ ...edge('i2', '2026-05-02T09:00:00Z'), node: { ...live.node, subject: 'new' } } as TimelineEdge, edge('i1', '2026-05-01T10:00:00Z')]
    const merged = appendPage(shown, page)
    expect(ids(merged)).toEqual(['i3', 'i2', 'i1'])
    expect(merged[1]!.node).toMatchObject({ subject: 'new' })
    expect(merged[1]!.cursor).toBe('c-i2')
  })

  it('keeps a purchase and an interaction apart even in the same second', () => {
    const shown = [edge('i1', '2026-05-01T10:00:00Z')]
    expect(ids(appendPage(shown, [purchaseEdge('p1', '2026-05-01T10:00:00Z')]))).toEqual(['i1', 'p1'])
  })
})

describe('insertEdges', () => {
  const shown = [edge('i3', '2026-05-03T10:00:00Z'), edge('i2', '2026-05-02T10:00:00Z')]

  it('puts a new contact on top', () => {
    const result = insertEdges(shown, [interactionEdge(interaction('i9', '2026-05-04T08:00:00Z'))], true)
    expect(ids(result.edges)).toEqual(['i9', 'i3', 'i2'])
    expect(result.added).toEqual(['i9'])
    expect(result.edges[0]!.cursor).toBe('')
  })

  it('puts a new entry on top of others at the same time', () => {
    const result = insertEdges(shown, [interactionEdge(interaction('i9', '2026-05-03T10:00:00Z'))], false)
    expect(ids(result.edges)).toEqual(['i9', 'i3', 'i2'])
  })

  it('dedupes by id: our own log, then its live echo', () => {
    const mine = interactionEdge(interaction('i9', '2026-05-04T08:00:00Z'))
    const once = insertEdges(shown, [mine], true)
    const twice = insertEdges(once.edges, [mine], true)
    expect(ids(twice.edges)).toEqual(['i9', 'i3', 'i2'])
    expect(twice.added).toEqual([])
  })

  it('ignores a duplicate within the same batch', () => {
    const e = interactionEdge(interaction('i9', '2026-05-04T08:00:00Z'))
    expect(insertEdges(shown, [e, e], true).added).toEqual(['i9'])
  })

  it('slots a back-dated contact where its time puts it', () => {
    const result = insertEdges(shown, [interactionEdge(interaction('i5', '2026-05-02T12:00:00Z'))], true)
    expect(ids(result.edges)).toEqual(['i3', 'i5', 'i2'])
  })

  it('leaves an entry older than the last one shown for its page while pages remain', () => {
    const old = interactionEdge(interaction('i0', '2026-04-01T00:00:00Z'))
    const more = insertEdges(shown, [old], true)
    expect(ids(more.edges)).toEqual(['i3', 'i2'])
    expect(more.added).toEqual(['i0'])
    expect(ids(insertEdges(shown, [old], false).edges)).toEqual(['i3', 'i2', 'i0'])
  })

  it('inserts into an empty timeline', () => {
    expect(ids(insertEdges([], [interactionEdge(interaction('i1', '2026-05-01T00:00:00Z'))], true).edges)).toEqual(['i1'])
  })

  it('merges a refetched first page: new entries on top, known ones refreshed, cursors kept', () => {
    const page = [edge('i4', '2026-05-04T10:00:00Z'), { ...edge('i3', '2026-05-03T10:00:00Z'), cursor: '' }]
    const result = insertEdges(shown, page, true)
    expect(ids(result.edges)).toEqual(['i4', 'i3', 'i2'])
    expect(result.edges[1]!.cursor).toBe('c-i3')
    expect(result.added).toEqual(['i4'])
  })

  it('does not change the list it was given', () => {
    const before = ids(shown)
    insertEdges(shown, [interactionEdge(interaction('i9', '2026-05-04T08:00:00Z'))], true)
    expect(ids(shown)).toEqual(before)
  })
})

describe('replaceInteraction', () => {
  it('replaces the interaction shown (its follow-up done), nothing else', () => {
    const shown = [edge('i3', '2026-05-03T10:00:00Z'), purchaseEdge('i2', '2026-05-02T10:00:00Z')]
    const done = interaction('i3', '2026-05-03T10:00:00Z', { followUpOpen: false, followUpCompletedAt: '2026-05-05T00:00:00Z' })
    const result = replaceInteraction(shown, done)
    expect(result[0]!.node).toMatchObject({ followUpCompletedAt: '2026-05-05T00:00:00Z', __typename: 'Interaction' })
    expect(result[0]!.cursor).toBe('c-i3')
    expect(result[1]).toBe(shown[1])
  })
})
