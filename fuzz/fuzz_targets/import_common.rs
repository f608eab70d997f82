//! What every import target asserts about a checked run.

use sunshine::disclosure::import::{check, SourceFile};

/// Checks `bytes` as a file named `name`, as `sunshine import` and the admin site do, and
/// asserts what a run always guarantees.
pub fn check_file(name: &str, bytes: &[u8]) {
    let files = [SourceFile {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    }];
    let checked = check(&files);
    let problems = checked.problems();
    for problem in &problems {
        assert_eq!(problem.file(), name);
        // English comes from the compiled-in catalog: a message that fails to render
        // would show its bare id to the operator.
        let reason = problem.reason();
        assert_ne!(
            reason,
            problem.message().id(),
            "unrendered message {problem:?}"
        );
        let _ = problem.column_label();
    }
    let keys: Vec<_> = problems.iter().map(|p| (p.row(), p.column())).collect();
    assert_eq!(keys.len(), problems.len());
    if problems.is_empty() {
        // A file without a problem holds something to publish.
        assert!(
            !checked.disclosures().is_empty() || checked.has_status_updates(),
            "a clean file with nothing in it"
        );
        assert!(checked.rows() > 0);
    }
}
