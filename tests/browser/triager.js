// A triager signs in with TOTP and works a case to a published outcome. The administrator
// (ADMIN_LINK, ADMIN_EMAIL from tests/browser.rs) creates the triager and grants them the
// discipline unit's key with the recovery key (RECOVERY); a citizen with JavaScript off
// reports twice; the triager writes to the reporter, who answers; one case is referred
// out, the other accepted, investigated, substantiated, rectified, closed and published;
// /outcomes and the enterprise page show it.
const { BASE, person, shot, check, submit, text, setUp, createMember, journey } = require('./lib');

const GROUP = '91450500DEM000001J';

async function report(browser, kind, what) {
  const page = await person(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/report`);
  await page.check(`#kind-${kind}`);
  await page.fill('#enterprise', GROUP);
  await page.fill('#what', what);
  await submit(page, 'form.report-form button[type=submit]');
  return { page, code: (await text(page, '#receipt-code')).trim() };
}

async function followUp(page, code) {
  await page.goto(`${BASE}/report/followup`);
  await page.fill('#code', code);
  await submit(page, 'form.stacked-form button[type=submit]');
}

// One move of the state machine through its form; the page must then show the new state.
async function move(page, to, fill = {}) {
  for (const [field, value] of Object.entries(fill)) {
    const selector = `form.move-${to} #${field}`;
    if ((await page.$eval(selector, (e) => e.tagName)) === 'SELECT') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
  await submit(page, `form.move-${to} button[type=submit]`);
  check(`the case moves to ${to}`, (await page.getAttribute('#case-state', 'data-state')) === to);
}

journey(async (browser) => {
  const stamp = Date.now();
  const admin = await setUp(browser, process.env.ADMIN_LINK, process.env.ADMIN_EMAIL);
  const email = `li.${stamp}@example.org`;
  const link = await createMember(admin, email, '李纪', 'triager', 'discipline');
  const triager = await setUp(browser, link, email, 'triager');
  await triager.goto(`${BASE}/admin/cases`);
  await shot(triager, 'queue-without-key');
  check('a member without the key is told whom to ask', (await triager.content()).includes('/admin/units/discipline'));

  await admin.goto(`${BASE}/admin/units/discipline`);
  await admin.fill('#recovery_key', process.env.RECOVERY);
  await submit(admin, 'form[action$="/grant"] button');
  await shot(admin, 'unit-granted');
  check('the administrator grants the unit key with the recovery key', (await text(admin, '#grant-result')).includes('1'));

  const first = await report(browser, 'accusation', `采购部副经理把七号库的铜缆低价卖给亲戚控制的公司，差价约八十万元。walk-${stamp}`);
  const second = await report(browser, 'accusation', '下属公司总经理长期在外兼职取酬。');

  await triager.goto(`${BASE}/admin/cases`);
  await shot(triager, 'queue');
  const refs = await triager.$$eval('table.queue th a', (as) => as.map((a) => a.textContent.trim()));
  check('both reports are in the discipline queue', refs.length === 2);
  const caseWith = async (marker) => {
    for (const ref of refs) {
      await triager.goto(`${BASE}/admin/cases/${ref}`);
      if ((await triager.content()).includes(marker)) return ref;
    }
    throw new Error(`no case holds ${marker}`);
  };
  const a = await caseWith(`walk-${stamp}`);
  const b = await caseWith('兼职取酬');

  await triager.goto(`${BASE}/admin/cases/${a}`);
  await shot(triager, 'case');
  await triager.fill('#message', '请问铜缆出库的大致时间？我们会核实。');
  await submit(triager, 'form[action$="/message"] button');
  await triager.fill('#note', '先调取七号库出库单。');
  await submit(triager, 'form[action$="/note"] button');

  const reporter = await person(browser, { javaScriptEnabled: false });
  await followUp(reporter, first.code);
  await shot(reporter, 'reporter-reads-question');
  check('the reporter reads the unit\'s message', (await reporter.content()).includes('出库的大致时间'));
  check('the reporter never sees internal notes', !(await reporter.content()).includes('出库单'));
  await reporter.fill('#message', '大约是今年三月中旬，夜班期间。');
  await submit(reporter, 'form.stacked-form[action^="/report/followup/reply"] button');
  await triager.goto(`${BASE}/admin/cases/${a}`);
  check('the triager reads the answer', (await triager.content()).includes('夜班期间'));

  await triager.goto(`${BASE}/admin/cases/${b}`);
  await move(triager, 'referred', { body: 'discipline_commission', body_name: '北海市纪委监委', what_sent: '举报材料一份' });
  await shot(triager, 'case-referred');
  await followUp(reporter, second.code);
  check('the reporter sees where the case was referred', (await reporter.content()).includes('北海市纪委监委'));

  await triager.goto(`${BASE}/admin/cases/${a}`);
  await move(triager, 'accepted');
  await move(triager, 'investigating');
  await move(triager, 'concluded', { finding: 'substantiated' });
  await move(triager, 'rectifying');
  await triager.fill('#description', '追回铜缆差价，完善物资出库审批');
  await triager.fill('#department', '物资部');
  await triager.fill('#due_on', '2027-03-31');
  await submit(triager, 'form[action$="/rectification"] button');
  await shot(triager, 'case-rectifying');
  await triager.selectOption('form[action$="/item"] select[name=status]', 'completed');
  await triager.fill('form[action$="/item"] input[name=item_note]', '差价已追回');
  await submit(triager, 'form[action$="/item"] button');
  await move(triager, 'closed');
  await triager.fill('#summary_zh', '经核查，反映的物资低价出售问题属实，已追回差价，相关人员已按规定处理。');
  await triager.fill('#summary_en', 'Substantiated: the underpriced sale of cable was reversed and those responsible were dealt with.');
  await submit(triager, 'form[action$="/outcome"] button');
  await shot(triager, 'case-closed-and-published');

  await followUp(reporter, first.code);
  await shot(reporter, 'reporter-reads-outcome');
  check('the reporter reads the outcome', (await reporter.content()).includes('已追回差价'));
  const citizen = await person(browser);
  await citizen.goto(`${BASE}/outcomes`);
  await shot(citizen, 'outcomes');
  check('/outcomes lists the published outcome', (await text(citizen)).includes('已追回差价'));
  await citizen.goto(`${BASE}/outcomes?lang=en`);
  await shot(citizen, 'outcomes-en');
  check('the English outcome is shown in English', (await text(citizen)).includes('underpriced sale of cable'));
  await citizen.goto(`${BASE}/enterprises/${GROUP}?lang=zh`);
  await shot(citizen, 'enterprise-with-outcome');
  check('the enterprise page shows the outcome', (await text(citizen, '#outcomes')).includes('已追回差价'));
});
