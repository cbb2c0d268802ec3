import { effectScope, nextTick, ref } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SubscriptionSink } from './client'

type Started = { variables: unknown; sink: SubscriptionSink<{ n: number }>; stop: ReturnType<typeof vi.fn> }
const started: Started[] = []

vi.mock('./client', () => ({
  subscribe: (_document: unknown, variables: unknown, sink: SubscriptionSink<{ n: number }>) => {
    const stop = vi.fn()
    started.push({ variables, sink, stop })
    return stop
  },
}))

const { useSubscription } = await import('./useSubscription')
const DOC = 'subscription Test($id: ID!) { test(id: $id) { n } }' as never

function setup(id = ref('a')) {
  const next = vi.fn()
  const reconnected = vi.fn()
  const scope = effectScope()
  // Lower-cased: 'A' after 'a' rebuilds equal variables.
  const live = scope.run(() => useSubscription(DOC, () => ({ id: id.value.toLowerCase() }), { next, reconnected }))!
  return { id, next, reconnected, scope, state: live.state }
}

describe('useSubscription', () => {
  beforeEach(() => {
    started.length = 0
  })

  it('subscribes at once and reports events and the socket state', () => {
    const { next, reconnected, state } = setup()
    expect(started).toHaveLength(1)
    expect(started[0]!.variables).toEqual({ id: 'a' })
    expect(state.value).toBe('connecting')

    const { sink } = started[0]!
    sink.connected?.(false)
    expect(state.value).toBe('live')
    expect(reconnected).not.toHaveBeenCalled()
    sink.next({ n: 1 })
    expect(next).toHaveBeenCalledWith({ n: 1 })

    sink.disconnected?.()
    expect(state.value).toBe('connecting')
    sink.connected?.(true)
    expect(state.value).toBe('live')
    expect(reconnected).toHaveBeenCalledTimes(1)
  })

  it('is off once the server ends it or refuses it', () => {
    const { state } = setup()
    started[0]!.sink.complete?.()
    expect(state.value).toBe('off')
    const other = setup()
    started[1]!.sink.error?.({} as never)
    expect(other.state.value).toBe('off')
  })

  it('restarts when the variables change, not when they are rebuilt equal', async () => {
    const { id, state } = setup()
    started[0]!.sink.connected?.(false)
    id.value = 'A'
    await nextTick()
    expect(started).toHaveLength(1)
    expect(state.value).toBe('live')

    id.value = 'b'
    await nextTick()
    expect(started).toHaveLength(2)
    expect(started[0]!.stop).toHaveBeenCalledTimes(1)
    expect(started[1]!.variables).toEqual({ id: 'b' })
    expect(state.value).toBe('connecting')
  })

  it('stops with its scope (the component unmounting)', () => {
    const { scope } = setup()
    scope.stop()
    expect(started[0]!.stop).toHaveBeenCalledTimes(1)
  })
})
