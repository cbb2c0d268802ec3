/**
 * The one module that speaks GraphQL to the Guanxi API.
 *
 * Queries and mutations: JSON POST to `/graphql` with the session cookie
 * (`credentials: 'same-origin'`). Subscriptions: `graphql-ws` over the
 * graphql-transport-ws protocol on the same path. A top-level error whose
 * `extensions.code` is UNAUTHENTICATED sends the user to the sign-in page
 * (see `onUnauthenticated`).
 */
import { createClient, type Client } from 'graphql-ws'

/** A GraphQL document string that carries its result and variables types. */
export type Document<TData = unknown, TVariables = Record<string, unknown>> = string & {
  readonly __data?: TData
  readonly __variables?: TVariables
}

/**
 * Tag for operation documents. It only joins the template (so fragments can be
 * interpolated) and attaches types: gql<Data, Vars>`query ...`.
 */
export function gql<TData = unknown, TVariables = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...fragments: string[]
): Document<TData, TVariables> {
  let text = strings[0] ?? ''
  fragments.forEach((fragment, i) => {
    text += fragment + (strings[i + 1] ?? '')
  })
  return text as Document<TData, TVariables>
}

export type ResultOf<D> = D extends Document<infer R, unknown> ? R : never
export type VariablesOf<D> = D extends Document<unknown, infer V> ? V : never

export interface GraphQLErrorEntry {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: { code?: string; [key: string]: unknown }
}

/** A request that failed: top-level GraphQL errors, a bad HTTP answer or no network. */
export class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorEntry[]
  /** extensions.code of the first error, or NETWORK / HTTP_<status> / BAD_RESPONSE. */
  readonly code: string

  constructor(message: string, code: string, errors: GraphQLErrorEntry[] = []) {
    super(message)
    this.name = 'GraphQLRequestError'
    this.code = code
    this.errors = errors
  }

  hasCode(code: string): boolean {
    return this.code === code || this.errors.some((e) => e.extensions?.code === code)
  }
}

export const UNAUTHENTICATED = 'UNAUTHENTICATED'

export interface RequestOptions {
  /** Set false to get the UNAUTHENTICATED error back without being redirected. */
  redirectOnUnauthenticated?: boolean
  signal?: AbortSignal
}

type UnauthenticatedHandler = () => void

const defaultUnauthenticatedHandler: UnauthenticatedHandler = () => {
  if (typeof window === 'undefined') return
  const here = window.location.pathname + window.location.search
  if (window.location.pathname === '/login') return
  window.location.assign('/login?redirect=' + encodeURIComponent(here))
}

let unauthenticatedHandler: UnauthenticatedHandler = defaultUnauthenticatedHandler
let endpoint = '/graphql'
let languageHeader: () => string | undefined = () => undefined

/** The app installs a router-aware handler; the default reloads onto /login. */
export function onUnauthenticated(handler: UnauthenticatedHandler | null): void {
  unauthenticatedHandler = handler ?? defaultUnauthenticatedHandler
}

/** Accept-Language sent with each request, so server messages can follow the UI language. */
export function setLanguage(getter: () => string | undefined): void {
  languageHeader = getter
}

/** For tests and unusual deployments. */
export function setEndpoint(url: string): void {
  endpoint = url
  closeSubscriptions()
}

interface GraphQLResponse<T> {
  data?: T | null
  errors?: GraphQLErrorEntry[]
}

async function request<TData, TVariables>(
  document: Document<TData, TVariables>,
  variables?: TVariables,
  options: RequestOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  const lang = languageHeader()
  if (lang) headers['Accept-Language'] = lang

  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query: document, variables: variables ?? {} }),
      signal: options.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new GraphQLRequestError(err instanceof Error ? err.message : String(err), 'NETWORK')
  }

  let body: GraphQLResponse<TData>
  try {
    body = (await response.json()) as GraphQLResponse<TData>
  } catch {
    throw new GraphQLRequestError(
      `HTTP ${response.status}`,
      response.ok ? 'BAD_RESPONSE' : `HTTP_${response.status}`,
    )
  }

  const errors = Array.isArray(body.errors) ? body.errors : []
  if (errors.length > 0) {
    const error = new GraphQLRequestError(
      errors.map((e) => e.message).join('\n'),
      errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR',
      errors,
    )
    if (error.hasCode(UNAUTHENTICATED) && options.redirectOnUnauthenticated !== false) {
      unauthenticatedHandler()
    }
    throw error
  }
  if (body.data == null) {
    throw new GraphQLRequestError(
      `HTTP ${response.status}`,
      response.ok ? 'BAD_RESPONSE' : `HTTP_${response.status}`,
    )
  }
  return body.data
}

/** Run a query; resolves with `data` or rejects with a GraphQLRequestError. */
export function query<TData, TVariables>(
  document: Document<TData, TVariables>,
  variables?: TVariables,
  options?: RequestOptions,
): Promise<TData> {
  return request(document, variables, options)
}

/** Run a mutation. Expected failures come back as `userErrors` in the payload. */
export function mutate<TData, TVariables>(
  document: Document<TData, TVariables>,
  variables?: TVariables,
  options?: RequestOptions,
): Promise<TData> {
  return request(document, variables, options)
}

let wsClient: Client | null = null
let wsConnected = false
const connectedListeners = new Set<(wasRetry: boolean) => void>()
const disconnectedListeners = new Set<() => void>()

