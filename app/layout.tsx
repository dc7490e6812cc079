import type { Metadata } from 'next'
import Link from 'next/link'
import { Suspense, type ReactNode } from 'react'
import { localeTag, translate } from '@/lib/i18n'
import { getLocale } from '@/lib/i18n/server'
import { UserMenu } from '@/components/auth/user-menu'
import { LocaleSwitch } from '@/components/i18n/locale-switch'
import { TopNav } from '@/components/nav/top-nav'
import { Providers } from '@/app/providers'
import './globals.css'

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getLocale()
  return {
    title: translate(locale, 'app.name'),
    description: translate(locale, 'app.description'),
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale()
  return (
    <html lang={localeTag(locale)}>
      <body>
        <Providers locale={locale}>
          <header className="topbar">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden="true" />
              {translate(locale, 'app.name')}
            </Link>
            <Suspense>
              <TopNav />
            </Suspense>
            <div className="topbar-right">
              <LocaleSwitch />
              <UserMenu />
            </div>
          </header>
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  )
}
