/** Names of rule fields, operators and values in the interface language. */
import { useI18n } from 'vue-i18n'
import { useFormat } from '@/composables/useFormat'
import type { SegmentFieldInfo, SegmentOperator } from './types'

/** The enum (under `enums.` in the catalogues) whose labels an ENUM field's values take. */
const FIELD_ENUMS: Record<string, string> = {
  KIND: 'CustomerKind',
  GENDER: 'Gender',
  INCOME_BAND: 'IncomeBand',
  COMPANY_SIZE: 'CompanySize',
  GEOGRAPHY_CLASS: 'GeographyClass',
  LIFECYCLE_STAGE: 'LifecycleStage',
}

/** "DAYS_SINCE_LAST_PURCHASE" -> "Days since last purchase" (a field this build has no name for). */
function humanize(name: string): string {
  const words = name.toLowerCase().replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function useRuleLabels() {
  const { t, te } = useI18n()
  const { enumLabel } = useFormat()

  const fieldLabel = (field: string) => (te(`segments.fields.${field}`) ? t(`segments.fields.${field}`) : humanize(field))
  const groupLabel = (group: string) => (te(`segments.fieldGroups.${group}`) ? t(`segments.fieldGroups.${group}`) : humanize(group))

  function opLabel(info: SegmentFieldInfo | undefined, op: SegmentOperator | string): string {
    if (info?.type === 'DATETIME' && te(`segments.dateOperators.${op}`)) return t(`segments.dateOperators.${op}`)
    return te(`segments.operators.${op}`) ? t(`segments.operators.${op}`) : humanize(op)
  }

  function valueLabel(field: string, value: string): string {
    const enumName = FIELD_ENUMS[field]
    return enumName ? enumLabel(enumName, value) : value
  }

  return { fieldLabel, groupLabel, opLabel, valueLabel }
}
