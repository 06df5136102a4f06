// Type-checked (never run) by test/install.test.mjs against the installed package: what must
// compile does, and every `@ts-expect-error` line must be an error.
import {
  Filter,
  PatchPath,
  PatchRequest,
  PROFILES,
  Schemas,
  applyPatch,
  generateFilters,
  listResponse,
  project,
  serviceProviderConfig,
  sort,
  validate,
  type ApplyOptions,
  type AttributeDocument,
  type AttributeNames,
  type BulkOptions,
  type ListResponse,
  type ListResponseOptions,
  type Mode,
  type ProjectOptions,
  type RequestBody,
  type ResourceTypeDocument,
  type SchemaDocument,
  type ServiceProviderConfigDocument,
  type ServiceProviderConfigOptions,
  type SortOptions,
  type SortOrder,
  type UnknownAttributes,
  type ValidateOptions,
  type ValidateResult,
  type ApplyPatchOptions,
  type FilterStyle,
  type GeneratedFilter,
  type GenerateFiltersOptions,
  type InvalidGeneratedFilter,
  type ValidGeneratedFilter,
  type FilterNode,
  type JsonObject,
  type JsonValue,
  type MatchOptions,
  type ParseOptions,
  type PatchMessage,
  type PatchOperation,
  type PatchPathNode,
  type PatchRequestOptions,
  type PatchResult,
  type Profile,
  type Resource,
  type ScimError,
  type ScimType,
} from 'scimkit'

interface User {
  id: string
  userName: string
  emails?: { type: string; value: string }[]
}

const parse: ParseOptions = { strict: true, lenientWhitespace: true, maxDepth: 10, maxLength: 1024 }
const f = new Filter('userName pr', parse)
const text: string = f.text
const canonical: string = String(f) + f.toString()

const tree: FilterNode = f.ast()
function walk(node: FilterNode): number {
  switch (node.op) {
    case 'and':
    case 'or':
      return node.operands.reduce((n, o) => n + walk(o), 0)
    case 'not':
      return walk(node.operand)
    case 'valuePath':
      return walk(node.filter)
    case 'pr':
      return node.path.name.length
    default: {
      const value: string | number | boolean | null = node.value
      const [start, end]: [number, number] = node.span
      return String(value).length + end - start
    }
  }
}
walk(tree)

const schemas = new Schemas()
const options: MatchOptions = { resourceType: 'User', schemas }
const users: User[] = [{ id: '1', userName: 'bjensen' }]
const one: boolean = f.matches(users[0]) && f.matches('{"userName": "x"}', options)
const matched: User[] = f.filter(users, { resourceType: null })
const mixed: (User | string)[] = f.filter<User | string>([...users, '{"userName": "y"}'])
const input: Resource = users[0]

const path = new PatchPath('emails[type eq "work"].value', { strict: false })
const pathTree: PatchPathNode = path.ast()
const sub: string | undefined = pathTree.subAttr

const empty: Schemas = Schemas.empty()
empty.load('[]')
empty.load([{ id: 'urn:x', attributes: [] }])
const names: string[] = empty.resourceTypes().concat(empty.schemaIds())

try {
  f.matches({}, { resourceType: 'Widget' })
} catch (e) {
  const err = e as ScimError
  const type: ScimType | null = err.scimType
  const status: number = err.status
  const span: [number | null, number | null] = [err.start, err.end]
  const lines: string[] = err.rendered.split('\n')
  const doc: string = err.document.status + err.document.detail + (err.document.scimType ?? '')
  const isError: Error = err
  const operation: number | null = err.operation
}

