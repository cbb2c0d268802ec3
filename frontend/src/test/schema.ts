/** Test helpers: the API schema the web app is checked against, and variable coercion. */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  Kind,
  buildSchema,
  getVariableValues,
  parse,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql'

/** $GUANXI_SCHEMA, else ../schema.graphql (the backend's export), else the contract in /tmp/contract. */
export function schemaPath(): string {
  const candidates = [
    process.env.GUANXI_SCHEMA,
    fileURLToPath(new URL('../../../schema.graphql', import.meta.url)),
    '/tmp/contract/contract.graphql',
  ].filter((p): p is string => !!p)
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error(`No GraphQL schema found; looked at: ${candidates.join(', ')}`)
  return found
}

let cached: GraphQLSchema | null = null
export function loadSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(schemaPath(), 'utf8'))
  return cached
}

/** The errors the server would report for these variables of this operation ([] = accepted). */
export function variableErrors(document: string, variables: Record<string, unknown>): string[] {
  const doc = parse(document)
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  if (!op) throw new Error('no operation in document')
  const result = getVariableValues(loadSchema(), op.variableDefinitions ?? [], variables)
  return result.errors?.map((e) => e.message) ?? []
}
