//! Where a new report goes: routing rules, matched before the report is sealed (keywords
//! need its text, which is never stored in clear). Every report lands in exactly one
//! unit: the first active rule, by position, whose every condition holds, or
//! `reports.intake_unit`.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::audit::{self, Actor};
use crate::config::RouteSettings;
use crate::db::schema::{enterprises, routing_defaults, routing_rules, units};
use crate::report::model::Answers;
use crate::report::ReportKind;

/// A routing rule as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = routing_rules, check_for_backend(diesel::pg::Pg))]
pub struct Rule {
    /// Database id.
    pub id: i64,
    /// Rules are tried in this order.
    pub position: i32,
    /// Only reports of this kind.
    pub kind: Option<String>,
    /// Only reports about this enterprise or one below it.
    pub enterprise_uscc: Option<String>,
    /// Only reports whose text contains one of these.
    pub keywords: Vec<Option<String>>,
    /// Where the report goes.
    pub unit_code: String,
    /// Why the rule exists.
    pub note: String,
    /// Inactive rules are kept for the record but never applied.
    pub active: bool,
}

impl Rule {
    fn keywords(&self) -> impl Iterator<Item = &str> {
        self.keywords.iter().flatten().map(String::as_str)
    }

    /// Whether the rule takes a report of `kind`, about an enterprise whose chain (itself,
    /// then its parents) is `chain`, with `text` (lowercased).
    fn takes(&self, kind: ReportKind, chain: &[String], text: &str) -> bool {
        let kind_ok = self.kind.as_deref().is_none_or(|k| k == kind.code());
        let enterprise_ok = self
            .enterprise_uscc
            .as_ref()
            .is_none_or(|uscc| chain.contains(uscc));
        let mut keywords = self.keywords().peekable();
        let keywords_ok =
            keywords.peek().is_none() || keywords.any(|word| text.contains(&word.to_lowercase()));
        self.active && kind_ok && enterprise_ok && keywords_ok
    }
}

/// What routing decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    /// The unit.
    pub unit: String,
    /// The rule that decided it; `None` for the fallback.
    pub rule_id: Option<i64>,
}

/// The text keywords are looked for in: everything the reporter wrote, lowercased.
pub fn searchable_text(answers: &Answers) -> String {
    [
        &answers.what,
        &answers.when,
        &answers.place,
        &answers.amounts,
        &answers.positions,
        &answers.evidence,
        &answers.enterprise_other,
        &answers.record,
    ]
    .iter()
    .map(|part| part.to_lowercase())
    .collect::<Vec<_>>()
    .join("\n")
}

/// Picks the unit for a report from `rules` (in position order); `usable` says whether a
/// unit can take reports now (active, with a key).
pub fn choose(
    rules: &[Rule],
    kind: ReportKind,
    chain: &[String],
    text: &str,
    usable: &dyn Fn(&str) -> bool,
    fallback: &str,
) -> Routed {
    rules
        .iter()
        .find(|rule| rule.takes(kind, chain, text) && usable(&rule.unit_code))
        .map(|rule| Routed {
            unit: rule.unit_code.clone(),
            rule_id: Some(rule.id),
        })
        .unwrap_or_else(|| Routed {
            unit: fallback.to_owned(),
            rule_id: None,
        })
}

