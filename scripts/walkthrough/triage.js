// The issue-7 newcomer walkthrough in a real headless Chromium (not part of CI): an
// administrator from `sunshine user create` creates a triager of the discipline unit and
// grants them the unit's key with the recovery key; a citizen (JavaScript off) submits two
// accusations; the triager reads the first, writes to the reporter, who answers through
// follow-up; the second is referred out; the first is taken through investigation and
// rectification to closure, and its outcome is published; /outcomes, the enterprise page
// and /stats show it. A screenshot of each step in $OUT.
//
// Needs node, `npm install playwright-core` here, /usr/bin/chromium and fonts-noto-cjk.
// Serve the release build on $BASE with $DATABASE_URL, a demo database whose keys are
// initialised (`scripts/run-demo` does both and writes the recovery key to
// var/demo-recovery-key.txt, or give $RECOVERY_FILE):
//   DATABASE_URL=... node scripts/walkthrough/triage.js
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const { freshCode } = require('./totp');
const BASE = process.env.BASE || 'http://127.0.0.1:8080', OUT = process.env.OUT || '/tmp/walkthrough-triage';
const PASSWORD = 'river stone lantern 7';
const REPO = require('path').resolve(__dirname, '../..');
const BIN = process.env.BIN || REPO + '/target/release/sunshine';
const RECOVERY = fs.readFileSync(process.env.RECOVERY_FILE || REPO + '/var/demo-recovery-key.txt', 'utf8')
  .split('\n').map(l => l.trim()).find(l => l.startsWith('SUNSHINE-RECOVERY-'));
const GROUP = '91450500DEM000001J';
fs.mkdirSync(OUT, { recursive: true });
let n = 0;
async function shot(page, name) { n++; await page.screenshot({ path: `${OUT}/${String(n).padStart(2, '0')}-${name}.png`, fullPage: true }); }
function check(what, ok) { console.log(`${ok ? 'ok ' : 'FAIL'} ${what}`); if (!ok) process.exitCode = 1; }
// A click that posts a form or follows a link, and the page that comes back.
async function submitForm(page, selector) { await Promise.all([page.waitForNavigation(), page.click(selector)]); }

async function setup(browser, link, email) {
  const ctx = await browser.newContext({ locale: 'zh-CN' }); const page = await ctx.newPage();
  await page.goto(link);
  await page.fill('#password', PASSWORD); await page.fill('#confirmation', PASSWORD);
  await submitForm(page, 'form.stacked-form button[type=submit]');
  await page.fill('#email', email); await page.fill('#password', PASSWORD);
  await submitForm(page, 'form.stacked-form button[type=submit]');
  const secret = (await page.textContent('code.secret')).replace(/\s/g, '');
  await page.fill('#code', freshCode(secret)); await submitForm(page, 'form.stacked-form button[type=submit]');
  await submitForm(page, 'a.button');
  return page;
}

async function report(browser, kind, what) {
  const ctx = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/report`);
  await page.check(`#kind-${kind}`);
  await page.fill('#enterprise', GROUP);
  await page.fill('#what', what);
  await submitForm(page, 'form.report-form button[type=submit]');
  return { page, code: (await page.textContent('#receipt-code')).trim() };
}

async function followUp(page, receipt) {
  await page.goto(`${BASE}/report/followup`);
  await page.fill('#code', receipt);
  await submitForm(page, 'form.stacked-form button[type=submit]');
}

