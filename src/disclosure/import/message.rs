//! What the import says, as catalog messages (`locales/*/import.ftl`): a message id and
//! its arguments, so that the command line prints English and the admin site shows the
//! reader's language from one and the same problem.
//!
//! English is rendered from the English catalog compiled into the binary, so that
//! `sunshine import` needs no locales directory and cannot print a message id by accident.

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// The English import messages, the command line's language.
const ENGLISH: &str = include_str!("../../../locales/en/import.ftl");

/// A catalog message with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument: text taken as it is (a value from the file, a code, a number), or another
/// message rendered in the same language first ("rows 2-4", "a governance roster").
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    Text(String),
    Message(Message),
}

impl Message {
    /// The message `id` without arguments yet.
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a text argument.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Message {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds an argument that is itself a message.
    pub fn part(mut self, name: &'static str, value: Message) -> Message {
        self.args.push((name, Arg::Message(value)));
        self
    }

    /// The catalog id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// Renders the message with `format`, which formats one catalog message with plain
    /// arguments in the wanted language; a message it cannot format shows as its id.
    pub fn render(&self, format: &dyn Fn(&str, &FluentArgs<'_>) -> Option<String>) -> String {
        let mut args = FluentArgs::new();
        for (name, arg) in &self.args {
            let value = match arg {
                Arg::Text(text) => text.clone(),
                Arg::Message(message) => message.render(format),
            };
            args.set(*name, value);
        }
        format(self.id, &args).unwrap_or_else(|| self.id.to_owned())
    }

    /// The message in English, as the command line prints it.
    pub fn english(&self) -> String {
        let bundle = english_bundle();
        self.render(&|id, args| {
            let pattern = bundle.get_message(id)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(args), &mut errors);
            errors.is_empty().then(|| text.into_owned())
        })
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// The compiled-in English catalog, parsed once. Constant text, not configuration: it
/// holds no state that could differ between requests or instances.
fn english_bundle() -> &'static FluentBundle<FluentResource> {
    static BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let mut bundle = FluentBundle::new_concurrent(vec![unic_langid::langid!("en")]);
        bundle.set_use_isolating(false);
        // The same file the web catalog loads; its test below keeps it parseable.
        let resource = FluentResource::try_new(ENGLISH.to_owned()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    #[test]
    fn the_english_catalog_parses_without_errors() {
        assert!(FluentResource::try_new(ENGLISH.to_owned()).is_ok());
    }

    #[test]
    fn nested_messages_render_in_the_same_language() {
        let message = Message::new("import_rows_required")
            .part("scope", Message::new("import_scope_disclosure"))
            .part("rows", Message::new("import_rows").arg("list", "2-4"));
        assert_eq!(
            message.english(),
            "a value is required in at least one of the rows of this disclosure (rows 2-4)"
        );
    }

    /// Every message id the import's source creates names a message of both
    /// catalogs (which the catalog loader keeps equal).
    #[test]
    fn every_message_the_import_uses_is_in_the_catalog() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = BTreeSet::new();
        let mut dirs = vec![root.join("src/disclosure/import")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("Message::new(\"").skip(1) {
                    used.insert(piece.split('"').next().unwrap().to_owned());
                }
            }
        }
        let bundle = english_bundle();
        let missing: Vec<&String> = used.iter().filter(|id| !bundle.has_message(id)).collect();
        assert!(
            missing.is_empty(),
            "not in locales/en/import.ftl: {missing:?}"
        );
        assert!(used.len() > 50, "{used:?}");
    }
}
