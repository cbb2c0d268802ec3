/**
 * Every operation exported from src/**\/operations.ts must parse and validate against the
 * API schema: $GUANXI_SCHEMA if set, else ../schema.graphql (the backend's exported SDL),
 * else the contract in /tmp/contract/contract.graphql.
 */
import { Kind, parse, validate, type DocumentNode } from 'graphql'
import { describe, expect, it } from 'vitest'
import { loadSchema, schemaPath } from '@/test/schema'

const modules = import.meta.glob<Record<string, unknown>>('/src/**/operations.ts', { eager: true })

interface Operation {
  name: string
  document: DocumentNode
}

function collectOperations(): { operations: Operation[]; fragmentsOnly: string[] } {
  const operations: Operation[] = []
  const fragmentsOnly: string[] = []
  for (const [file, exports] of Object.entries(modules)) {
    for (const [exportName, value] of Object.entries(exports)) {
      if (typeof value !== 'string') continue
      const name = `${file}#${exportName}`
      const document = parse(value)
      if (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) {
        operations.push({ name, document })
      } else {
        fragmentsOnly.push(name)
      }
    }
  }
  return { operations, fragmentsOnly }
}

const path = schemaPath()
const schema = loadSchema()
const { operations, fragmentsOnly } = collectOperations()

describe(`operations validate against ${path}`, () => {
  it('finds the operations of every domain', () => {
    const files = Object.keys(modules)
    expect(files).toContain('/src/accounts/operations.ts')
    expect(files).toContain('/src/customers/operations.ts')
    expect(files).toContain('/src/interactions/operations.ts')
    expect(files).toContain('/src/feedback/operations.ts')
    const names = operations.map((o) => o.name.split('#')[1])
    for (const required of [
      'LOGIN',
      'LOGOUT',
      'VIEWER',
      'CUSTOMERS',
      'CUSTOMER',
      'CREATE_CUSTOMER',
      'UPDATE_CUSTOMER',
      'CUSTOMER_TIMELINE',
      'CUSTOMER_CONTACT',
      'CONSENT_HISTORY',
      'LOG_CONTACT',
      'COMPLETE_FOLLOW_UP',
      'SET_CONSENT',
      'SET_PREFERRED_CHANNEL',
      'CARE_REMINDERS',
      'INTERACTION_LOGGED',
      'CONTACT_POLICY',
      'UPDATE_CONTACT_POLICY',
      'COMPLAINT_BOARD',
      'BOARD_ASSIGNEE',
      'COMPLAINT',
      'CUSTOMER_OPEN_COMPLAINTS',
      'FEEDBACK_LIST',
      'SERVICE_STANDARDS',
      'UPDATE_SERVICE_STANDARD',
      'FILE_COMPLAINT',
      'SUBMIT_FEEDBACK',
      'ACKNOWLEDGE_COMPLAINT',
      'START_COMPLAINT_WORK',
      'RESOLVE_COMPLAINT',
      'CLOSE_COMPLAINT',
      'REOPEN_COMPLAINT',
      'ASSIGN_COMPLAINT',
      'RATE_COMPLAINT_RESOLUTION',
      'UPDATE_NEED_STATUS',
      'COMPLAINT_FILED',
      'COMPLAINT_CARD_UPDATED',
      'COMPLAINT_UPDATED',
    ]) {
      expect(names).toContain(required)
    }
  })

  it.each(operations.map((o) => [o.name, o.document] as const))('%s', (_name, document) => {
    const errors = validate(schema, document).map((e) => e.message)
    expect(errors).toEqual([])
    const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
    expect(ops).toHaveLength(1)
    expect(ops[0]!.name?.value, 'operations are named').toBeTruthy()
  })

  it('uses every exported fragment in some operation', () => {
    const used = new Set<string>()
    for (const { document } of operations) {
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) used.add(d.name.value)
    }
    for (const name of fragmentsOnly) {
      const exports = modules[name.split('#')[0]!]!
      const doc = parse(exports[name.split('#')[1]!] as string)
      for (const d of doc.definitions) {
        if (d.kind === Kind.FRAGMENT_DEFINITION) expect(used, `${name} is unused`).toContain(d.name.value)
      }
    }
  })

  it('gives every operation a unique name', () => {
    const names = operations.flatMap(({ document }) =>
      document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [])),
    )
    expect(new Set(names).size).toBe(names.length)
  })
})
