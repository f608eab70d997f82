//! Notification mail: the outbox sender, the letters, and the SMTP client they go through.

pub mod letters;
pub mod mailer;
pub mod outbox;

pub use mailer::{Letter, MailError, Mailer, Security};
