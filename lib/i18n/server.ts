import { cookies } from 'next/headers'
import { LOCALE_COOKIE, parseLocale, type Locale } from '@/lib/i18n/core'

/** The request's locale, from the `ff_locale` cookie (server components and route handlers). */
export async function getLocale(): Promise<Locale> {
  const store = await cookies()
  return parseLocale(store.get(LOCALE_COOKIE)?.value)
}
