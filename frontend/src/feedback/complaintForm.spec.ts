import { describe, expect, it } from 'vitest'
import { mapUserErrors } from '@/composables/fieldPaths'
import { variableErrors } from '@/test/schema'
import { COMPLAINT_FIELD_KEYS, buildFileComplaintInput, emptyComplaintForm } from './complaintForm'
import { FILE_COMPLAINT } from './operations'

describe('buildFileComplaintInput', () => {
  it('sends the text, the title, severity and channel', () => {
    const built = buildFileComplaintInput(
      { subject: ' 快递延误 ', text: ' 包裹一周还没到。 ', severity: 'HIGH', channel: 'WECHAT' },
      'Q3VzdG9tZXI6MQ==',
      'key-1',
    )
    expect(built.errors).toEqual([])
    expect(built.input).toEqual({
      customerId: 'Q3VzdG9tZXI6MQ==',
      text: '包裹一周还没到。',
      subject: '快递延误',
      severity: 'HIGH',
      channel: 'WECHAT',
      idempotencyKey: 'key-1',
    })
    expect(variableErrors(FILE_COMPLAINT, { input: built.input })).toEqual([])
  })

  it('leaves the title and channel to the API when empty (the first line becomes the title)', () => {
    const built = buildFileComplaintInput({ ...emptyComplaintForm(), text: 'Broken on arrival' }, 'c', 'k')
    expect(built.input).toMatchObject({ subject: null, channel: null, severity: 'MEDIUM' })
    expect(variableErrors(FILE_COMPLAINT, { input: built.input })).toEqual([])
  })

  it('needs the text, and a title of at most 200 characters, on their fields', () => {
    const built = buildFileComplaintInput({ ...emptyComplaintForm(), text: '   ', subject: 'x'.repeat(201) }, 'c', 'k')
    const mapped = mapUserErrors(built.errors, COMPLAINT_FIELD_KEYS)
    expect(Object.keys(mapped.fields).sort()).toEqual(['subject', 'text'])
    expect(mapped.fields.text![0]!.code).toBe('REQUIRED')
    expect(mapped.form).toEqual([])
  })
})
