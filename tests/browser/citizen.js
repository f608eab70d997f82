// A citizen browses, searches and downloads, in Chinese and then in English: the home
// page, the registry with a filter, an enterprise, one of its disclosures, a search from
// the header with its CSV download, and a bulk file from /data/.
const fs = require('fs');
const { BASE, person, shot, check, submit, text, journey } = require('./lib');

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return fs.readFileSync(await file.path(), 'utf8');
}

journey(async (browser) => {
  const page = await person(browser, { acceptDownloads: true });
  await page.goto(BASE + '/');
  await shot(page, 'home');
  check('the home page is in Chinese', (await page.getAttribute('html', 'lang')) === 'zh-CN');

  await submit(page, 'nav a[href="/enterprises"]');
  const all = await page.locator('main table tbody tr').count();
  check('the registry lists enterprises', all > 0);
  await page.selectOption('#filter-level', { index: 1 });
  await submit(page, 'form.filters button[type=submit]');
  await shot(page, 'enterprises-filtered');
  const filtered = await page.locator('main table tbody tr').count();
  check('a filter narrows the registry', page.url().includes('level=') && filtered > 0 && filtered <= all);

  await submit(page, 'main table tbody tr a[href^="/enterprises/"]');
  await shot(page, 'enterprise');
  const name = (await text(page, 'main h1')).trim();
  check('an enterprise profile has its name as heading', name.length > 0);
  await page.goto(BASE + '/enterprises/91450500DEM000001J');
  await submit(page, 'main a[href^="/disclosures/"]');
  await shot(page, 'disclosure');
  check('a disclosure page names its enterprise', (await text(page)).includes('北海市城市建设投资集团'));

  await page.fill('#header-q', '城市建设');
  await submit(page, 'form.header-search button[type=submit]');
  await shot(page, 'search');
  check('search highlights what was asked', (await page.locator('main mark').count()) > 0);
  const csv = await download(page, 'main a[href*="search.csv"]');
  const lines = csv.trim().split('\n');
  check('the search download has a header and every match', lines.length > 1 && csv.includes('城市建设'));

  await submit(page, 'nav a[href="/data/"]');
  await shot(page, 'data');
  const bulk = await download(page, 'main a[href$=".csv"][download]');
  check('a bulk file downloads with rows', bulk.trim().split('\n').length > 1);

  await submit(page, 'nav.language a[hreflang="en"]');
  await shot(page, 'data-en');
  check('the language switch gives English', (await page.getAttribute('html', 'lang')) === 'en');
  await page.fill('#header-q', 'investment');
  await submit(page, 'form.header-search button[type=submit]');
  await shot(page, 'search-en');
  check('English search pages stay in English', (await page.getAttribute('html', 'lang')) === 'en');
});
