//! The publishing workflow through the admin pages, as two publishers' browsers use it:
//! drafts typed or uploaded, previewed, submitted, approved by the other publisher (never
//! by an author), amended and withdrawn with reasons; drafts are never public, and every
//! state change is in the audit log.

#![allow(clippy::unwrap_used)] // helpers too: in a test, a panic is a failure with its location

mod support;

use std::time::Duration;

use sunshine::staff::Role;
use support::staff::{csrf_in, location, StaffUser};
use support::{eventually, TestApp};

/// A demo enterprise with disclosures for 2021-2025 and none for 2020.
const USCC: &str = "91450500DEM000001J";

/// A source no demo disclosure has, to find the draft's text anywhere it shows.
const SOURCE: &str = "阳光测试专用来源甲乙丙";

/// Its 2020 state capital statement, as the form is filled in.
const CAPITAL_2020: &[(&str, &str)] = &[
    ("d.uscc", USCC),
    ("d.year", "2020"),
    ("d.source", SOURCE),
    ("d.unit", "wan_yuan"),
    ("d.opening_state_capital", "366800.00"),
    ("d.closing_state_capital", "393196.62"),
    ("d.increase_free_transfer_in", "12000"),
    ("d.decrease_dividends", "8640.50"),
];

async fn publishers(app: &TestApp) -> (StaffUser, StaffUser) {
    let alice = StaffUser::create(app, "alice@example.org", Role::Publisher, None).await;
    let bob = StaffUser::create(app, "bob@example.org", Role::Publisher, None).await;
    (alice, bob)
}

/// Undoes tera's escaping, to read values and links out of a page.
fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = format!(" {name}=\"");
    let from = tag.find(&start)? + start.len();
    let to = tag[from..].find('"')? + from;
    Some(unescape(&tag[from..to]))
}

/// The fields of the form posting to `action`, as a browser would send them (disabled
/// selects left out, the selected option of the others, text areas' content).
fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{}\"", action.replace('/', "&#x2F;")))
        .unwrap_or_else(|| panic!("no form posting to {action}"));
    let end = html[start..].find("</form>").unwrap() + start;
    let form = &html[start..end];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        if tag.starts_with("<input") && attribute(tag, "type").as_deref() != Some("file") {
            if let Some(name) = attribute(tag, "name") {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<select") && !tag.contains(" disabled") {
            let close = rest.find("</select>").unwrap();
            let options = &rest[..close];
            let selected = options
                .split("<option")
                .find(|o| o.contains(" selected"))
                .and_then(|o| attribute(o, "value"))
                .unwrap_or_default();
            fields.push((attribute(tag, "name").unwrap(), selected));
        } else if tag.starts_with("<textarea") {
            let close = rest.find("</textarea>").unwrap();
            let content = unescape(&rest[tag_end + 1..close]);
            fields.push((attribute(tag, "name").unwrap(), content));
        }
        rest = &rest[tag_end..];
    }
    fields
}

/// Sets fields as a person typing into the form would.
fn fill(fields: &mut Vec<(String, String)>, values: &[(&str, &str)]) {
    for (name, value) in values {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push(((*name).to_owned(), (*value).to_owned())),
        }
    }
}