/// Every rule, in the order they are tried.
pub async fn rules(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Rule>> {
    routing_rules::table
        .order((routing_rules::position, routing_rules::id))
        .select(Rule::as_select())
        .load(conn)
        .await
}

/// An enterprise and every group above it, nearest first.
pub async fn chain(conn: &mut AsyncPgConnection, uscc: Option<&str>) -> QueryResult<Vec<String>> {
    let mut chain = Vec::new();
    let mut next = uscc.map(str::to_owned);
    // The register's depth is a handful of levels; the bound guards against a cycle.
    while let Some(current) = next.take().filter(|_| chain.len() < 16) {
        let parent: Option<Option<String>> = enterprises::table
            .find(&current)
            .select(enterprises::parent_uscc)
            .first(conn)
            .await
            .optional()?;
        chain.push(current);
        next = parent.flatten();
    }
    Ok(chain)
}

/// Routes a report: reads the rules and the enterprise's chain, and skips rules whose
/// unit is inactive or has no key yet.
pub async fn route(
    conn: &mut AsyncPgConnection,
    kind: ReportKind,
    enterprise: Option<&str>,
    answers: &Answers,
    fallback: &str,
) -> QueryResult<Routed> {
    let rules = rules(conn).await?;
    let chain = chain(conn, enterprise).await?;
    let usable: Vec<String> = units::table
        .filter(units::active)
        .filter(diesel::dsl::exists(
            crate::db::schema::unit_keys::table
                .filter(crate::db::schema::unit_keys::unit_code.eq(units::code))
                .filter(crate::db::schema::unit_keys::retired_at.is_null()),
        ))
        .select(units::code)
        .load(conn)
        .await?;
    let text = searchable_text(answers);
    Ok(choose(
        &rules,
        kind,
        &chain,
        &text,
        &|unit| usable.iter().any(|u| u == unit),
        fallback,
    ))
}

/// Writes the configured default rules, once: after that the table is the administrators'
/// (deleting every rule sticks).
pub async fn seed_defaults(
    conn: &mut AsyncPgConnection,
    defaults: &[RouteSettings],
) -> QueryResult<usize> {
    conn.transaction(async |conn| {
        let first = diesel::insert_into(routing_defaults::table)
            .values(routing_defaults::id.eq(true))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        if first == 0 {
            return Ok(0);
        }
        for (index, route) in defaults.iter().enumerate() {
            let rule = NewRule::from_settings(route);
            rule.insert(conn, (index as i32 + 1) * 10).await?;
        }
        // Not audited: this is the configuration arriving, not anyone's action (the audit
        // log records people); `routing_defaults.seeded_at` says when.
        Ok(defaults.len())
    })
    .await
}

/// A rule to add.
#[derive(Debug, Clone, Default)]
pub struct NewRule {
    /// Kind code.
    pub kind: Option<String>,
    /// Enterprise USCC.
    pub enterprise_uscc: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Unit code.
    pub unit_code: String,
    /// Why.
    pub note: String,
}

impl NewRule {
    fn from_settings(route: &RouteSettings) -> NewRule {
        NewRule {
            kind: route.kind.clone(),
            enterprise_uscc: route.enterprise.clone(),
            keywords: route.keywords.clone(),
            unit_code: route.unit.clone(),
            note: route.note.clone(),
        }
    }

    /// What the audit log says of it.
    pub fn describe(&self) -> String {
        format!(
            "kind={} enterprise={} keywords={} unit={}",
            self.kind.as_deref().unwrap_or("*"),
            self.enterprise_uscc.as_deref().unwrap_or("*"),
            if self.keywords.is_empty() {
                "*".to_owned()
            } else {
                self.keywords.join("|")
            },
            self.unit_code
        )
    }

    async fn insert(&self, conn: &mut AsyncPgConnection, position: i32) -> QueryResult<i64> {
        diesel::insert_into(routing_rules::table)
            .values((
                routing_rules::position.eq(position),
                routing_rules::kind.eq(&self.kind),
                routing_rules::enterprise_uscc.eq(&self.enterprise_uscc),
                routing_rules::keywords.eq(self
                    .keywords
                    .iter()
                    .cloned()
                    .map(Some)
                    .collect::<Vec<_>>()),
                routing_rules::unit_code.eq(&self.unit_code),
                routing_rules::note.eq(&self.note),
            ))
            .returning(routing_rules::id)
            .get_result(conn)
            .await
    }

    /// Adds the rule at the end, audited.
    pub async fn add(&self, conn: &mut AsyncPgConnection, actor: &Actor) -> QueryResult<i64> {
        conn.transaction(async |conn| {
            let last: Option<i32> = routing_rules::table
                .select(diesel::dsl::max(routing_rules::position))
                .first(conn)
                .await?;
            let id = self.insert(conn, last.unwrap_or(0) + 10).await?;
            let target = format!("routing:{id}");
            audit::append(conn, actor, "routing.added", &target, &self.describe()).await?;
            Ok(id)
        })
        .await
    }
}

/// Turns a rule on or off, audited.
pub async fn set_active(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    active: bool,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        diesel::update(routing_rules::table.find(id))
            .set(routing_rules::active.eq(active))
            .execute(conn)
            .await?;
        let action = if active {
            "routing.enabled"
        } else {
            "routing.disabled"
        };
        audit::append(conn, actor, action, &format!("routing:{id}"), "").await?;
        Ok(())
    })
    .await
}

