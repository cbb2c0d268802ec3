/**
 * The rule builder's model: an editable tree of groups and conditions, its conversion to and from
 * `SegmentRuleInput` (the API's rule JSON), the checks made before asking the API, and the mapping
 * of userError paths (`rule.all.2.any.0.value`, `input.rule.not.all.1.days`) back onto the node
 * and the input they are about. Pure functions, no Vue.
 *
 * A group is `{all: [...]}` or `{any: [...]}`; a node with its NOT toggle on is sent wrapped in
 * `{not: ...}`, so its inner path gains a `.not` segment. The root is always a group.
 */
import type { UserError } from '@/api/types'
import type { SegmentFieldInfo, SegmentOperator, SegmentRuleInput } from './types'

export type Combinator = 'all' | 'any'

export interface RuleGroup {
  kind: 'group'
  id: string
  combinator: Combinator
  negated: boolean
  children: RuleNode[]
}

export interface RuleCondition {
  kind: 'condition'
  id: string
  negated: boolean
  /** A SegmentField, '' until one is chosen. */
  field: string
  op: SegmentOperator | ''
  /** The one value of EQ, GT, STARTS_WITH, CONTAINS, … (text as typed; an enum value; a date; a global id). */
  value: string
  /** The values of IN / NOT_IN. */
  list: string[]
  /** BETWEEN's lowest and highest. */
  low: string
  high: string
  /** WITHIN_LAST_DAYS / NOT_WITHIN_LAST_DAYS: a number of days (the value). */
  lastDays: string
  /** For fields that need it (`needsDays`): the window, in days. */
  days: string
  /** For CUSTOM_ATTRIBUTE (`needsKey`): the attribute's key. */
  key: string
  /** CUSTOM_ATTRIBUTE with EQ/NEQ/IN/NOT_IN: compare as a number rather than as text. */
  asNumber: boolean
  /** Display names of the ids in `value` / `list` (OWNER), for the picker. */
  labels: Record<string, string>
}

export type RuleNode = RuleGroup | RuleCondition

/** Which inputs a condition shows for its operator. */
export type ValueShape = 'none' | 'single' | 'list' | 'range' | 'lastDays'
/** What one value is. */
export type ScalarKind = 'text' | 'number' | 'enum' | 'date' | 'id'
/** The part of a node an error is about: a condition's inputs, a group's list, or the node itself. */
export type RulePart = 'node' | 'group' | 'field' | 'op' | 'value' | 'days' | 'key'

/** A userError, or a problem found before asking the API (with the i18n key of its message). */
export interface RuleProblem extends UserError {
  messageKey?: string
}

export type Catalogue = ReadonlyMap<string, SegmentFieldInfo>

/** The days a needsDays condition starts with. */
export const DEFAULT_DAYS = '30'

export function catalogueOf(fields: readonly SegmentFieldInfo[]): Catalogue {
  return new Map(fields.map((f) => [f.field, f]))
}

let counter = 0
/** Ids of nodes: unique within the page (they key the Vue lists and the error map). */
export const nextId = (): string => `r${++counter}`
export type MakeId = () => string

// ---------- Building and editing ----------

export function emptyCondition(makeId: MakeId = nextId): RuleCondition {
  return {
    kind: 'condition',
    id: makeId(),
    negated: false,
    field: '',
    op: '',
    value: '',
    list: [],
    low: '',
    high: '',
    lastDays: '',
    days: '',
    key: '',
    asNumber: false,
    labels: {},
  }
}

/** A group starts with one empty condition to fill in. */
export function emptyGroup(combinator: Combinator = 'all', makeId: MakeId = nextId): RuleGroup {
  return { kind: 'group', id: makeId(), combinator, negated: false, children: [emptyCondition(makeId)] }
}

/** What the builder shows for a new segment. */
export const newRuleTree = (makeId: MakeId = nextId): RuleGroup => emptyGroup('all', makeId)

function mapTree(node: RuleNode, fn: (node: RuleNode) => RuleNode): RuleNode {
  const mapped = fn(node)
  if (mapped.kind !== 'group') return mapped
  const children = mapped.children.map((child) => mapTree(child, fn))
  return children.every((c, i) => c === mapped.children[i]) ? mapped : { ...mapped, children }
}

/** The tree with node `id` changed by `patch` (a new tree; untouched branches are shared). */
export function updateNode(root: RuleGroup, id: string, patch: Partial<RuleGroup> | Partial<RuleCondition>): RuleGroup {
  return mapTree(root, (node) => (node.id === id ? ({ ...node, ...patch } as RuleNode) : node)) as RuleGroup
}

/** Add `child` at the end of group `groupId`. */
export function addChild(root: RuleGroup, groupId: string, child: RuleNode): RuleGroup {
  return mapTree(root, (node) =>
    node.id === groupId && node.kind === 'group' ? { ...node, children: [...node.children, child] } : node,
  ) as RuleGroup
}

