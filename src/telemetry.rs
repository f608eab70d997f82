//! Log output through `tracing`.

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Dependencies whose debug output can carry what a request held.
const QUIET_AT_ANY_LEVEL: &[&str] = &["tokio_postgres=warn"];

/// Installs the process-wide subscriber; a second call (as in tests) is a no-op.
pub fn init_logging(settings: &LogSettings) {
    // The filter was validated with the rest of the configuration.
    let mut filter = EnvFilter::try_new(&settings.level).unwrap_or_else(|_| EnvFilter::new("info"));
    // Whatever the level: the PostgreSQL driver logs every statement's parameters at
    // debug, and with them a report's reference, receipt lookup hash and sealed bytes,
    // timestamped to the microsecond (DESIGN.md section 4).
    for quiet in QUIET_AT_ANY_LEVEL {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    let _ = match settings.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Replaces the default panic message with a log line that names where the panic
/// happened and repeats its message only when that is a fixed text. A formatted message
/// (`panic!("{x}")`, `expect` on an error) can carry what a request held — a reporter's
/// words, or a database error quoting them — and must not reach a log (DESIGN.md section 4).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&'static str>()
            .copied()
            .unwrap_or("(message withheld: a formatted panic message may hold user data)");
        tracing::error!(location, message, "panic");
    }));
}
