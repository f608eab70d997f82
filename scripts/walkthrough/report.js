// The issue-6 newcomer walkthrough in a real headless Chromium with JavaScript turned OFF
// (not part of CI): the safety page, the report form with two attachments (a photo
// carrying GPS metadata — $PHOTO, default tests/fixtures/gps-photo.jpg — and a text
// file), the receipt code, follow-up with the code, a
// reply with a file. A screenshot of each step in $OUT. Needs node, `npm install
// playwright-core` here, and /usr/bin/chromium; serve a demo database whose keys are
// initialised (`scripts/run-demo` does both) on $BASE first.
//   node scripts/walkthrough/report.js
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const BASE = process.env.BASE || 'http://127.0.0.1:8080', OUT = process.env.OUT || '/tmp/walkthrough-report';
const LANG = process.env.WALK_LANG || 'zh-CN';
fs.mkdirSync(OUT, { recursive: true });
let n = 0;
async function shot(page, name) { n++; await page.screenshot({ path: `${OUT}/${String(n).padStart(2, '0')}-${name}.png`, fullPage: true }); }

// A tiny JPEG whose EXIF block carries a GPS position, as a phone photo would.
function photoWithGps() {
  const exifPath = process.env.PHOTO || path.join(__dirname, '../../tests/fixtures/gps-photo.jpg');
  if (fs.existsSync(exifPath)) return exifPath;
  return null;
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const ctx = await browser.newContext({ locale: LANG, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/report`);
  await shot(page, 'form');
  await page.click('a[href^="/report/safety"]');
  await shot(page, 'safety');
  await page.goto(`${BASE}/report`);
  await page.check('#kind-exposure');
  await page.fill('#enterprise', '北海市城市建设投资集团有限公司（演示）（91450500DEM000001J）');
  await page.fill('#what', '2025年第一季度，集团下属公司以明显高于市场价的价格采购钢材，差价经由一家关联贸易公司流出。');
  await page.fill('#when', '2025年1月至3月');
  await page.fill('#amounts', '约 320 万元');
  await page.fill('#positions', '分管采购的副总经理；采购部负责人');
  await page.selectOption('#how_known', 'documents');
  await page.fill('#evidence', '采购合同与付款凭证存放于财务部档案室。');
  const files = [path.join(OUT, 'ledger.txt')];
  fs.writeFileSync(files[0], '2025-02-14 付款 1,200,000 元 收款方：某贸易公司\n');
  const photo = photoWithGps();
  files.push(photo || path.join(OUT, 'scan.pdf'));
  if (!photo) fs.writeFileSync(files[1], '%PDF-1.4\n% a scanned contract page\n');
  await page.setInputFiles('#files', files);
  await shot(page, 'form-filled');
  await Promise.all([page.waitForLoadState('load'), page.click('form.report-form button[type=submit]')]);
  await shot(page, 'receipt');
  const code = (await page.textContent('#receipt-code')).trim();
  console.log('receipt code shown:', code.replace(/\d/g, '#'));
  const cookies = await ctx.cookies();
  console.log('cookies set:', cookies.length);

  await page.goto(`${BASE}/report/followup`);
  await page.fill('#code', code);
  await Promise.all([page.waitForLoadState('load'), page.click('form.stacked-form button[type=submit]')]);
  await shot(page, 'thread');
  console.log('status:', (await page.textContent('#report-state')).trim());
  await page.fill('#message', '补充：2025年4月又有一笔类似付款，约 80 万元。');
  fs.writeFileSync(path.join(OUT, 'april.txt'), '2025-04-02 付款 800,000 元\n');
  await page.setInputFiles('#files', [path.join(OUT, 'april.txt')]);
  await Promise.all([page.waitForLoadState('load'), page.click('section[aria-labelledby=reply-title] button[type=submit]')]);
  await shot(page, 'thread-after-reply');
  console.log('reply notice:', await page.getAttribute('#notice', 'data-notice'));
  console.log('messages in thread:', await page.locator('.report-message').count());
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
