/** Send one workflow step of a complaint (the mutation named by the API's action). */
import { mutate } from '@/api/client'
import {
  ACKNOWLEDGE_COMPLAINT,
  CLOSE_COMPLAINT,
  REOPEN_COMPLAINT,
  RESOLVE_COMPLAINT,
  START_COMPLAINT_WORK,
  type ComplaintPayload,
} from './operations'
import type { ComplaintAction } from './types'

export async function runComplaintStep(
  action: ComplaintAction,
  input: { id: string; note: string | null; resolution: string },
): Promise<ComplaintPayload> {
  const step = { id: input.id, note: input.note }
  switch (action) {
    case 'acknowledge':
      return (await mutate(ACKNOWLEDGE_COMPLAINT, { input: step })).acknowledgeComplaint
    case 'start_work':
      return (await mutate(START_COMPLAINT_WORK, { input: step })).startComplaintWork
    case 'resolve':
      return (await mutate(RESOLVE_COMPLAINT, { input: { ...step, resolution: input.resolution } })).resolveComplaint
    case 'close':
      return (await mutate(CLOSE_COMPLAINT, { input: step })).closeComplaint
    case 'reopen':
      return (await mutate(REOPEN_COMPLAINT, { input: step })).reopenComplaint
  }
}
