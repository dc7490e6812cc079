'use client'

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { useRouter } from 'next/navigation'
import {
  LOCALE_COOKIE,
  localeTag,
  translate,
  type Locale,
  type MessageKey,
  type MessageVars,
  type Translate,
} from '@/lib/i18n/core'

interface I18nValue {
  locale: Locale
  t: Translate
  setLocale: (locale: Locale) => void
}

const I18nContext = createContext<I18nValue | null>(null)

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365

export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const router = useRouter()
  const [locale, setLocaleState] = useState<Locale>(initialLocale)
  // Follow the server when it renders with another locale (e.g. the cookie changed in another tab).
  const [serverLocale, setServerLocale] = useState<Locale>(initialLocale)
  if (serverLocale !== initialLocale) {
    setServerLocale(initialLocale)
    setLocaleState(initialLocale)
  }

  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`
      document.documentElement.lang = localeTag(next)
      setLocaleState(next)
      // Server components (layout, page titles) read the cookie: render them again.
      router.refresh()
    },
    [router],
  )

  const t = useCallback<Translate>(
    (key: MessageKey, vars?: MessageVars) => translate(locale, key, vars),
    [locale],
  )

  const value = useMemo<I18nValue>(() => ({ locale, t, setLocale }), [locale, t, setLocale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>')
  return value
}
