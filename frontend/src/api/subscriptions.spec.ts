import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

type Options = {
  url: () => string
  lazy: boolean
  retryAttempts: number
  shouldRetry: (event: unknown) => boolean
  on: { connected: (socket: unknown, payload: unknown, wasRetry: boolean) => void; closed: (event: unknown) => void }
}
type Sink = { next: (r: unknown) => void; error: (e: unknown) => void; complete: () => void }

const created: Options[] = []
const sinks: Sink[] = []
const unsubscribes: ReturnType<typeof vi.fn>[] = []

vi.mock('graphql-ws', () => ({
  createClient: (options: Options) => {
    created.push(options)
    return {
      subscribe: (_payload: unknown, sink: Sink) => {
        sinks.push(sink)
        const stop = vi.fn()
        unsubscribes.push(stop)
        return stop
      },
      dispose: vi.fn(),
      on: vi.fn(),
    }
  },
}))

const client = await import('./client')
type Doc<T = unknown> = import('./client').Document<T, Record<string, never>>

describe('websocketUrlFor', () => {
  it('follows the page: ws on http, wss on https, same host and path', () => {
    expect(client.websocketUrlFor('/graphql', 'http://127.0.0.1:8011/customers/abc')).toBe('ws://127.0.0.1:8011/graphql')
    expect(client.websocketUrlFor('/graphql', 'https://crm.example.cn/customers?q=1#top')).toBe('wss://crm.example.cn/graphql')
    expect(client.websocketUrlFor('https://api.example.cn/graphql', 'http://localhost:5173/')).toBe('wss://api.example.cn/graphql')
  })
})

describe('reconnectDelay', () => {
  it('backs off exponentially, capped at 30 s, with jitter', () => {
    expect(client.reconnectDelay(0, () => 0)).toBe(1300)
    expect(client.reconnectDelay(3, () => 0)).toBe(8300)
    expect(client.reconnectDelay(50, () => 0)).toBe(30_300)
    expect(client.reconnectDelay(50, () => 0.999)).toBeLessThan(33_000)
  })
})

describe('subscribe', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { location: { href: 'https://crm.example.cn/customers/1' } })
    client.closeSubscriptions()
    created.length = 0
    sinks.length = 0
    unsubscribes.length = 0
  })
  afterEach(() => {
    client.closeSubscriptions()
    vi.unstubAllGlobals()
  })

  it('opens one lazy, ever-reconnecting client whose URL comes from the page', () => {
    const stop = client.subscribe('subscription S { s }' as Doc, {}, { next: () => {} })
    expect(created).toHaveLength(1)
    const options = created[0]!
    expect(options.lazy).toBe(true)
    expect(options.retryAttempts).toBe(Infinity)
    expect(options.url()).toBe('wss://crm.example.cn/graphql')
    expect(options.shouldRetry({ code: 1006 })).toBe(true)
    expect(options.shouldRetry(new Error('offline'))).toBe(true)
    expect(options.shouldRetry({ code: 4403 })).toBe(false)
    stop()
    expect(unsubscribes[0]).toHaveBeenCalledTimes(1)
  })

  it('passes data, reports reconnects and stops listening after unsubscribe', () => {
    const next = vi.fn()
    const connected = vi.fn()
    const disconnected = vi.fn()
    const stop = client.subscribe('subscription S { s }' as Doc<{ s: number }>, {}, { next, connected, disconnected })
    const options = created[0]!
    options.on.connected({}, undefined, false)
    sinks[0]!.next({ data: { s: 1 } })
    options.on.closed({ code: 1006 })
    options.on.connected({}, undefined, true)
    expect(next).toHaveBeenCalledWith({ s: 1 })
    expect(connected.mock.calls).toEqual([[false], [true]])
    expect(disconnected).toHaveBeenCalledTimes(1)

    stop()
    options.on.closed({ code: 1006 })
    options.on.connected({}, undefined, true)
    sinks[0]!.next({ data: { s: 2 } })
    expect(next).toHaveBeenCalledTimes(1)
    expect(connected).toHaveBeenCalledTimes(2)
  })

  it('turns GraphQL errors into GraphQLRequestError', () => {
    const error = vi.fn()
    client.subscribe('subscription S { s }' as Doc, {}, { next: () => {}, error })
    sinks[0]!.error([{ message: 'nope', extensions: { code: 'FORBIDDEN' } }])
    expect(error.mock.calls[0]![0]).toBeInstanceOf(client.GraphQLRequestError)
    expect(error.mock.calls[0]![0].code).toBe('FORBIDDEN')
  })
})
