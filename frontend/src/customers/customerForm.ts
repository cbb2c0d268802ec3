/**
 * The customer form's state and its translation to CreateCustomerInput /
 * UpdateCustomerInput. Pure functions, no Vue.
 */
import { parseTags } from './listQuery'
import type {
  CompanySize,
  ContactPoint,
  ContactPointInput,
  CreateCustomerInput,
  Customer,
  CustomerFieldsInput,
  CustomerKind,
  Gender,
  IncomeBand,
  OwnerRef,
  UpdateCustomerInput,
} from './types'

export interface ContactRow {
  /** Stable key for v-for (rows can be removed). */
  key: number
  value: string
  label: string
  primary: boolean
}

export interface CustomerFormState {
  kind: CustomerKind
  name: string
  emails: ContactRow[]
  phones: ContactRow[]
  wechatId: string
  address: string
  gender: Gender | ''
  birthday: string
  occupation: string
  incomeBand: IncomeBand | ''
  industry: string
  companySize: CompanySize | ''
  country: string
  province: string
  city: string
  acquisitionChannel: string
  acquisitionCampaign: string
  owner: OwnerRef | null
  tagsText: string
  customAttributesText: string
  externalReference: string
}

/** The plain-text inputs, in the order the form shows them. */
export const TEXT_FIELDS = [
  'wechatId',
  'address',
  'occupation',
  'industry',
  'country',
  'province',
  'city',
  'acquisitionChannel',
  'acquisitionCampaign',
  'externalReference',
] as const

let nextRowKey = 1
export function contactRow(value = '', primary = false, label = ''): ContactRow {
  return { key: nextRowKey++, value, label, primary }
}

export function emptyFormState(owner: OwnerRef | null = null): CustomerFormState {
  return {
    kind: 'PERSON',
    name: '',
    emails: [contactRow('', true)],
    phones: [contactRow('', true)],
    wechatId: '',
    address: '',
    gender: '',
    birthday: '',
    occupation: '',
    incomeBand: '',
    industry: '',
    companySize: '',
    country: '',
    province: '',
    city: '',
    acquisitionChannel: '',
    acquisitionCampaign: '',
    owner,
    tagsText: '',
    customAttributesText: '',
    externalReference: '',
  }
}

function rows(points: readonly ContactPoint[]): ContactRow[] {
  if (points.length === 0) return [contactRow('', true)]
  return points.map((p) => contactRow(p.value, p.primary, p.label ?? ''))
}

export function formStateFromCustomer(customer: Customer): CustomerFormState {
  const attrs = customer.customAttributes ?? {}
  return {
    kind: customer.kind,
    name: customer.name,
    emails: rows(customer.emails),
    phones: rows(customer.phones),
    wechatId: customer.wechatId ?? '',
    address: customer.address ?? '',
    gender: customer.gender ?? '',
    birthday: customer.birthday ?? '',
    occupation: customer.occupation ?? '',
    incomeBand: customer.incomeBand ?? '',
    industry: customer.industry ?? '',
    companySize: customer.companySize ?? '',
    country: customer.country ?? '',
    province: customer.province ?? '',
    city: customer.city ?? '',
    acquisitionChannel: customer.acquisitionChannel ?? '',
    acquisitionCampaign: customer.acquisitionCampaign ?? '',
    owner: customer.owner ? { id: customer.owner.id, name: customer.owner.name, email: customer.owner.email } : null,
    tagsText: customer.tags.join(', '),
    customAttributesText: Object.keys(attrs).length ? JSON.stringify(attrs, null, 2) : '',
    externalReference: customer.externalReference ?? '',
  }
}

/** Mark exactly one row primary (the clicked one). */
export function setPrimary(list: ContactRow[], key: number): void {
  for (const row of list) row.primary = row.key === key
}

export interface ContactPointsResult {
  points: ContactPointInput[]
  /** sentToRow[i] = index of the form row that became points[i] (blank rows are left out). */
  sentToRow: number[]
}

