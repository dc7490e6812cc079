/**
 * Where to go after signing in. Only same-site paths are allowed (an absolute URL is
 * reduced to its path), so `?callbackUrl=` cannot send a user to another site.
 */
export function safeCallbackUrl(value: string | string[] | null | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value
  if (!raw) return '/'
  let path: string
  if (raw.startsWith('/')) {
    if (raw.startsWith('//') || raw.startsWith('/\\')) return '/'
    path = raw
  } else {
    try {
      const url = new URL(raw)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return '/'
      path = `${url.pathname}${url.search}${url.hash}`
    } catch {
      return '/'
    }
  }
  // Never bounce back to the sign-in page itself.
  if (path === '/signin' || path.startsWith('/signin?') || path.startsWith('/signin/')) return '/'
  return path
}
