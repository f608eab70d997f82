//! Atom documents (RFC 4287) built with `atom_syndication`, so every text is escaped by
//! the writer and the required elements cannot be forgotten.
//!
//! Links are relative to the feed's own URL: the host a request names is not trusted,
//! since feeds are kept by the page cache and served to everyone.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};
use fluent_bundle::FluentArgs;

use super::queries::FeedVersion;
use crate::web::i18n::Catalog;
use crate::web::Lang;

/// Tag URIs (RFC 4151) never change with the host the site is served from.
const TAG_PREFIX: &str = "tag:sunshine,2026:";

/// What a feed is about.
pub struct FeedHead {
    /// Path of the feed itself, e.g. `/feeds/disclosures.atom`.
    pub path: String,
    /// Path of the HTML page it follows.
    pub page: String,
    /// Feed title.
    pub title: String,
    /// When the feed last changed if it has no entry.
    pub fallback_updated: DateTime<Utc>,
}

/// The feed of `versions` (newest first) in `lang`.
pub fn feed(head: FeedHead, versions: &[FeedVersion], catalog: &Catalog, lang: Lang) -> Feed {
    let updated = versions
        .first()
        .map_or(head.fallback_updated, |v| v.published_at);
    let site = catalog.text(lang, "site_name");
    Feed {
        id: format!("{TAG_PREFIX}{}", head.path.trim_start_matches('/')),
        title: Text::plain(head.title),
        subtitle: Some(Text::plain(catalog.text(lang, "feed_subtitle"))),
        updated: fixed(updated),
        authors: vec![Person {
            name: site,
            ..Person::default()
        }],
        links: vec![
            link(&head.path, "self", "application/atom+xml"),
            link(&head.page, "alternate", "text/html"),
        ],
        lang: Some(lang.tag().to_owned()),
        entries: versions.iter().map(|v| entry(v, catalog, lang)).collect(),
        ..Feed::default()
    }
}

fn entry(version: &FeedVersion, catalog: &Catalog, lang: Lang) -> Entry {
    let kind_label = catalog.text(lang, &format!("feed_kind_{}", version.kind));
    let section = catalog.text(lang, &format!("section_{}", version.section));
    let enterprise = match (lang, &version.name_en) {
        (Lang::En, Some(name)) => name.clone(),
        _ => version.name_zh.clone(),
    };
    let mut args = FluentArgs::new();
    args.set("kind", kind_label.clone());
    args.set("enterprise", enterprise);
    args.set("section", section.clone());
    args.set("year", version.period_year.to_string());
    args.set(
        "quarter",
        version
            .period_quarter
            .map(|q| q.to_string())
            .unwrap_or_default(),
    );
    args.set("source", version.source.clone());
    args.set("as_of", version.as_of.to_string());
    args.set("reason", version.reason.clone().unwrap_or_default());
    let title_id = if version.period_quarter.is_some() {
        "feed_entry_title_quarter"
    } else {
        "feed_entry_title"
    };
    let text = |id: &str| catalog.format(lang, id, Some(&args)).unwrap_or_default();
    let path = format!(
        "/disclosures/{}/versions/{}",
        version.disclosure_id, version.version
    );
    let published = fixed(version.published_at);
    Entry {
        id: format!("{TAG_PREFIX}{}", path.trim_start_matches('/')),
        title: Text::plain(text(title_id)),
        // A version never changes once published.
        updated: published,
        published: Some(published),
        links: vec![link(&path, "alternate", "text/html")],
        summary: Some(Text::plain(text(&format!("feed_summary_{}", version.kind)))),
        categories: vec![
            Category {
                term: version.kind.clone(),
                scheme: Some(format!("{TAG_PREFIX}version-kind")),
                label: Some(kind_label),
            },
            Category {
                term: version.section.clone(),
                scheme: Some(format!("{TAG_PREFIX}section")),
                label: Some(section),
            },
        ],
        ..Entry::default()
    }
}

fn link(href: &str, rel: &str, mime_type: &str) -> Link {
    Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Link::default()
    }
}

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}
