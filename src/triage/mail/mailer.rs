//! Outgoing mail: a thin wrapper over lettre's async SMTP transport.
//!
//! The wrapper exists for three reasons: to fix the few headers every Sunshine
//! letter must carry (`Message-ID`, `Date`, `Auto-Submitted`), to bound a whole
//! send attempt in time, and to turn lettre's errors into a retry decision plus
//! a short fixed label ([`MailError::kind`]) that is safe to store. Server
//! replies may echo recipient addresses, and for a whistleblower portal those
//! must not end up in a jobs table or a log line by accident.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue, MIME_VERSION_1_0};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;
use serde::Deserialize;

pub use crate::config::MailSettings;

/// The error type kept as the source of a [`MailError`]: the full detail for a
/// debug log, which may contain addresses echoed by the server.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// How the connection to the SMTP server is secured.
///
/// Deserialised from `"none"`, `"starttls"` or `"tls"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain SMTP without any encryption or certificate check: only for a relay
    /// on the same host or a private link, and for tests.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587). The upgrade
    /// is required: a server that does not offer it is an error, not a silent
    /// fallback to plain text.
    StartTls,
    /// TLS from the first byte, "implicit TLS" (usually port 465).
    Tls,
}

/// One plain-text letter to a single recipient.
///
/// All three fields may hold any Unicode text (Chinese included); the subject
/// is sent as RFC 2047 encoded words and the body as UTF-8 with a
/// transfer encoding that survives 7-bit relays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The recipient: `user@example.org` or `Name <user@example.org>`.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
}

/// A failure that may go away if the same letter is sent again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransientKind {
    /// The server could not be reached or the connection broke (refused,
    /// reset, name not resolved, TLS handshake failed, garbled reply).
    Connection,
    /// The attempt took longer than [`MailSettings::timeout_secs`].
    Timeout,
    /// The server answered with a 4xx reply (greylisting, full queue, ...).
    RejectedTemporarily,
}

/// A failure that sending the same letter again will not fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermanentKind {
    /// The server answered with a 5xx reply (unknown user, policy, auth failed).
    Rejected,
    /// A sender or recipient address is invalid, or needs SMTPUTF8 that the
    /// server does not offer.
    Address,
    /// The settings are unusable, or the server lacks something they require
    /// (STARTTLS, a matching AUTH mechanism). Needs an operator, not a retry.
    Config,
}

impl TransientKind {
    /// The fixed label for this kind; see [`MailError::kind`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connection => "connection",
            Self::Timeout => "timeout",
            Self::RejectedTemporarily => "rejected_temporarily",
        }
    }
}

impl PermanentKind {
    /// The fixed label for this kind; see [`MailError::kind`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rejected => "rejected",
            Self::Address => "address",
            Self::Config => "config",
        }
    }
}

/// Why a letter was not sent, split by whether a retry may help.
///
/// `Display` prints only the fixed label, so the error may be logged as is.
/// `Debug` and the `source` chain carry the full detail (server reply text
/// included, which may contain addresses): use them only for a debug log.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Worth retrying later with the same letter.
    #[error("mail not sent, may succeed later: {}", kind.as_str())]
    Transient {
        /// What went wrong.
        kind: TransientKind,
        /// The underlying error, for debug logs only.
        #[source]
        source: BoxError,
    },
    /// Retrying the same letter will fail the same way.
    #[error("mail not sent: {}", kind.as_str())]
    Permanent {
        /// What went wrong.
        kind: PermanentKind,
        /// The underlying error, for debug logs only.
        #[source]
        source: BoxError,
    },
}

impl MailError {
    /// Whether sending the same letter again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transient { .. })
    }

    /// A short fixed label, safe to store or log: one of `"connection"`,
    /// `"timeout"`, `"rejected_temporarily"` (transient) or `"rejected"`,
    /// `"address"`, `"config"` (permanent). `"config"` comes from
    /// [`Mailer::new`], and from [`Mailer::send`] only when the server lacks
    /// something the settings require.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Transient { kind, .. } => kind.as_str(),
            Self::Permanent { kind, .. } => kind.as_str(),
        }
    }

    fn transient(kind: TransientKind, source: impl Into<BoxError>) -> Self {
        Self::Transient {
            kind,
            source: source.into(),
        }
    }

    fn permanent(kind: PermanentKind, source: impl Into<BoxError>) -> Self {
        Self::Permanent {
            kind,
            source: source.into(),
        }
    }
}

/// The `Auto-Submitted` header (RFC 3834): tells auto-responders such as
/// vacation replies not to answer, so notifications never start a mail loop.
#[derive(Debug, Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, BoxError> {
        // Only ever written by us; lettre needs parse for the trait alone.
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// Sends [`Letter`]s through one SMTP server.
///
/// Cheap to clone. Every [`send`](Self::send) opens its own connection: no pool,
/// so a connection the server closed while idle is never reused.
#[derive(Debug, Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    timeout: Duration,
}