/** Blank rows are left out; exactly one point is primary (the marked one, else the first). */
export function contactPoints(list: readonly ContactRow[]): ContactPointsResult {
  const points: ContactPointInput[] = []
  const sentToRow: number[] = []
  list.forEach((row, index) => {
    const value = row.value.trim()
    if (!value) return
    points.push({ value, primary: row.primary, label: row.label.trim() || null })
    sentToRow.push(index)
  })
  const marked = points.findIndex((p) => p.primary)
  points.forEach((p, i) => {
    p.primary = marked === -1 ? i === 0 : i === marked
  })
  return { points, sentToRow }
}

export type JsonProblem = 'invalidJson' | 'notAnObject'

export function parseCustomAttributes(
  text: string,
): { value: Record<string, unknown> | null; problem: JsonProblem | null } {
  if (!text.trim()) return { value: null, problem: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { value: null, problem: 'invalidJson' }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { value: null, problem: 'notAnObject' }
  }
  return { value: parsed as Record<string, unknown>, problem: null }
}

export interface BuiltFields {
  /** Every writable field; empty text is null. */
  fields: Required<CustomerFieldsInput>
  rowMaps: { emails: number[]; phones: number[] }
  /** Set when the custom attributes text is not a JSON object: do not submit. */
  jsonProblem: JsonProblem | null
}

const text = (value: string): string | null => value.trim() || null

export function buildFields(state: CustomerFormState): BuiltFields {
  const emails = contactPoints(state.emails)
  const phones = contactPoints(state.phones)
  const attrs = parseCustomAttributes(state.customAttributesText)
  return {
    fields: {
      kind: state.kind,
      name: state.name.trim(),
      emails: emails.points,
      phones: phones.points,
      wechatId: text(state.wechatId),
      address: text(state.address),
      gender: state.gender || null,
      birthday: text(state.birthday),
      occupation: text(state.occupation),
      incomeBand: state.incomeBand || null,
      industry: text(state.industry),
      companySize: state.companySize || null,
      country: text(state.country)?.toUpperCase() ?? null,
      province: text(state.province),
      city: text(state.city),
      acquisitionChannel: text(state.acquisitionChannel),
      acquisitionCampaign: text(state.acquisitionCampaign),
      ownerId: state.owner?.id ?? null,
      tags: parseTags(state.tagsText),
      customAttributes: attrs.value,
      externalReference: text(state.externalReference),
    },
    rowMaps: { emails: emails.sentToRow, phones: phones.sentToRow },
    jsonProblem: attrs.problem,
  }
}

/** CreateCustomerInput: fields left empty are not sent, so the server's defaults apply. */
export function buildCreateInput(built: BuiltFields, idempotencyKey: string): CreateCustomerInput {
  const input: CreateCustomerInput = { name: built.fields.name, idempotencyKey }
  for (const [key, value] of Object.entries(built.fields)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue
    ;(input as unknown as Record<string, unknown>)[key] = value
  }
  return input
}

/**
 * UpdateCustomerInput with only the fields that changed since the form opened
 * (omitted = unchanged, null = cleared), so concurrent edits of other fields survive.
 */
export function buildUpdateInput(id: string, built: BuiltFields, initial: BuiltFields): UpdateCustomerInput {
  const input: UpdateCustomerInput = { id }
  const before = initial.fields as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(built.fields)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) {
      ;(input as unknown as Record<string, unknown>)[key] = value
    }
  }
  return input
}

/** The keys userErrors can be shown next to (see composables/fieldPaths.ts). */
export function fieldKeys(state: CustomerFormState): string[] {
  const contact = (list: 'emails' | 'phones') => [
    list,
    ...state[list].flatMap((_, i) => [`${list}.${i}.value`, `${list}.${i}.label`, `${list}.${i}.primary`]),
  ]
  return [
    'kind',
    'name',
    ...contact('emails'),
    ...contact('phones'),
    'wechatId',
    'address',
    'gender',
    'birthday',
    'occupation',
    'incomeBand',
    'industry',
    'companySize',
    'country',
    'province',
    'city',
    'acquisitionChannel',
    'acquisitionCampaign',
    'ownerId',
    'tags',
    'customAttributes',
    'externalReference',
  ]
}