const message: PatchMessage = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [
    { op: 'add', path: 'emails', value: [{ type: 'work', value: 'b@example.com' }] },
    { op: 'Replace', path: 'name.givenName', value: 'Barbara' },
    { op: 'REMOVE', path: 'nickName' },
  ],
}
const operation: PatchOperation = message.Operations[0]
const profiles: ReadonlyArray<Profile> = PROFILES
const profile: Profile = PROFILES[0]
const patchOptions: ApplyPatchOptions = { resourceType: 'User', profile: 'entra', schemas }
const patched: User = applyPatch(users[0], message, patchOptions)
const fromText: JsonObject = applyPatch('{"userName": "x"}', JSON.stringify(message))
const typed: User = applyPatch<User>('{"userName": "x"}', message)
const field: JsonValue = fromText['userName']
const requestOptions: PatchRequestOptions = { profile: 'okta' }
const request = new PatchRequest(message, requestOptions)
const applyOptions: ApplyOptions = { resourceType: 'Group', schemas: null }
const result: PatchResult<User> = request.apply(users[0], applyOptions)
const changed: boolean = result.changed && new PatchRequest(JSON.stringify(message)).apply('{}').changed
const again: User = request.apply(result.resource).resource
const textResult: PatchResult<JsonObject> = request.apply('{"userName": "x"}')
const typedText: PatchResult<User> = request.apply<User>('{"userName": "x"}')
const userOrText: User | string = users.length > 0 ? users[0] : '{}'
const either: User = applyPatch(userOrText, message)
const eitherResult: PatchResult<User> = request.apply(userOrText)

// The schema engine.
const mode: Mode = 'patch-result'
const policy: UnknownAttributes = 'drop'
const validateOptions: ValidateOptions = {
  resourceType: 'User',
  mode,
  existing: users[0],
  unknownAttributes: policy,
  canonicalValues: false,
  schemas,
}
const body: RequestBody = JSON.parse('{"userName": "x"}') as unknown as RequestBody
const validated: ValidateResult = validate(body, validateOptions)
const validatedUser: ValidateResult<User> = validate<User>(users[0], { mode: 'replace', existing: '{}' })
const validatedName: string = validatedUser.resource.userName
const dropped: string[] = validated.dropped.concat(validate('[]').dropped)
const member: JsonValue = validated.resource['userName']
const attributeNames: AttributeNames = ['userName', 'name.givenName']
const projectOptions: ProjectOptions = { resourceType: 'User', attributes: attributeNames, schemas: null }
const projected: JsonObject = project(users[0], projectOptions)
const projectedUser: User = project<User>('{"userName": "x"}', { excludedAttributes: 'emails,name' })
const order: SortOrder = 'descending'
const sortOptions: SortOptions = { sortOrder: order, resourceType: 'User', schemas }
const sorted: User[] = sort(users, 'userName', sortOptions)
const sortedMixed: (User | string)[] = sort<User | string>([users[0], '{"id": "2"}'], 'meta.created')
const bulk: BulkOptions = { maxOperations: 1000, maxPayloadSize: 1048576 }
const configOptions: ServiceProviderConfigOptions = { patch: true, bulk, filterMaxResults: 200, sort: true, etag: false, changePassword: false, documentationUri: 'https://x' }
const config: ServiceProviderConfigDocument = serviceProviderConfig(configOptions)
const maxResults: number = config.filter.maxResults + config.bulk.maxOperations
const supported: boolean = config.patch.supported && config.authenticationSchemes[0].type === 'oauthbearertoken'
const pageOptions: ListResponseOptions = { totalResults: 10, startIndex: 1 }
const page: ListResponse<User> = listResponse(users, pageOptions)
const pageUser: User = page.Resources[0]
const pageOfText: ListResponse = listResponse(['{"id": "1"}'])
const counts: number = page.totalResults + page.startIndex + page.itemsPerPage
const schemasDoc: ListResponse<SchemaDocument> = schemas.schemasDocument('https://example.com/v2')
const attribute: AttributeDocument = schemasDoc.Resources[0].attributes[0]
const subs: AttributeDocument[] | undefined = attribute.subAttributes
const location: string = schemasDoc.Resources[0].meta.location
const typesDoc: ListResponse<ResourceTypeDocument> = schemas.resourceTypesDocument(null)
const endpoint: string = typesDoc.Resources[0].endpoint + schemas.resourceTypesDocument().Resources.length

