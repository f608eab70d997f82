# Disclosures, indicators and red flags (English).

section_financial = Financial position
section_state_capital = State capital preservation
section_executive_pay = Executive pay
section_governance = Corporate governance
section_related_party = Related-party transactions
section_major_events = Major events
section_inspection = Inspections and rectification

overview_indicators = Key indicators
overview_indicators_note = Indicators are computed from the published figures, never typed in by the enterprise. Open "Formula" to see how, with the latest year's inputs.
overview_indicator = Indicator
overview_change = Change
change_unit_percent = {" "}pp
change_unit_multiple = ×
overview_formula = Formula
overview_inputs_for = Inputs for { $year }:
overview_financial = Key financial figures
overview_unit_note = In 10,000 yuan (万元). Change is the latest year over the year before.
overview_item = Item
overview_growth = Year-on-year
overview_capital = State capital preservation
overview_capital_note = In 10,000 yuan. Adjusted closing state capital = closing state capital − objective increases + objective decreases.
overview_charts = Over the years
overview_charts_note = In 10,000 yuan. The charts show the same figures as the tables above.
overview_disclosures = Published disclosures
overview_no_disclosures = This enterprise has not published any disclosure yet.

field_period = Period
field_section = Section
field_as_of = Figures as of
field_version = Version
field_source = Source
field_published_at = Published
field_reason = Reason
mark_withdrawn = Withdrawn
mark_amended = Amended
version_n = Version { $n }
version_heading = Version { $n }
version_kind_original = Original
version_kind_amendment = Amendment
version_kind_withdrawal = Withdrawal
versions_title = Versions
history_link = See what each version changed
history_title = History of changes
history_lead = Published figures are never overwritten. Every correction is published as a new version with its reason; below is what each version changed, field by field.
history_field = Field
history_before = Before
history_after = After
history_original = The first published version.
history_withdrawal = This disclosure was withdrawn; its earlier versions remain available.
history_no_change = This version changed no figure.
disclosure_heading = { $section }, { $year }
withdrawn_notice = Withdrawn on { $date }.
reason_is = Reason: { $reason }
superseded_notice = You are viewing version { $shown }, which version { $latest } supersedes.
see_current = See the current version
report_problem = Something wrong with this record? Tell us
red_flags_title = Significant financial warnings

red_flag_debt_ratio_above_line = In { $year } the asset-liability ratio was { $value }, above the { $line } warning line for its industry.
red_flag_capital_not_preserved = In { $year } the state capital preservation rate was { $value }, below { $line }: state capital was not preserved.

indicator_debt_ratio = Asset-liability ratio
indicator_debt_ratio_formula = Asset-liability ratio = total liabilities ÷ total assets × 100%
indicator_preservation_rate = State capital preservation rate
indicator_preservation_rate_formula = Preservation rate = adjusted closing state capital ÷ opening state capital × 100%, where adjusted closing state capital = closing state capital − objective increases + objective decreases
indicator_return_on_equity = Return on equity
indicator_return_on_equity_formula = Return on equity = net profit ÷ average owners' equity × 100%, where average owners' equity = (opening + closing equity) ÷ 2 and opening equity is last year's closing equity
indicator_operating_cash_ratio = Operating cash to current liabilities
indicator_operating_cash_ratio_formula = Operating cash ratio = net cash flow from operating activities ÷ current liabilities × 100%

field_unit = Unit
field_total_assets = Total assets
field_total_liabilities = Total liabilities
field_current_liabilities = Current liabilities
field_owners_equity = Owners' equity
field_opening_owners_equity = Opening owners' equity
field_state_owned_equity = State-owned equity
field_revenue = Revenue
field_total_profit = Total profit
field_net_profit = Net profit
field_operating_cash_flow = Net operating cash flow
field_interest_bearing_debt = Interest-bearing debt
field_audited = Audited
field_auditor = Auditor
field_audit_opinion = Audit opinion
field_opening_state_capital = Opening state capital
field_closing_state_capital = Closing state capital
field_adjusted_closing_capital = Adjusted closing state capital

unit_yuan = yuan
unit_wan_yuan = 10,000 yuan
audited_true = Audited
audited_false = Not audited
audit_opinion_unqualified = Unqualified
audit_opinion_unqualified_with_emphasis = Unqualified with emphasis of matter
audit_opinion_qualified = Qualified
audit_opinion_adverse = Adverse
audit_opinion_disclaimer = Disclaimer of opinion

factor_increase_additional_investment = Objective increase: additional state investment
factor_increase_free_transfer_in = Objective increase: free transfer in
factor_increase_asset_revaluation = Objective increase: asset revaluation gain
factor_increase_asset_verification = Objective increase: asset verification
factor_increase_property_rights = Objective increase: property rights definition
factor_increase_share_premium = Objective increase: share premium
factor_increase_tax_refund = Objective increase: tax refunds and other policy factors
factor_increase_accounting_adjustment = Objective increase: accounting adjustments and impairment reversals
factor_increase_other = Objective increase: other
factor_decrease_capital_reduction = Objective decrease: state capital reduction
factor_decrease_free_transfer_out = Objective decrease: free transfer out
factor_decrease_asset_revaluation = Objective decrease: asset revaluation loss
factor_decrease_asset_verification = Objective decrease: asset verification
factor_decrease_property_rights = Objective decrease: property rights definition
factor_decrease_dividends = Objective decrease: state capital income paid over
factor_decrease_force_majeure = Objective decrease: natural disasters and force majeure
factor_decrease_accounting_adjustment = Objective decrease: accounting adjustments
factor_decrease_other = Objective decrease: other
red_flag_missing_disclosure = The { $year } disclosure "{ $value }" was due by { $line } and has not been published.
red_flag_late_disclosure = The { $year } disclosure "{ $value }" was due by { $line } but was published only on { $when }.
overview_disclosures_note = One row per period, one column per kind of disclosure; "—" means not published for that period. Open a version to see its content, versions and history.
not_published = Not published
documents_title = Source documents
document_size = { $kb } KB
documents_note = SHA-256 is the file's fingerprint: compute it for your copy (e.g. with sha256sum); if it matches, your file is exactly the one published here.
quarterly_title = { $year } quarterly figures
quarterly_note = As published in the quarterly financial reports (万元). Income and cash-flow figures run from the start of the year to the end of each quarter; balance-sheet figures are at the quarter's end.
quarter_n = Q{ $n }
