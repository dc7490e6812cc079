'use client'

import { LOCALES, useI18n } from '@/lib/i18n'

/** 中文 / English toggle; the choice is kept in the `ff_locale` cookie. */
export function LocaleSwitch() {
  const { t, locale, setLocale } = useI18n()
  return (
    <div className="locale-switch" role="group" aria-label={t('nav.language')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l === 'zh' ? 'zh-CN' : 'en'}
          className={l === locale ? 'active' : undefined}
          aria-pressed={l === locale}
          data-testid={`locale-${l}`}
          onClick={() => {
            if (l !== locale) setLocale(l)
          }}
        >
          {t(`locales.${l}`)}
        </button>
      ))}
    </div>
  )
}
