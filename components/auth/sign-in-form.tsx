'use client'

import { signIn } from 'next-auth/react'
import { useId, useRef, useState, type FormEvent } from 'react'
import { roleLabel, useI18n, type MessageKey } from '@/lib/i18n'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/components/auth/demo-accounts'
import { signInOutcome } from '@/components/auth/sign-in-result'

export interface SignInFormProps {
  /** Already sanitised with `safeCallbackUrl`. */
  callbackUrl: string
  /** next-auth's `?error=` code when it sent the user here. */
  initialError?: string
}

function errorKey(code: string | null | undefined): MessageKey | null {
  if (!code) return null
  return code === 'CredentialsSignin' ? 'signin.errorInvalid' : 'signin.errorGeneric'
}

export function SignInForm({ callbackUrl, initialError }: SignInFormProps) {
  const { t, locale } = useI18n()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<MessageKey | null>(errorKey(initialError))
  const submitRef = useRef<HTMLButtonElement>(null)
  const usernameId = useId()
  const passwordId = useId()
  const errorId = useId()

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (submitting) return
    if (!username.trim() || !password) {
      setError('signin.errorMissing')
      return
    }
    setSubmitting(true)
    setError(null)
    try {
      const attempt = () =>
        signIn<'credentials'>('credentials', {
          username: username.trim(),
          password,
          redirect: false,
          callbackUrl,
        })
      let outcome = signInOutcome(await attempt())
      if (outcome === 'csrf') outcome = signInOutcome(await attempt())
      if (outcome === 'ok') {
        // A full navigation, so the server (proxy, layout) sees the new session cookie.
        window.location.assign(callbackUrl)
        return
      }
      setError(outcome === 'invalid' ? 'signin.errorInvalid' : 'signin.errorGeneric')
    } catch {
      setError('signin.errorGeneric')
    }
    setSubmitting(false)
  }

  function fill(demoUsername: string) {
    setUsername(demoUsername)
    setPassword(DEMO_PASSWORD)
    setError(null)
    submitRef.current?.focus()
  }

  return (
    <div className="signin-layout">
      <form className="card signin-card" method="post" onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.subtitle')}</p>

        {error && (
          <p className="notice notice-error" role="alert" id={errorId} data-testid="signin-error">
            {t(error)}
          </p>
        )}

        <div className="field">
          <label htmlFor={usernameId}>{t('signin.username')}</label>
          <input
            id={usernameId}
            name="username"
            data-testid="signin-username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={error === 'signin.errorInvalid' || undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('signin.password')}</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            data-testid="signin-password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error === 'signin.errorInvalid' || undefined}
          />
        </div>
        <button
          ref={submitRef}
          type="submit"
          className="button button-primary button-block"
          data-testid="signin-submit"
          disabled={submitting}
          aria-busy={submitting}
        >
          {submitting ? t('signin.submitting') : t('signin.submit')}
        </button>
      </form>

      <section className="card demo-card" aria-labelledby={`${usernameId}-demo`}>
        <h2 id={`${usernameId}-demo`}>{t('signin.demoTitle')}</h2>
        <p className="muted">{t('signin.demoHint', { password: DEMO_PASSWORD })}</p>
        <ul className="demo-list">
          {DEMO_ACCOUNTS.map((account) => {
            const role = roleLabel(account.role, locale)
            return (
              <li key={account.username}>
                <button
                  type="button"
                  className="demo-account"
                  data-testid={`demo-account-${account.username}`}
                  aria-label={t('signin.useAccount', { username: account.username, role })}
                  onClick={() => fill(account.username)}
                >
                  <code>{account.username}</code>
                  <span className="muted">{role}</span>
                </button>
              </li>
            )
          })}
        </ul>
      </section>
    </div>
  )
}
