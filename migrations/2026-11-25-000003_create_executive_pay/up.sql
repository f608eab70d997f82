-- Executive pay in the SASAC table form (企业负责人薪酬信息披露表), per year, as the content
-- of an `executive_pay` disclosure version. Immutable like every published version.

CREATE TABLE executive_pay_statements (
    version_id           bigint PRIMARY KEY REFERENCES disclosure_versions (id) ON DELETE RESTRICT,
    unit                 text NOT NULL CHECK (unit IN ('yuan', 'wan_yuan')),
    -- 在岗职工年平均工资, for the pay ratio; same unit as the rows.
    average_employee_pay numeric(20, 2) CHECK (average_employee_pay > 0)
);

CREATE TABLE executive_pay_rows (
    version_id             bigint NOT NULL REFERENCES executive_pay_statements (version_id) ON DELETE RESTRICT,
    -- Row order as published (the form lists the principal first).
    position               smallint NOT NULL CHECK (position >= 1),
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- 任职起止时间
    term_start             date NOT NULL,
    term_end               date CHECK (term_end >= term_start),
    -- 应付年薪, and where given its parts: 基本年薪, 绩效年薪, 任期激励收入.
    annual_salary_payable  numeric(20, 2) NOT NULL CHECK (annual_salary_payable >= 0),
    base_salary            numeric(20, 2) CHECK (base_salary >= 0),
    performance_pay        numeric(20, 2) CHECK (performance_pay >= 0),
    term_incentive         numeric(20, 2) CHECK (term_incentive >= 0),
    -- 社会保险、企业年金、补充医疗保险及住房公积金的单位缴存部分
    employer_contributions numeric(20, 2) NOT NULL CHECK (employer_contributions >= 0),
    -- 其他货币性收入
    other_monetary_income  numeric(20, 2) NOT NULL CHECK (other_monetary_income >= 0),
    -- 税前报酬合计: stored as published, and required to add up.
    pretax_total           numeric(20, 2) NOT NULL,
    -- 是否在股东单位或其他关联方领取报酬, and how much.
    paid_by_related_party  boolean NOT NULL DEFAULT false,
    related_party_amount   numeric(20, 2) CHECK (related_party_amount >= 0),
    PRIMARY KEY (version_id, position),
    CHECK (pretax_total = annual_salary_payable + employer_contributions + other_monetary_income),
    CHECK (base_salary IS NULL OR performance_pay IS NULL OR term_incentive IS NULL
           OR base_salary + performance_pay + term_incentive = annual_salary_payable),
    CHECK (paid_by_related_party = (related_party_amount IS NOT NULL))
);

CREATE TRIGGER executive_pay_statements_immutable BEFORE UPDATE OR DELETE ON executive_pay_statements
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
CREATE TRIGGER executive_pay_rows_immutable BEFORE UPDATE OR DELETE ON executive_pay_rows
    FOR EACH ROW EXECUTE FUNCTION forbid_changing_published();
