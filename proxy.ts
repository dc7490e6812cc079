import { getToken } from 'next-auth/jwt'
import { NextResponse, type NextRequest } from 'next/server'
import { appSecret } from '@/lib/auth/secret'

/**
 * Every page needs a session: without one, go to sign-in and come back afterwards.
 * API routes authorise themselves (session or API token) in lib/http/route.ts.
 */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: appSecret() })
  if (token) return NextResponse.next()
  const signIn = new URL('/signin', req.url)
  signIn.searchParams.set('callbackUrl', req.nextUrl.pathname + req.nextUrl.search)
  return NextResponse.redirect(signIn)
}

export const config = {
  matcher: ['/((?!api/|_next/|signin|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)'],
}
