//! What the bulk files hold: one table per file, each column with its SQL, its meaning in
//! Chinese and English and its unit. The data dictionary is this list, so a file's header
//! and the dictionary cannot disagree.

use crate::disclosure::CapitalFactor;
use crate::web::i18n::Catalog;
use crate::web::Lang;

/// Amounts are stated in the unit named on the same row.
const AMOUNT: &str = "见 unit 列（元或万元）/ as in column unit (yuan or 10,000 yuan)";
const DATE: &str = "YYYY-MM-DD";
const TIME: &str = "ISO 8601, UTC";
const BOOL: &str = "true / false";
const CODE: &str = "代码 / code (docs/api.md)";

/// One column of a bulk file.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header name.
    pub name: String,
    sql: String,
    /// Meaning in Chinese.
    pub zh: String,
    /// Meaning in English.
    pub en: String,
    /// Unit or format, empty when none applies.
    pub unit: &'static str,
}

fn col(name: &str, sql: &str, zh: &str, en: &str, unit: &'static str) -> Column {
    Column {
        name: name.to_owned(),
        sql: sql.to_owned(),
        zh: zh.to_owned(),
        en: en.to_owned(),
        unit,
    }
}

/// One bulk CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    /// File name, e.g. `financial.csv`.
    pub file: &'static str,
    /// Message id of its title on the `/data/` page.
    pub title_key: &'static str,
    from: String,
    order: &'static str,
    /// Columns in file order.
    pub columns: Vec<Column>,
}

impl Table {
    /// The `COPY ... TO STDOUT` statement that writes the file (with its header).
    pub fn copy_statement(&self) -> String {
        let select = self
            .columns
            .iter()
            .map(|c| format!("{} AS \"{}\"", c.sql, c.name))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "COPY (SELECT {select} FROM {} ORDER BY {}) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')",
            self.from, self.order
        )
    }
}

/// The current version of every disclosure that is not withdrawn, computed once per
/// generation (see `generate.rs`); every section file joins it.
pub const CURRENT_VERSIONS: &str = "\
CREATE TEMPORARY TABLE open_data_current ON COMMIT DROP AS
SELECT v.id AS version_id, v.disclosure_id, v.version, d.enterprise_uscc, d.section,
       d.period_year, d.period_quarter, v.published_at
FROM (SELECT DISTINCT ON (disclosure_id) id, disclosure_id, version, kind, published_at
      FROM disclosure_versions ORDER BY disclosure_id, version DESC) v
JOIN disclosures d ON d.id = v.disclosure_id
WHERE v.kind <> 'withdrawal'";

