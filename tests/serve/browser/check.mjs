// Drives `newsarc serve` in Debian's headless Chromium the way a reader would: the document list, a search for
// 大模型 typed into the search form, the document that has two versions, and the diff of those versions, where
// the added sentence must be marked as inserted. Prints one line per step; exits 1 naming the step that failed.
// Usage: node check.mjs BASE_URL DOC_ID ADDED_SENTENCE SCREENSHOT_DIR
import { chromium } from 'playwright-core';

const [baseUrl, docId, addedSentence, screenshotDir] = process.argv.slice(2);
if (!baseUrl || !docId || !addedSentence || !screenshotDir) {
  console.error('usage: node check.mjs BASE_URL DOC_ID ADDED_SENTENCE SCREENSHOT_DIR');
  process.exit(2);
}

function fail(step, message) {
  console.error(`FAILED ${step}: ${message}`);
  process.exitCode = 1;
  throw new Error(`${step}: ${message}`);
}

// Chromium refuses its own sandbox as root; the flag is for this test only (the served pages run no script).
const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(30000);
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));

  // 1. The list, newest first.
  const listed = await page.goto(baseUrl + '/');
  if (!listed || listed.status() !== 200) fail('list', `status ${listed && listed.status()}`);
  const rows = await page.locator('table.documents tbody tr').count();
  if (rows < 1) fail('list', 'no document rows');
  console.log(`list: ${rows} documents shown, title "${await page.title()}"`);
  await page.screenshot({ path: `${screenshotDir}/serve-1-list.png`, fullPage: true });

  // 2. Search through the form, as typed.
  await page.click('nav a[href="/search"]');
  await page.fill('input[name="q"]', '大模型');
  await Promise.all([page.waitForURL(/\/search\?/), page.press('input[name="q"]', 'Enter')]);
  const hits = await page.locator('ol.hits > li').count();
  const marked = await page.locator('ol.hits mark').first().textContent();
  if (hits < 1) fail('search', 'no hits for 大模型');
  if (marked !== '大模型') fail('search', `the highlight reads "${marked}", not 大模型`);
  console.log(`search: ${hits} hits for 大模型, ${await page.locator('#result-count').textContent()}`);
  await page.screenshot({ path: `${screenshotDir}/serve-2-search.png`, fullPage: true });

  // 3. The document with two versions, reached from its hit.
  const hit = page.locator(`ol.hits a[href="/doc/${docId}"]`);
  if ((await hit.count()) !== 1) fail('search', `no hit links to /doc/${docId}`);
  await Promise.all([page.waitForURL(`**/doc/${docId}`), hit.click()]);
  const heading = await page.locator('h1').textContent();
  const versions = await page.locator('h2', { hasText: 'Versions' }).textContent();
  if (!/\(2\)/.test(versions)) fail('document', `expected two versions, the page says "${versions}"`);
  console.log(`document: ${heading} - ${versions}`);
  await page.screenshot({ path: `${screenshotDir}/serve-3-document.png`, fullPage: true });

  // 4. The diff of its two versions: the added sentence is inside an <ins> of the new side.
  await Promise.all([page.waitForURL(/\/diff\?a=1&b=2$/), page.click('a:has-text("diff v1→v2")')]);
  const inserted = await page.locator('table.diff td.new ins').allTextContents();
  if (!inserted.some((text) => text.includes(addedSentence))) {
    fail('diff', `no <ins> holds the added sentence; inserted: ${JSON.stringify(inserted)}`);
  }
  const changedRows = await page.locator('table.diff tr.changed').count();
  console.log(`diff: ${changedRows} changed line(s), added sentence marked: ${addedSentence}`);
  await page.screenshot({ path: `${screenshotDir}/serve-4-diff.png`, fullPage: true });

  if (problems.length > 0) fail('console', problems.join(' | '));
  console.log('browser check passed');
} catch (error) {
  if (!process.exitCode) {
    console.error(`FAILED: ${error.message}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
