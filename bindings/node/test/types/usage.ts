// Type-checked (never run) by test/install.test.mjs against the installed package: what must
// compile does, and every `@ts-expect-error` line must be an error.
import {
  Filter,
  PatchPath,
  Schemas,
  type FilterNode,
  type MatchOptions,
  type ParseOptions,
  type PatchPathNode,
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
}

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

export { text, canonical, one, matched, mixed, input, sub, names }
