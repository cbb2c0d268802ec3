/**
 * Map a mutation's `userErrors[].field` paths (e.g. "input.emails.1.value", "input.name")
 * onto the keys of the inputs a form shows. Pure functions, no Vue.
 */
import type { UserError } from '@/api/types'

export interface MappedErrors {
  /** Errors per form key (a key is a dotted path without the argument name: "emails.1.value"). */
  fields: Record<string, UserError[]>
  /** Errors that match no input: shown as a list at the top of the form. */
  form: UserError[]
}

function camel(segment: string): string {
  return /^\d+$/.test(segment) ? segment : segment.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/**
 * "input.emails[1].value" -> "emails.1.value"; "input" / null -> "".
 * Only a leading `root` segment (the mutation argument name) is dropped.
 */
export function normalizeFieldPath(field: string | null | undefined, root = 'input'): string {
  if (!field) return ''
  const segments = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(camel)
  if (root && segments[0] === root) segments.shift()
  return segments.join('.')
}

/**
 * The form key an error path belongs to, or null:
 *  1. the key equal to the path;
 *  2. else the closest key below it ("emails.1" -> "emails.1.value");
 *  3. else the closest key above it ("customAttributes.vip" -> "customAttributes").
 * Ties go to the key listed first.
 */
export function resolveFieldKey(path: string, keys: readonly string[]): string | null {
  if (!path) return null
  if (keys.includes(path)) return path
  const depth = path.split('.').length

  let below: string | null = null
  let belowDepth = Infinity
  for (const key of keys) {
    if (key.startsWith(path + '.')) {
      const d = key.split('.').length - depth
      if (d < belowDepth) {
        below = key
        belowDepth = d
      }
    }
  }
  if (below) return below

  let above: string | null = null
  let aboveLength = -1
  for (const key of keys) {
    if (path.startsWith(key + '.') && key.length > aboveLength) {
      above = key
      aboveLength = key.length
    }
  }
  return above
}

/**
 * Rewrite the index after `list` in a normalized path, e.g. when blank rows were left out
 * of the request: remapListIndex("emails.0.value", "emails", [1]) -> "emails.1.value".
 */
export function remapListIndex(path: string, list: string, sentToRow: readonly number[]): string {
  const prefix = list + '.'
  if (!path.startsWith(prefix)) return path
  const rest = path.slice(prefix.length).split('.')
  const index = Number(rest[0])
  if (!Number.isInteger(index) || rest[0] === '') return path
  const row = sentToRow[index]
  if (row === undefined) return path
  rest[0] = String(row)
  return prefix + rest.join('.')
}

export interface MapOptions {
  /** The mutation argument the paths start with; default "input". */
  root?: string
  /** A last rewrite of the normalized path before it is matched (e.g. remapListIndex). */
  rewrite?: (path: string) => string
}

export function mapUserErrors(
  errors: readonly UserError[],
  keys: readonly string[],
  options: MapOptions = {},
): MappedErrors {
  const result: MappedErrors = { fields: {}, form: [] }
  for (const error of errors) {
    let path = normalizeFieldPath(error.field, options.root ?? 'input')
    if (path && options.rewrite) path = options.rewrite(path)
    const key = resolveFieldKey(path, keys)
    if (key === null) {
      result.form.push(error)
    } else {
      ;(result.fields[key] ??= []).push(error)
    }
  }
  return result
}