/** Remove node `id` (never the root). A group left empty stays, to be filled or removed. */
export function removeNode(root: RuleGroup, id: string): RuleGroup {
  if (root.id === id) return root
  return mapTree(root, (node) =>
    node.kind === 'group' && node.children.some((c) => c.id === id)
      ? { ...node, children: node.children.filter((c) => c.id !== id) }
      : node,
  ) as RuleGroup
}

export function findNode(root: RuleNode, id: string): RuleNode | null {
  if (root.id === id) return root
  if (root.kind !== 'group') return null
  for (const child of root.children) {
    const found = findNode(child, id)
    if (found) return found
  }
  return null
}

export function countConditions(node: RuleNode): number {
  return node.kind === 'condition' ? 1 : node.children.reduce((n, c) => n + countConditions(c), 0)
}

export function valueShape(op: SegmentOperator | ''): ValueShape {
  switch (op) {
    case '':
    case 'IS_NULL':
    case 'IS_NOT_NULL':
      return 'none'
    case 'IN':
    case 'NOT_IN':
      return 'list'
    case 'BETWEEN':
      return 'range'
    case 'WITHIN_LAST_DAYS':
    case 'NOT_WITHIN_LAST_DAYS':
      return 'lastDays'
    default:
      return 'single'
  }
}

const COMPARISONS: readonly SegmentOperator[] = ['GT', 'GTE', 'LT', 'LTE', 'BETWEEN']

/** What one value of this condition is (decides the input and how it is sent). */
export function scalarKind(info: SegmentFieldInfo | undefined, condition: Pick<RuleCondition, 'op' | 'asNumber'>): ScalarKind {
  switch (info?.type) {
    case 'NUMBER':
    case 'MONEY':
      return 'number'
    case 'ENUM':
      return 'enum'
    case 'DATETIME':
      return 'date'
    case 'ID':
      return 'id'
    case 'ATTRIBUTE':
      return condition.asNumber || (condition.op !== '' && COMPARISONS.includes(condition.op)) ? 'number' : 'text'
    default:
      return 'text'
  }
}

/** May the "compare as a number" choice be offered? (Comparisons always compare numbers.) */
export function offersAsNumber(info: SegmentFieldInfo | undefined, op: SegmentOperator | ''): boolean {
  return info?.type === 'ATTRIBUTE' && (op === 'EQ' || op === 'NEQ' || op === 'IN' || op === 'NOT_IN')
}

/**
 * The condition after choosing `info`'s field: its operator kept when the field allows it (else
 * the field's first), values kept when the value type is the same, the days window prefilled.
 */
export function withField(condition: RuleCondition, info: SegmentFieldInfo, previous?: SegmentFieldInfo): RuleCondition {
  const op = condition.op && info.operators.includes(condition.op) ? condition.op : (info.operators[0] ?? '')
  const sameValues = !!previous && previous.type === info.type && previous.enumValues.join() === info.enumValues.join() && previous.idType === info.idType
  const next: RuleCondition = { ...condition, field: info.field, op }
  if (!sameValues) Object.assign(next, { value: '', list: [], low: '', high: '', labels: {}, asNumber: false })
  next.days = info.needsDays ? condition.days || DEFAULT_DAYS : ''
  next.key = info.needsKey ? condition.key : ''
  return next
}

/** The condition after choosing operator `op`: what was typed carries over to the new inputs. */
export function withOperator(condition: RuleCondition, op: SegmentOperator): RuleCondition {
  const next: RuleCondition = { ...condition, op }
  const from = valueShape(condition.op)
  const to = valueShape(op)
  if (from === to) return next
  const first = from === 'single' ? condition.value : from === 'list' ? (condition.list[0] ?? '') : from === 'range' ? condition.low : ''
  if (to === 'single' && !next.value) next.value = first
  if (to === 'list' && !next.list.length && first) next.list = [first]
  if (to === 'range' && !next.low) next.low = first
  return next
}

