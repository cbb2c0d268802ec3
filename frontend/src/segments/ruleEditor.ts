/**
 * What the rule builder hands down to its (recursive) group and condition editors: the field
 * catalogue, the edits they may make, and the messages to show at each node.
 */
import type { InjectionKey } from 'vue'
import type { Catalogue, RuleCondition, RuleGroup, RulePart } from './ruleTree'
import type { SegmentFieldGroup, SegmentFieldInfo, SegmentOperator } from './types'

export interface RuleEditor {
  catalogue: () => Catalogue
  /** The catalogue by group, in the picker's order. */
  fieldGroups: () => { group: SegmentFieldGroup; fields: SegmentFieldInfo[] }[]
  /** May the viewer search staff (an owner picker for OWNER conditions)? */
  canPickUsers: () => boolean
  /** The messages to show at a node's part. */
  messages: (nodeId: string, part: RulePart) => string[]
  patch: (id: string, patch: Partial<RuleCondition> | Partial<RuleGroup>) => void
  setField: (id: string, field: string) => void
  setOperator: (id: string, op: SegmentOperator) => void
  addCondition: (groupId: string) => void
  addGroup: (groupId: string) => void
  remove: (id: string) => void
  /** Focus left the node: its own problems may show now. */
  touch: (id: string) => void
  disabled: () => boolean
}

export const RULE_EDITOR: InjectionKey<RuleEditor> = Symbol('rule-editor')
