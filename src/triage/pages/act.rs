//! `POST /admin/cases/{reference}/{action}`: every change made from the case page. A
//! refused change renders the case again with the reason and everything typed.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

use super::case::{find, CasePage};
use super::see_other;
use crate::config::Settings;
use crate::db::PgPool;
use crate::report::beijing_today;
use crate::report::keys::current_unit_key;
use crate::report::model::Finding;
use crate::report::sealing::{DataKey, Field};
use crate::staff::UnitStaff;
use crate::triage::case_view;
use crate::triage::cases::{self, CaseRow, Member};
use crate::triage::rectification::{self, ItemStatus};
use crate::triage::workflow::{self, Move, ReferralBody, Refused};
use crate::triage::{outcomes, Deadlines};
use crate::web::{AppError, Page, Renderer};

/// The longest message, note or reason (the report form's own limit for "what").
const MAX_TEXT: usize = 10_000;

type Form = HashMap<String, String>;

fn field<'a>(form: &'a Form, name: &str) -> &'a str {
    form.get(name).map_or("", |v| v.trim())
}

/// A required text, at most [`MAX_TEXT`] characters.
fn text<'a>(form: &'a Form, name: &str) -> Result<&'a str, Refused> {
    let value = field(form, name);
    if value.is_empty() {
        return Err(Refused::Invalid("case_refused_text_missing"));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(Refused::Invalid("case_refused_text_long"));
    }
    Ok(value)
}

fn date(form: &Form, name: &str, default: Option<NaiveDate>) -> Result<NaiveDate, Refused> {
    match field(form, name) {
        "" => default.ok_or(Refused::Invalid("case_refused_date")),
        value => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| Refused::Invalid("case_refused_date")),
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn act(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<PgPool>,
    settings: web::Data<Settings>,
    deadlines: web::Data<Deadlines>,
    staff: UnitStaff,
    path: web::Path<(String, String)>,
    form: web::Form<Form>,
) -> Result<HttpResponse, AppError> {
    let (reference, action) = path.into_inner();
    let member = Member::of(&staff);
    let mut conn = pool.get().await?;
    let case = find(&mut conn, &member, &reference).await?;
    let key = case_view::data_key(&mut conn, &member, &case).await?;
    let done = Action {
        conn: &mut conn,
        member: &member,
        case: &case,
        key: key.as_ref(),
        deadlines: &deadlines,
        today: beijing_today(),
    }
    .run(&action, &form)
    .await;
    match done {
        Ok(anchor) => Ok(see_other(&format!(
            "/admin/cases/{}#{anchor}",
            case.reference
        ))),
        Err(Refused::Database(e)) => Err(e.into()),
        Err(refused) => {
            let (message, status) = match refused {
                Refused::Illegal => ("case_refused_illegal", StatusCode::CONFLICT),
                Refused::Conflict => ("case_refused_conflict", StatusCode::CONFLICT),
                Refused::Role => ("case_refused_role", StatusCode::FORBIDDEN),
                Refused::Invalid(message) => (message, StatusCode::UNPROCESSABLE_ENTITY),
                Refused::Database(_) => unreachable!("answered above"),
            };
            // The case as it is now (another member may have moved it).
            let current = find(&mut conn, &member, &reference).await?;
            let view = CasePage {
                page: &page,
                renderer: &renderer,
                settings: &settings,
                deadlines: &deadlines,
                staff: &staff,
            };
            let mut typed = form.into_inner();
            typed.insert("action".into(), action);
            view.render(&mut conn, &member, &current, Some(message), &typed, status)
                .await
        }
    }
}

struct Action<'a> {
    conn: &'a mut diesel_async::AsyncPgConnection,
    member: &'a Member,
    case: &'a CaseRow,
    key: Option<&'a DataKey>,
    deadlines: &'a Deadlines,
    today: NaiveDate,
}

/// Seals `text` of the case with its data key (which the member must hold).
fn seal(
    key: Option<&DataKey>,
    case: &CaseRow,
    field: Field,
    text: &str,
) -> Result<Vec<u8>, Refused> {
    let key = key.ok_or(Refused::Invalid("case_refused_no_key"))?;
    Ok(key.seal(&case.reference, field, text.as_bytes()))
}