async fn post(
    app: &TestApp,
    user: &StaffUser,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    user.client
        .post(format!("{}{path}", app.address))
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// Fills in the form of `page_path` (posting to `action`) and saves it.
async fn fill_and_save(
    app: &TestApp,
    user: &StaffUser,
    page_path: &str,
    action: &str,
    values: &[(&str, &str)],
) -> reqwest::Response {
    let (status, page) = user.get(page_path).await;
    assert_eq!(status, 200, "{page_path}");
    let mut fields = form_fields(&page, action);
    fill(&mut fields, values);
    fields.push(("action".to_owned(), "save".to_owned()));
    post(app, user, action, &fields).await
}

/// The draft a save or upload redirected to.
fn draft_id(response: &reqwest::Response) -> i64 {
    let to = location(response);
    assert_eq!(response.status(), 303, "expected a redirect to the draft");
    to.strip_prefix("/admin/drafts/").unwrap().parse().unwrap()
}

/// Posts one of a draft's buttons (`submit`, `approve`...) as `user`.
async fn act(
    app: &TestApp,
    user: &StaffUser,
    draft: i64,
    action: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let path = format!("/admin/drafts/{draft}/{action}");
    let _ = app;
    let page = format!("/admin/drafts/{draft}");
    // An approval names the submission the reviewer looked at, as the page's form does.
    let shown = user.get(&page).await.1;
    let seen = support::staff::between(&shown, r#"name="seen" value=""#, "\"").unwrap_or_default();
    let mut fields = extra.to_vec();
    if action == "approve" {
        fields.push(("seen", seen.as_str()));
    }
    user.post(&page, &path, &fields).await
}

async fn published_count(app: &TestApp, section: &str, year: i16) -> i64 {
    let client = app.db.client().await;
    client
        .query_one(
            "SELECT count(*) FROM disclosures WHERE enterprise_uscc = $1 AND section = $2 \
             AND period_year = $3",
            &[&USCC, &section, &year],
        )
        .await
        .unwrap()
        .get(0)
}

async fn disclosure_of(app: &TestApp, section: &str, year: i16) -> i64 {
    let client = app.db.client().await;
    client
        .query_one(
            "SELECT id FROM disclosures WHERE enterprise_uscc = $1 AND section = $2 \
             AND period_year = $3 AND period_quarter IS NULL",
            &[&USCC, &section, &year],
        )
        .await
        .unwrap()
        .get(0)
}

async fn versions(app: &TestApp) -> i64 {
    let client = app.db.client().await;
    client
        .query_one("SELECT count(*) FROM disclosure_versions", &[])
        .await
        .unwrap()
        .get(0)
}

/// Creates and submits the 2020 state capital draft as `user`.
async fn submitted_capital_draft(app: &TestApp, user: &StaffUser) -> i64 {
    let saved = fill_and_save(
        app,
        user,
        "/admin/drafts/new?section=state_capital",
        "/admin/drafts/new",
        CAPITAL_2020,
    )
    .await;
    let id = draft_id(&saved);
    let submitted = act(app, user, id, "submit", &[]).await;
    assert_eq!(submitted.status(), 303, "submitted");
    id
}

#[tokio::test]
async fn a_draft_approved_by_another_publisher_is_public_and_its_amendment_keeps_both_versions_in_the_history(
) {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;

    // Alice drafts the 2020 state capital statement and submits it.
    let id = submitted_capital_draft(&app, &alice).await;
    let (_, page) = alice.get(&format!("/admin/drafts/{id}")).await;
    assert!(page.contains("待审核"), "{page}");
    assert_eq!(published_count(&app, "state_capital", 2020).await, 0);

    // Bob, who wrote none of it, approves: it is public.
    let (_, page) = bob.get(&format!("/admin/drafts/{id}")).await;
    assert!(
        page.contains("审核通过并发布"),
        "a reviewer is offered approval"
    );
    assert_eq!(act(&app, &bob, id, "approve", &[]).await.status(), 303);
    let disclosure = disclosure_of(&app, "state_capital", 2020).await;
    let (status, public) = app.get_text(&format!("/disclosures/{disclosure}")).await;
    assert_eq!(status, 200);
    assert!(public.contains("393,196.62"), "{public}");
    let (_, page) = alice.get(&format!("/admin/drafts/{id}")).await;
    assert!(page.contains("已发布"), "{page}");

    // Bob amends it from its admin page, with a reason; Alice approves.
    let amend = format!("/admin/disclosures/{disclosure}/amend");
    let (_, form) = bob.get(&amend).await;
    assert!(
        form.contains("393196.62"),
        "the form holds the published figures"
    );
    let saved = fill_and_save(
        &app,
        &bob,
        &amend,
        &amend,
        &[
            ("d.closing_state_capital", "393296.62"),
            ("d.reason", "年末数填报有误，据审计报告更正"),
        ],
    )
    .await;
    let amendment = draft_id(&saved);
    assert_eq!(
        act(&app, &bob, amendment, "submit", &[]).await.status(),
        303
    );
    assert_eq!(
        act(&app, &alice, amendment, "approve", &[]).await.status(),
        303
    );

    // The public page shows the new figure (once the page cache has heard of it), and the
    // history both versions and the reason.
    let current = format!("/disclosures/{disclosure}");
    let amended = eventually(Duration::from_secs(10), || async {
        app.get_text(&current).await.1.contains("393,296.62")
    })
    .await;
    assert!(amended, "{}", app.get_text(&current).await.1);
    let (status, history) = app
        .get_text(&format!("/disclosures/{disclosure}/history"))
        .await;
    assert_eq!(status, 200);
    assert!(
        history.contains("年末数填报有误，据审计报告更正"),
        "{history}"
    );
    assert!(history.contains("393,196.62") && history.contains("393,296.62"));
    let (_, first) = app
        .get_text(&format!("/disclosures/{disclosure}/versions/1"))
        .await;
    assert!(first.contains("393,196.62"), "version 1 stays public");
}

#[tokio::test]
async fn a_publisher_cannot_approve_their_own_draft_even_by_posting_directly() {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;
    let id = submitted_capital_draft(&app, &alice).await;

    let (_, page) = alice.get(&format!("/admin/drafts/{id}")).await;
    assert!(
        !page.contains("审核通过并发布"),
        "no approve button for an author"
    );
    let refused = act(&app, &alice, id, "approve", &[]).await;
    assert_eq!(refused.status(), 403);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("您编写或修改过此草稿，不能审核通过"),
        "{body}"
    );
    assert_eq!(published_count(&app, "state_capital", 2020).await, 0);

    // Editing makes one an author too: Bob takes it back... no, Alice takes it back, Bob
    // edits it, Alice resubmits, and now Bob may not approve it either.
    assert_eq!(act(&app, &alice, id, "recall", &[]).await.status(), 303);
    let edit = format!("/admin/drafts/{id}/edit");
    let saved = fill_and_save(&app, &bob, &edit, &edit, &[("d.source", "修订后的来源")]).await;
    assert_eq!(draft_id(&saved), id);
    assert_eq!(act(&app, &alice, id, "submit", &[]).await.status(), 303);
    let refused = act(&app, &bob, id, "approve", &[]).await;
    assert_eq!(refused.status(), 403);
    let english = bob
        .client
        .post(format!("{}/admin/drafts/{id}/approve?lang=en", app.address))
        .form(&[("csrf", csrf_in(&bob.get("/admin/drafts").await.1))])
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 403);
    assert!(english
        .text()
        .await
        .unwrap()
        .contains("You wrote or changed this draft, so you cannot approve it"));
    assert_eq!(published_count(&app, "state_capital", 2020).await, 0);

    // The table refuses it as well, whatever the code does.
    let client = app.db.client().await;
    let by_sql = client
        .execute(
            "UPDATE disclosure_drafts SET reviewed_by = $1 WHERE id = $2",
            &[&alice.id, &id],
        )
        .await;
    assert!(by_sql.is_err(), "the CHECK keeps authors from reviewing");
}

