//! The closed vocabularies a file may name: each value by its English code (any letter
//! case) or by the Chinese label the site shows for it, so a spreadsheet can be filled
//! in either language. A unit test keeps the labels equal to the zh-CN catalog.

use super::message::Message;
use super::read::Cell;
use super::values;
use crate::disclosure::{
    EventKind, FindingCategory, GoverningBody, InspectionBody, PricingBasis, RectificationStatus,
    Relationship, Severity, TransactionType,
};

/// A vocabulary: what it is called in messages, and every value with its Chinese label.
pub(super) struct Vocabulary<T: 'static> {
    /// The message that names it: "governing body".
    pub what: &'static str,
    /// Every value, in display order, with its Chinese label.
    pub terms: &'static [(T, &'static str)],
    /// The value's code.
    pub code: fn(T) -> &'static str,
    /// The prefix of its labels' message ids in the catalog (`governing_body` for
    /// `governing_body_board`), which the labels here must match.
    #[cfg_attr(not(test), allow(dead_code))]
    pub catalog: &'static str,
}

impl<T: Copy> Vocabulary<T> {
    /// The value a cell names, by code or Chinese label.
    pub fn parse(&self, cell: &Cell) -> Result<T, Message> {
        let value = values::text(cell)?;
        let code = value.to_ascii_lowercase();
        self.terms
            .iter()
            .find(|(term, label)| *label == value || (self.code)(*term) == code)
            .map(|(term, _)| *term)
            .ok_or_else(|| {
                let choices: Vec<String> = self
                    .terms
                    .iter()
                    .map(|(term, label)| format!("{} ({label})", (self.code)(*term)))
                    .collect();
                Message::new("import_bad_term")
                    .arg("value", &value)
                    .part("what", Message::new(self.what))
                    .arg("choices", choices.join(", "))
            })
    }
}

pub(super) const GOVERNING_BODY: Vocabulary<GoverningBody> = Vocabulary {
    what: "import_term_governing_body",
    terms: &[
        (GoverningBody::Board, "董事会"),
        (GoverningBody::SupervisoryBoard, "监事会"),
        (GoverningBody::Management, "经理层"),
        (GoverningBody::PartyCommittee, "党委"),
    ],
    code: GoverningBody::code,
    catalog: "governing_body",
};

pub(super) const RELATIONSHIP: Vocabulary<Relationship> = Vocabulary {
    what: "import_term_relationship",
    terms: &[
        (Relationship::ControllingShareholder, "控股股东"),
        (Relationship::Subsidiary, "子企业"),
        (Relationship::FellowSubsidiary, "同一控制下企业"),
        (Relationship::Associate, "联营、合营企业"),
        (Relationship::KeyManagement, "关键管理人员控制的企业"),
        (Relationship::Other, "其他"),
    ],
    code: Relationship::code,
    catalog: "relationship",
};

pub(super) const TRANSACTION_TYPE: Vocabulary<TransactionType> = Vocabulary {
    what: "import_term_transaction_type",
    terms: &[
        (TransactionType::Purchase, "采购商品、接受劳务"),
        (TransactionType::Sale, "销售商品、提供劳务"),
        (TransactionType::Service, "服务"),
        (TransactionType::Lease, "租赁"),
        (TransactionType::Financing, "资金拆借"),
        (TransactionType::Guarantee, "担保"),
        (TransactionType::AssetTransfer, "资产转让"),
        (TransactionType::Other, "其他"),
    ],
    code: TransactionType::code,
    catalog: "transaction_type",
};

pub(super) const PRICING_BASIS: Vocabulary<PricingBasis> = Vocabulary {
    what: "import_term_pricing_basis",
    terms: &[
        (PricingBasis::Market, "市场价格"),
        (PricingBasis::Government, "政府定价"),
        (PricingBasis::CostPlus, "成本加成"),
        (PricingBasis::Negotiated, "协议定价"),
        (PricingBasis::Other, "其他"),
    ],
    code: PricingBasis::code,
    catalog: "pricing_basis",
};

pub(super) const EVENT_KIND: Vocabulary<EventKind> = Vocabulary {
    what: "import_term_kind_of_event",
    terms: &[
        (EventKind::Restructuring, "改制重组"),
        (EventKind::PropertyRightsTransfer, "产权转让"),
        (EventKind::MajorLitigation, "重大诉讼"),
        (EventKind::PersonnelChange, "重大人事变动"),
        (EventKind::ProfitDistribution, "利润分配"),
        (EventKind::MajorInvestment, "重大投资"),
        (EventKind::Other, "其他重大事项"),
    ],
    code: EventKind::code,
    catalog: "event_kind",
};

