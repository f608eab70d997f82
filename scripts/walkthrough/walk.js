// The issue-5 newcomer walkthrough in a real headless Chromium (not part of CI): an
// administrator from `sunshine user create`, TOTP enrolment, two publishers, a draft
// approved by the other, the public page, an amendment and its public history; a
// screenshot of each step in $OUT. Needs node, `npm install playwright-core` here, and
// /usr/bin/chromium; serve the release build on $BASE with $DATABASE_URL — a fresh demo
// database (it publishes 2026 Q3 figures once) — first:
//   DATABASE_URL=... target/release/sunshine serve --bind 127.0.0.1:8090 &
//   DATABASE_URL=... node scripts/walkthrough/walk.js
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const { freshCode } = require('./totp');
const BASE = process.env.BASE || 'http://127.0.0.1:8090', OUT = process.env.OUT || '/tmp/walkthrough', PASSWORD = 'river stone lantern 7';
const REPO = require('path').resolve(__dirname, '../..');
const BIN = process.env.BIN || REPO + '/target/release/sunshine';
fs.mkdirSync(OUT, { recursive: true });
let n = 0;
async function shot(page, name) { n++; await page.screenshot({ path: `${OUT}/${String(n).padStart(2, '0')}-${name}.png`, fullPage: true }); }
async function setup(browser, link, email, name) {
  const ctx = await browser.newContext({ locale: 'zh-CN' }); const page = await ctx.newPage();
  await page.goto(link); if (name) await shot(page, `${name}-setup`);
  await page.fill('#password', PASSWORD); await page.fill('#confirmation', PASSWORD);
  await page.click('form.stacked-form button[type=submit]');
  console.log(' after setup:', page.url());
  await page.fill('#email', email); await page.fill('#password', PASSWORD);
  await page.click('form.stacked-form button[type=submit]');
  console.log(' after password:', page.url());
  const secret = (await page.textContent('code.secret')).replace(/\s/g, '');
  if (name) await shot(page, `${name}-totp`);
  await page.fill('#code', freshCode(secret)); await page.click('form.stacked-form button[type=submit]');
  if (name) await shot(page, `${name}-recovery`);
  await page.click('a.button'); console.log(' signed in:', page.url());
  return page;
}
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const stamp = Date.now();
  const out = execFileSync(BIN, ['user', 'create', '--email', `admin${stamp}@example.org`, '--role', 'administrator'],
    { cwd: REPO, env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, SUNSHINE__SERVER__PUBLIC_URL: BASE } }).toString();
  console.log(out.trim());
  const link = out.trim().split('\n').pop();
  const admin = await setup(browser, link, `admin${stamp}@example.org`, 'admin');
  await shot(admin, 'admin-home');
  const pubs = [];
  for (const who of ['pub1', 'pub2']) {
    await admin.goto(`${BASE}/admin/staff`);
    await admin.fill('#email', `${who}.${stamp}@example.org`); await admin.fill('#display_name', who === 'pub1' ? '李明' : '王芳');
    await admin.selectOption('#role', 'publisher');
    await admin.click('form.stacked-form button[type=submit]');
    const plink = (await admin.textContent('code.setup-link')).trim();
    if (who === 'pub1') await shot(admin, 'admin-created-publisher');
    pubs.push(await setup(browser, plink, `${who}.${stamp}@example.org`, who === 'pub1' ? 'pub1' : null));
  }
  const [p1, p2] = pubs;
  const uscc = '91450500DEM000005Y';
  await p1.goto(`${BASE}/admin/drafts/new?section=financial`);
  const fields = { uscc, year: '2026', quarter: '3', source: '2026年第三季度财务快报', as_of: '2026-09-30', total_assets: '123456.78', total_liabilities: '65432.10', owners_equity: '58024.68', revenue: '34567.89', total_profit: '2345.67', net_profit: '1987.65' };
  for (const [k, v] of Object.entries(fields)) { const el = await p1.$(`#d-${k}`); if (!el) { console.log(' no field', k); continue; } const tag = await el.evaluate(e => e.tagName); if (tag === 'SELECT') await p1.selectOption(`#d-${k}`, v); else await el.fill(v); }
  for (const sel of await p1.$$('select')) { const id = await sel.getAttribute('id'); console.log(' select', id); }
  if (await p1.$('#d-unit')) await p1.selectOption('#d-unit', 'wan_yuan');
  if (await p1.$('#d-audited')) await p1.selectOption('#d-audited', { index: 2 });
  await shot(p1, 'pub1-entry');
  await p1.click('button[value=save]');
  console.log(' after save:', p1.url());
  await shot(p1, 'pub1-saved');
  if (p1.url().includes('/new')) { console.log(await p1.textContent('main')); }
  const draftUrl = p1.url();
  await p1.goto(draftUrl + '/preview'); await shot(p1, 'pub1-preview'); console.log(' preview:', p1.url());
  await p1.goto(draftUrl);
  await p1.click('form[action$="/submit"] button'); console.log(' submitted:', p1.url()); await shot(p1, 'pub1-submitted');
  // pub1 cannot approve: no approve button shown
  console.log(' approve button for author?', !!(await p1.$('form[action$="/approve"] button')));
  await p2.goto(`${BASE}/admin/drafts`); await shot(p2, 'pub2-list');
  await p2.goto(draftUrl);
  await p2.click('form[action$="/approve"] button'); console.log(' approved:', p2.url()); await shot(p2, 'pub2-approved');
  const pub = await p2.$('a[href^="/disclosures/"]');
  const publicHref = pub ? await pub.getAttribute('href') : null; console.log(' public link', publicHref);
  const citizen = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await citizen.goto(`${BASE}${publicHref}`); await shot(citizen, 'public-disclosure');
  console.log(' public shows revenue?', (await citizen.textContent('main')).includes('34,567.89') || (await citizen.textContent('main')).includes('34567.89'));
  // Amend: pub2 starts it, pub1 approves.
  const id = publicHref.split('/')[2];
  await p2.goto(`${BASE}/admin/disclosures/${id}`); await shot(p2, 'pub2-admin-disclosure');
  await p2.click('a[href$="/amend"], form[action$="/amend"] button');
  console.log(' amend form:', p2.url());
  await p2.fill('#d-revenue', '34667.89'); await p2.fill('#d-reason', '更正营业收入：快报漏计一笔收入');
  await shot(p2, 'pub2-amend');
  await p2.click('button[value=save]'); console.log(' amend saved:', p2.url());
  const amendUrl = p2.url();
  await p2.click('form[action$="/submit"] button');
  await p1.goto(amendUrl); await p1.click('form[action$="/approve"] button'); console.log(' amendment approved:', p1.url());
  await citizen.goto(`${BASE}/disclosures/${id}/history`); await shot(citizen, 'public-history');
  const hist = await citizen.textContent('main'); console.log(' history has reason?', hist.includes('快报漏计'));
  await admin.goto(`${BASE}/admin/audit`); await shot(admin, 'admin-audit');
  await citizen.goto(`${BASE}/audit`); await shot(citizen, 'public-audit');
  await citizen.goto(`${BASE}/audit?lang=en`); await shot(citizen, 'public-audit-en');
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
