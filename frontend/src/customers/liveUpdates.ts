/** Pure rules for applying live `customerChanged` events to the customer page. */

interface Stamped {
  id: string
  updatedAt: string
}

/**
 * Should `incoming` replace `current`? Yes unless it is another customer or strictly older
 * (an event can arrive after the answer to our own, later, mutation). Unparseable stamps
 * count as new.
 */
export function isSameOrNewer(current: Stamped | null | undefined, incoming: Stamped): boolean {
  if (!current) return true
  if (current.id !== incoming.id) return false
  const a = Date.parse(current.updatedAt)
  const b = Date.parse(incoming.updatedAt)
  if (Number.isNaN(a) || Number.isNaN(b)) return true
  return b >= a
}

/**
 * Remembers when this page itself changed the customer, so the echo of our own mutation
 * (which the server broadcasts to every subscriber, us included) does not announce
 * "updated just now" as if someone else had done it.
 */
export class LocalChangeWindow {
  private pending = 0
  private until = 0

  constructor(
    private readonly echoMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A mutation of ours starts. */
  begin(): void {
    this.pending++
  }

  /** It finished (either way); its echo may still be on the way. */
  end(): void {
    this.pending = Math.max(0, this.pending - 1)
    this.until = this.now() + this.echoMs
  }

  /** Is an event arriving now probably the echo of our own change? */
  isLocal(): boolean {
    return this.pending > 0 || this.now() < this.until
  }
}
