/**
 * Reads the result of next-auth's `signIn('credentials', { redirect: false })`.
 *
 * next-auth v4 answers a CSRF mismatch with HTTP 200 and `url: …/api/auth/signin?csrf=true`
 * (no `error`), so `ok` alone is not success. That mismatch happens on a first visit, when
 * the CSRF cookie is being set by concurrent requests; trying again once fixes it.
 */
export type SignInOutcome = 'ok' | 'invalid' | 'csrf' | 'error'

export interface SignInResultLike {
  ok: boolean
  error: string | null | undefined
  url: string | null
}

export function signInOutcome(result: SignInResultLike | undefined): SignInOutcome {
  if (!result) return 'error'
  if (result.error === 'CredentialsSignin') return 'invalid'
  if (result.error || !result.ok) return 'error'
  if (result.url) {
    try {
      const url = new URL(result.url, 'http://localhost')
      if (url.searchParams.get('csrf') === 'true') return 'csrf'
      if (url.searchParams.has('error')) return 'error'
    } catch {
      return 'error'
    }
  }
  return 'ok'
}