pub(super) const INSPECTION_BODY: Vocabulary<InspectionBody> = Vocabulary {
    what: "import_term_inspecting_body",
    terms: &[
        (InspectionBody::SupervisoryBoard, "监事会"),
        (InspectionBody::Audit, "审计"),
        (InspectionBody::InspectionTour, "巡视巡察"),
        (InspectionBody::DisciplineInspection, "纪检监察"),
        (InspectionBody::Sasac, "国资委专项检查"),
    ],
    code: InspectionBody::code,
    catalog: "inspection_body",
};

pub(super) const FINDING_CATEGORY: Vocabulary<FindingCategory> = Vocabulary {
    what: "import_term_finding_category",
    terms: &[
        (FindingCategory::FinancialManagement, "财务管理"),
        (FindingCategory::Investment, "投资决策"),
        (FindingCategory::Procurement, "采购招标"),
        (FindingCategory::AssetDisposal, "资产处置"),
        (FindingCategory::RelatedParty, "关联交易"),
        (FindingCategory::PayAndBenefits, "薪酬福利"),
        (FindingCategory::Governance, "公司治理"),
        (FindingCategory::Other, "其他"),
    ],
    code: FindingCategory::code,
    catalog: "finding_category",
};

pub(super) const SEVERITY: Vocabulary<Severity> = Vocabulary {
    what: "import_term_severity",
    terms: &[
        (Severity::General, "一般"),
        (Severity::Serious, "较重"),
        (Severity::Major, "重大"),
    ],
    code: Severity::code,
    catalog: "severity",
};

pub(super) const RECTIFICATION_STATUS: Vocabulary<RectificationStatus> = Vocabulary {
    what: "import_term_rectification_status",
    terms: &[
        (RectificationStatus::NotStarted, "未整改"),
        (RectificationStatus::InProgress, "整改中"),
        (RectificationStatus::Completed, "已整改"),
        (RectificationStatus::LongTerm, "长期整改"),
    ],
    code: RectificationStatus::code,
    catalog: "rectification_status",
};

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::web::i18n::Catalog;
    use crate::web::Lang;

    /// Every value once, with the label the site shows in Chinese.
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        vocabulary: &Vocabulary<T>,
        all: &[T],
        catalog: &Catalog,
    ) {
        let listed: Vec<T> = vocabulary.terms.iter().map(|(t, _)| *t).collect();
        assert_eq!(listed, all, "{}", vocabulary.what);
        for (term, label) in vocabulary.terms {
            let id = format!("{}_{}", vocabulary.catalog, (vocabulary.code)(*term));
            assert_eq!(catalog.text(Lang::Zh, &id), *label, "{id}");
        }
    }

    #[test]
    fn labels_are_the_ones_the_site_shows() {
        let catalog = Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .expect("catalogs load");
        check(&GOVERNING_BODY, GoverningBody::ALL, &catalog);
        check(&RELATIONSHIP, Relationship::ALL, &catalog);
        check(&TRANSACTION_TYPE, TransactionType::ALL, &catalog);
        check(&PRICING_BASIS, PricingBasis::ALL, &catalog);
        check(&EVENT_KIND, EventKind::ALL, &catalog);
        check(&INSPECTION_BODY, InspectionBody::ALL, &catalog);
        check(&FINDING_CATEGORY, FindingCategory::ALL, &catalog);
        check(&SEVERITY, Severity::ALL, &catalog);
        check(&RECTIFICATION_STATUS, RectificationStatus::ALL, &catalog);
    }

    #[test]
    fn every_vocabulary_is_named_in_the_catalog() {
        let catalog = Catalog::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
            .expect("catalogs load");
        for what in [
            GOVERNING_BODY.what,
            RELATIONSHIP.what,
            TRANSACTION_TYPE.what,
            PRICING_BASIS.what,
            EVENT_KIND.what,
            INSPECTION_BODY.what,
            FINDING_CATEGORY.what,
            SEVERITY.what,
            RECTIFICATION_STATUS.what,
        ] {
            assert!(catalog.format(Lang::En, what, None).is_some(), "{what}");
        }
    }

    #[test]
    fn a_value_is_read_by_code_in_any_case_or_by_chinese_label() {
        let text = |s: &str| Cell::Text(s.to_owned());
        assert_eq!(
            RELATIONSHIP.parse(&text("Controlling_Shareholder")),
            Ok(Relationship::ControllingShareholder)
        );
        assert_eq!(
            RELATIONSHIP.parse(&text("子企业")),
            Ok(Relationship::Subsidiary)
        );
        let reason = SEVERITY.parse(&text("huge")).unwrap_err().to_string();
        assert_eq!(
            reason,
            "\"huge\" is not a severity: write one of general (一般), serious (较重), major (重大)"
        );
    }
}
