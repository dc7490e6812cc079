/**
 * i18n entry point. Safe to import from server and client components alike:
 * the provider and hook come from a 'use client' module. Server code that needs the
 * request's locale imports `getLocale` from `@/lib/i18n/server` (it uses next/headers).
 */
export {
  DEFAULT_LOCALE,
  DICTIONARIES,
  LOCALES,
  LOCALE_COOKIE,
  channelLabel,
  interpolate,
  isLocale,
  localeTag,
  parseLocale,
  roleLabel,
  translate,
  type Locale,
  type MessageKey,
  type MessageVars,
  type Translate,
} from '@/lib/i18n/core'
export { en, zh, type Messages } from '@/lib/i18n/messages'
export { I18nProvider, useI18n } from '@/lib/i18n/client'
