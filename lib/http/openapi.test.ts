import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PERMISSIONS } from '@/lib/auth/permissions'
import { OPERATIONS, openApiDocument } from './openapi'

const API = path.join(process.cwd(), 'app', 'api')

/** Every route file under app/api with the HTTP methods it exports, as OpenAPI paths. */
function routeMethods(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(full, 'utf8')
        const methods = new Set<string>()
        for (const m of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]!)
        for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const name of m[1]!.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b|^\s*(GET|POST|PUT|PATCH|DELETE)\s*$/gm)) methods.add((name[1] ?? name[2])!)
        }
        const apiPath = `/${path.relative(process.cwd(), path.dirname(full)).split(path.sep).slice(1).join('/')}`
          .replace(/\[\.\.\.(\w+)\]/g, '{$1}')
          .replace(/\[(\w+)\]/g, '{$1}')
        expect(methods.size, `${full} exports no HTTP method`).toBeGreaterThan(0)
        for (const method of methods) out.push(`${method.toLowerCase()} ${apiPath}`)
      }
    }
  }
  walk(API)
  return out.sort()
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as {
    openapi: string
    paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean }[]; security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>>
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string }> }
  }

  it('documents every method every route file exports, and nothing else', () => {
    const routes = routeMethods()
    expect(routes).toContain('get /api/v1/breakdown')
    expect(routes).toContain('post /api/auth/{nextauth}')
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort()
    expect(documented).toEqual(routes)
    expect(OPERATIONS.length).toBe(routes.length)
  })

  it('is a valid-looking OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.securitySchemes.bearerToken?.type).toBe('http')
    expect(doc.components.securitySchemes.sessionCookie?.type).toBe('apiKey')
    for (const [p, ops] of Object.entries(doc.paths)) {
      expect(p).toMatch(/^\/api\//)
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${method} ${p}`).toBeGreaterThan(0)
        // Every {param} in the path is declared as a path parameter.
        for (const [, name] of p.matchAll(/\{(\w+)\}/g)) expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }))
      }
    }
    // References resolve.
    const refs = JSON.stringify(doc).match(/#\/components\/(schemas|responses)\/\w+/g) ?? []
    for (const ref of refs) {
      const [, , kind, name] = ref.split('/')
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!]?.[name!], ref).toBeDefined()
    }
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc)
  })

  it('takes parameters and bodies from the schemas the routes parse with', () => {
    const breakdown = doc.paths['/api/v1/breakdown']!.get!
    const param = (name: string) => breakdown.parameters.find((x) => x.name === name)
    expect(param('from')).toMatchObject({ required: true })
    expect(param('by')).toMatchObject({ required: true, schema: { enum: expect.arrayContaining(['channel', 'week', 'hour']) } })
    expect(param('channel')).toMatchObject({ required: false, explode: true, schema: { type: 'array' } })
    expect(param('limit')).toMatchObject({ required: false })
    expect(doc.paths['/api/v1/anomalies']!.get!.parameters.find((x) => x.name === 'weeks')).toMatchObject({ required: false })
    expect(doc.paths['/api/v1/orders']!.post!.requestBody).toBeDefined()
    expect(doc.components.schemas.PlaceOrder).toMatchObject({ type: 'object', properties: { lines: { type: 'array' } } })
    expect(doc.paths['/api/health']!.get!.security).toEqual([])
  })

  it('names only permissions that exist', () => {
    for (const op of OPERATIONS) if (op.permission !== 'public') expect(Object.keys(PERMISSIONS)).toContain(op.permission)
    expect(PERMISSIONS['api:docs']).toContain('distributor')
  })
})
