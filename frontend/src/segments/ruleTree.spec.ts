import { describe, expect, it } from 'vitest'
import en from '@/i18n/en'
import zhCN from '@/i18n/zh-CN'
import { variableErrors } from '@/test/schema'
import { CREATE_SEGMENT, PREVIEW_SEGMENT } from './operations'
import {
  addChild,
  catalogueOf,
  countConditions,
  emptyCondition,
  emptyGroup,
  findNode,
  fromRuleJson,
  idValues,
  mapRuleErrors,
  newRuleTree,
  offersAsNumber,
  parseNumber,
  removeNode,
  rulePath,
  scalarKind,
  splitList,
  toRuleInput,
  updateNode,
  valueShape,
  withField,
  withLabels,
  withOperator,
  type RuleCondition,
  type RuleGroup,
} from './ruleTree'
import type { SegmentFieldInfo } from './types'

function info(field: string, type: SegmentFieldInfo['type'], operators: SegmentFieldInfo['operators'], extra: Partial<SegmentFieldInfo> = {}): SegmentFieldInfo {
  return {
    field,
    type,
    group: 'ATTRIBUTE',
    description: field,
    operators,
    nullable: true,
    enumValues: [],
    needsDays: false,
    needsKey: false,
    idType: null,
    minimum: null,
    maximum: null,
    ...extra,
  }
}

