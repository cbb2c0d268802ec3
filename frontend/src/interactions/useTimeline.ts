/**
 * The customer timeline's state: the first page, older pages as the user scrolls, the kind
 * filter, and entries inserted by live events or our own log (rules in timeline.ts).
 */
import { computed, ref, shallowRef, watch } from 'vue'
import { query } from '@/api/client'
import type { PageInfo } from '@/api/types'
import { useErrorText } from '@/composables/useErrors'
import { CUSTOMER_TIMELINE } from './operations'
import {
  appendPage,
  insertEdges,
  interactionEdge,
  kindsFor,
  matchesFilter,
  replaceInteraction,
  type TimelineFilter,
} from './timeline'
import type { Interaction, TimelineEdge } from './types'

export const TIMELINE_PAGE = 20

export function useTimeline(customerId: () => string) {
  const { requestErrorText } = useErrorText()
  const edges = shallowRef<TimelineEdge[]>([])
  const pageInfo = shallowRef<PageInfo | null>(null)
  const totalCount = ref(0)
  const filter = ref<TimelineFilter>('ALL')
  const loading = ref(true)
  const loadingMore = ref(false)
  const error = ref('')
  // Bumped when the customer or the filter changes: answers for the old list are dropped.
  let generation = 0

  const hasMore = computed(() => !!pageInfo.value?.hasNextPage)

  function variables(after: string | null = null) {
    return { id: customerId(), first: TIMELINE_PAGE, after, kinds: kindsFor(filter.value) }
  }

  async function loadFirst() {
    const mine = ++generation
    loading.value = true
    loadingMore.value = false
    error.value = ''
    try {
      const data = await query(CUSTOMER_TIMELINE, variables())
      if (mine !== generation) return
      const timeline = data.customer?.timeline
      edges.value = timeline?.edges ?? []
      pageInfo.value = timeline?.pageInfo ?? null
      totalCount.value = timeline?.totalCount ?? 0
    } catch (err) {
      if (mine !== generation) return
      // Not the old customer's or the old filter's entries under the new heading.
      edges.value = []
      pageInfo.value = null
      error.value = requestErrorText(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore() {
    const cursor = pageInfo.value?.endCursor
    if (loading.value || loadingMore.value || !hasMore.value || !cursor) return
    const mine = generation
    loadingMore.value = true
    error.value = ''
    try {
      const data = await query(CUSTOMER_TIMELINE, variables(cursor))
      if (mine !== generation || !data.customer) return
      const page = data.customer.timeline
      edges.value = appendPage(edges.value, page.edges)
      pageInfo.value = page.pageInfo
      totalCount.value = page.totalCount
    } catch (err) {
      if (mine === generation) error.value = requestErrorText(err)
    } finally {
      if (mine === generation) loadingMore.value = false
    }
  }

  /** Show an interaction (our own log, a live event); false when it was shown already or filtered out. */
  function add(interaction: Interaction): boolean {
    if (!matchesFilter('INTERACTION', filter.value)) return false
    const result = insertEdges(edges.value, [interactionEdge(interaction)], hasMore.value)
    edges.value = result.edges
    totalCount.value += result.added.length
    return result.added.length > 0
  }

  function replace(interaction: Interaction): void {
    edges.value = replaceInteraction(edges.value, interaction)
  }

  /** Refetch the newest page quietly (after a reconnect, a purchase, a change elsewhere) and merge it. */
  async function refreshHead() {
    if (loading.value) return
    const mine = generation
    try {
      const data = await query(CUSTOMER_TIMELINE, variables())
      if (mine !== generation || !data.customer) return
      const page = data.customer.timeline
      const wasEmpty = edges.value.length === 0
      edges.value = insertEdges(edges.value, page.edges, hasMore.value).edges
      if (wasEmpty) pageInfo.value = page.pageInfo
      totalCount.value = page.totalCount
    } catch {
      /* the next event, a reconnect or a reload catches up */
    }
  }

  watch([customerId, filter], () => void loadFirst(), { immediate: true })

  return { edges, totalCount, filter, loading, loadingMore, error, hasMore, loadFirst, loadMore, add, replace, refreshHead }
}
