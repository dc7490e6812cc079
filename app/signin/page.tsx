import type { Metadata } from 'next'
import { translate } from '@/lib/i18n'
import { getLocale } from '@/lib/i18n/server'
import { safeCallbackUrl } from '@/components/auth/callback-url'
import { SignInForm } from '@/components/auth/sign-in-form'

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getLocale()
  return { title: `${translate(locale, 'signin.title')} · ${translate(locale, 'app.name')}` }
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const params = await searchParams
  const error = Array.isArray(params.error) ? params.error[0] : params.error
  return <SignInForm callbackUrl={safeCallbackUrl(params.callbackUrl)} initialError={error} />
}
