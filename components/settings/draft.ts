/** The settings form's text fields to the API body; numbers are checked by the server, which names the field. */
export type SettingsDraft = { store_radius_km: string; unpaid_expiry_minutes: string; buffers: Record<string, string> }

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text))

export function settingsBody(d: SettingsDraft) {
  return {
    store_radius_km: num(d.store_radius_km),
    unpaid_expiry_minutes: num(d.unpaid_expiry_minutes),
    // A zero buffer is the default: leave it out so the stored value stays small.
    channel_buffers: Object.fromEntries(Object.entries(d.buffers).map(([c, v]) => [c, num(v)]).filter(([, v]) => v !== 0)),
  }
}
