import { NextResponse } from 'next/server'
import { z } from 'zod'
import { can, type Permission, type Principal } from '@/lib/auth/permissions'
import { principalOf } from '@/lib/auth/principal'
import { DomainError } from '@/lib/ops/errors'
import { searchParamsObject } from './search-params'

/** The error body every API answer uses: a stable code, a sentence, and the field to blame. */
export type ApiError = { error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[] } }

export function apiError(status: number, code: string, message: string, field?: string, issues?: ApiError['error']['issues']) {
  return NextResponse.json<ApiError>({ error: { code, message, ...(field ? { field } : {}), ...(issues ? { issues } : {}) } }, { status })
}

const MAX_BODY_BYTES = 1024 * 1024

type Spec<Q extends z.ZodType | undefined, B extends z.ZodType | undefined> = {
  /** What the caller must be allowed to do; 'public' only for health and sign-in. */
  permission: Permission | 'public'
  query?: Q
  body?: B
}

type Ctx<Q, B> = {
  req: Request
  principal: Principal | null
  query: Q extends z.ZodType ? z.infer<Q> : undefined
  body: B extends z.ZodType ? z.infer<B> : undefined
  params: Record<string, string>
}

/**
 * Wraps a route handler: authenticate → authorise → parse query/body with zod → run → JSON.
 * Bad input gets a 400 naming the field; refusals from the domain keep their status; anything
 * else is a logged 500 without internals.
 */
export function route<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  spec: Spec<Q, B>,
  handler: (ctx: Ctx<Q, B>) => Promise<unknown>,
) {
  return async (req: Request, context: { params: Promise<Record<string, string>> }) => {
    try {
      const principal = spec.permission === 'public' ? null : await principalOf(req)
      if (spec.permission !== 'public') {
        if (!principal) return apiError(401, 'unauthorized', 'sign in, or send an API token as "Authorization: Bearer ff_…"')
        if (!can(principal.role, spec.permission)) {
          return apiError(403, 'forbidden', `role ${principal.role} lacks permission ${spec.permission}`)
        }
      }
      let query: unknown
      if (spec.query) {
        const parsed = spec.query.safeParse(searchParamsObject(new URL(req.url).searchParams))
        if (!parsed.success) return zodError(parsed.error, 'invalid_parameter', 'parameter')
        query = parsed.data
      }
      let body: unknown
      if (spec.body) {
        const text = await req.text()
        if (text.length > MAX_BODY_BYTES) return apiError(413, 'body_too_large', `request body exceeds ${MAX_BODY_BYTES} bytes`)
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch (e) {
          return apiError(400, 'invalid_json', `request body is not valid JSON: ${(e as Error).message}`)
        }
        const parsed = spec.body.safeParse(json)
        if (!parsed.success) return zodError(parsed.error, 'invalid_body', 'field')
        body = parsed.data
      }
      const result = await handler({ req, principal, query, body, params: (await context?.params) ?? {} } as Ctx<Q, B>)
      return result instanceof Response ? result : NextResponse.json(result)
    } catch (e) {
      if (e instanceof DomainError) return apiError(e.status, e.code, e.message, e.field)
      if (e instanceof z.ZodError) return zodError(e, 'invalid_body', 'field')
      console.error(`${req.method} ${new URL(req.url).pathname} failed`, e)
      return apiError(500, 'internal', 'the server could not complete the request; it has been logged')
    }
  }
}

function zodError(error: z.ZodError, code: string, noun: string) {
  const issues = error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }))
  const first = issues[0]!
  return apiError(400, code, `${noun} ${first.field}: ${first.message}`, first.field, issues)
}