async function move(page, to, fill = {}) {
  for (const [field, value] of Object.entries(fill)) {
    const el = await page.$(`form.move-${to} #${field}`);
    if ((await el.evaluate(e => e.tagName)) === 'SELECT') await page.selectOption(`form.move-${to} #${field}`, value);
    else await el.fill(value);
  }
  await submitForm(page, `form.move-${to} button[type=submit]`);
  const state = await page.getAttribute('#case-state', 'data-state');
  if (state !== to) { await shot(page, `move-${to}-refused`); throw new Error(`moving to ${to} left the case ${state}`); }
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const stamp = Date.now();
  const citizen = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await citizen.goto(`${BASE}/stats`); await shot(citizen, 'stats-before');
  const statsBefore = await citizen.textContent('#stats-quarters');

  // The administrator, and a triager of the discipline unit.
  const out = execFileSync(BIN, ['user', 'create', '--email', `admin${stamp}@example.org`, '--role', 'administrator'],
    { cwd: REPO, env: { ...process.env, SUNSHINE__SERVER__PUBLIC_URL: BASE } }).toString();
  const admin = await setup(browser, out.trim().split('\n').pop(), `admin${stamp}@example.org`);
  await admin.goto(`${BASE}/admin/staff`);
  await admin.fill('#email', `li${stamp}@example.org`); await admin.fill('#display_name', '李纪');
  await admin.selectOption('#role', 'triager'); await admin.selectOption('#unit', 'discipline');
  await submitForm(admin, 'form.stacked-form button[type=submit]');
  const triager = await setup(browser, (await admin.textContent('code.setup-link')).trim(), `li${stamp}@example.org`);
  await triager.goto(`${BASE}/admin/cases`); await shot(triager, 'queue-without-key');
  check('a member without the key is told whom to ask', (await triager.content()).includes('/admin/units/discipline'));

  await admin.goto(`${BASE}/admin`); await shot(admin, 'admin-home');
  await admin.goto(`${BASE}/admin/units/discipline`); await shot(admin, 'unit-waiting');
  await admin.fill('#recovery_key', RECOVERY);
  await submitForm(admin, 'form[action$="/grant"] button');
  await shot(admin, 'unit-granted');
  check('access granted with the recovery key', (await admin.textContent('#grant-result')).includes('1'));

  // Two reports from a citizen with JavaScript off.
  const first = await report(browser, 'accusation', `采购部副经理把七号库的铜缆低价卖给亲戚控制的公司，差价约八十万元。walk-${stamp}`);
  await shot(first.page, 'receipt');
  const second = await report(browser, 'accusation', '下属公司总经理长期在外兼职取酬。');

  // The triager's queue and the first case.
  await triager.goto(`${BASE}/admin/cases`); await shot(triager, 'queue');
  const refs = await triager.$$eval('table.queue th a', as => as.map(a => a.textContent.trim()));
  check('both reports are in the discipline queue', refs.length >= 2);
  const caseOf = async (marker) => {
    for (const ref of refs) {
      await triager.goto(`${BASE}/admin/cases/${ref}`);
      if ((await triager.content()).includes(marker)) return ref;
    }
    throw new Error(`no case with ${marker}`);
  };
  const a = await caseOf(`walk-${stamp}`), b = await caseOf('兼职取酬');
  await triager.goto(`${BASE}/admin/cases/${a}`); await shot(triager, 'case');
  await triager.fill('#message', '请问铜缆出库的大致时间？我们会核实。');
  await submitForm(triager, 'form[action$="/message"] button');
  await triager.fill('#note', '先调取七号库出库单。');
  await submitForm(triager, 'form[action$="/note"] button');

  const reporter = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })).newPage();
  await followUp(reporter, first.code); await shot(reporter, 'reporter-sees-question');
  check('the reporter reads the unit\'s message', (await reporter.content()).includes('出库的大致时间'));
  check('the reporter never sees internal notes', !(await reporter.content()).includes('出库单'));
  await reporter.fill('#message', '大约是今年三月中旬，夜班期间。');
  await submitForm(reporter, 'form.stacked-form[action^="/report/followup/reply"] button');
  await triager.goto(`${BASE}/admin/cases/${a}`);
  check('the triager reads the answer', (await triager.content()).includes('夜班期间'));

  // The second case is referred out, on record.
  await triager.goto(`${BASE}/admin/cases/${b}`);
  await move(triager, 'referred', { body: 'discipline_commission', body_name: '北海市纪委监委', what_sent: '举报材料一份' });
  await shot(triager, 'case-referred');
  await followUp(reporter, second.code); await shot(reporter, 'reporter-sees-referral');
  check('the reporter sees the referral', (await reporter.content()).includes('北海市纪委监委'));

  // The first case: accepted, investigated, substantiated, rectified, closed, published.
  await triager.goto(`${BASE}/admin/cases/${a}`);
  await move(triager, 'accepted'); await move(triager, 'investigating');
  await move(triager, 'concluded', { finding: 'substantiated' }); await move(triager, 'rectifying');
  await triager.fill('#description', '追回铜缆差价，完善物资出库审批'); await triager.fill('#department', '物资部');
  await triager.fill('#due_on', '2027-03-31');
  await submitForm(triager, 'form[action$="/rectification"] button');
  await shot(triager, 'case-rectifying');
  await triager.selectOption('form[action$="/item"] select[name=status]', 'completed');
  await triager.fill('form[action$="/item"] input[name=item_note]', '差价已追回');
  await submitForm(triager, 'form[action$="/item"] button');
  await move(triager, 'closed');
  await triager.fill('#summary_zh', '经核查，反映的物资低价出售问题属实，已追回差价，相关人员已按规定处理。');
  await triager.fill('#summary_en', 'Substantiated: the underpriced sale of cable was reversed and those responsible were dealt with.');
  await submitForm(triager, 'form[action$="/outcome"] button');
  await shot(triager, 'case-closed');
  check('the case is closed', (await triager.getAttribute('#case-state', 'data-state')) === 'closed');

  await followUp(reporter, first.code); await shot(reporter, 'reporter-sees-outcome');
  check('the reporter sees the outcome', (await reporter.content()).includes('已追回差价'));
  await citizen.goto(`${BASE}/outcomes`); await shot(citizen, 'outcomes');
  await citizen.goto(`${BASE}/outcomes?lang=en`); await shot(citizen, 'outcomes-en');
  await citizen.goto(`${BASE}/enterprises/${GROUP}?lang=zh`); await shot(citizen, 'enterprise-with-outcome');
  check('the enterprise page shows the outcome', (await citizen.textContent('#outcomes')).includes('已追回差价'));
  await citizen.goto(`${BASE}/stats`); await shot(citizen, 'stats-after');
  check('/stats changed', statsBefore !== await citizen.textContent('#stats-quarters'));
  await citizen.goto(`${BASE}/stats?lang=en`); await shot(citizen, 'stats-en');
  await triager.goto(`${BASE}/admin/cases?state=all`); await shot(triager, 'queue-after');
  await admin.goto(`${BASE}/admin/audit`); await shot(admin, 'audit');
  await admin.goto(`${BASE}/admin/routing`); await shot(admin, 'routing');
  await admin.goto(`${BASE}/admin/mail`); await shot(admin, 'mail');
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
