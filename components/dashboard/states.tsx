'use client'

import { useI18n } from '@/lib/i18n'
import type { MessageKey } from '@/lib/i18n'
import { ApiError } from '@/components/dashboard/api'

export function Skeleton({ height, width = '100%', className }: { height: number; width?: number | string; className?: string }) {
  return <span className={`skeleton${className ? ` ${className}` : ''}`} style={{ height, width }} aria-hidden="true" />
}

export function EmptyState() {
  const { t } = useI18n()
  return (
    <div className="card state state-empty" role="status" data-testid="dashboard-empty">
      <p className="state-title">{t('states.emptyTitle')}</p>
      <p className="state-body">{t('states.emptyBody')}</p>
    </div>
  )
}

export function errorMessageKey(error: unknown): MessageKey {
  if (error instanceof ApiError) {
    switch (error.kind) {
      case 'unauthorized':
        return 'states.errorUnauthorized'
      case 'invalid_response':
        return 'states.errorInvalidResponse'
      case 'network':
        return 'states.errorNetwork'
      default:
        return 'states.errorServer'
    }
  }
  return 'states.errorServer'
}

export function signInHref(): string {
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`
  return `/signin?callbackUrl=${encodeURIComponent(here)}`
}

export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useI18n()
  const unauthorized = error instanceof ApiError && error.kind === 'unauthorized'
  const detail = error instanceof Error ? error.message : String(error)
  return (
    <div className={`state state-error${compact ? '' : ' card'}`} role="alert" data-testid="dashboard-error">
      <p className="state-title">{t('states.errorTitle')}</p>
      <p className="state-body">{t(errorMessageKey(error), { message: detail })}</p>
      <div className="state-actions">
        {unauthorized ? (
          <a className="button button-primary" href={signInHref()}>
            {t('states.signInAgain')}
          </a>
        ) : (
          onRetry && (
            <button type="button" className="button" onClick={onRetry}>
              {t('states.retry')}
            </button>
          )
        )}
      </div>
    </div>
  )
}
