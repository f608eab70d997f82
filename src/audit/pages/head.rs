//! `/audit`: how many entries the log holds and the hash of the last one, for anyone to
//! note, and `?at=N` (with `&hash=` what they noted) to compare later. A hash depends on
//! every entry before it, so an entry that still has the hash someone noted proves that
//! nothing up to it was rewritten since (docs/audit.md).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::beijing_time;
use crate::audit::{chain, queries};
use crate::db::ReadPool;
use crate::web::page_cache::revalidated;
use crate::web::{AppError, Page, Renderer};

/// The check form, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct CheckQuery {
    /// An entry number.
    #[serde(default)]
    at: String,
    /// The hash noted for it, or its beginning.
    #[serde(default)]
    hash: String,
}

/// What the check found, for the template.
#[derive(Debug, Serialize)]
struct Check {
    at: i64,
    /// The entry's hash; `None` when the log has no entry `at`.
    hash: Option<String>,
    /// Whether it matches the hash given; `None` when none was given.
    matches: Option<bool>,
}

/// The shortest beginning of a hash accepted: 32 bits, still far beyond guessing.
const HASH_PREFIX_MIN: usize = 8;

fn parse_at(text: &str) -> Result<Option<i64>, &'static str> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Some)
            .ok_or("audit_check_bad_at"),
    }
}

/// A noted hash, as people copy it: spaces and capitals are fine.
fn parse_noted(text: &str) -> Result<Option<String>, &'static str> {
    let noted: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if noted.is_empty() {
        return Ok(None);
    }
    let hex = noted.chars().all(|c| c.is_ascii_hexdigit());
    if hex && (HASH_PREFIX_MIN..=64).contains(&noted.len()) {
        Ok(Some(noted))
    } else {
        Err("audit_check_bad_hash")
    }
}

/// What a request to the page asked for.
enum Outcome {
    /// Only the head.
    Head,
    /// A check with a malformed number or hash: the message that says so.
    Problem(&'static str),
    /// A check of one entry.
    Checked(Check),
}

async fn check(
    conn: &mut diesel_async::AsyncPgConnection,
    query: &CheckQuery,
) -> Result<Outcome, AppError> {
    let (at, noted) = match (parse_at(&query.at), parse_noted(&query.hash)) {
        (Ok(Some(at)), Ok(noted)) => (at, noted),
        (Ok(None), Ok(None)) => return Ok(Outcome::Head),
        (Ok(None), Ok(Some(_))) => return Ok(Outcome::Problem("audit_check_bad_at")),
        (Err(problem), _) | (_, Err(problem)) => return Ok(Outcome::Problem(problem)),
    };
    let hash = queries::hash_of(conn, at).await?.map(hex::encode);
    let matches = match (&hash, &noted) {
        (Some(hash), Some(noted)) => Some(hash.starts_with(noted.as_str())),
        _ => None,
    };
    Ok(Outcome::Checked(Check { at, hash, matches }))
}

/// Read from the replica when there is one: a head a few seconds old is still a point of
/// the chain that anyone can note and check later.
pub async fn show(
    page: Page,
    renderer: web::Data<Renderer>,
    pool: web::Data<ReadPool>,
    query: web::Query<CheckQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = pool.get().await?;
    let head = chain::head(&mut conn).await?;
    let outcome = check(&mut conn, &query).await?;
    let mut context = Context::new();
    context.insert("head", &head);
    context.insert("last_at", &head.at.map(beijing_time));
    context.insert("form_at", query.at.trim());
    context.insert("form_hash", query.hash.trim());
    let status = match outcome {
        Outcome::Head => StatusCode::OK,
        Outcome::Problem(problem) => {
            context.insert("problem", problem);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Outcome::Checked(check) => {
            context.insert("check", &check);
            match check.hash {
                Some(_) => StatusCode::OK,
                None => StatusCode::NOT_FOUND,
            }
        }
    };
    let mut response = page.render_with_status(&renderer, "audit/head.html", context, status)?;
    // The head moves with every staff action, which the page cache does not hear of:
    // validated (ETag, 304) but never kept, and never reused by a browser unasked.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(revalidated(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noted_hash_may_be_spaced_capitalised_or_shortened() {
        assert_eq!(
            parse_noted(" AB12 cd34 ef "),
            Ok(Some("ab12cd34ef".to_owned()))
        );
        assert_eq!(parse_noted(""), Ok(None));
        assert_eq!(parse_noted("abc"), Err("audit_check_bad_hash"));
        assert_eq!(parse_noted("xyz12345"), Err("audit_check_bad_hash"));
        assert_eq!(parse_noted(&"a".repeat(65)), Err("audit_check_bad_hash"));
    }

    #[test]
    fn an_entry_number_is_a_positive_integer() {
        assert_eq!(parse_at(" 12 "), Ok(Some(12)));
        assert_eq!(parse_at(""), Ok(None));
        assert_eq!(parse_at("0"), Err("audit_check_bad_at"));
        assert_eq!(parse_at("twelve"), Err("audit_check_bad_at"));
    }
}
