//! What a report is made of: its kind, the reporter's answers, and what is sealed.

use serde::{Deserialize, Serialize};

coded_enum! {
    /// The six kinds of 信访举报 the policy names, in the order the form lists them.
    ReportKind {
        /// 批评: something done badly.
        Criticism = "criticism",
        /// 建议: how something could be done better.
        Suggestion = "suggestion",
        /// 检举: a suspected violation, reported.
        Report = "report",
        /// 揭发: wrongdoing exposed by someone who knows it from inside.
        Exposure = "exposure",
        /// 申诉: an appeal against a decision affecting the reporter.
        Appeal = "appeal",
        /// 控告: an accusation against someone for harm done.
        Accusation = "accusation",
    }
}

coded_enum! {
    /// How the reporter knows what they report.
    HowKnown {
        /// Saw or took part in it.
        Witnessed = "witnessed",
        /// Has seen documents or records showing it.
        Documents = "documents",
        /// Was told by someone else.
        Hearsay = "hearsay",
        /// Something else, explained in words.
        Other = "other",
    }
}

coded_enum! {
    /// Where a case stands (docs/triage.md). The reporter sees it too, with the reason
    /// where one is owed to them.
    ReportState {
        /// 待受理: stored, not yet looked at.
        Received = "received",
        /// 已受理: taken on by the unit.
        Accepted = "accepted",
        /// 不予受理: not taken on; the reporter is told why.
        Declined = "declined",
        /// 核查中: being looked into.
        Investigating = "investigating",
        /// 已有核查结论: the finding is recorded (属实 / 部分属实 / 不属实).
        Concluded = "concluded",
        /// 整改中: the enterprise is putting things right.
        Rectifying = "rectifying",
        /// 办结: handled to the end.
        Closed = "closed",
        /// 已移送: handed to an outside body, on record.
        Referred = "referred",
    }
}

impl ReportState {
    /// Where a case in this state may go next; the database refuses anything else too
    /// (the `reports_state_machine` trigger).
    pub fn next(self) -> &'static [ReportState] {
        use ReportState::*;
        match self {
            Received => &[Accepted, Declined, Referred],
            Accepted => &[Investigating, Referred],
            Investigating => &[Concluded, Referred],
            Concluded => &[Rectifying, Closed],
            Rectifying => &[Closed],
            Declined | Closed | Referred => &[],
        }
    }

    /// Whether a case may move from this state to `to`.
    pub fn can_become(self, to: ReportState) -> bool {
        self.next().contains(&to)
    }

    /// Whether the case is finished with: nothing more can happen to it.
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }

    /// Whether the unit has answered the report (the first deadline is met).
    pub fn is_acknowledged(self) -> bool {
        self != ReportState::Received
    }
}

coded_enum! {
    /// What looking into a report found.
    Finding {
        /// 属实: what was reported is true.
        Substantiated = "substantiated",
        /// 部分属实: some of it is true.
        Partly = "partly",
        /// 不属实: it is not true.
        Unsubstantiated = "unsubstantiated",
    }
}

/// Everything the reporter wrote, as sealed in `reports.content` (JSON). Kept as typed:
/// nothing here is ever shown outside the unit and the reporter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Answers {
    /// The enterprise as typed, when it is not one of the listed enterprises.
    pub enterprise_other: String,
    /// The published record the report is about, when it started from one.
    pub record: String,
    /// What happened.
    pub what: String,
    /// When.
    pub when: String,
    /// Where.
    pub place: String,
    /// Amounts involved.
    pub amounts: String,
    /// Positions (not necessarily names) of the people involved.
    pub positions: String,
    /// How the reporter knows: a [`HowKnown`] code, or empty.
    pub how_known: String,
    /// Evidence: what exists and where it could be found.
    pub evidence: String,
    /// Optional contact details.
    pub contact: String,
}

/// An attachment's description, sealed in `report_attachments.about` (JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AttachmentAbout {
    /// The file's name as the reporter's browser sent it (without folders).
    pub name: String,
    /// Media type detected from the content.
    pub media_type: String,
    /// Size in bytes.
    pub size: usize,
    /// Catalog messages naming the identifying metadata found, with their arguments.
    pub findings: Vec<FindingNote>,
    /// For an original image: whether a cleaned copy was stored beside it. For a cleaned
    /// copy: true.
    pub cleaned: bool,
}

/// One finding as stored: a message id and its arguments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FindingNote {
    /// Catalog message id.
    pub message: String,
    /// Its arguments, by name.
    pub args: Vec<(String, String)>,
}
