//! The filters of `/admin/audit`, parsed from the query string: who (a staff id), what (an
//! action, or a family such as `staff.*`), to what (a target such as `staff:3`) and when
//! (Beijing dates, both ends included), and where the page starts (keyset cursors).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The query string as typed; empty fields mean "any".
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct LogQuery {
    /// Staff id.
    #[serde(default)]
    pub actor: String,
    /// `staff.login`, or a family: `staff.*` (or `staff.`).
    #[serde(default)]
    pub action: String,
    /// Exact target, e.g. `staff:3`.
    #[serde(default)]
    pub target: String,
    /// First day, `YYYY-MM-DD` in Beijing.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD` in Beijing.
    #[serde(default)]
    pub to: String,
    /// Show entries numbered below this (the next, older, page).
    #[serde(default)]
    pub before: Option<String>,
    /// Show entries numbered above this (the previous, newer, page).
    #[serde(default)]
    pub after: Option<String>,
}

/// Which actions to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionFilter {
    /// Exactly this code.
    Exact(String),
    /// Every code starting with this family and a dot, e.g. `staff.`.
    Family(String),
}

impl ActionFilter {
    /// The filter as the query string writes it (`staff.login`, `staff.*`).
    pub fn code(&self) -> String {
        match self {
            ActionFilter::Exact(code) => code.clone(),
            ActionFilter::Family(prefix) => format!("{prefix}*"),
        }
    }
}

/// Filters that parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Entries by this staff member.
    pub actor: Option<i64>,
    /// Entries of this action or family.
    pub action: Option<ActionFilter>,
    /// Entries about this target.
    pub target: Option<String>,
    /// From the start of this Beijing day.
    pub from: Option<NaiveDate>,
    /// Up to the end of this Beijing day.
    pub to: Option<NaiveDate>,
}

/// Where a page of the log starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// The newest entries.
    Newest,
    /// Entries numbered below this one, newest first.
    Before(i64),
    /// Entries numbered above this one (the page just newer than it).
    After(i64),
}

/// Why a filter was refused: the message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterProblem(pub &'static str);

/// Longest target accepted; the column holds at most 200 characters.
const TARGET_MAX: usize = 200;

fn blank(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

fn is_action_code(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

fn parse_action(text: &str) -> Result<ActionFilter, FilterProblem> {
    let family = text
        .strip_suffix('*')
        .or_else(|| text.strip_suffix('.').map(|_| text));
    match family {
        Some(prefix) if prefix.ends_with('.') && is_action_code(prefix) => {
            Ok(ActionFilter::Family(prefix.to_owned()))
        }
        None if is_action_code(text) => Ok(ActionFilter::Exact(text.to_owned())),
        _ => Err(FilterProblem("audit_bad_action")),
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, FilterProblem> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| FilterProblem("audit_bad_date"))
}

impl TryFrom<&LogQuery> for LogFilter {
    type Error = FilterProblem;

    fn try_from(query: &LogQuery) -> Result<LogFilter, FilterProblem> {
        let actor = blank(&query.actor)
            .map(|a| a.parse::<i64>().ok().filter(|id| *id > 0))
            .map(|id| id.ok_or(FilterProblem("audit_bad_actor")))
            .transpose()?;
        let action = blank(&query.action).map(parse_action).transpose()?;
        let target = blank(&query.target).map(str::to_owned);
        if target
            .as_ref()
            .is_some_and(|t| t.chars().count() > TARGET_MAX)
        {
            return Err(FilterProblem("audit_bad_target"));
        }
        let from = blank(&query.from).map(parse_date).transpose()?;
        let to = blank(&query.to).map(parse_date).transpose()?;
        if matches!((from, to), (Some(from), Some(to)) if from > to) {
            return Err(FilterProblem("audit_bad_range"));
        }
        Ok(LogFilter {
            actor,
            action,
            target,
            from,
            to,
        })
    }
}

impl LogFilter {
    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        *self != LogFilter::default()
    }

    /// The first instant shown: midnight in Beijing (UTC+8, no daylight saving).
    pub fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.from.map(beijing_midnight)
    }

    /// The first instant no longer shown: midnight after the last day, in Beijing.
    pub fn ends_before(&self) -> Option<DateTime<Utc>> {
        self.to.map(|day| beijing_midnight(day + Duration::days(1)))
    }

    /// The filters in one line, as the `audit.viewed` entry records them.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(actor) = self.actor {
            parts.push(format!("actor={actor}"));
        }
        if let Some(action) = &self.action {
            parts.push(format!("action={}", action.code()));
        }
        if let Some(target) = &self.target {
            parts.push(format!("target={target}"));
        }
        if let Some(from) = self.from {
            parts.push(format!("from={from}"));
        }
        if let Some(to) = self.to {
            parts.push(format!("to={to}"));
        }
        if parts.is_empty() {
            "no filters".to_owned()
        } else {
            parts.join(" ")
        }
    }
}

