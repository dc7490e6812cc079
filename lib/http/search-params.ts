/** A query string as the object a route's zod schema parses: a repeated parameter becomes an array. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key)
    raw[key] = all.length > 1 ? all : all[0]!
  }
  return raw
}
