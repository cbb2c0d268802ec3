/** Shapes shared by every domain of the Guanxi API (Relay connections, user errors). */

export interface UserError {
  /** Dotted path into the mutation arguments, e.g. "input.emails.0.value"; null = whole request. */
  field: string | null
  message: string
  code: string
}

export interface PageInfo {
  hasNextPage: boolean
  hasPreviousPage: boolean
  startCursor: string | null
  endCursor: string | null
}

export interface Edge<T> {
  cursor: string
  node: T
}

export interface Connection<T> {
  edges: Edge<T>[]
  pageInfo: PageInfo
  totalCount: number
}

/** Relay paging arguments: first/after for the next page, last/before for the previous one. */
export interface PageArgs {
  first?: number | null
  after?: string | null
  last?: number | null
  before?: string | null
}