// @ts-expect-error an unknown mode
validate(body, { mode: 'update' })
// @ts-expect-error validation always needs a resource type
validate(body, { resourceType: null })
// @ts-expect-error an unknown policy
validate(body, { unknownAttributes: 'ignore' })
// @ts-expect-error existing is an object or JSON text
validate(body, { existing: 42 })
// @ts-expect-error a body is JSON, never undefined
validate(undefined)
// @ts-expect-error names are strings
project(users[0], { attributes: [1] })
// @ts-expect-error an unknown option
project(users[0], { attribute: 'userName' })
// @ts-expect-error an unknown sort order
sort(users, 'userName', { sortOrder: 'desc' })
// @ts-expect-error sortBy is one attribute, a string
sort(users, ['userName'])
// @ts-expect-error sort keeps the element type
const wrongSorted: number[] = sort(users, 'userName')
// @ts-expect-error bulk needs both limits
serviceProviderConfig({ bulk: { maxOperations: 1 } })
// @ts-expect-error filtering is enabled by its limit
serviceProviderConfig({ filter: true })
// @ts-expect-error itemsPerPage is the number of resources given
listResponse(users, { itemsPerPage: 1 })
// @ts-expect-error baseUrl is a string
schemas.schemasDocument(1)

// @ts-expect-error a number is not a resource
f.matches(42)
// @ts-expect-error nor is undefined
f.matches(undefined)
// @ts-expect-error an unknown option
new Filter('a pr', { strikt: true })
// @ts-expect-error a wrong option type
new Filter('a pr', { maxDepth: '3' })
// @ts-expect-error the text must be a string
new Filter(42)
// @ts-expect-error resourceType is a string or null
f.matches({}, { resourceType: 1 })
// @ts-expect-error schemas is a Schemas
f.matches({}, { schemas: {} })
// @ts-expect-error text is read-only
f.text = 'x'
// @ts-expect-error filter keeps the element type
const wrong: number[] = f.filter(users)
// @ts-expect-error load takes a document
schemas.load(42)
// @ts-expect-error scimType is a keyword
const bad: ScimType = 'nope'
// @ts-expect-error an unknown profile
applyPatch(users[0], message, { profile: 'azure-ad' })
// @ts-expect-error PATCH needs a resource type
applyPatch(users[0], message, { resourceType: null })
// @ts-expect-error apply takes no profile: it is the request's
request.apply(users[0], { profile: 'rfc' })
// @ts-expect-error PatchRequest takes no resourceType
new PatchRequest(message, { resourceType: 'User' })
// @ts-expect-error an unknown op
const move: PatchOperation = { op: 'move', path: 'x' }
// @ts-expect-error a message needs Operations
new PatchRequest({ schemas: [] })
// @ts-expect-error PROFILES is read-only
PROFILES.push('rfc')
// From JSON text the result type comes from the context (or the type argument).
const contextual: User = applyPatch('{}', message)
// @ts-expect-error the result keeps the resource's type
const wrongPatched: number[] = applyPatch(users[0], message)

// Generated filters: a union on `valid`.
const genOptions: GenerateFiltersOptions = { seed: 7n, invalidRatio: 0.3, style: 'syntax' }
const genStyle: FilterStyle = 'user'
const generated: GeneratedFilter[] = generateFilters(10, genOptions)
generateFilters(10, { seed: 7, style: genStyle })
const labels = generated.map((g) => {
  if (g.valid) {
    const ok: ValidGeneratedFilter = g
    return ok.kind
  }
  const bad: InvalidGeneratedFilter = g
  const offending: string | null = bad.span && bad.filter.slice(bad.span.start, bad.span.end)
  const kinds: ScimType = bad.scimType
  return `${kinds}: ${bad.detail} (${offending}, from ${bad.from}, lenient ${bad.lenientAccepts})`
})
// @ts-expect-error a valid filter has no span
generated.map((g) => g.valid && g.span)
// @ts-expect-error an unknown style
generateFilters(1, { style: 'grammar' })
// @ts-expect-error a seed is a number or a bigint
generateFilters(1, { seed: '7' })
// @ts-expect-error count is required
generateFilters()

export { labels }
export { validatedName, dropped, member, projected, projectedUser, sorted, sortedMixed, maxResults, supported, pageUser, pageOfText, counts, subs, location, endpoint }
export { text, canonical, one, matched, mixed, input, sub, names, operation, profiles, profile, patched, typed, field, changed, again, textResult, typedText, either, eitherResult, contextual }
