// A reporter with JavaScript turned off (Tor Browser "safest") reads the safety advice,
// reports with a phone photo carrying GPS data and a text file, keeps the receipt code,
// follows up with it and replies with another file. No cookie is ever set.
const fs = require('fs');
const path = require('path');
const { BASE, OUT, person, shot, check, submit, text, journey } = require('./lib');

const PHOTO = path.join(__dirname, '../fixtures/gps-photo.jpg');

journey(async (browser) => {
  const page = await person(browser, { javaScriptEnabled: false });
  await page.goto(BASE + '/report');
  await shot(page, 'form');
  await submit(page, 'a[href^="/report/safety"]');
  await shot(page, 'safety');

  await page.goto(BASE + '/report');
  await page.check('#kind-exposure');
  await page.fill('#enterprise', '北海市城市建设投资集团有限公司（演示）（91450500DEM000001J）');
  await page.fill('#what', '2025年第一季度，集团下属公司以明显高于市场价的价格采购钢材，差价经由一家关联贸易公司流出。');
  await page.fill('#when', '2025年1月至3月');
  await page.fill('#amounts', '约 320 万元');
  await page.selectOption('#how_known', 'documents');
  const ledger = path.join(OUT, 'ledger.txt');
  fs.writeFileSync(ledger, '2025-02-14 付款 1,200,000 元 收款方：某贸易公司\n');
  await page.setInputFiles('#files', [PHOTO, ledger]);
  await shot(page, 'form-filled');
  await submit(page, 'form.report-form button[type=submit]');
  await shot(page, 'receipt');
  const code = (await text(page, '#receipt-code')).trim();
  check('a 16-digit receipt code is shown', /^\d{4}([ -]?\d{4}){3}$/.test(code));
  check('the reporter is told the photo carried a GPS position', (await text(page)).includes('GPS'));

  await page.goto(BASE + '/report/followup');
  await page.fill('#code', code);
  await submit(page, 'form.stacked-form button[type=submit]');
  await shot(page, 'thread');
  check('the follow-up shows the report waiting', (await text(page, '#report-state')).trim().length > 0);
  check('the follow-up lists both files', (await text(page)).includes('ledger.txt'));

  await page.fill('#message', '补充：2025年4月又有一笔类似付款，约 80 万元。');
  const april = path.join(OUT, 'april.txt');
  fs.writeFileSync(april, '2025-04-02 付款 800,000 元\n');
  await page.setInputFiles('#files', [april]);
  await submit(page, 'section[aria-labelledby=reply-title] button[type=submit]');
  await shot(page, 'thread-after-reply');
  check('the reply is in the thread', (await text(page)).includes('又有一笔类似付款'));
  check('no cookie was set on a reporter', (await page.context().cookies()).length === 0);

  await page.goto(BASE + '/report/followup');
  await page.fill('#code', '0000 0000 0000 0000');
  await submit(page, 'form.stacked-form button[type=submit]');
  await shot(page, 'wrong-code');
  check('a wrong code is answered in Chinese, keeping what was typed',
    (await page.inputValue('#code')).includes('0000') && /[\u4e00-\u9fff]/.test(await text(page)));
});