/**
 * The WebSocket URL of a GraphQL endpoint seen from a page: same host and path, `wss:` on an
 * https page and `ws:` otherwise (the session cookie goes along, as it is same-origin).
 */
export function websocketUrlFor(graphqlEndpoint: string, pageHref: string): string {
  const url = new URL(graphqlEndpoint, pageHref)
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:'
  url.hash = ''
  return url.toString()
}

/** Wait before reconnect attempt `retries` (0, 1, …): 1 s, 2 s, 4 s … capped at 30 s, plus jitter. */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, retries), 30_000)
  return base + Math.floor(300 + random() * 2700)
}

/** Close codes after which reconnecting cannot help (the server refused who we are). */
const NO_RETRY_CLOSE_CODES = new Set([4401, 4403])

/** Ping the server this often; a missing pong closes the socket, and graphql-ws reconnects. */
const KEEP_ALIVE_MS = 20_000
const PONG_TIMEOUT_MS = 8_000

function getWsClient(): Client {
  if (wsClient) return wsClient
  let socket: WebSocket | null = null
  let pongTimer: ReturnType<typeof setTimeout> | undefined
  const client = createClient({
    url: () => websocketUrlFor(endpoint, window.location.href),
    // Connect on the first subscription, close after the last one; the cookie signs the socket in.
    lazy: true,
    // Staff leave the customer page open for hours: keep reconnecting (network blips, server
    // restarts, a laptop waking up), with a capped back-off.
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelay(retries))),
    shouldRetry: (event) => {
      const code = (event as { code?: unknown } | null)?.code
      return !(typeof code === 'number' && NO_RETRY_CLOSE_CODES.has(code))
    },
    keepAlive: KEEP_ALIVE_MS,
    on: {
      connected: (s, _payload, wasRetry) => {
        if (wsClient !== client) return // a disposed client (after sign-out) finishing up
        socket = s as WebSocket
        wsConnected = true
        for (const listener of [...connectedListeners]) listener(wasRetry)
      },
      ping: (received) => {
        if (received) return
        clearTimeout(pongTimer)
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'Pong timeout')
        }, PONG_TIMEOUT_MS)
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer)
      },
      closed: () => {
        clearTimeout(pongTimer)
        socket = null
        if (wsClient !== client) return
        const was = wsConnected
        wsConnected = false
        if (was) for (const listener of [...disconnectedListeners]) listener()
      },
    },
  })
  wsClient = client
  return client
}

function toRequestError(errors: GraphQLErrorEntry[]): GraphQLRequestError {
  return new GraphQLRequestError(
    errors.map((e) => e.message).join('\n'),
    errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR',
    errors,
  )
}

export interface SubscriptionSink<TData> {
  next: (data: TData) => void
  error?: (error: GraphQLRequestError) => void
  complete?: () => void
  /**
   * The socket is up (again). `wasRetry` is true after a reconnect: events sent while the
   * socket was down are lost, so refetch what the page shows.
   */
  connected?: (wasRetry: boolean) => void
  /** The socket went down; graphql-ws is reconnecting. */
  disconnected?: () => void
}

/** Start a subscription; returns the function that stops it. */
export function subscribe<TData, TVariables>(
  document: Document<TData, TVariables>,
  variables: TVariables | undefined,
  sink: SubscriptionSink<TData>,
): () => void {
  const client = getWsClient()
  let active = true
  const onConnected = (wasRetry: boolean) => {
    if (active) sink.connected?.(wasRetry)
  }
  const onDisconnected = () => {
    if (active) sink.disconnected?.()
  }
  connectedListeners.add(onConnected)
  disconnectedListeners.add(onDisconnected)
  // Sharing a socket another subscription opened: it is already connected.
  if (wsConnected) queueMicrotask(() => onConnected(false))

  const stopListening = () => {
    active = false
    connectedListeners.delete(onConnected)
    disconnectedListeners.delete(onDisconnected)
  }

  const unsubscribe = client.subscribe<TData>(
    { query: document, variables: (variables ?? {}) as Record<string, unknown> },
    {
      next: (result) => {
        if (!active) return
        const errors = (result.errors ?? []) as GraphQLErrorEntry[]
        if (errors.length > 0) {
          const error = toRequestError(errors)
          if (error.hasCode(UNAUTHENTICATED)) unauthenticatedHandler()
          sink.error?.(error)
          return
        }
        if (result.data != null) sink.next(result.data as TData)
      },
      error: (err) => {
        if (!active) return
        stopListening()
        let error: GraphQLRequestError
        if (Array.isArray(err)) {
          error = toRequestError(err as GraphQLErrorEntry[])
          if (error.hasCode(UNAUTHENTICATED)) unauthenticatedHandler()
        } else {
          error = new GraphQLRequestError(err instanceof Error ? err.message : 'WebSocket closed', 'NETWORK')
        }
        sink.error?.(error)
      },
      complete: () => {
        if (!active) return
        stopListening()
        sink.complete?.()
      },
    },
  )
  return () => {
    if (!active) return
    stopListening()
    unsubscribe()
  }
}

/** Close the WebSocket (on sign-out, so the next subscription carries the new session). */
export function closeSubscriptions(): void {
  wsClient?.dispose()
  wsClient = null
  wsConnected = false
}