// ---------- Reading a stored rule ----------

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** A stored DATETIME ("2026-01-31T00:00:00+00:00") as the date input shows it. */
function dateText(value: unknown): string {
  const s = text(value)
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nodeFromJson(json: unknown, catalogue: Catalogue, makeId: MakeId): RuleNode {
  if (!isObject(json)) return emptyCondition(makeId)
  for (const combinator of ['all', 'any'] as const) {
    const children = json[combinator]
    if (Array.isArray(children)) {
      return {
        kind: 'group',
        id: makeId(),
        combinator,
        negated: false,
        children: children.map((c) => nodeFromJson(c, catalogue, makeId)),
      }
    }
  }
  if (json.not !== undefined && json.not !== null) {
    const inner = nodeFromJson(json.not, catalogue, makeId)
    return { ...inner, negated: !inner.negated }
  }
  const condition = emptyCondition(makeId)
  condition.field = text(json.field)
  condition.op = text(json.op) as SegmentOperator
  condition.days = json.days === undefined || json.days === null ? '' : text(json.days)
  condition.key = text(json.key)
  const info = catalogue.get(condition.field)
  const kind = scalarKind(info, condition)
  const scalar = (v: unknown) => (kind === 'date' ? dateText(v) : text(v))
  const value = json.value
  switch (valueShape(condition.op)) {
    case 'single':
      condition.value = scalar(value)
      break
    case 'lastDays':
      condition.lastDays = text(value)
      break
    case 'list':
      condition.list = Array.isArray(value) ? value.map(scalar) : value === undefined || value === null ? [] : [scalar(value)]
      break
    case 'range':
      if (Array.isArray(value)) {
        condition.low = scalar(value[0])
        condition.high = scalar(value[1])
      }
      break
  }
  if (info?.type === 'ATTRIBUTE' && offersAsNumber(info, condition.op)) {
    const values = Array.isArray(value) ? value : [value]
    condition.asNumber = values.length > 0 && values.every((v) => typeof v === 'number')
  }
  return condition
}

/** The editable tree of a stored rule (`Segment.rule`); the root is always a group. */
export function fromRuleJson(json: unknown, catalogue: Catalogue, makeId: MakeId = nextId): RuleGroup {
  if (json === null || json === undefined) return newRuleTree(makeId)
  const node = nodeFromJson(json, catalogue, makeId)
  if (node.kind === 'group') return node
  return { kind: 'group', id: makeId(), combinator: 'all', negated: false, children: [node] }
}

// ---------- Sending a rule ----------

/** Where each node sits in the rule sent: path (relative to the rule, '' = the rule) → node. */
export type PathIndex = Record<string, { id: string; kind: RuleNode['kind'] }>

export interface BuiltRule {
  rule: SegmentRuleInput
  index: PathIndex
  /** What must be fixed before the rule is worth sending (paths as the API would give them). */
  problems: RuleProblem[]
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const WHOLE = /^\d+$/

/** A number typed by a person: spaces and thousands separators (1,000 / 1，000) allowed. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/[\s,，_]/g, '')
  if (!NUMBER.test(s)) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

export function parseWhole(raw: string): number | null {
  const s = raw.trim()
  return WHOLE.test(s) ? Number(s) : null
}

/** IN / NOT_IN values typed in one box: commas (also ，、；;) or new lines separate them. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function join(path: string, ...segments: (string | number)[]): string {
  return [path, ...segments.map(String)].filter((s) => s !== '').join('.')
}

/**
 * The `SegmentRuleInput` of the tree, where each node went (for userErrors), and the problems a
 * person should fix first (no field chosen, a value missing or not a number, an empty group).
 * Values are converted by the field's type; the API still checks everything (ranges, enums, ids).
 */
export function toRuleInput(root: RuleGroup, catalogue: Catalogue, rootPath = 'rule'): BuiltRule {
  const index: PathIndex = {}
  const problems: RuleProblem[] = []
  const problem = (path: string, messageKey: string, code = 'REQUIRED') =>
    problems.push({ field: join(rootPath, path), code, message: messageKey, messageKey })

  function build(node: RuleNode, path: string): SegmentRuleInput {
    index[path] = { id: node.id, kind: node.kind }
    if (node.negated) {
      const innerPath = join(path, 'not')
      index[innerPath] = { id: node.id, kind: node.kind }
      return { not: inner(node, innerPath) }
    }
    return inner(node, path)
  }

  function inner(node: RuleNode, path: string): SegmentRuleInput {
    if (node.kind === 'group') {
      if (!node.children.length) problem(join(path, node.combinator), 'rule.problems.emptyGroup', 'EMPTY_GROUP')
      return { [node.combinator]: node.children.map((child, i) => build(child, join(path, node.combinator, i))) }
    }
    return condition(node, path)
  }

  function condition(c: RuleCondition, path: string): SegmentRuleInput {
    const out: SegmentRuleInput = {}
    if (!c.field) {
      problem(join(path, 'field'), 'rule.problems.field')
      return out
    }
    out.field = c.field
    const info = catalogue.get(c.field)
    if (!c.op) {
      problem(join(path, 'op'), 'rule.problems.op')
      return out
    }
    out.op = c.op
    if (info?.needsDays) {
      const days = parseWhole(c.days)
      if (!c.days.trim()) problem(join(path, 'days'), 'rule.problems.days')
      else if (days === null || days < 1) problem(join(path, 'days'), 'rule.problems.days', 'INVALID_VALUE')
      out.days = days ?? c.days.trim()
    }
    if (info?.needsKey) {
      if (!c.key.trim()) problem(join(path, 'key'), 'rule.problems.key')
      out.key = c.key.trim()
    }
    const kind = scalarKind(info, c)
    const valuePath = join(path, 'value')
    /** One value as sent; problems go on `at`. */
    const scalar = (raw: string, at: string): unknown => {
      const s = raw.trim()
      if (!s) {
        problem(at, 'rule.problems.value')
        return null
      }
      if (kind === 'number') {
        const n = parseNumber(s)
        if (n === null) problem(at, 'rule.problems.number', 'INVALID_VALUE')
        return n ?? s
      }
      return s
    }
    switch (valueShape(c.op)) {
      case 'single':
        out.value = scalar(c.value, valuePath)
        break
      case 'lastDays': {
        const days = parseWhole(c.lastDays)
        if (!c.lastDays.trim()) problem(valuePath, 'rule.problems.lastDays')
        else if (days === null || days < 1) problem(valuePath, 'rule.problems.lastDays', 'INVALID_VALUE')
        out.value = days ?? c.lastDays.trim()
        break
      }
      case 'list': {
        const values = c.list.map((v) => v.trim()).filter((v) => v.length > 0)
        if (!values.length) problem(valuePath, 'rule.problems.list')
        out.value = values.map((v, i) => scalar(v, join(valuePath, i)))
        break
      }
      case 'range':
        out.value = [scalar(c.low, join(valuePath, 0)), scalar(c.high, join(valuePath, 1))]
        break
      case 'none':
        break
    }
    return out
  }

  const rule = build(root, '')
  return { rule, index, problems }
}

// ---------- userErrors back onto the tree ----------

export interface MappedRuleErrors {
  /** Per node id, per part: the errors to show there. */
  byNode: Record<string, Partial<Record<RulePart, RuleProblem[]>>>
  /** Errors that are not about the rule (or about no node we know): shown on top. */
  other: RuleProblem[]
}

/** The rule-relative path of an error field ('' for the rule itself), or null when not about the rule. */
export function rulePath(field: string | null | undefined, roots: readonly string[] = ['rule', 'input.rule']): string | null {
  if (!field) return null
  const normalized = field.replace(/\[(\d+)\]/g, '.$1')
  for (const root of roots) {
    if (normalized === root) return ''
    if (normalized.startsWith(root + '.')) return normalized.slice(root.length + 1)
  }
  return null
}

const CONDITION_PARTS: readonly RulePart[] = ['field', 'op', 'value', 'days', 'key']

/**
 * Put each error on the node its `field` path points into (the deepest node known at a prefix of
 * it) and on the input the rest of the path names: `rule.all.1.value.0` → node at `all.1`, part
 * `value`; `rule.all.2.any` (an empty group) → node at `all.2`, part `group`.
 */
export function mapRuleErrors(errors: readonly RuleProblem[], index: PathIndex, roots?: readonly string[]): MappedRuleErrors {
  const result: MappedRuleErrors = { byNode: {}, other: [] }
  const paths = Object.keys(index).sort((a, b) => b.length - a.length)
  for (const error of errors) {
    const path = rulePath(error.field, roots)
    const at = path === null ? undefined : paths.find((p) => p === '' || path === p || path.startsWith(p + '.'))
    if (path === null || at === undefined) {
      result.other.push(error)
      continue
    }
    const node = index[at]!
    const rest = (at === '' ? path : path.slice(at.length)).replace(/^\./, '')
    const head = rest.split('.')[0] ?? ''
    let part: RulePart = 'node'
    if (node.kind === 'condition' && (CONDITION_PARTS as readonly string[]).includes(head)) part = head as RulePart
    else if (node.kind === 'group' && rest === head && (head === 'all' || head === 'any')) part = 'group'
    const parts = (result.byNode[node.id] ??= {})
    ;(parts[part] ??= []).push(error)
  }
  return result
}

/** Every id used in the tree's ID conditions (to look up their names). */
export function idValues(root: RuleNode, catalogue: Catalogue): string[] {
  const ids = new Set<string>()
  const walk = (node: RuleNode) => {
    if (node.kind === 'group') return node.children.forEach(walk)
    if (catalogue.get(node.field)?.type !== 'ID') return
    for (const v of [node.value, ...node.list, node.low, node.high]) if (v.trim()) ids.add(v.trim())
  }
  walk(root)
  return [...ids]
}

/** The tree with display names for ids (from a lookup), where none was known. */
export function withLabels(root: RuleGroup, names: Record<string, string>): RuleGroup {
  return mapTree(root, (node) => {
    if (node.kind !== 'condition') return node
    const ids = [node.value, ...node.list].filter((id) => id && names[id] && !node.labels[id])
    if (!ids.length) return node
    return { ...node, labels: { ...node.labels, ...Object.fromEntries(ids.map((id) => [id, names[id]!])) } }
  }) as RuleGroup
}