const FIELDS = [
  info('PROVINCE', 'STRING', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'STARTS_WITH', 'IS_NULL', 'IS_NOT_NULL']),
  info('CITY', 'STRING', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'STARTS_WITH', 'IS_NULL', 'IS_NOT_NULL']),
  info('GENDER', 'ENUM', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'], { enumValues: ['MALE', 'FEMALE', 'OTHER'] }),
  info('AGE', 'NUMBER', ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'IS_NULL', 'IS_NOT_NULL'], { minimum: 0, maximum: 150 }),
  info('SPEND_IN_LAST_DAYS', 'MONEY', ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN'], { group: 'BEHAVIOUR', needsDays: true, nullable: false }),
  info('TOTAL_SPEND', 'MONEY', ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN'], { group: 'BEHAVIOUR', nullable: false }),
  info('CREATED_AT', 'DATETIME', ['GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'WITHIN_LAST_DAYS', 'NOT_WITHIN_LAST_DAYS']),
  info('OWNER', 'ID', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'IS_NULL', 'IS_NOT_NULL'], { idType: 'User' }),
  info('TAGS', 'TAGS', ['CONTAINS', 'IS_NULL', 'IS_NOT_NULL']),
  info('CUSTOM_ATTRIBUTE', 'ATTRIBUTE', ['EQ', 'NEQ', 'IN', 'NOT_IN', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'STARTS_WITH', 'IS_NULL', 'IS_NOT_NULL'], { needsKey: true }),
]
const CATALOGUE = catalogueOf(FIELDS)
const field = (name: string) => CATALOGUE.get(name)!

function ids() {
  let n = 0
  return () => `n${++n}`
}

function condition(patch: Partial<RuleCondition>, makeId = ids()): RuleCondition {
  return { ...emptyCondition(makeId), ...patch }
}

/** province EQ 广东 AND spend in the last 365 days GT 5000 */
function guangdongBigSpenders(): RuleGroup {
  const makeId = ids()
  return {
    kind: 'group',
    id: 'root',
    combinator: 'all',
    negated: false,
    children: [
      condition({ id: 'province', field: 'PROVINCE', op: 'EQ', value: ' 广东 ' }, makeId),
      condition({ id: 'spend', field: 'SPEND_IN_LAST_DAYS', op: 'GT', value: '5000', days: '365' }, makeId),
    ],
  }
}

describe('toRuleInput', () => {
  it('sends the example of the API docs', () => {
    const built = toRuleInput(guangdongBigSpenders(), CATALOGUE)
    expect(built.rule).toEqual({
      all: [
        { field: 'PROVINCE', op: 'EQ', value: '广东' },
        { field: 'SPEND_IN_LAST_DAYS', op: 'GT', value: 5000, days: 365 },
      ],
    })
    expect(built.problems).toEqual([])
    expect(built.index).toEqual({
      '': { id: 'root', kind: 'group' },
      'all.0': { id: 'province', kind: 'condition' },
      'all.1': { id: 'spend', kind: 'condition' },
    })
  })

  it('wraps negated nodes in `not` and indexes both paths', () => {
    const tree: RuleGroup = {
      ...guangdongBigSpenders(),
      negated: true,
      children: [
        { kind: 'group', id: 'g', combinator: 'any', negated: true, children: [condition({ id: 'c', field: 'GENDER', op: 'IN', list: ['MALE', 'OTHER'], negated: true })] },
      ],
    }
    const built = toRuleInput(tree, CATALOGUE)
    expect(built.rule).toEqual({ not: { all: [{ not: { any: [{ not: { field: 'GENDER', op: 'IN', value: ['MALE', 'OTHER'] } }] } }] } })
    expect(Object.keys(built.index).sort()).toEqual(['', 'not', 'not.all.0', 'not.all.0.not', 'not.all.0.not.any.0', 'not.all.0.not.any.0.not'])
    expect(built.index['not.all.0.not.any.0.not']).toEqual({ id: 'c', kind: 'condition' })
  })

  it('converts each value by the field type and operator', () => {
    const tree: RuleGroup = {
      kind: 'group',
      id: 'root',
      combinator: 'any',
      negated: false,
      children: [
        condition({ field: 'AGE', op: 'BETWEEN', low: '18', high: ' 35 ' }),
        condition({ field: 'CREATED_AT', op: 'WITHIN_LAST_DAYS', lastDays: '90' }),
        condition({ field: 'CREATED_AT', op: 'LT', value: '2026-01-31' }),
        condition({ field: 'CITY', op: 'NOT_IN', list: ['广州', ' 深圳 ', ''] }),
        condition({ field: 'OWNER', op: 'EQ', value: 'VXNlcjox' }),
        condition({ field: 'TAGS', op: 'CONTAINS', value: 'vip' }),
        condition({ field: 'PROVINCE', op: 'IS_NULL', value: 'left over' }),
        condition({ field: 'CUSTOM_ATTRIBUTE', op: 'EQ', key: 'vip_level', value: '3' }),
        condition({ field: 'CUSTOM_ATTRIBUTE', op: 'EQ', key: 'vip_level', value: '3', asNumber: true }),
        condition({ field: 'CUSTOM_ATTRIBUTE', op: 'GTE', key: 'score', value: '1,000.5' }),
        condition({ field: 'TOTAL_SPEND', op: 'GT', value: '12,000' }),
      ],
    }
    const built = toRuleInput(tree, CATALOGUE)
    expect(built.problems).toEqual([])
    expect(built.rule.any).toEqual([
      { field: 'AGE', op: 'BETWEEN', value: [18, 35] },
      { field: 'CREATED_AT', op: 'WITHIN_LAST_DAYS', value: 90 },
      { field: 'CREATED_AT', op: 'LT', value: '2026-01-31' },
      { field: 'CITY', op: 'NOT_IN', value: ['广州', '深圳'] },
      { field: 'OWNER', op: 'EQ', value: 'VXNlcjox' },
      { field: 'TAGS', op: 'CONTAINS', value: 'vip' },
      { field: 'PROVINCE', op: 'IS_NULL' },
      { field: 'CUSTOM_ATTRIBUTE', op: 'EQ', key: 'vip_level', value: '3' },
      { field: 'CUSTOM_ATTRIBUTE', op: 'EQ', key: 'vip_level', value: 3 },
      { field: 'CUSTOM_ATTRIBUTE', op: 'GTE', key: 'score', value: 1000.5 },
      { field: 'TOTAL_SPEND', op: 'GT', value: 12000 },
    ])
  })

  it('lists what to fix first, at the paths the API would use', () => {
    const tree: RuleGroup = {
      kind: 'group',
      id: 'root',
      combinator: 'all',
      negated: false,
      children: [
        condition({ id: 'a' }),
        condition({ id: 'b', field: 'AGE', op: 'GT', value: 'old' }),
        condition({ id: 'c', field: 'SPEND_IN_LAST_DAYS', op: 'GT', value: '', days: '1.5' }),
        { kind: 'group', id: 'g', combinator: 'any', negated: true, children: [] },
        condition({ id: 'd', field: 'CITY', op: 'IN', list: [' '] }),
        condition({ id: 'e', field: 'AGE', op: 'BETWEEN', low: '1' }),
        condition({ id: 'f', field: 'CUSTOM_ATTRIBUTE', op: 'EQ', value: 'x' }),
        condition({ id: 'h', field: 'CREATED_AT', op: 'NOT_WITHIN_LAST_DAYS', lastDays: '0' }),
      ],
    }
    const built = toRuleInput(tree, CATALOGUE, 'input.rule')
    expect(built.problems.map((p) => [p.field, p.code, p.messageKey])).toEqual([
      ['input.rule.all.0.field', 'REQUIRED', 'rule.problems.field'],
      ['input.rule.all.1.value', 'INVALID_VALUE', 'rule.problems.number'],
      ['input.rule.all.2.days', 'INVALID_VALUE', 'rule.problems.days'],
      ['input.rule.all.2.value', 'REQUIRED', 'rule.problems.value'],
      ['input.rule.all.3.not.any', 'EMPTY_GROUP', 'rule.problems.emptyGroup'],
      ['input.rule.all.4.value', 'REQUIRED', 'rule.problems.list'],
      ['input.rule.all.5.value.1', 'REQUIRED', 'rule.problems.value'],
      ['input.rule.all.6.key', 'REQUIRED', 'rule.problems.key'],
      ['input.rule.all.7.value', 'INVALID_VALUE', 'rule.problems.lastDays'],
    ])
    // Each problem lands back on its own node and input.
    const mapped = mapRuleErrors(built.problems, built.index)
    expect(mapped.other).toEqual([])
    expect(Object.keys(mapped.byNode).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    expect(Object.keys(mapped.byNode.c!).sort()).toEqual(['days', 'value'])
    expect(Object.keys(mapped.byNode.g!)).toEqual(['group'])
    // Each has a message in both languages.
    const lookup = (catalogue: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue)
    for (const p of built.problems) {
      expect(typeof lookup(en, p.messageKey!), p.messageKey).toBe('string')
      expect(typeof lookup(zhCN, p.messageKey!), p.messageKey).toBe('string')
    }
  })

  it('gives inputs the API schema accepts', () => {
    const built = toRuleInput(guangdongBigSpenders(), CATALOGUE)
    expect(variableErrors(PREVIEW_SEGMENT, { rule: built.rule })).toEqual([])
    expect(variableErrors(CREATE_SEGMENT, { input: { name: 'x', kind: 'DYNAMIC', rule: built.rule } })).toEqual([])
  })
})

describe('mapRuleErrors', () => {
  const tree: RuleGroup = {
    kind: 'group',
    id: 'root',
    combinator: 'all',
    negated: false,
    children: [
      condition({ id: 'p', field: 'PROVINCE', op: 'EQ', value: '广东' }),
      { kind: 'group', id: 'g', combinator: 'any', negated: false, children: [condition({ id: 'x', negated: true, field: 'AGE', op: 'BETWEEN', low: '9', high: '3' })] },
    ],
  }
  const { index } = toRuleInput(tree, CATALOGUE)
  const err = (field: string | null, code = 'INVALID_VALUE') => ({ field, code, message: `bad ${field}` })

  it('puts preview errors (rule.…) and mutation errors (input.rule.…) on the node and input', () => {
    const mapped = mapRuleErrors(
      [
        err('rule.all.0.value'),
        err('input.rule.all.1.any.0.not.value.1'),
        err('rule.all.1.any', 'EMPTY_GROUP'),
        err('rule.all.0.op', 'INVALID_OPERATOR'),
        err('rule.all.1.any.0.not', 'INVALID_RULE'),
        err('rule', 'RULE_TOO_LARGE'),
      ],
      index,
    )
    expect(mapped.other).toEqual([])
    expect(mapped.byNode.p!.value!.map((e) => e.field)).toEqual(['rule.all.0.value'])
    expect(mapped.byNode.p!.op!.map((e) => e.code)).toEqual(['INVALID_OPERATOR'])
    expect(mapped.byNode.x!.value!.map((e) => e.field)).toEqual(['input.rule.all.1.any.0.not.value.1'])
    expect(mapped.byNode.x!.node!.map((e) => e.code)).toEqual(['INVALID_RULE'])
    expect(mapped.byNode.g!.group!.map((e) => e.code)).toEqual(['EMPTY_GROUP'])
    expect(mapped.byNode.root!.node!.map((e) => e.code)).toEqual(['RULE_TOO_LARGE'])
  })

  it('goes to the deepest node known when a path runs past the tree', () => {
    const mapped = mapRuleErrors([err('rule.all.1.any.7.value')], index)
    expect(mapped.byNode.g!.node!.map((e) => e.field)).toEqual(['rule.all.1.any.7.value'])
  })

  it('leaves errors about other inputs for the form', () => {
    const mapped = mapRuleErrors([err('input.name', 'REQUIRED'), err(null, 'FORBIDDEN'), err('input.ruleX')], index)
    expect(mapped.other.map((e) => e.field)).toEqual(['input.name', null, 'input.ruleX'])
    expect(mapped.byNode).toEqual({})
  })

  it('reads bracket indexes', () => {
    expect(rulePath('input.rule.all[1].any[0].value')).toBe('all.1.any.0.value')
    expect(rulePath('rule')).toBe('')
    expect(rulePath('input.name')).toBeNull()
    expect(rulePath(null)).toBeNull()
  })
})

describe('fromRuleJson', () => {
  it('reads back what toRuleInput sends', () => {
    const sent = toRuleInput(guangdongBigSpenders(), CATALOGUE).rule
    const tree = fromRuleJson(sent, CATALOGUE, ids())
    expect(toRuleInput(tree, CATALOGUE).rule).toEqual(sent)
    expect(tree.children.map((c) => c.kind)).toEqual(['condition', 'condition'])
    expect((tree.children[1] as RuleCondition).days).toBe('365')
  })

  it('reads a stored rule: nested not, ids, dates, lists, ranges, numeric attributes', () => {
    const stored = {
      any: [
        { not: { all: [{ field: 'OWNER', op: 'IN', value: ['VXNlcjox', 'VXNlcjoy'] }, { not: { field: 'TAGS', op: 'CONTAINS', value: 'vip' } }] } },
        { field: 'CREATED_AT', op: 'BETWEEN', value: ['2026-01-01T00:00:00+00:00', '2026-03-31T00:00:00+00:00'] },
        { field: 'CREATED_AT', op: 'WITHIN_LAST_DAYS', value: 30 },
        { field: 'CUSTOM_ATTRIBUTE', op: 'IN', key: 'level', value: [1, 2] },
        { field: 'CUSTOM_ATTRIBUTE', op: 'EQ', key: 'tier', value: 'gold' },
      ],
    }
    const tree = fromRuleJson(stored, CATALOGUE, ids())
    expect(tree.combinator).toBe('any')
    const [group, between, within, numeric, textual] = tree.children as [RuleGroup, RuleCondition, RuleCondition, RuleCondition, RuleCondition]
    expect(group.negated).toBe(true)
    expect((group.children[0] as RuleCondition).list).toEqual(['VXNlcjox', 'VXNlcjoy'])
    expect(group.children[1]!.negated).toBe(true)
    expect([between.low, between.high]).toEqual(['2026-01-01', '2026-03-31'])
    expect(within.lastDays).toBe('30')
    expect(numeric.asNumber).toBe(true)
    expect(textual.asNumber).toBe(false)
    expect(toRuleInput(tree, CATALOGUE).rule).toEqual({
      any: [
        stored.any[0],
        { field: 'CREATED_AT', op: 'BETWEEN', value: ['2026-01-01', '2026-03-31'] },
        stored.any[2],
        stored.any[3],
        stored.any[4],
      ],
    })
  })

  it('always gives a group at the root', () => {
    const single = fromRuleJson({ field: 'PROVINCE', op: 'EQ', value: '广东' }, CATALOGUE, ids())
    expect(single.kind).toBe('group')
    expect(single.children).toHaveLength(1)
    const negated = fromRuleJson({ not: { all: [{ field: 'PROVINCE', op: 'IS_NULL' }] } }, CATALOGUE, ids())
    expect(negated.negated).toBe(true)
    expect(fromRuleJson(null, CATALOGUE, ids()).children).toHaveLength(1)
  })
})

describe('editing the tree', () => {
  it('adds, updates and removes nodes without touching other branches', () => {
    const makeId = ids()
    const root = newRuleTree(makeId)
    const group = emptyGroup('any', makeId)
    const withGroup = addChild(root, root.id, group)
    expect(withGroup.children).toHaveLength(2)
    expect(withGroup.children[0]).toBe(root.children[0])
    const inner = group.children[0]!.id
    const updated = updateNode(withGroup, inner, { field: 'CITY' })
    expect((findNode(updated, inner) as RuleCondition).field).toBe('CITY')
    expect(updated.children[0]).toBe(withGroup.children[0])
    expect(countConditions(updated)).toBe(2)
    const removed = removeNode(updated, group.id)
    expect(removed.children.map((c) => c.id)).toEqual([root.children[0]!.id])
    expect(removeNode(removed, removed.id)).toBe(removed)
  })

  it('keeps the operator when the new field allows it, and prefills the days window', () => {
    const c = condition({ field: 'PROVINCE', op: 'NEQ', value: '广东' })
    const city = withField(c, field('CITY'), field('PROVINCE'))
    expect([city.op, city.value]).toEqual(['NEQ', '广东'])
    const spend = withField(c, field('SPEND_IN_LAST_DAYS'), field('PROVINCE'))
    expect([spend.op, spend.value, spend.days]).toEqual(['NEQ', '', '30'])
    const tags = withField(c, field('TAGS'), field('PROVINCE'))
    expect(tags.op).toBe('CONTAINS')
    expect(withField(emptyCondition(ids()), field('GENDER')).op).toBe('EQ')
  })

  it('carries what was typed over to the new operator’s inputs', () => {
    const c = condition({ field: 'CITY', op: 'EQ', value: '广州' })
    expect(withOperator(c, 'IN').list).toEqual(['广州'])
    expect(withOperator(condition({ field: 'AGE', op: 'GT', value: '30' }), 'BETWEEN').low).toBe('30')
    expect(withOperator(condition({ field: 'CITY', op: 'IN', list: ['深圳'] }), 'EQ').value).toBe('深圳')
    expect(withOperator(c, 'NEQ').value).toBe('广州')
  })

  it('knows the inputs of each operator and type', () => {
    expect(valueShape('IS_NOT_NULL')).toBe('none')
    expect(valueShape('NOT_IN')).toBe('list')
    expect(valueShape('BETWEEN')).toBe('range')
    expect(valueShape('NOT_WITHIN_LAST_DAYS')).toBe('lastDays')
    expect(valueShape('STARTS_WITH')).toBe('single')
    expect(scalarKind(field('SPEND_IN_LAST_DAYS'), { op: 'GT', asNumber: false })).toBe('number')
    expect(scalarKind(field('GENDER'), { op: 'EQ', asNumber: false })).toBe('enum')
    expect(scalarKind(field('CREATED_AT'), { op: 'GT', asNumber: false })).toBe('date')
    expect(scalarKind(field('OWNER'), { op: 'IN', asNumber: false })).toBe('id')
    expect(scalarKind(field('CUSTOM_ATTRIBUTE'), { op: 'EQ', asNumber: false })).toBe('text')
    expect(scalarKind(field('CUSTOM_ATTRIBUTE'), { op: 'LT', asNumber: false })).toBe('number')
    expect(scalarKind(undefined, { op: 'EQ', asNumber: false })).toBe('text')
    expect(offersAsNumber(field('CUSTOM_ATTRIBUTE'), 'IN')).toBe(true)
    expect(offersAsNumber(field('CUSTOM_ATTRIBUTE'), 'GT')).toBe(false)
    expect(offersAsNumber(field('AGE'), 'EQ')).toBe(false)
  })

  it('collects ids to name and names them', () => {
    const tree: RuleGroup = {
      kind: 'group',
      id: 'root',
      combinator: 'all',
      negated: false,
      children: [condition({ id: 'o', field: 'OWNER', op: 'IN', list: ['VXNlcjox', 'VXNlcjoy'] }), condition({ field: 'CITY', op: 'EQ', value: 'x' })],
    }
    expect(idValues(tree, CATALOGUE)).toEqual(['VXNlcjox', 'VXNlcjoy'])
    const named = withLabels(tree, { VXNlcjox: 'Li Na' })
    expect((named.children[0] as RuleCondition).labels).toEqual({ VXNlcjox: 'Li Na' })
    expect(named.children[1]).toBe(tree.children[1])
  })
})

describe('typed values', () => {
  it('reads numbers as people type them', () => {
    expect(parseNumber('5000')).toBe(5000)
    expect(parseNumber(' 1,234.5 ')).toBe(1234.5)
    expect(parseNumber('1，000')).toBe(1000)
    expect(parseNumber('-3')).toBe(-3)
    expect(parseNumber('.5')).toBe(0.5)
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('12abc')).toBeNull()
    expect(parseNumber('Infinity')).toBeNull()
  })
  it('splits lists on commas, Chinese punctuation and new lines', () => {
    expect(splitList('广州, 深圳，佛山、东莞\n珠海;;')).toEqual(['广州', '深圳', '佛山', '东莞', '珠海'])
    expect(splitList(' ')).toEqual([])
  })
})
