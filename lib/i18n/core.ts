import { CHANNELS, type Channel } from '@/lib/events/channels'
import { en, zh, type Messages } from '@/lib/i18n/messages'

/**
 * Locale primitives shared by server and client code. Nothing here touches React,
 * cookies or the DOM, so it is safe to import anywhere (and from tests).
 */
export type Locale = 'zh' | 'en'
export const LOCALES: readonly Locale[] = ['zh', 'en']
export const DEFAULT_LOCALE: Locale = 'zh'
/** Cookie that remembers the chosen locale (read on the server by `getLocale()`). */
export const LOCALE_COOKIE = 'ff_locale'

export const DICTIONARIES: Record<Locale, Messages> = { zh, en }

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en'
}

/** A cookie value (or anything else) to a supported locale, falling back to the default. */
export function parseLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE
}

/** The BCP 47 tag for `<html lang>` and for Intl. */
export function localeTag(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en-US'
}

/** Dotted paths to every string leaf of the dictionary, e.g. `'kpi.netRevenue'`. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]

export type MessageKey = Leaves<Messages>
export type MessageVars = Record<string, string | number>

function lookup(dictionary: Messages, key: string): string | undefined {
  let node: unknown = dictionary
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** Fills `{name}` placeholders; unknown placeholders are left as written. */
export function interpolate(template: string, vars?: MessageVars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  )
}

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = lookup(DICTIONARIES[locale], key) ?? lookup(DICTIONARIES[DEFAULT_LOCALE], key) ?? key
  return interpolate(template, vars)
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string

/** Display name of a channel id; unknown (newly configured) channels show their id. */
export function channelLabel(channel: string, locale: Locale): string {
  if (!Object.hasOwn(CHANNELS, channel)) return channel
  return CHANNELS[channel as Channel][locale]
}

/** Display name of a role; unknown roles show their id. */
export function roleLabel(role: string, locale: Locale): string {
  const roles = DICTIONARIES[locale].roles
  if (!Object.hasOwn(roles, role)) return role
  return roles[role as keyof Messages['roles']]
}
