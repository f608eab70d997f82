// A publisher drafts a disclosure in the generated form, previews it exactly as the
// public will see it and submits it; the author cannot approve their own draft; a second
// publisher approves it and it is public. The administrator (ADMIN_LINK, ADMIN_EMAIL)
// creates both publishers on /admin/staff.
const { BASE, person, shot, check, submit, text, setUp, createMember, journey } = require('./lib');

const FIGURES = {
  uscc: '91450500DEM000005Y', year: '2026', quarter: '3', source: '2026年第三季度财务快报', as_of: '2026-09-30',
  total_assets: '123456.78', total_liabilities: '65432.10', owners_equity: '58024.68', revenue: '34567.89',
  total_profit: '2345.67', net_profit: '1987.65',
};

journey(async (browser) => {
  const stamp = Date.now();
  const admin = await setUp(browser, process.env.ADMIN_LINK, process.env.ADMIN_EMAIL, 'admin');
  const publishers = [];
  for (const [who, name] of [['pub1', '李明'], ['pub2', '王芳']]) {
    const email = `${who}.${stamp}@example.org`;
    const link = await createMember(admin, email, name, 'publisher');
    publishers.push(await setUp(browser, link, email));
  }
  const [author, reviewer] = publishers;

  await author.goto(`${BASE}/admin/drafts/new?section=financial`);
  for (const [field, value] of Object.entries(FIGURES)) {
    const selector = `#d-${field}`;
    if ((await author.$eval(selector, (e) => e.tagName)) === 'SELECT') await author.selectOption(selector, value);
    else await author.fill(selector, value);
  }
  if (await author.$('#d-unit')) await author.selectOption('#d-unit', 'wan_yuan');
  if (await author.$('#d-audited')) await author.selectOption('#d-audited', { index: 2 });
  await shot(author, 'draft-form');
  await submit(author, 'button[value=save]');
  const draft = author.url();
  check('the draft is saved under its own address', /\/admin\/drafts\/\d+$/.test(draft));
  await author.goto(`${draft}/preview`);
  await shot(author, 'draft-preview');
  check('the preview shows the figures as the public will', (await text(author)).includes('34,567.89'));
  await author.goto(draft);
  await submit(author, 'form[action$="/submit"] button');
  await shot(author, 'draft-submitted');
  check('the author is not offered approval of their own draft', !(await author.$('form[action$="/approve"] button')));

  await reviewer.goto(`${BASE}/admin/drafts`);
  await shot(reviewer, 'drafts-to-review');
  await reviewer.goto(draft);
  await submit(reviewer, 'form[action$="/approve"] button');
  await shot(reviewer, 'approved');
  const href = await reviewer.getAttribute('a[href^="/disclosures/"]', 'href');
  check('approval links to the public disclosure', !!href);

  const citizen = await person(browser);
  await citizen.goto(BASE + href);
  await shot(citizen, 'public-disclosure');
  check('the public sees the approved figures', (await text(citizen)).includes('34,567.89'));
});
