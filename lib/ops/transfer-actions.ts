import type { Db } from '@/lib/db'
import { appendToOutbox } from '@/lib/eventlog/outbox'
import { DomainError } from './errors'
import { reserveArrivedPickups } from './orders'
import { actOnTransferTx, getTransfer, type TransferAction } from './transfers'

/** Ships, receives or cancels a transfer; on receipt, pickup orders waiting for it reserve their units. */
export async function actOnTransfer(db: Db, transferId: string, action: TransferAction, actor: string, at = new Date()) {
  await db.transaction(async (tx) => {
    const who = { actor, at }
    if (action === 'cancel') {
      // A pickup order waits for these units: cancelling the order calls the transfer off with it.
      const [waiting] = await tx.query<{ external_id: string }>(
        "SELECT external_id FROM orders WHERE awaiting_transfer_id = $1 AND status IN ('pending_payment', 'pending_shipment') LIMIT 1",
        [transferId],
      )
      if (waiting) throw new DomainError('transfer_awaited', `pickup order ${waiting.external_id} waits for transfer ${transferId}; cancel the order instead`, 409, 'action')
    }
    const events = await actOnTransferTx(tx, transferId, action, who)
    if (action === 'receive') events.push(...(await reserveArrivedPickups(tx, transferId, who)))
    await appendToOutbox(tx, events)
  })
  return getTransfer(db, transferId)
}
