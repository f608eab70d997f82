//! Languages and the message catalog.
//!
//! Simplified Chinese is the default; English is complete. The language is chosen by
//! `?lang=`, then the `lang` cookie, then `Accept-Language`. Every UI string lives in the
//! Fluent catalogs under `locales/<tag>/*.ftl`; start-up fails when the two languages do
//! not define exactly the same messages, so a missing translation never reaches a page.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpRequest;
use anyhow::{bail, Context};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Name of the cookie that remembers an explicit choice.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used in `?lang=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>` and the catalog folder name.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a language tag by its primary subtag (`zh-Hans-CN` is Chinese).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the supported language the browser prefers most, honouring `q` weights.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, best_q)| q > best_q) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The language explicitly asked for in a query string, if any.
    pub fn from_query(query: &str) -> Option<Lang> {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_tag(&v))
    }

    /// The language for this request: query, then cookie, then header, then Chinese.
    pub fn negotiate(req: &HttpRequest) -> Lang {
        Lang::from_query(req.query_string())
            .or_else(|| {
                req.cookie(LANG_COOKIE)
                    .and_then(|c| Lang::from_tag(c.value()))
            })
            .or_else(|| {
                req.headers()
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|h| h.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or(Lang::Zh)
    }
}

/// Middleware: remembers `?lang=` in a cookie, and tells caches that pages vary by language.
pub async fn remember_language(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // The report pages set no cookie at all (DESIGN.md section 4): they carry the
    // language in their links and forms instead.
    let chosen =
        Lang::from_query(req.query_string()).filter(|_| !req.path().starts_with("/report"));
    let mut res = next.call(req).await?;
    if let Some(lang) = chosen {
        let cookie = Cookie::build(LANG_COOKIE, lang.code())
            .path("/")
            .same_site(SameSite::Lax)
            .http_only(true)
            .max_age(actix_web::cookie::time::Duration::days(365))
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    res.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    Ok(res)
}

/// Every message of every language, loaded once at start-up.
pub struct Catalog {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
    /// Messages without arguments, as a template-ready object per language.
    plain: HashMap<Lang, tera::Value>,
}

impl Catalog {
    /// Loads `dir/<tag>/*.ftl` for every language and checks they define the same messages.
    pub fn load(dir: &Path) -> anyhow::Result<Catalog> {
        let mut bundles = HashMap::new();
        let mut ids: HashMap<Lang, BTreeSet<String>> = HashMap::new();
        for lang in Lang::ALL {
            let (bundle, lang_ids) = load_bundle(lang, &dir.join(lang.tag()))?;
            bundles.insert(lang, bundle);
            ids.insert(lang, lang_ids);
        }
        let (zh, en) = (&ids[&Lang::Zh], &ids[&Lang::En]);
        if zh != en {
            let only_zh: Vec<_> = zh.difference(en).collect();
            let only_en: Vec<_> = en.difference(zh).collect();
            bail!("message catalogs differ: only in zh-CN {only_zh:?}, only in en {only_en:?}");
        }
        let mut catalog = Catalog {
            bundles,
            plain: HashMap::new(),
        };
        for lang in Lang::ALL {
            let map: serde_json::Map<String, tera::Value> = zh
                .iter()
                .filter_map(|id| Some((id.clone(), catalog.format(lang, id, None)?.into())))
                .collect();
            catalog.plain.insert(lang, tera::Value::Object(map));
        }
        Ok(catalog)
    }

    /// Formats a message; `None` when it is missing or its arguments do not fit.
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = &self.bundles[&lang];
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// A message without arguments; the id itself when missing, so a gap is visible.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None).unwrap_or_else(|| {
            tracing::warn!(id, lang = lang.code(), "missing message");
            id.to_owned()
        })
    }

    /// Every argument-free message of `lang`, for templates as `m.<id>`.
    pub fn plain_messages(&self, lang: Lang) -> &tera::Value {
        &self.plain[&lang]
    }

    /// The argument-free messages of `lang` among `ids` (others are left out).
    pub fn plain_messages_among<'a>(
        &self,
        lang: Lang,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> tera::Value {
        let all = self.plain[&lang].as_object();
        let chosen = ids
            .into_iter()
            .filter_map(|id| Some((id.to_owned(), all?.get(id)?.clone())))
            .collect();
        tera::Value::Object(chosen)
    }
}

fn load_bundle(
    lang: Lang,
    dir: &Path,
) -> anyhow::Result<(FluentBundle<FluentResource>, BTreeSet<String>)> {
    let langid = lang
        .tag()
        .parse()
        .with_context(|| format!("bad language tag {}", lang.tag()))?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Unicode isolation marks would end up inside HTML attributes and URLs.
    bundle.set_use_isolating(false);
    let mut ids = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read message catalog {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let resource = FluentResource::try_new(text)
            .map_err(|(_, errors)| anyhow::anyhow!("{}: {:?}", path.display(), errors[0]))?;
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                ids.insert(message.id.name.to_owned());
            }
        }
        bundle
            .add_resource(resource)
            .map_err(|errors| anyhow::anyhow!("{}: {:?}", path.display(), errors[0]))?;
    }
    Ok((bundle, ids))
}

/// Converts template arguments into Fluent arguments.
pub(super) fn fluent_args(values: &HashMap<String, tera::Value>) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in values {
        let value = match value {
            tera::Value::Number(n) => match n.as_i64() {
                Some(i) => FluentValue::from(i),
                None => FluentValue::from(n.as_f64().unwrap_or_default()),
            },
            tera::Value::String(s) => FluentValue::from(s.clone()),
            other => FluentValue::from(other.to_string()),
        };
        args.set(name.clone(), value);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_weighted_supported_language() {
        assert_eq!(
            Lang::from_accept_language("fr;q=1.0, en-GB;q=0.8, zh-CN;q=0.5"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("zh-Hans-CN,zh;q=0.9,en;q=0.8"),
            Some(Lang::Zh)
        );
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn the_query_parameter_is_found_among_others() {
        assert_eq!(Lang::from_query("page=2&lang=en"), Some(Lang::En));
        assert_eq!(Lang::from_query("lang=xx"), None);
        assert_eq!(Lang::from_query(""), None);
    }

    #[test]
    fn the_shipped_catalogs_load_and_agree() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let catalog = Catalog::load(&dir).expect("catalogs load");
        assert_ne!(
            catalog.text(Lang::Zh, "site_name"),
            catalog.text(Lang::En, "site_name")
        );
    }
}
