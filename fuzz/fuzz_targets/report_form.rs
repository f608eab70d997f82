//! The report and follow-up forms as the server reads them: arbitrary bytes posted as
//! `multipart/form-data`, read within the limits by the report pages' own reader, then
//! checked as a report and as a follow-up message.
//!
//! Input: byte 0 picks the attachment count limit (0-3), byte 1 the size limit (0 or
//! 1 MB), byte 2 the shared upload memory (in 64-byte steps), byte 3 the size of the
//! chunks the body arrives in, byte 4 the length (mod 72) of the boundary that follows
//! it (0: `sunshine-fuzz-boundary`); the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::fuzz_entry::{
    check_reply, check_report, read_report_form, report_settings, UploadBudget, REPORT_FIELDS,
};
use sunshine::report::model::HowKnown;
use sunshine::report::ReportKind;

thread_local! {
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
}

fuzz_target!(|data: &[u8]| {
    let [attachments, megabytes, memory, chunk, boundary_len, rest @ ..] = data else {
        return;
    };
    let (boundary, body) = rest.split_at(usize::from(boundary_len % 72).min(rest.len()));
    let settings = report_settings(usize::from(attachments % 4), usize::from(megabytes % 2));
    let budget_limit = usize::from(*memory) * 64;
    let budget = UploadBudget::new(budget_limit);
    let chunk = usize::from(*chunk) + 1;
    let read = read_report_form(boundary, body, chunk, &settings, &budget);
    let Some(received) = RUNTIME.with(|rt| rt.block_on(read)) else {
        return;
    };

    // Files are taken within every limit.
    assert!(received.files.len() <= settings.max_attachments);
    let held: usize = received.files.iter().map(|f| f.bytes.len()).sum();
    assert!(held <= budget_limit);
    for file in &received.files {
        assert!(file.bytes.len() <= settings.max_attachment_bytes());
    }
    // A file's name is its own name only, short, and printable.
    for name in received.file_names() {
        assert!(!name.contains(['/', '\\']), "{name:?}");
        assert!(!name.chars().any(char::is_control), "{name:?}");
        assert!(
            name.chars().count() <= 200,
            "{} characters",
            name.chars().count()
        );
    }
    for problem in &received.problems {
        assert!(problem.message.starts_with("report_problem_"));
    }

    match check_report(&received) {
        Ok(input) => {
            assert!(ReportKind::from_code(received.text("kind").trim()).is_some());
            let answers = &input.answers;
            assert!(!answers.what.is_empty());
            assert!(
                answers.how_known.is_empty() || HowKnown::from_code(&answers.how_known).is_some()
            );
            for text in [
                &input.enterprise,
                &answers.what,
                &answers.when,
                &answers.contact,
            ] {
                assert_eq!(text.trim(), text.as_str());
            }
            assert!(answers.when.chars().count() <= 500);
            assert!(answers.what.chars().count() <= 20_000);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in problems {
                assert!(problem.field == "form" || REPORT_FIELDS.contains(&problem.field));
            }
        }
    }
    match check_reply(&received) {
        Ok(message) => {
            assert!(!message.is_empty() || !received.files.is_empty());
            assert!(message.chars().count() <= 20_000);
        }
        Err(problems) => assert_eq!(problems.len(), 1),
    }
});