impl Mailer {
    /// Checks the settings and prepares the transport. Does not connect: an
    /// unreachable server shows only on the first [`send`](Self::send).
    ///
    /// Fails with kind `"address"` when `from` is not a valid ASCII mailbox,
    /// and `"config"` for anything else that is unusable.
    pub fn new(settings: &MailSettings) -> Result<Self, MailError> {
        let config = |msg: &'static str| MailError::permanent(PermanentKind::Config, msg);

        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| MailError::permanent(PermanentKind::Address, e))?;
        // An internationalised sender would need SMTPUTF8 on every relay and
        // cannot appear in a Message-ID; the operator picks this address, so
        // asking for ASCII costs nothing.
        if !AsRef::<str>::as_ref(&from.email).is_ascii() {
            return Err(MailError::permanent(
                PermanentKind::Address,
                "the from address must be ASCII",
            ));
        }
        if settings.smtp_host.trim().is_empty() {
            return Err(config("smtp_host is empty"));
        }
        if settings.timeout_secs == 0 {
            return Err(config("timeout_secs must be at least 1"));
        }

        let builder = match settings.security {
            Security::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.smtp_host.as_str())
            }
            Security::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.smtp_host)
                    .map_err(|e| MailError::permanent(PermanentKind::Config, e))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.smtp_host)
                .map_err(|e| MailError::permanent(PermanentKind::Config, e))?,
        };
        let timeout = Duration::from_secs(settings.timeout_secs);
        // Without lettre's "hostname" feature EHLO would say "localhost", which
        // strict relays refuse; the sender's domain is the name we answer for.
        let mut builder = builder
            .port(settings.smtp_port)
            .timeout(Some(timeout))
            .hello_name(ClientId::Domain(from.email.domain().to_owned()));

        builder = match (&settings.username, &settings.password) {
            (Some(user), Some(password)) => builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            )),
            (None, None) => builder,
            (Some(_), None) => return Err(config("username is set but password is not")),
            (None, Some(_)) => return Err(config("password is set but username is not")),
        };

        Ok(Self {
            transport: builder.build(),
            from,
            timeout,
        })
    }

    /// Sends one letter, waiting at most [`MailSettings::timeout_secs`] for the
    /// whole attempt. Does not retry: the caller decides, by
    /// [`MailError::is_transient`], whether and when to try again.
    pub async fn send(&self, letter: &Letter) -> Result<(), MailError> {
        let message = self.compose(letter)?;
        let needs_smtputf8 = needs_smtputf8(&message);
        // lettre's own timeout covers only the TCP connect in the async
        // transport; a server that accepts and then stalls would hang forever.
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(e)) => Err(classify(e, needs_smtputf8)),
            Err(elapsed) => Err(MailError::transient(TransientKind::Timeout, elapsed)),
        }
    }

    /// Builds the RFC 5322 message for a letter, with every header we promise.
    fn compose(&self, letter: &Letter) -> Result<Message, MailError> {
        let address = |e| MailError::permanent(PermanentKind::Address, e);
        let to: Mailbox = letter.to.parse().map_err(address)?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.as_str())
            .date_now()
            .message_id(Some(self.new_message_id()))
            .header(AutoSubmitted)
            // lettre adds MIME-Version only for multipart bodies, but our
            // Content-Type and Content-Transfer-Encoding mean nothing without it
            // (RFC 2045), and strict readers then show the raw base64.
            .header(MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .body(letter.text.clone())
            .map_err(|e| MailError::permanent(PermanentKind::Address, e))
    }

    /// A fresh Message-ID under the sender's domain. lettre's own would end in
    /// "@localhost" without its "hostname" feature, which spam filters dislike.
    fn new_message_id(&self) -> String {
        let random = hex::encode(crate::staff::random_bytes());
        format!("<{random}@{}>", self.from.email.domain())
    }
}

/// Whether the envelope holds a non-ASCII address, which the server can take
/// only if it offers SMTPUTF8.
fn needs_smtputf8(message: &Message) -> bool {
    let envelope = message.envelope();
    envelope
        .to()
        .iter()
        .chain(envelope.from())
        .any(|a| !AsRef::<str>::as_ref(a).is_ascii())
}

/// Maps a lettre SMTP error onto our retry decision and label.
fn classify(e: lettre::transport::smtp::Error, needs_smtputf8: bool) -> MailError {
    use PermanentKind as P;
    use TransientKind as T;
    // Reply codes first: they are the server's own verdict.
    if e.is_transient() {
        MailError::transient(T::RejectedTemporarily, e)
    } else if e.is_permanent() {
        MailError::permanent(P::Rejected, e)
    } else if e.is_timeout() {
        MailError::transient(T::Timeout, e)
    } else if e.is_client() {
        // lettre refuses on its own side when the server lacks a feature we
        // need: SMTPUTF8 for the address, or STARTTLS/AUTH the settings demand.
        let kind = if needs_smtputf8 {
            P::Address
        } else {
            P::Config
        };
        MailError::permanent(kind, e)
    } else {
        // Connection, network, TLS handshake and unparsable replies: all
        // about the path to the server, not about this letter.
        MailError::transient(T::Connection, e)
    }
}

