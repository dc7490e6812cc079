import { expect, test } from '@playwright/test'
import { signIn } from './sign-in'

const HEADER = 'Order ID,Order Date,Ship Date,Customer ID,Customer Name,Segment,Region,State,City,Category,Sub-Category,Product ID,Product Name,Sales,Quantity,Discount,Profit'
const ROWS = [
  'E2E-1,2026-01-05,2026-01-07,CU-1,"Gute, Claire",Consumer,South,Kentucky,Henderson,Furniture,Chairs,FUR-CH-1,Chair,731.94,3,0.2,219.5820',
  'E2E-1,2026-01-05,2026-01-07,CU-1,"Gute, Claire",Consumer,South,Kentucky,Henderson,Furniture,Tables,FUR-TA-1,Table,261.96,2,0,41.9136',
  'E2E-2,2026-01-06,,CU-2,Darrin Van Huff,Corporate,West,California,Los Angeles,Office Supplies,Labels,OFF-LA-1,Labels,14.62,2,0,6.8714',
  'E2E-3,2026-01-07,2026-01-09,CU-3,Sean O\'Donnell,Consumer,South,Florida,Fort Lauderdale,Office Supplies,Storage,OFF-ST-1,Box,22.37,abc,0.2,2.5164',
  'E2E-4,2026-01-08,2026-01-12,CU-1,"Gute, Claire",Consumer,South,Kentucky,Henderson,Technology,Phones,TEC-PH-1,Phone,907.15,6,0.2,90.7152',
]

test('an analyst uploads a CSV, maps it, previews it, imports it and downloads the one bad row', async ({ page }) => {
  await signIn(page, 'analyst', '/import')
  await expect(page.getByRole('heading', { name: '导入历史订单' })).toBeVisible()

  await page.getByTestId('import-file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${ROWS.join('\n')}\n`) })
  await page.getByTestId('import-upload').click()
  await expect(page.getByTestId('import-uploaded')).toContainText('17')

  // The suggested mapping found the Superstore columns; the analyst books the file on Tmall.
  await expect(page.getByTestId('map-order_id')).toHaveValue('Order ID')
  await expect(page.getByTestId('map-amount')).toHaveValue('Sales')
  await expect(page.getByTestId('map-discount-kind')).toHaveValue('rate')
  await expect(page.getByTestId('map-cost-kind')).toHaveValue('profit')
  await page.getByTestId('map-channel-constant').selectOption('tmall')
  await page.getByTestId('map-namespace').fill('e2e')

  await page.getByTestId('import-preview').click()
  await expect(page.getByTestId('import-preview-table')).toBeVisible()
  await expect(page.getByTestId('preview-row-2')).toHaveAttribute('data-ok', 'true')
  await expect(page.getByTestId('preview-row-2')).toContainText('天猫')
  await expect(page.getByTestId('preview-row-5')).toHaveAttribute('data-ok', 'false')
  await expect(page.getByTestId('preview-row-5')).toContainText('Quantity')

  await page.getByTestId('import-run').click()
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('import-progress')).toHaveAttribute('aria-valuenow', '100')
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-rejected', '1')
  await expect(page.getByTestId('import-summary')).toContainText('3 个订单')

  const link = page.getByTestId('import-errors')
  await expect(link).toBeVisible()
  const download = await page.request.get((await link.getAttribute('href'))!)
  expect(download.status()).toBe(200)
  expect(download.headers()['content-type']).toContain('text/csv')
  const lines = (await download.text()).replace(/^\ufeff/, '').trim().split(/\r?\n/)
  expect(lines).toEqual(['row,column,value,reason,order_id', '5,Quantity,abc,is not a number,E2E-3'])
})

test('an executive may not import', async ({ page }) => {
  await signIn(page, 'exec', '/import')
  await page.getByTestId('import-file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}\n${ROWS[0]}\n`) })
  await page.getByTestId('import-upload').click()
  await expect(page.getByTestId('import-error')).toContainText('imports:write')
})
