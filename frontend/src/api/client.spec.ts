import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GraphQLRequestError, gql, mutate, onUnauthenticated, query, setEndpoint } from './client'

const PING = gql<{ ping: string }, { n: number }>`query Ping($n: Int) { ping(n: $n) }`

function respond(body: unknown, status = 200) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

describe('api client', () => {
  let handler: ReturnType<typeof vi.fn<() => void>>

  beforeEach(() => {
    setEndpoint('http://app.test/graphql')
    handler = vi.fn<() => void>()
    onUnauthenticated(handler)
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    onUnauthenticated(null)
  })

  it('POSTs JSON with the session cookie and returns data', async () => {
    const fetchMock = respond({ data: { ping: 'pong' } })
    vi.stubGlobal('fetch', fetchMock)
    await expect(query(PING, { n: 1 })).resolves.toEqual({ ping: 'pong' })
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('http://app.test/graphql')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ query: PING, variables: { n: 1 } })
  })

  it('sends the user to sign-in on UNAUTHENTICATED', async () => {
    vi.stubGlobal('fetch', respond({ data: null, errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }, 401))
    const error = await query(PING, { n: 1 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GraphQLRequestError)
    expect((error as GraphQLRequestError).code).toBe('UNAUTHENTICATED')
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('can leave UNAUTHENTICATED to the caller', async () => {
    vi.stubGlobal('fetch', respond({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }))
    await expect(mutate(PING, { n: 1 }, { redirectOnUnauthenticated: false })).rejects.toThrow(GraphQLRequestError)
    expect(handler).not.toHaveBeenCalled()
  })

  it('reports other errors with their code and no redirect', async () => {
    vi.stubGlobal('fetch', respond({ data: null, errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN' } }] }))
    const error = (await query(PING, { n: 1 }).catch((e: unknown) => e)) as GraphQLRequestError
    expect(error.code).toBe('FORBIDDEN')
    expect(handler).not.toHaveBeenCalled()
  })

  it('turns network failures and non-JSON answers into errors', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    await expect(query(PING, { n: 1 })).rejects.toMatchObject({ code: 'NETWORK' })
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })))
    await expect(query(PING, { n: 1 })).rejects.toMatchObject({ code: 'HTTP_502' })
  })
})