fn utc(expr: &str) -> String {
    format!("to_char({expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
}

/// The columns every section file starts with: which disclosure and version a row is from.
fn identity(published_zh: &str, published_en: &str, published_sql: &str) -> Vec<Column> {
    vec![
        col(
            "disclosure_id",
            "c.disclosure_id",
            "披露编号（网址 /disclosures/{编号}）",
            "Disclosure id (URL /disclosures/{id})",
            "",
        ),
        col(
            "version",
            "c.version",
            "当前版本号（1 为原始版本，更大者为更正）",
            "Current version number (1 = original, higher = amended)",
            "",
        ),
        col(
            "enterprise_uscc",
            "c.enterprise_uscc",
            "企业统一社会信用代码",
            "Enterprise's unified social credit code (USCC)",
            "",
        ),
        col(
            "period_year",
            "c.period_year",
            "报告年度",
            "Reporting year",
            "年 / year",
        ),
        col(
            "period_quarter",
            "c.period_quarter",
            "报告季度（1-4；空为年度）",
            "Reporting quarter (1-4; empty for the year)",
            "",
        ),
        col(
            "published_at",
            &utc(published_sql),
            published_zh,
            published_en,
            TIME,
        ),
    ]
}

fn version_identity() -> Vec<Column> {
    identity(
        "当前版本的发布时间",
        "When the current version was published",
        "c.published_at",
    )
}

fn with(mut head: Vec<Column>, rest: Vec<Column>) -> Vec<Column> {
    head.extend(rest);
    head
}

fn unit() -> Column {
    col("unit", "x.unit", "金额单位", "Unit of the amounts", CODE)
}

fn amount(name: &str, zh: &str, en: &str) -> Column {
    col(name, &format!("x.{name}"), zh, en, AMOUNT)
}

/// Every bulk CSV file, in the order the `/data/` page lists them. Factor meanings come
/// from the message catalog, like their labels on the site.
pub fn tables(catalog: &Catalog) -> Vec<Table> {
    vec![
        enterprises(),
        financial(),
        state_capital(catalog),
        executive_pay(),
        governance(),
        related_party(),
        major_events(),
        inspection_findings(),
        rectification_items(),
        rectification_updates(),
    ]
}

fn enterprises() -> Table {
    Table {
        file: "enterprises.csv",
        title_key: "data_file_enterprises",
        from: "enterprises x".into(),
        order: "x.uscc",
        columns: vec![
            col(
                "uscc",
                "x.uscc",
                "统一社会信用代码",
                "Unified social credit code (USCC)",
                "",
            ),
            col(
                "name_zh",
                "x.name_zh",
                "企业名称（中文）",
                "Name in Chinese",
                "",
            ),
            col(
                "name_en",
                "x.name_en",
                "企业名称（英文）",
                "Name in English",
                "",
            ),
            col(
                "parent_uscc",
                "x.parent_uscc",
                "上级企业统一社会信用代码",
                "Parent enterprise's USCC",
                "",
            ),
            col(
                "level",
                "x.level",
                "层级（1 为国资委监管的集团）",
                "Tier (1 = group supervised by the SASAC)",
                "",
            ),
            col(
                "industry",
                "x.industry",
                "行业（GB/T 4754 门类）",
                "Industry (GB/T 4754 section letter)",
                CODE,
            ),
            col(
                "function_type",
                "x.function_type",
                "功能分类（商业一类/商业二类/公益类）",
                "Function type (commercial I / II, public welfare)",
                CODE,
            ),
            col(
                "state_share",
                "x.state_share",
                "国有持股比例",
                "State shareholding",
                "%",
            ),
            col("status", "x.status", "存续状态", "Status", CODE),
            col(
                "is_demo",
                "x.is_demo::text",
                "是否为演示数据",
                "Demo record (fictional)",
                BOOL,
            ),
            col(
                "updated_at",
                &utc("x.updated_at"),
                "登记信息最后修改时间",
                "When the registry entry last changed",
                TIME,
            ),
        ],
    }
}

fn financial() -> Table {
    Table {
        file: "financial.csv",
        title_key: "section_financial",
        from: "open_data_current c JOIN financial_statements x ON x.version_id = c.version_id"
            .into(),
        order: "c.disclosure_id",
        columns: with(
            version_identity(),
            vec![
                unit(),
                amount("total_assets", "资产总额", "Total assets"),
                amount("total_liabilities", "负债总额", "Total liabilities"),
                amount("current_liabilities", "流动负债", "Current liabilities"),
                amount("owners_equity", "所有者权益", "Owners' equity"),
                amount(
                    "state_owned_equity",
                    "归属于国有资本的权益",
                    "Equity attributable to state capital",
                ),
                amount("revenue", "营业总收入", "Total revenue"),
                amount("total_profit", "利润总额", "Total profit"),
                amount("net_profit", "净利润", "Net profit"),
                amount(
                    "operating_cash_flow",
                    "经营活动现金流量净额",
                    "Net operating cash flow",
                ),
                amount("interest_bearing_debt", "带息负债", "Interest-bearing debt"),
                col("audited", "x.audited::text", "是否经审计", "Audited", BOOL),
                col("auditor", "x.auditor", "会计师事务所", "Auditor", ""),
                col(
                    "audit_opinion",
                    "x.audit_opinion",
                    "审计意见类型",
                    "Audit opinion",
                    CODE,
                ),
            ],
        ),
    }
}

/// One column per objective factor (a wide table), so that a spreadsheet can recompute
/// the preservation rate from one row.
fn state_capital(catalog: &Catalog) -> Table {
    let mut columns = with(
        version_identity(),
        vec![
            unit(),
            amount(
                "opening_state_capital",
                "年初国有资本及权益",
                "State capital at the start of the year",
            ),
            amount(
                "closing_state_capital",
                "年末国有资本及权益",
                "State capital at the end of the year",
            ),
        ],
    );
    for factor in CapitalFactor::ALL {
        let key = format!("factor_{}", factor.code());
        columns.push(col(
            factor.code(),
            &format!("f.{}", factor.code()),
            &catalog.text(Lang::Zh, &key),
            &catalog.text(Lang::En, &key),
            AMOUNT,
        ));
    }
    Table {
        file: "state_capital.csv",
        title_key: "section_state_capital",
        from: state_capital_from(),
        order: "c.disclosure_id",
        columns,
    }
}

fn state_capital_from() -> String {
    let pivot = CapitalFactor::ALL
        .iter()
        .map(|f| format!("max(amount) FILTER (WHERE factor = '{0}') AS {0}", f.code()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "open_data_current c JOIN state_capital_statements x ON x.version_id = c.version_id \
         LEFT JOIN (SELECT version_id, {pivot} FROM state_capital_factors GROUP BY version_id) f \
         ON f.version_id = c.version_id"
    )
}

fn executive_pay() -> Table {
    Table {
        file: "executive_pay.csv",
        title_key: "section_executive_pay",
        from: "open_data_current c JOIN executive_pay_statements s ON s.version_id = c.version_id \
               JOIN executive_pay_rows x ON x.version_id = c.version_id".into(),
        order: "c.disclosure_id, x.position",
        columns: with(
            version_identity(),
            vec![
                col("position", "x.position", "表内行号", "Row number in the table", ""),
                col("unit", "s.unit", "金额单位", "Unit of the amounts", CODE),
                col("average_employee_pay", "s.average_employee_pay", "在岗职工年平均工资", "Average annual pay of employees", AMOUNT),
                col("name", "x.name", "姓名", "Name", ""),
                col("title", "x.title", "职务", "Title", ""),
                col("term_start", "x.term_start", "任职起始时间", "Term start", DATE),
                col("term_end", "x.term_end", "任职终止时间（空为在任）", "Term end (empty while serving)", DATE),
                amount("annual_salary_payable", "应付年薪", "Annual salary payable"),
                amount("base_salary", "其中：基本年薪", "of which base salary"),
                amount("performance_pay", "其中：绩效年薪", "of which performance pay"),
                amount("term_incentive", "其中：任期激励收入", "of which term incentive"),
                amount("employer_contributions", "单位缴存的社会保险、企业年金、补充医疗保险及住房公积金", "Employer's social insurance, annuity, supplementary medical insurance and housing fund"),
                amount("other_monetary_income", "其他货币性收入", "Other monetary income"),
                amount("pretax_total", "税前报酬合计", "Total pre-tax pay"),
                col("paid_by_related_party", "x.paid_by_related_party::text", "是否在关联方领取报酬", "Paid by a related party", BOOL),
                amount("related_party_amount", "在关联方领取的报酬", "Pay from related parties"),
            ],
        ),
    }
}

fn governance() -> Table {
    Table {
        file: "governance.csv",
        title_key: "section_governance",
        from: "open_data_current c JOIN governance_members x ON x.version_id = c.version_id".into(),
        order: "c.disclosure_id, x.position",
        columns: with(
            version_identity(),
            vec![
                col(
                    "position",
                    "x.position",
                    "名单内序号",
                    "Position in the roster",
                    "",
                ),
                col(
                    "body",
                    "x.body",
                    "机构（董事会、监事会、经理层、党组织）",
                    "Body (board, supervisory board, management, party organisation)",
                    CODE,
                ),
                col("name", "x.name", "姓名", "Name", ""),
                col("title", "x.title", "职务", "Title", ""),
                col(
                    "is_external",
                    "x.is_external::text",
                    "是否外部董事",
                    "External director",
                    BOOL,
                ),
                col(
                    "is_employee_representative",
                    "x.is_employee_representative::text",
                    "是否职工代表",
                    "Employee representative",
                    BOOL,
                ),
                col("term_start", "x.term_start", "任期起始", "Term start", DATE),
                col(
                    "term_end",
                    "x.term_end",
                    "任期终止（空为未定）",
                    "Term end (empty when open)",
                    DATE,
                ),
            ],
        ),
    }
}

fn related_party() -> Table {
    Table {
        file: "related_party.csv",
        title_key: "section_related_party",
        from:
            "open_data_current c JOIN related_party_transactions x ON x.version_id = c.version_id"
                .into(),
        order: "c.disclosure_id, x.position",
        columns: with(
            version_identity(),
            vec![
                col(
                    "position",
                    "x.position",
                    "表内行号",
                    "Row number in the table",
                    "",
                ),
                col(
                    "counterparty",
                    "x.counterparty",
                    "关联方",
                    "Counterparty",
                    "",
                ),
                col(
                    "counterparty_uscc",
                    "x.counterparty_uscc",
                    "关联方统一社会信用代码",
                    "Counterparty's USCC",
                    "",
                ),
                col(
                    "relationship",
                    "x.relationship",
                    "关联关系",
                    "Relationship",
                    CODE,
                ),
                col(
                    "transaction_type",
                    "x.transaction_type",
                    "交易类型",
                    "Transaction type",
                    CODE,
                ),
                unit(),
                amount("amount", "交易金额", "Amount"),
                col(
                    "pricing_basis",
                    "x.pricing_basis",
                    "定价依据",
                    "Pricing basis",
                    CODE,
                ),
                col("approval", "x.approval", "审批情况", "Approval", ""),
            ],
        ),
    }
}

fn major_events() -> Table {
    Table {
        file: "major_events.csv",
        title_key: "section_major_events",
        from: "open_data_current c JOIN major_events x ON x.version_id = c.version_id".into(),
        order: "c.disclosure_id, x.position",
        columns: with(
            version_identity(),
            vec![
                col(
                    "position",
                    "x.position",
                    "表内行号",
                    "Row number in the table",
                    "",
                ),
                col("occurred_on", "x.occurred_on", "发生日期", "Date", DATE),
                col("kind", "x.kind", "事项类型", "Kind of event", CODE),
                col(
                    "description",
                    "x.description",
                    "事项说明",
                    "Description",
                    "",
                ),
                col(
                    "unit",
                    "x.unit",
                    "金额单位（无金额时为空）",
                    "Unit of the amount (empty without one)",
                    CODE,
                ),
                amount("amount", "涉及金额", "Amount involved"),
            ],
        ),
    }
}

fn inspection_findings() -> Table {
    Table {
        file: "inspection_findings.csv",
        title_key: "data_file_inspection_findings",
        from: "open_data_current c JOIN inspection_reports r ON r.version_id = c.version_id \
               JOIN inspection_findings x ON x.version_id = c.version_id"
            .into(),
        order: "c.disclosure_id, x.position",
        columns: with(
            version_identity(),
            vec![
                col("position", "x.position", "问题序号", "Finding number", ""),
                col("unit", "r.unit", "金额单位", "Unit of the amounts", CODE),
                col("body", "x.body", "检查机构", "Inspecting body", CODE),
                col(
                    "inspected_on",
                    "x.inspected_on",
                    "检查日期",
                    "Date of inspection",
                    DATE,
                ),
                col("category", "x.category", "问题类别", "Category", CODE),
                col(
                    "description",
                    "x.description",
                    "问题描述",
                    "Description",
                    "",
                ),
                amount("amount_involved", "涉及金额", "Amount involved"),
                col("severity", "x.severity", "严重程度", "Severity", CODE),
            ],
        ),
    }
}

fn rectification_items() -> Table {
    Table {
        file: "rectification_items.csv",
        title_key: "data_file_rectification_items",
        from: "open_data_current c JOIN rectification_items x ON x.version_id = c.version_id"
            .into(),
        order: "c.disclosure_id, x.code",
        columns: with(
            version_identity(),
            vec![
                col(
                    "code",
                    "x.code",
                    "整改事项编号（如 R1）",
                    "Rectification item code (e.g. R1)",
                    "",
                ),
                col(
                    "finding_position",
                    "x.finding_position",
                    "对应问题序号",
                    "Finding number it answers",
                    "",
                ),
                col("measure", "x.measure", "整改措施", "Measure", ""),
                col(
                    "responsible_department",
                    "x.responsible_department",
                    "责任部门",
                    "Responsible department",
                    "",
                ),
                col("due_date", "x.due_date", "整改期限", "Deadline", DATE),
            ],
        ),
    }
}

/// Status updates belong to the disclosure, not to a version: `version` is the report's
/// current version and `published_at` the update's own publication.
fn rectification_updates() -> Table {
    Table {
        file: "rectification_updates.csv",
        title_key: "data_file_rectification_updates",
        from:
            "open_data_current c JOIN rectification_updates x ON x.disclosure_id = c.disclosure_id"
                .into(),
        order: "c.disclosure_id, x.item_code, x.effective_on, x.id",
        columns: with(
            identity(
                "本条状态更新的发布时间",
                "When this status update was published",
                "x.published_at",
            ),
            vec![
                col(
                    "item_code",
                    "x.item_code",
                    "整改事项编号",
                    "Rectification item code",
                    "",
                ),
                col(
                    "status",
                    "x.status",
                    "整改状态（未整改/整改中/已整改/长期整改）",
                    "Status (not started, in progress, completed, long-term)",
                    CODE,
                ),
                col(
                    "effective_on",
                    "x.effective_on",
                    "状态生效日期",
                    "Date the status took effect",
                    DATE,
                ),
                col("note", "x.note", "说明", "Note", ""),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_capital_file_has_one_column_per_factor() {
        let table = state_capital_from();
        for factor in CapitalFactor::ALL {
            assert!(table.contains(&format!("AS {}", factor.code())));
        }
    }

    #[test]
    fn column_names_are_unique_within_a_file() {
        for table in [financial(), executive_pay(), rectification_updates()] {
            let mut names: Vec<_> = table.columns.iter().map(|c| &c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), table.columns.len(), "{}", table.file);
        }
    }
}
