//! Server-rendered pages: the template engine, built once, and the `Page` a handler renders.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::{ready, Ready};
use std::path::Path;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use anyhow::Context as _;
use serde::Serialize;
use tera::{Context, Tera};

use super::error::AppError;
use super::i18n::{fluent_args, Catalog, Lang};
use crate::config::WebSettings;

/// Templates and messages, shared by every worker.
pub struct Renderer {
    tera: Tera,
    catalog: Arc<Catalog>,
    /// Per template and language, the messages it names (see [`messages_by_template`]).
    messages: HashMap<String, HashMap<Lang, tera::Value>>,
    /// Changes whenever the stylesheet does, so `?v=` busts long-lived caches.
    asset_version: String,
}

impl Renderer {
    /// Parses every template and catalog; fails at start-up rather than on first use.
    pub fn load(settings: &WebSettings) -> anyhow::Result<Renderer> {
        let catalog = Arc::new(Catalog::load(&settings.locales_dir)?);
        let glob = settings.templates_dir.join("**").join("*.html");
        let mut tera = Tera::new(&glob.to_string_lossy())
            .map_err(|e| anyhow::anyhow!("cannot load templates: {}", describe(&e)))
            .context("templates")?;
        tera.autoescape_on(vec![".html"]);
        tera.register_function("t", Translate(catalog.clone()));
        let stylesheet = std::fs::read(settings.public_dir.join("css").join("site.css"))
            .context("cannot read public/css/site.css")?;
        let messages = messages_by_template(&tera, &settings.templates_dir, &catalog)?;
        Ok(Renderer {
            tera,
            catalog,
            messages,
            asset_version: content_hash(&stylesheet),
        })
    }

    /// The messages `template` names, as its `m`.
    fn messages_of(&self, template: &str, lang: Lang) -> &tera::Value {
        self.messages
            .get(template)
            .and_then(|by_lang| by_lang.get(&lang))
            .unwrap_or_else(|| self.catalog.plain_messages(lang))
    }

    /// The message catalog, for text produced outside templates.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    fn render(&self, template: &str, context: &Context) -> Result<String, AppError> {
        self.tera
            .render(template, context)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{template}: {}", describe(&e))))
    }
}

/// For each template, the argument-free messages it names as `m.<id>`, with those of
/// every template it extends, includes or imports (macros get `m` passed in). A page's
/// context gets only these: copying all 1,214 messages into every context was a third of
/// the work of rendering a page. Reading the sources generously (any `m.` word, any
/// quoted `.html` name) only ever adds messages, never leaves one out.
fn messages_by_template(
    tera: &Tera,
    dir: &Path,
    catalog: &Catalog,
) -> anyhow::Result<HashMap<String, HashMap<Lang, tera::Value>>> {
    let mut sources = HashMap::new();
    for name in tera.get_template_names() {
        let text = std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("cannot read template {name}"))?;
        sources.insert(name, text);
    }
    let mut messages = HashMap::new();
    for &name in sources.keys() {
        let mut ids = BTreeSet::new();
        let mut read = HashSet::new();
        let mut to_read = vec![name];
        while let Some(current) = to_read.pop() {
            let Some(text) = sources.get(current).filter(|_| read.insert(current)) else {
                continue;
            };
            ids.extend(message_names(text));
            to_read.extend(text.split('"').filter(|part| part.ends_with(".html")));
        }
        let by_lang = Lang::ALL
            .iter()
            .map(|&lang| {
                (
                    lang,
                    catalog.plain_messages_among(lang, ids.iter().copied()),
                )
            })
            .collect();
        messages.insert(name.to_owned(), by_lang);
    }
    Ok(messages)
}

/// The `<id>` of every `m.<id>` in a template's text.
fn message_names(text: &str) -> impl Iterator<Item = &str> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices("m.").filter_map(move |(at, _)| {
        if text[..at].ends_with(|c: char| word(c) || c == '.') {
            return None;
        }
        let rest = &text[at + 2..];
        let end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
        (end > 0).then(|| &rest[..end])
    })
}

/// A short, stable fingerprint (FNV-1a) of a file's bytes.
fn content_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:08x}", hash >> 32)
}

/// Tera hides the useful part of an error in its source chain.
fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `t(key="...", lang=lang, name=value...)`: a message with arguments, from a template.
struct Translate(Arc<Catalog>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or("t() needs key=")?;
        let lang = args
            .get("lang")
            .and_then(|v| v.as_str())
            .and_then(Lang::from_tag)
            .ok_or("t() needs lang=")?;
        let rest: HashMap<String, tera::Value> = args
            .iter()
            .filter(|(name, _)| !matches!(name.as_str(), "key" | "lang"))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        self.0
            .format(lang, key, Some(&fluent_args(&rest)))
            .map(tera::Value::String)
            .ok_or_else(|| format!("no message {key:?} for these arguments").into())
    }
}

/// A link to the current page in another language.
#[derive(Debug, Serialize)]
struct LanguageLink {
    code: &'static str,
    tag: &'static str,
    href: String,
    current: bool,
}

/// The request as a page sees it: its language and where it is.
#[derive(Debug, Clone)]
pub struct Page {
    /// Language negotiated for this request.
    pub lang: Lang,
    path: String,
    query: String,
}

impl Page {
    /// Reads the page's language and location from a request.
    pub fn of(req: &HttpRequest) -> Page {
        Page {
            lang: Lang::negotiate(req),
            path: req.path().to_owned(),
            query: req.query_string().to_owned(),
        }
    }

    /// This page's path with query parameters changed (`None` removes one); keeps the rest.
    pub fn href_with(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(self.query.as_bytes())
            .filter(|(k, _)| !changes.iter().any(|(name, _)| name == k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (name, value) in changes {
            if let Some(value) = value {
                pairs.push(((*name).to_owned(), (*value).to_owned()));
            }
        }
        if pairs.is_empty() {
            return self.path.clone();
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("{}?{query}", self.path)
    }

    /// Renders `template` in the site layout with status 200.
    pub fn render(
        &self,
        renderer: &Renderer,
        template: &str,
        context: Context,
    ) -> Result<HttpResponse, AppError> {
        self.render_with_status(renderer, template, context, StatusCode::OK)
    }

    /// Renders `template` in the site layout with the given status.
    pub fn render_with_status(
        &self,
        renderer: &Renderer,
        template: &str,
        mut context: Context,
        status: StatusCode,
    ) -> Result<HttpResponse, AppError> {
        context.insert("lang", &self.lang);
        context.insert("html_lang", self.lang.tag());
        context.insert("m", renderer.messages_of(template, self.lang));
        context.insert("current_path", &self.path);
        context.insert("asset_version", &renderer.asset_version);
        let links: Vec<LanguageLink> = Lang::ALL
            .iter()
            .map(|&lang| LanguageLink {
                code: lang.code(),
                tag: lang.tag(),
                href: self.href_with(&[("lang", Some(lang.code()))]),
                current: lang == self.lang,
            })
            .collect();
        context.insert("language_links", &links);
        let body = renderer.render(template, &context)?;
        Ok(HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body))
    }
}

impl FromRequest for Page {
    type Error = actix_web::Error;
    type Future = Ready<Result<Page, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Page::of(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_are_read_from_m_dot_words_only() {
        let text = r#"{{ m.report_title }} {% if item.m_x %}{{ macros::x(m=m) }}{{ form.m.no }}{% endif %}(m.hint_1)"#;
        let names: Vec<_> = message_names(text).collect();
        assert_eq!(names, ["report_title", "hint_1"]);
    }
}
