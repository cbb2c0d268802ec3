/** GraphQL operations of the accounts domain (sign-in, the viewer, staff users). */
import { gql } from '@/api/client'
import { PAGE_INFO_FIELDS, USER_ERROR_FIELDS } from '@/api/fragments'
import type { Connection, UserError } from '@/api/types'
import type { StaffUser, Viewer } from './types'

export const VIEWER_FIELDS = gql`
  fragment ViewerFields on Viewer {
    kind
    name
    role
    permissions
    user {
      id
      name
      email
      role
    }
  }
`

export const VIEWER = gql<{ viewer: Viewer }, Record<string, never>>`
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
  ${VIEWER_FIELDS}
`

export const LOGIN = gql<
  { login: { viewer: Viewer | null; userErrors: UserError[] } },
  { input: { email: string; password: string } }
>`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      viewer {
        ...ViewerFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${VIEWER_FIELDS}
  ${USER_ERROR_FIELDS}
`

export const LOGOUT = gql<{ logout: { ok: boolean; userErrors: UserError[] } }, Record<string, never>>`
  mutation Logout {
    logout {
      ok
      userErrors {
        ...UserErrorFields
      }
    }
  }
  ${USER_ERROR_FIELDS}
`

export const USERS = gql<
  { users: Connection<StaffUser> },
  { search?: string | null; first?: number | null; after?: string | null }
>`
  query Users($search: String, $first: Int, $after: String) {
    users(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          name
          email
          role
        }
      }
    }
  }
  ${PAGE_INFO_FIELDS}
`
