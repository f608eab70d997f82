//! What notification letters say: the case reference, what happened, and a link to the
//! case — never anything of the report itself (not its kind, enterprise or words), since
//! mail crosses servers Sunshine does not control. Chinese first, then English: a
//! member's language is not known when the letter is written.

use super::mailer::Letter;
use crate::triage::notify::Notice;

/// One notice waiting for a recipient.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// What it announces.
    pub notice: Notice,
    /// The case it is about.
    pub reference: String,
}

fn lines(notice: Notice) -> (&'static str, &'static str) {
    match notice {
        Notice::NewReport => ("新举报待受理", "New report awaiting acceptance"),
        Notice::ReporterMessage => ("举报人发来新消息", "New message from the reporter"),
        Notice::DeadlineApproaching => ("案件期限将至", "A case deadline is near"),
        Notice::DeadlinePassed => ("案件已超期", "A case deadline has passed"),
        Notice::Assigned => ("案件已分派给您", "A case was assigned to you"),
    }
}

/// The letter for `waiting` notices (one, or a digest of several) to `to`.
pub fn compose(to: &str, public_url: &str, waiting: &[Waiting]) -> Letter {
    let base = public_url.trim_end_matches('/');
    let subject = match waiting {
        [one] => {
            let (zh, en) = lines(one.notice);
            format!("[阳光] {zh} {} / {en}", one.reference)
        }
        many => format!(
            "[阳光] {} 条案件通知 / {} case notices",
            many.len(),
            many.len()
        ),
    };
    let mut text = String::new();
    for item in waiting {
        let (zh, en) = lines(item.notice);
        text.push_str(&format!(
            "{zh}：{reference}\n{en}: {reference}\n{base}/admin/cases/{reference}\n\n",
            reference = item.reference
        ));
    }
    text.push_str(
        "请登录阳光工作台查看。本邮件不含举报内容。\n\
         Sign in to Sunshine to read it. This letter carries no report content.\n",
    );
    Letter {
        to: to.to_owned(),
        subject,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_names_the_case_and_links_to_it() {
        let letter = compose(
            "a@example.org",
            "https://sunshine.example/",
            &[Waiting {
                notice: Notice::NewReport,
                reference: "ABCD-EFGH".into(),
            }],
        );
        assert_eq!(
            letter.subject,
            "[阳光] 新举报待受理 ABCD-EFGH / New report awaiting acceptance"
        );
        assert!(letter
            .text
            .contains("https://sunshine.example/admin/cases/ABCD-EFGH"));
    }

    #[test]
    fn a_digest_lists_every_case() {
        let waiting: Vec<Waiting> = ["AAAA-AAAA", "BBBB-BBBB"]
            .iter()
            .map(|r| Waiting {
                notice: Notice::NewReport,
                reference: (*r).into(),
            })
            .collect();
        let letter = compose("a@example.org", "http://x", &waiting);
        assert!(letter.subject.contains("2 条案件通知"));
        assert!(letter.text.contains("AAAA-AAAA") && letter.text.contains("BBBB-BBBB"));
    }
}