fn beijing_midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(8)
}

impl LogQuery {
    /// The page's starting point; a malformed cursor starts at the newest entries.
    pub fn cursor(&self) -> Cursor {
        let number = |text: &Option<String>| {
            text.as_deref()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .filter(|n| *n > 0)
        };
        match (number(&self.before), number(&self.after)) {
            (Some(before), _) => Cursor::Before(before),
            (None, Some(after)) => Cursor::After(after),
            (None, None) => Cursor::Newest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query as actix's `web::Query` would deserialise it.
    fn query(pairs: &[(&str, &str)]) -> LogQuery {
        let mut q = LogQuery::default();
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "actor" => q.actor = v,
                "action" => q.action = v,
                "target" => q.target = v,
                "from" => q.from = v,
                "to" => q.to = v,
                "before" => q.before = Some(v),
                "after" => q.after = Some(v),
                _ => unreachable!("{k}"),
            }
        }
        q
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<LogFilter, FilterProblem> {
        LogFilter::try_from(&query(pairs))
    }

    #[test]
    fn empty_fields_mean_no_filter() {
        let filter = parse(&[("actor", ""), ("action", " "), ("from", "")]).unwrap();
        assert!(!filter.is_active());
        assert_eq!(filter.describe(), "no filters");
    }

    #[test]
    fn an_action_is_exact_unless_it_ends_with_a_star_or_a_dot() {
        let exact = parse(&[("action", "staff.login")]).unwrap();
        assert_eq!(
            exact.action,
            Some(ActionFilter::Exact("staff.login".into()))
        );
        for family in ["staff.*", "staff."] {
            let filter = parse(&[("action", family)]).unwrap();
            assert_eq!(filter.action, Some(ActionFilter::Family("staff.".into())));
            assert_eq!(filter.action.unwrap().code(), "staff.*");
        }
    }

    #[test]
    fn malformed_filters_are_refused_with_a_message() {
        for (pairs, message) in [
            (vec![("actor", "x")], "audit_bad_actor"),
            (vec![("actor", "0")], "audit_bad_actor"),
            (vec![("action", "Staff.Login")], "audit_bad_action"),
            (vec![("action", "staff*")], "audit_bad_action"),
            (vec![("action", "staff.%")], "audit_bad_action"),
            (vec![("from", "2026-13-01")], "audit_bad_date"),
            (
                vec![("from", "2026-12-02"), ("to", "2026-12-01")],
                "audit_bad_range",
            ),
        ] {
            assert_eq!(parse(&pairs), Err(FilterProblem(message)), "{pairs:?}");
        }
    }

    #[test]
    fn beijing_days_start_at_sixteen_hours_utc_the_day_before() {
        let filter = parse(&[("from", "2026-12-01"), ("to", "2026-12-01")]).unwrap();
        assert_eq!(
            filter.starts_at().unwrap().to_rfc3339(),
            "2026-11-30T16:00:00+00:00"
        );
        assert_eq!(
            filter.ends_before().unwrap().to_rfc3339(),
            "2026-12-01T16:00:00+00:00"
        );
    }

    #[test]
    fn the_description_names_every_filter_set() {
        let filter = parse(&[
            ("actor", "3"),
            ("action", "staff."),
            ("target", "staff:4"),
            ("from", "2026-12-01"),
        ])
        .unwrap();
        assert_eq!(
            filter.describe(),
            "actor=3 action=staff.* target=staff:4 from=2026-12-01"
        );
    }

    #[test]
    fn before_wins_over_after_and_junk_starts_at_the_newest() {
        let cursor = |pairs: &[(&str, &str)]| query(pairs).cursor();
        assert_eq!(
            cursor(&[("before", "9"), ("after", "3")]),
            Cursor::Before(9)
        );
        assert_eq!(cursor(&[("after", "3")]), Cursor::After(3));
        assert_eq!(cursor(&[("before", "x")]), Cursor::Newest);
        assert_eq!(cursor(&[("before", "-4")]), Cursor::Newest);
    }
}