/// Moves a rule one place up (earlier) or down, swapping with its neighbour, audited.
pub async fn move_rule(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: i64,
    earlier: bool,
) -> QueryResult<()> {
    conn.transaction(async |conn| {
        let all = rules(conn).await?;
        let Some(index) = all.iter().position(|r| r.id == id) else {
            return Ok(());
        };
        let other = if earlier {
            index.checked_sub(1)
        } else {
            Some(index + 1).filter(|i| *i < all.len())
        };
        let Some(other) = other else { return Ok(()) };
        // Renumber everything so equal positions cannot make the swap a no-op.
        let mut order: Vec<i64> = all.iter().map(|r| r.id).collect();
        order.swap(index, other);
        for (n, rule_id) in order.iter().enumerate() {
            diesel::update(routing_rules::table.find(rule_id))
                .set(routing_rules::position.eq((n as i32 + 1) * 10))
                .execute(conn)
                .await?;
        }
        let detail = if earlier { "moved up" } else { "moved down" };
        audit::append(
            conn,
            actor,
            "routing.moved",
            &format!("routing:{id}"),
            detail,
        )
        .await?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        id: i64,
        kind: Option<&str>,
        enterprise: Option<&str>,
        words: &[&str],
        unit: &str,
    ) -> Rule {
        Rule {
            id,
            position: id as i32 * 10,
            kind: kind.map(str::to_owned),
            enterprise_uscc: enterprise.map(str::to_owned),
            keywords: words.iter().map(|w| Some((*w).to_owned())).collect(),
            unit_code: unit.to_owned(),
            note: String::new(),
            active: true,
        }
    }

    #[test]
    fn the_first_rule_whose_every_condition_holds_decides() {
        let rules = [
            rule(1, Some("accusation"), None, &[], "discipline"),
            rule(2, None, None, &["受贿", "Bribe"], "discipline"),
            rule(3, None, Some("GROUP"), &["假账"], "audit"),
            rule(4, None, Some("GROUP"), &[], "supervisory_board"),
        ];
        let all = |_: &str| true;
        let pick = |kind, chain: &[&str], text: &str| {
            let chain: Vec<String> = chain.iter().map(|s| (*s).to_owned()).collect();
            choose(&rules, kind, &chain, text, &all, "sasac").unit
        };
        assert_eq!(pick(ReportKind::Accusation, &[], "anything"), "discipline");
        assert_eq!(pick(ReportKind::Report, &[], "经理多报了加班"), "sasac");
        assert_eq!(pick(ReportKind::Report, &[], "经理受贿"), "discipline");
        // Keywords match case-insensitively (the text arrives lowercased).
        assert_eq!(
            pick(ReportKind::Report, &[], "a bribe was paid"),
            "discipline"
        );
        // The enterprise condition covers the group and everything below it.
        assert_eq!(
            pick(ReportKind::Report, &["SUB", "GROUP"], "做假账"),
            "audit"
        );
        assert_eq!(
            pick(ReportKind::Report, &["SUB", "GROUP"], "其他"),
            "supervisory_board"
        );
        assert_eq!(pick(ReportKind::Report, &["OTHER"], "做假账"), "sasac");
    }

    #[test]
    fn a_rule_to_a_unit_that_cannot_take_reports_is_passed_over() {
        let mut off = rule(1, None, None, &["x"], "audit");
        off.active = false;
        let rules = [
            off,
            rule(2, None, None, &["x"], "discipline"),
            rule(3, None, None, &["x"], "audit"),
        ];
        let no_discipline = |unit: &str| unit != "discipline";
        let routed = choose(
            &rules,
            ReportKind::Report,
            &[],
            "x",
            &no_discipline,
            "sasac",
        );
        assert_eq!(
            routed,
            Routed {
                unit: "audit".into(),
                rule_id: Some(3)
            }
        );
    }
}