impl Action<'_> {
    /// Does what `action` names; returns the part of the page to come back to.
    async fn run(self, action: &str, form: &Form) -> Result<&'static str, Refused> {
        let Action {
            conn,
            member,
            case,
            key,
            deadlines,
            today,
        } = self;
        match action {
            "move" => {
                let step = match field(form, "to") {
                    "accepted" => Move::Accept,
                    "declined" => Move::Decline {
                        sealed_reason: seal(key, case, Field::Message, text(form, "reason")?)?,
                    },
                    "referred" => Move::Refer {
                        body: ReferralBody::from_code(field(form, "body"))
                            .ok_or(Refused::Invalid("case_refused_referral_body"))?,
                        body_name: text(form, "body_name")?.chars().take(200).collect(),
                        sent_on: date(form, "sent_on", Some(today))?,
                        sealed_what_sent: match field(form, "what_sent") {
                            "" => None,
                            what => Some(seal(key, case, Field::Referral, what)?),
                        },
                    },
                    "investigating" => Move::Investigate,
                    "concluded" => Move::Conclude(
                        Finding::from_code(field(form, "finding"))
                            .ok_or(Refused::Invalid("case_refused_finding"))?,
                    ),
                    "rectifying" => Move::Rectify,
                    "closed" => Move::Close,
                    _ => return Err(Refused::Illegal),
                };
                workflow::advance(conn, member, case, step, deadlines, today).await?;
                Ok("state")
            }
            "assign" => {
                let assignee = match field(form, "assignee") {
                    "" => None,
                    id => Some(
                        id.parse()
                            .map_err(|_| Refused::Invalid("case_refused_not_assignable"))?,
                    ),
                };
                workflow::assign(conn, member, case, assignee).await?;
                Ok("work")
            }
            "labels" => {
                let labels = field(form, "labels")
                    .split([',', '，', '、'])
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                workflow::set_labels(conn, member, case, labels).await?;
                Ok("work")
            }
            "message" => {
                let sealed = seal(key, case, Field::Message, text(form, "message")?)?;
                workflow::message_reporter(conn, member, case, &sealed, today).await?;
                Ok("conversation")
            }
            "note" => {
                let sealed = seal(key, case, Field::Note, text(form, "note")?)?;
                workflow::add_note(conn, member, case, &sealed).await?;
                Ok("notes")
            }
            "route" => {
                let unit = field(form, "unit");
                let reason = seal(key, case, Field::Note, text(form, "route_reason")?)?;
                let data_key = key.ok_or(Refused::Invalid("case_refused_no_key"))?;
                let target = current_unit_key(conn, unit)
                    .await?
                    .ok_or(Refused::Invalid("case_refused_unit"))?;
                let sealed_key = data_key.sealed_to(&target.key);
                workflow::reroute(conn, member, case, unit, target.id, &sealed_key, &reason)
                    .await?;
                Ok("work")
            }
            "link" => {
                let other = cases::open(conn, member, field(form, "other"))
                    .await?
                    .map_err(|_| Refused::Invalid("case_refused_link_unknown"))?;
                workflow::link(conn, member, case, &other).await?;
                Ok("links")
            }
            "rectification" => {
                let due_on = date(form, "due_on", None)?;
                let (description, department) =
                    (field(form, "description"), field(form, "department"));
                rectification::add(conn, member, case, description, department, due_on, today)
                    .await?;
                Ok("rectification")
            }
            "item" => {
                let item = field(form, "item")
                    .parse()
                    .map_err(|_| Refused::Invalid("rectification_refused_item"))?;
                let status = ItemStatus::from_code(field(form, "status"))
                    .ok_or(Refused::Invalid("rectification_refused_item"))?;
                let note = field(form, "item_note");
                rectification::update(conn, member, case, item, status, note, today).await?;
                Ok("rectification")
            }
            "outcome" => {
                let (zh, en) = (field(form, "summary_zh"), field(form, "summary_en"));
                outcomes::publish(conn, member, case, zh, en, today).await?;
                Ok("outcome")
            }
            _ => Err(Refused::Illegal),
        }
    }
}
