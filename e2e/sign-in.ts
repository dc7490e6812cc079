import { expect, type Page } from '@playwright/test'

/** Opens `path` signed out, signs in there as a demo user, and lands back on `path`. */
export async function signIn(page: Page, username: string, path = '/') {
  await page.goto(path)
  await expect(page).toHaveURL(/\/signin/)
  await page.getByTestId('signin-username').fill(username)
  await page.getByTestId('signin-password').fill('fourflow')
  await page.getByTestId('signin-submit').click()
  await expect(page).not.toHaveURL(/\/signin/)
  if (path !== '/') await expect(page).toHaveURL(new RegExp(path.replace(/[/]/g, '\\/')))
}
