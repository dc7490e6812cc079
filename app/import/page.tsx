import { config } from '@/lib/config'
import { ImportWizard } from '@/components/import/import-wizard'

/** Historical order import: upload, map, preview, run (analysts and admins; the API enforces it). */
export default function ImportPage() {
  return <ImportWizard defaultTimeZone={config().TIME_ZONE} />
}