#[tokio::test]
async fn a_draft_is_not_visible_on_public_pages_or_the_api_before_approval() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let id = submitted_capital_draft(&app, &alice).await;
    let (status, _) = alice.get(&format!("/admin/drafts/{id}/preview")).await;
    assert_eq!(status, 200);

    for path in [
        format!("/enterprises/{USCC}"),
        format!("/api/v1/enterprises/{USCC}/disclosures"),
        format!("/api/v1/enterprises/{USCC}/indicators"),
        "/feeds/disclosures.atom".to_owned(),
        // The search pages echo the query, so they are asked for a part of the source.
        "/search?q=测试专用来源".to_owned(),
        "/api/v1/search?q=测试专用来源".to_owned(),
    ] {
        let (status, body) = app.get_text(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            !body.contains("393,196.62") && !body.contains("393196.62"),
            "{path} shows the draft's figure"
        );
        assert!(!body.contains(SOURCE), "{path} shows the draft's source");
    }
    // Nor does the draft page itself reach anyone but staff.
    let (status, _) = app.get_text(&format!("/admin/drafts/{id}")).await;
    assert_ne!(status, 200);
}

#[tokio::test]
async fn a_preview_shows_the_figures_as_the_public_will_see_them_and_publishes_nothing() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let saved = fill_and_save(
        &app,
        &alice,
        "/admin/drafts/new?section=state_capital",
        "/admin/drafts/new",
        CAPITAL_2020,
    )
    .await;
    let id = draft_id(&saved);
    let before = versions(&app).await;

    let response = alice
        .client
        .get(format!("{}/admin/drafts/{id}/preview", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    assert!(page.contains("预览 — 尚未公开"), "{page}");
    assert!(page.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    assert!(
        page.contains("393,196.62"),
        "the figures, formatted as in public"
    );
    assert!(page.contains(SOURCE));

    assert_eq!(versions(&app).await, before, "nothing was published");
    assert_eq!(published_count(&app, "state_capital", 2020).await, 0);

    // An upload of several disclosures previews as a list, each with its page.
    let csv = std::fs::read("docs/examples/state_capital.csv").unwrap();
    let uploaded = upload(&app, &alice, "state_capital.csv", &csv, "").await;
    let upload_id = draft_id(&uploaded);
    let (status, list) = alice
        .get(&format!("/admin/drafts/{upload_id}/preview"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(list.matches("<td>新披露</td>").count(), 5, "{list}");
    let (status, second) = alice
        .get(&format!("/admin/drafts/{upload_id}/preview/1"))
        .await;
    assert_eq!(status, 200);
    assert!(second.contains("54,106.88"), "{second}");
    assert_eq!(versions(&app).await, before, "nothing was published");
}

/// Uploads a file as `user` (the CSRF token in the query, as the form sends it).
async fn upload(
    app: &TestApp,
    user: &StaffUser,
    name: &str,
    bytes: &[u8],
    query: &str,
) -> reqwest::Response {
    let csrf = csrf_in(&user.get("/admin/drafts/upload").await.1);
    let boundary = "sunshine-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    user.client
        .post(format!(
            "{}/admin/drafts/upload?csrf={csrf}{query}",
            app.address
        ))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn draft_count(app: &TestApp) -> i64 {
    let client = app.db.client().await;
    client
        .query_one("SELECT count(*) FROM disclosure_drafts", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn an_upload_with_a_bad_cell_is_rejected_with_file_row_and_column_and_writes_nothing() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let csv = "uscc,year,quarter,unit,total_assets,total_liabilities,owners_equity,revenue,total_profit,net_profit,audited,source\n\
               91450500DEM000001J,2020,,wan_yuan,100,50,50,10,2,1.5,false,ok\n\
               91450500DEM000002M,2020,,wan_yuan,1.234,50,50,10,2,1,false,bad\n";
    let before = versions(&app).await;

    let response = upload(&app, &alice, "financial.csv", csv.as_bytes(), "").await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    let row = "<tr><td>financial.csv</td><td>3</td><td>total_assets (E)</td><td>“1.234”有 3 位小数";
    assert!(page.contains(row), "{page}");

    let response = upload(&app, &alice, "financial.csv", csv.as_bytes(), "&lang=en").await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    let row = "<tr><td>financial.csv</td><td>3</td><td>total_assets (E)</td><td>\"1.234\" has 3 decimal places";
    assert!(page.contains(row), "{page}");

    assert_eq!(draft_count(&app).await, 0, "no draft was stored");
    assert_eq!(versions(&app).await, before, "nothing was published");

    // A file over the limit is refused with the limit named, and stored nowhere either.
    let large = vec![b'x'; sunshine::publishing::MAX_UPLOAD_BYTES + 1];
    let response = upload(&app, &alice, "huge.csv", &large, "&lang=zh").await;
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("文件超过 10 MiB"));
    assert_eq!(draft_count(&app).await, 0);
}

#[tokio::test]
async fn amending_without_a_reason_is_refused_and_the_form_keeps_what_was_typed() {
    let app = TestApp::seeded().await;
    let (_alice, bob) = publishers(&app).await;
    let disclosure = disclosure_of(&app, "state_capital", 2024).await;
    let amend = format!("/admin/disclosures/{disclosure}/amend");

    let response = fill_and_save(
        &app,
        &bob,
        &amend,
        &amend,
        &[("d.closing_state_capital", "987654.32"), ("d.reason", " ")],
    )
    .await;

    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("请填写更正原因：它将随新版本一并公开。"),
        "{page}"
    );
    assert!(page.contains(r#"name="d.closing_state_capital" value="987654.32""#));
    assert_eq!(draft_count(&app).await, 0);
}

#[tokio::test]
async fn withdrawing_without_a_reason_is_refused_and_with_one_goes_through_review() {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;
    let disclosure = disclosure_of(&app, "state_capital", 2023).await;
    let withdraw = format!("/admin/disclosures/{disclosure}/withdraw");

    let refused = fill_and_save(&app, &alice, &withdraw, &withdraw, &[("reason", "")]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("请填写撤回原因：它将随撤回一并公开。"));
    let too_long = "撤".repeat(2001);
    let refused = fill_and_save(&app, &alice, &withdraw, &withdraw, &[("reason", &too_long)]).await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await.unwrap().contains(&too_long),
        "the reason comes back as typed"
    );
    assert_eq!(draft_count(&app).await, 0);

    let saved = fill_and_save(
        &app,
        &alice,
        &withdraw,
        &withdraw,
        &[("reason", "该报告数据来源有误，待核实后重新发布")],
    )
    .await;
    let id = draft_id(&saved);
    assert_eq!(act(&app, &alice, id, "submit", &[]).await.status(), 303);
    let (_, public) = app.get_text(&format!("/disclosures/{disclosure}")).await;
    assert!(
        !public.contains("该报告数据来源有误"),
        "not before approval"
    );
    assert_eq!(act(&app, &bob, id, "approve", &[]).await.status(), 303);
    let current = format!("/disclosures/{disclosure}");
    let withdrawn = eventually(Duration::from_secs(10), || async {
        let page = app.get_text(&current).await.1;
        page.contains("该报告数据来源有误，待核实后重新发布")
    })
    .await;
    assert!(withdrawn, "{}", app.get_text(&current).await.1);
}

#[tokio::test]
async fn the_entry_form_adds_rows_keeping_what_was_typed_and_shows_problems_beside_their_cells() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let (_, page) = alice.get("/admin/drafts/new?section=governance").await;
    let mut fields = form_fields(&page, "/admin/drafts/new");
    fill(
        &mut fields,
        &[
            ("d.uscc", USCC),
            ("d.year", "2020"),
            ("d.source", "2020年度法人治理结构"),
            ("r0.body", "board"),
            ("r0.name", "王五"),
            ("r0.title", "董事长"),
            ("r0.term_start", "2019-01-01"),
            ("r1.body", "board"),
            ("r1.name", "赵六"),
            ("r1.title", "董事"),
            ("r1.term_start", "2020-13-01"),
        ],
    );
    let mut more = fields.clone();
    more.push(("action".to_owned(), "add_rows".to_owned()));

    let response = post(&app, &alice, "/admin/drafts/new", &more).await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains(r#"name="r7.name""#), "3 rows and 5 more");
    assert!(page.contains(r#"name="r1.name" value="赵六""#), "{page}");
    assert_eq!(draft_count(&app).await, 0, "adding rows saves nothing");

    let mut save = form_fields(&page, "/admin/drafts/new");
    save.push(("action".to_owned(), "save".to_owned()));
    let response = post(&app, &alice, "/admin/drafts/new", &save).await;
    assert_eq!(response.status(), 422);
    let page = unescape(&response.text().await.unwrap());
    let cell = page
        .find(r#"name="r1.term_start" value="2020-13-01""#)
        .unwrap();
    let next_cell = page[cell..].find("<td>").unwrap() + cell;
    assert!(
        page[cell..next_cell].contains("“2020-13-01”不是日期（请写作 2026-12-31）"),
        "the problem is beside its cell: {}",
        &page[cell..next_cell]
    );
    assert!(page.contains(r#"name="r0.name" value="王五""#));
    assert_eq!(draft_count(&app).await, 0);

    fill(&mut save, &[("r1.term_start", "2020-03-01")]);
    let saved = post(&app, &alice, "/admin/drafts/new", &save).await;
    let id = draft_id(&saved);
    let (_, preview) = alice.get(&format!("/admin/drafts/{id}/preview")).await;
    assert!(
        preview.contains("赵六") && preview.contains("王五"),
        "{preview}"
    );
}

async fn actions_on(app: &TestApp, target: &str) -> Vec<(String, String)> {
    let client = app.db.client().await;
    client
        .query(
            "SELECT action, actor FROM audit_log WHERE target = $1 ORDER BY seq",
            &[&target],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

#[tokio::test]
async fn an_approval_of_a_draft_changed_since_the_reviewer_looked_is_refused() {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;
    let id = submitted_capital_draft(&app, &alice).await;
    let page = format!("/admin/drafts/{id}");
    let looked = bob.get(&page).await.1;
    let seen = support::staff::between(&looked, r#"name="seen" value=""#, "\"").unwrap();

    // Alice takes it back, changes it and submits it again while Bob's page is open.
    assert_eq!(act(&app, &alice, id, "recall", &[]).await.status(), 303);
    let edit = format!("/admin/drafts/{id}/edit");
    fill_and_save(&app, &alice, &edit, &edit, &[("d.source", "换过的来源")]).await;
    assert_eq!(act(&app, &alice, id, "submit", &[]).await.status(), 303);
    let stale = bob
        .post(
            &page,
            &format!("{page}/approve"),
            &[("seen", seen.as_str())],
        )
        .await;

    assert_eq!(stale.status(), 409);
    assert!(stale
        .text()
        .await
        .unwrap()
        .contains("请重新查看当前内容后再审核"));
    assert_eq!(published_count(&app, "state_capital", 2020).await, 0);
    assert_eq!(
        act(&app, &bob, id, "approve", &[]).await.status(),
        303,
        "after looking again"
    );
}

#[tokio::test]
async fn every_state_change_is_in_the_audit_log() {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;
    let id = submitted_capital_draft(&app, &alice).await;
    assert_eq!(act(&app, &alice, id, "recall", &[]).await.status(), 303);
    assert_eq!(act(&app, &alice, id, "submit", &[]).await.status(), 303);
    let refused = act(&app, &bob, id, "return", &[("note", "  ")]).await;
    assert_eq!(refused.status(), 422, "a return needs a note");
    let returned = act(&app, &bob, id, "return", &[("note", "来源写全称")]).await;
    assert_eq!(returned.status(), 303);
    let edit = format!("/admin/drafts/{id}/edit");
    let saved = fill_and_save(&app, &alice, &edit, &edit, &[("d.source", "全称来源")]).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(act(&app, &alice, id, "submit", &[]).await.status(), 303);
    assert_eq!(act(&app, &bob, id, "approve", &[]).await.status(), 303);
    let other = fill_and_save(
        &app,
        &bob,
        "/admin/drafts/new?section=state_capital",
        "/admin/drafts/new",
        &[
            ("d.uscc", "91450500DEM000002M"),
            ("d.year", "2020"),
            ("d.source", "s"),
            ("d.unit", "yuan"),
            ("d.opening_state_capital", "1"),
            ("d.closing_state_capital", "2"),
        ],
    )
    .await;
    let discarded = draft_id(&other);
    assert_eq!(
        act(&app, &bob, discarded, "discard", &[]).await.status(),
        303
    );

    let a = "alice@example.org".to_owned();
    let b = "bob@example.org".to_owned();
    let expected = [
        ("draft.created", &a),
        ("draft.submitted", &a),
        ("draft.recalled", &a),
        ("draft.submitted", &a),
        ("draft.returned", &b),
        ("draft.updated", &a),
        ("draft.submitted", &a),
        ("draft.approved", &b),
    ]
    .map(|(action, actor)| (action.to_owned(), actor.clone()));
    assert_eq!(actions_on(&app, &format!("draft:{id}")).await, expected);
    let expected = [("draft.created", &b), ("draft.discarded", &b)]
        .map(|(action, actor)| (action.to_owned(), actor.clone()));
    assert_eq!(
        actions_on(&app, &format!("draft:{discarded}")).await,
        expected
    );

    // What the approval published is on record too, and the chain is intact.
    let client = app.db.client().await;
    let imported: i64 = client
        .query_one(
            "SELECT count(*) FROM audit_log WHERE action = 'disclosure.imported' \
             AND actor = 'bob@example.org'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(imported, 1);
    let mut conn = app.db.connection().await;
    let verification = sunshine::audit::verify(&mut conn).await.unwrap();
    assert!(
        matches!(verification, sunshine::audit::Verification::Intact { .. }),
        "{verification:?}"
    );
}

#[tokio::test]
async fn amending_any_section_starts_from_exactly_its_published_figures() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let client = app.db.client().await;
    let rows = client
        .query(
            "SELECT DISTINCT ON (d.section) d.id, d.section FROM disclosures d \
             WHERE NOT EXISTS (SELECT 1 FROM disclosure_versions v \
                               WHERE v.disclosure_id = d.id AND v.kind = 'withdrawal') \
             ORDER BY d.section, d.id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 7, "the demo has every section");
    for row in rows {
        let (id, section): (i64, String) = (row.get(0), row.get(1));
        let amend = format!("/admin/disclosures/{id}/amend");
        // Saved back untouched with a reason, the form's file is the published content:
        // the import finds nothing to change.
        let response = fill_and_save(&app, &alice, &amend, &amend, &[("d.reason", "核对")]).await;
        assert_eq!(response.status(), 422, "{section}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains("与已公开的版本没有任何不同"),
            "{section}: {}",
            page.split("<main").nth(1).unwrap_or(&page)
        );
        assert!(
            !page.contains("class=\"field-problem\""),
            "{section}: {page}"
        );
    }
    for section in ["financial", "executive_pay", "inspection", "related_party"] {
        let (status, _) = alice
            .get(&format!("/admin/drafts/new?section={section}"))
            .await;
        assert_eq!(status, 200, "{section}");
    }
}

#[tokio::test]
async fn every_publishing_page_renders_in_both_languages_and_only_for_publishers() {
    let app = TestApp::seeded().await;
    let (alice, _bob) = publishers(&app).await;
    let csv = std::fs::read("docs/examples/major_events.csv").unwrap();
    let upload_id = draft_id(&upload(&app, &alice, "major_events.csv", &csv, "").await);
    let disclosure = disclosure_of(&app, "state_capital", 2024).await;
    for lang in ["zh", "en"] {
        for path in [
            "/admin/drafts".to_owned(),
            "/admin/drafts/new".to_owned(),
            "/admin/drafts/new?section=inspection".to_owned(),
            "/admin/drafts/upload".to_owned(),
            format!("/admin/drafts/{upload_id}"),
            format!("/admin/drafts/{upload_id}/edit"),
            format!("/admin/drafts/{upload_id}/preview"),
            format!("/admin/drafts/{upload_id}/preview/1/history"),
            format!("/admin/disclosures?uscc={USCC}"),
            format!("/admin/disclosures/{disclosure}"),
            format!("/admin/disclosures/{disclosure}/amend"),
            format!("/admin/disclosures/{disclosure}/withdraw"),
        ] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let (status, page) = alice.get(&format!("{path}{sep}lang={lang}")).await;
            assert_eq!(status, 200, "{path} in {lang}: {page}");
        }
    }
    let (status, file) = alice.get(&format!("/admin/drafts/{upload_id}/file")).await;
    assert_eq!((status, file.into_bytes()), (200, csv));

    let admin = StaffUser::create(&app, "root@example.org", Role::Administrator, None).await;
    let (status, _) = admin.get("/admin/drafts").await;
    assert_eq!(status, 403, "drafts are the publishers'");
    let path = format!("/admin/drafts/{upload_id}/discard");
    let refused = admin.post("/admin", &path, &[]).await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn an_approval_that_no_longer_imports_publishes_nothing_and_lists_why() {
    let app = TestApp::seeded().await;
    let (alice, bob) = publishers(&app).await;
    let id = submitted_capital_draft(&app, &alice).await;
    // Meanwhile the same statement is published from an upload, with other figures.
    let csv = std::fs::read_to_string("docs/examples/state_capital.csv").unwrap();
    let csv = csv.replace("393196.62", "393196.00").into_bytes();
    let upload_id = draft_id(&upload(&app, &bob, "state_capital.csv", &csv, "").await);
    assert_eq!(
        act(&app, &bob, upload_id, "submit", &[]).await.status(),
        303
    );
    assert_eq!(
        act(&app, &alice, upload_id, "approve", &[]).await.status(),
        303
    );
    let before = versions(&app).await;

    let refused = act(&app, &bob, id, "approve", &[]).await;

    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("未发布任何内容"), "{page}");
    assert!(
        page.contains("已公开的数据与此不同；请填写更正原因以进行更正"),
        "{page}"
    );
    assert_eq!(versions(&app).await, before, "nothing was published");
    let (_, page) = bob.get(&format!("/admin/drafts/{id}")).await;
    assert!(
        page.contains("待审核"),
        "the draft is still awaiting review: {page}"
    );
}
