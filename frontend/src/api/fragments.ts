/** Fragments every domain uses; interpolate them at the end of an operation document. */
import { gql } from './client'

export const PAGE_INFO_FIELDS = gql`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    hasPreviousPage
    startCursor
    endCursor
  }
`

export const USER_ERROR_FIELDS = gql`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`
