'use client'

import { useI18n } from '@/lib/i18n'

/** A page the signed-in role may not use: say so, and whom to ask. */
export function NotAllowed() {
  const { t } = useI18n()
  return (
    <div className="card state" role="status" data-testid="not-allowed">
      <p className="state-title">{t('commerce.notAllowedTitle')}</p>
      <p className="state-body">{t('commerce.notAllowedBody')}</p>
    </div>
  )
}