impl fmt::Display for Security {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::StartTls => "starttls",
            Self::Tls => "tls",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            smtp_host: "127.0.0.1".into(),
            smtp_port: 2525,
            security: Security::None,
            username: None,
            password: None,
            from: "阳光 <noreply@sunshine.example>".into(),
            timeout_secs: 5,
            enabled: true,
            poll_secs: 5,
            retry_base_secs: 30,
            retry_max_secs: 3600,
            digest_hour: 8,
        }
    }

    fn letter(subject: &str) -> Letter {
        Letter {
            to: "张三 <citizen@example.org>".into(),
            subject: subject.into(),
            text: "您好，世界\n".into(),
        }
    }

    fn formatted(subject: &str) -> String {
        let mailer = Mailer::new(&settings()).unwrap();
        let message = mailer.compose(&letter(subject)).unwrap();
        String::from_utf8(message.formatted()).unwrap()
    }

    #[test]
    fn security_reads_as_configured() {
        for (text, want) in [
            ("none", Security::None),
            ("tls", Security::Tls),
            ("starttls", Security::StartTls),
        ] {
            let got: Security = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(got, want);
            assert_eq!(got.to_string(), text);
        }
        assert!(serde_json::from_value::<Security>(serde_json::json!("StartTls")).is_err());
    }

    #[test]
    fn message_carries_required_headers() {
        let text = formatted("测试");
        let (head, _) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains("\r\nAuto-Submitted: auto-generated"),
            "{head}"
        );
        assert!(
            head.contains("\r\nDate: ") || head.starts_with("Date: "),
            "{head}"
        );
        let id = head
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID: "))
            .unwrap();
        assert!(
            id.starts_with('<') && id.ends_with("@sunshine.example>"),
            "{id}"
        );
        assert!(head.contains("\r\nMIME-Version: 1.0\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/plain; charset=utf-8"),
            "{head}"
        );
    }

    #[test]
    fn message_ids_differ() {
        let mailer = Mailer::new(&settings()).unwrap();
        assert_ne!(mailer.new_message_id(), mailer.new_message_id());
    }

    #[test]
    fn newline_in_subject_cannot_add_a_header() {
        let text = formatted("hi\r\nBcc: evil@example.com");
        let (head, _) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            !head.lines().any(|l| l.starts_with("Bcc:")),
            "injected header in:\n{head}"
        );
    }

    #[test]
    fn bad_addresses_are_permanent_address_errors() {
        let mut s = settings();
        s.from = "not an address".into();
        let e = Mailer::new(&s).unwrap_err();
        assert!(!e.is_transient());
        assert_eq!(e.kind(), "address");

        s.from = "张三@例子.中国".into();
        assert_eq!(Mailer::new(&s).unwrap_err().kind(), "address");

        let mailer = Mailer::new(&settings()).unwrap();
        for to in ["", "nobody", "a@b.example, c@d.example", "x@y\r\nBcc: z@w"] {
            let mut l = letter("s");
            l.to = to.into();
            let e = mailer.compose(&l).unwrap_err();
            assert_eq!(e.kind(), "address", "{to:?}");
        }
    }

    #[test]
    fn unusable_settings_are_config_errors() {
        let mut s = settings();
        s.username = Some("u".into());
        assert_eq!(Mailer::new(&s).unwrap_err().kind(), "config");

        let mut s = settings();
        s.password = Some("p".into());
        assert_eq!(Mailer::new(&s).unwrap_err().kind(), "config");

        let mut s = settings();
        s.timeout_secs = 0;
        assert_eq!(Mailer::new(&s).unwrap_err().kind(), "config");

        let mut s = settings();
        s.smtp_host = " ".into();
        assert_eq!(Mailer::new(&s).unwrap_err().kind(), "config");

        let mut s = settings();
        s.security = Security::Tls;
        s.username = Some("u".into());
        s.password = Some("p".into());
        assert!(Mailer::new(&s).is_ok());
    }

    #[test]
    fn display_is_only_the_label() {
        let e = MailError::permanent(PermanentKind::Rejected, "550 no such user bob@example.org");
        assert_eq!(e.to_string(), "mail not sent: rejected");
        let e = MailError::transient(TransientKind::Connection, "refused");
        assert_eq!(
            e.to_string(),
            "mail not sent, may succeed later: connection"
        );
        assert!(e.is_transient());
    }
}
