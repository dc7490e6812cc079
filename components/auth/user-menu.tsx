'use client'

import { signOut, useSession } from 'next-auth/react'
import { roleLabel, useI18n } from '@/lib/i18n'

/** Signed-in user, role and sign-out, for the top bar. Renders nothing when signed out. */
export function UserMenu() {
  const { t, locale } = useI18n()
  const { data: session, status } = useSession()
  if (status !== 'authenticated' || !session.user) return null
  const { name, role } = session.user
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-name" title={t('nav.signedInAs')}>
        {name ?? ''}
      </span>
      {role && (
        <span className="role-badge" title={t('nav.role')} data-testid="user-role" data-role={role}>
          {roleLabel(role, locale)}
        </span>
      )}
      <button
        type="button"
        className="button button-ghost"
        data-testid="signout"
        onClick={() => void signOut({ callbackUrl: '/signin' })}
      >
        {t('nav.signOut')}
      </button>
    </div>
  )
}
