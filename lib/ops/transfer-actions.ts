import type { Db } from '@/lib/db'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { reserveArrivedPickups } from './orders'
import { actOnTransferTx, getTransfer, type TransferAction } from './transfers'

/** Ships, receives or cancels a transfer; on receipt, pickup orders waiting for it reserve their units. */
export async function actOnTransfer(db: Db, transferId: string, action: TransferAction, actor: string, at = new Date()) {
  await db.transaction(async (tx) => {
    const who = { actor, at }
    const events = await actOnTransferTx(tx, transferId, action, who)
    if (action === 'receive') events.push(...(await reserveArrivedPickups(tx, transferId, who)))
    await appendToOutbox(tx, events)
  })
  return getTransfer(db, transferId)
}
