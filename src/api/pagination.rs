//! Cursor pagination: a list is walked in the order of a stable key (the USCC, the
//! disclosure id) with `WHERE key > last ORDER BY key LIMIT n`, so every page is an
//! index range scan and no record is skipped or repeated while others are added.
//! The cursor is opaque to clients: base64url of the list's name and the last key.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;

/// Items per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 50;
/// The most items one page may hold.
pub const MAX_LIMIT: i64 = 200;

/// The paging parameters every list takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}

impl PageParams {
    /// The page size asked for.
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit.as_deref() {
            None => Ok(DEFAULT_LIMIT),
            Some(text) => text
                .parse()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or(ApiError::BadRequest(
                    "limit must be an integer from 1 to 200.",
                )),
        }
    }

    /// The last key of the previous page of list `list`, if a cursor was given.
    pub fn after(&self, list: &str) -> Result<Option<String>, ApiError> {
        self.cursor
            .as_deref()
            .map(|cursor| decode(list, cursor))
            .transpose()
    }
}

/// The cursor that continues list `list` after `key`.
pub fn encode(list: &str, key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{list}:{key}"))
}

fn decode(list: &str, cursor: &str) -> Result<String, ApiError> {
    const BAD: ApiError = ApiError::BadRequest("cursor is not one this list gave out.");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| BAD)?;
    let text = String::from_utf8(bytes).map_err(|_| BAD)?;
    match text.split_once(':') {
        Some((name, key)) if name == list && !key.is_empty() => Ok(key.to_owned()),
        _ => Err(BAD),
    }
}

/// Splits one extra row off `rows` (fetched with `limit + 1`): what remains is the page,
/// and the cursor continues after its last key when there was more.
pub fn split_page<T>(
    mut rows: Vec<T>,
    limit: i64,
    list: &str,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|last| encode(list, &key(last)));
    (rows, next)
}

/// The URL of the next page: this request's path and query with the cursor replaced.
pub fn next_href(path: &str, query: &str, cursor: &str) -> String {
    let mut query: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name != "cursor")
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    query.push(("cursor".to_owned(), cursor.to_owned()));
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("{path}?{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(cursor: Option<&str>, limit: Option<&str>) -> PageParams {
        PageParams {
            cursor: cursor.map(str::to_owned),
            limit: limit.map(str::to_owned),
        }
    }

    #[test]
    fn a_cursor_decodes_to_the_key_it_was_made_from() {
        let cursor = encode("enterprises", "91450500DEM00001XX");
        let after = params(Some(&cursor), None).after("enterprises").unwrap();
        assert_eq!(after.as_deref(), Some("91450500DEM00001XX"));
    }

    #[test]
    fn a_cursor_of_another_list_or_garbage_is_refused() {
        let cursor = encode("disclosures", "17");
        assert!(params(Some(&cursor), None).after("enterprises").is_err());
        assert!(params(Some("%%%"), None).after("enterprises").is_err());
        assert!(params(Some(""), None).after("enterprises").is_err());
    }

    #[test]
    fn limits_outside_one_to_two_hundred_are_refused() {
        assert_eq!(params(None, None).limit().unwrap(), DEFAULT_LIMIT);
        assert_eq!(params(None, Some("200")).limit().unwrap(), 200);
        for bad in ["0", "201", "-1", "ten", ""] {
            assert!(params(None, Some(bad)).limit().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_with_one_row_more_than_asked_has_a_next_cursor() {
        let (page, next) = split_page(vec![1, 2, 3], 2, "n", |n| n.to_string());
        assert_eq!(page, vec![1, 2]);
        assert_eq!(next, Some(encode("n", "2")));
        let (page, next) = split_page(vec![1, 2], 2, "n", |n| n.to_string());
        assert_eq!((page.len(), next), (2, None));
    }

    #[test]
    fn the_next_link_keeps_filters_and_replaces_the_cursor() {
        let href = next_href(
            "/api/v1/enterprises",
            "industry=K&cursor=old&limit=5",
            "new",
        );
        assert_eq!(href, "/api/v1/enterprises?industry=K&limit=5&cursor=new");
    }
}
