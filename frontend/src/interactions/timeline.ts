/**
 * Pure rules for the customer timeline shown on the page: pages appended as the user
 * scrolls, entries inserted by live events and our own log, all deduplicated by node id
 * and kept newest first. No Vue.
 */
import type { Interaction, TimelineEdge, TimelineKind } from './types'

/** The kind filter chips: all, contacts only, purchases only, feedback only. */
export const TIMELINE_FILTERS = ['ALL', 'INTERACTION', 'PURCHASE', 'FEEDBACK'] as const
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number]

/** The `kinds` argument for a filter (null = every kind the viewer may read). */
export function kindsFor(filter: TimelineFilter): TimelineKind[] | null {
  return filter === 'ALL' ? null : [filter]
}

export function matchesFilter(kind: TimelineKind, filter: TimelineFilter): boolean {
  return filter === 'ALL' || filter === kind
}

/** A timeline edge for an interaction that did not come from a timeline page. */
export function interactionEdge(interaction: Interaction): TimelineEdge {
  return {
    cursor: '',
    kind: 'INTERACTION',
    occurredAt: interaction.occurredAt,
    node: { ...interaction, __typename: 'Interaction' },
  }
}

function time(edge: TimelineEdge): number {
  const t = Date.parse(edge.occurredAt)
  return Number.isNaN(t) ? 0 : t
}

/**
 * The next (older) page after the entries shown. Entries already shown (e.g. inserted live)
 * are refreshed in place, not repeated.
 */
export function appendPage(current: readonly TimelineEdge[], page: readonly TimelineEdge[]): TimelineEdge[] {
  const incoming = new Map(page.map((edge) => [edge.node.id, edge]))
  const merged = current.map((edge) => {
    const fresh = incoming.get(edge.node.id)
    if (!fresh) return edge
    incoming.delete(edge.node.id)
    return { ...fresh, cursor: fresh.cursor || edge.cursor }
  })
  for (const edge of page) if (incoming.has(edge.node.id)) merged.push(edge)
  return merged
}

export interface InsertResult {
  edges: TimelineEdge[]
  /** Ids that were not on the page before (inserted, or left for a later page). */
  added: string[]
}

/**
 * Entries from a live event, our own log or a refetched first page: those shown already are
 * replaced in place; new ones go where their time puts them, newest first (on top among equal
 * times). While older pages remain to be loaded, an entry older than the last one shown is left
 * for its page (`hasMore`), so the list never has holes.
 */
export function insertEdges(
  current: readonly TimelineEdge[],
  incoming: readonly TimelineEdge[],
  hasMore: boolean,
): InsertResult {
  const edges = [...current]
  const index = new Map(edges.map((edge, i) => [edge.node.id, i]))
  const added: string[] = []
  const fresh: TimelineEdge[] = []
  for (const edge of incoming) {
    const at = index.get(edge.node.id)
    if (at !== undefined) {
      edges[at] = { ...edge, cursor: edge.cursor || edges[at]!.cursor }
    } else if (!added.includes(edge.node.id)) {
      added.push(edge.node.id)
      fresh.push(edge)
    }
  }
  const oldest = current.length ? time(current[current.length - 1]!) : -Infinity
  for (const edge of fresh) {
    const t = time(edge)
    if (hasMore && current.length && t < oldest) continue
    const before = edges.findIndex((other) => time(other) <= t)
    if (before === -1) edges.push(edge)
    else edges.splice(before, 0, edge)
  }
  return { edges, added }
}

/** Replace an interaction shown (e.g. its follow-up done); unchanged when it is not shown. */
export function replaceInteraction(current: readonly TimelineEdge[], interaction: Interaction): TimelineEdge[] {
  return current.map((edge) =>
    edge.kind === 'INTERACTION' && edge.node.id === interaction.id
      ? { ...edge, occurredAt: interaction.occurredAt, node: { ...interaction, __typename: 'Interaction' } }
      : edge,
  )
}
