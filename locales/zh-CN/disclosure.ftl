# Disclosures, indicators and red flags (Simplified Chinese).

section_financial = 财务状况
section_state_capital = 国有资本保值增值
section_executive_pay = 高管薪酬
section_governance = 法人治理结构
section_related_party = 关联交易
section_major_events = 重大事项
section_inspection = 监督检查与整改

overview_indicators = 主要指标
overview_indicators_note = 指标由已公开的数据自动计算，不由企业填报。展开“计算公式”可查看公式及最近一年的取数。
overview_indicator = 指标
overview_change = 同比变动
change_unit_percent = 个百分点
change_unit_multiple = 倍
overview_formula = 计算公式
overview_inputs_for = { $year } 年取数：
overview_financial = 主要财务数据
overview_unit_note = 单位：万元。增减为最近一年较上一年的变动幅度。
overview_item = 项目
overview_growth = 同比增减
overview_capital = 国有资本保值增值
overview_capital_note = 单位：万元。扣除客观因素后的年末国有资本 = 年末国有资本及权益 − 客观增加因素 + 客观减少因素。
overview_charts = 历年走势
overview_charts_note = 单位：万元。图中数据与上方表格相同。
overview_disclosures = 已公开信息
overview_no_disclosures = 该企业尚未公开任何信息。

field_period = 期间
field_section = 类别
field_as_of = 数据截止日
field_version = 版本
field_source = 数据来源
field_published_at = 公开日期
field_reason = 原因
mark_withdrawn = 已撤回
mark_amended = 已更正
version_n = 第 { $n } 版
version_heading = 第 { $n } 版内容
version_kind_original = 首次公开
version_kind_amendment = 更正
version_kind_withdrawal = 撤回
versions_title = 版本记录
history_link = 查看逐项修改记录
history_title = 修改记录
history_lead = 已公开的信息不会被覆盖。每次更正都作为新版本公开并说明原因，以下逐项列出每个版本改动的内容。
history_field = 项目
history_before = 修改前
history_after = 修改后
history_original = 首次公开的版本。
history_withdrawal = 该信息已撤回，此前各版本仍可查阅。
history_no_change = 本版本未改动任何数据项。
disclosure_heading = { $year } 年度{ $section }
withdrawn_notice = 该信息已于 { $date } 撤回。
reason_is = 原因：{ $reason }
superseded_notice = 您正在查看第 { $shown } 版，该版本已被第 { $latest } 版取代。
see_current = 查看现行版本
report_problem = 发现这条信息有问题？向我们反映
red_flags_title = 重大财务异常提示

red_flag_debt_ratio_above_line = { $year } 年资产负债率为 { $value }，高于本行业 { $line } 的预警线。
red_flag_capital_not_preserved = { $year } 年国有资本保值增值率为 { $value }，低于 { $line }，国有资本未能保值。

indicator_debt_ratio = 资产负债率
indicator_debt_ratio_formula = 资产负债率 = 负债总额 ÷ 资产总额 × 100%
indicator_preservation_rate = 国有资本保值增值率
indicator_preservation_rate_formula = 国有资本保值增值率 = 扣除客观因素后的年末国有资本及权益 ÷ 年初国有资本及权益 × 100%，其中扣除客观因素后的年末国有资本及权益 = 年末国有资本及权益 − 客观增加因素 + 客观减少因素
indicator_return_on_equity = 净资产收益率
indicator_return_on_equity_formula = 净资产收益率 = 净利润 ÷ 平均所有者权益 × 100%，平均所有者权益 =（年初所有者权益 + 年末所有者权益）÷ 2，年初数取上一年度年末数
indicator_operating_cash_ratio = 现金流动负债比率
indicator_operating_cash_ratio_formula = 现金流动负债比率 = 经营活动产生的现金流量净额 ÷ 流动负债 × 100%

field_unit = 金额单位
field_total_assets = 资产总额
field_total_liabilities = 负债总额
field_current_liabilities = 流动负债
field_owners_equity = 所有者权益
field_opening_owners_equity = 年初所有者权益
field_state_owned_equity = 国有资本及权益
field_revenue = 营业收入
field_total_profit = 利润总额
field_net_profit = 净利润
field_operating_cash_flow = 经营活动现金流量净额
field_interest_bearing_debt = 带息负债
field_audited = 是否经审计
field_auditor = 审计机构
field_audit_opinion = 审计意见
field_opening_state_capital = 年初国有资本及权益
field_closing_state_capital = 年末国有资本及权益
field_adjusted_closing_capital = 扣除客观因素后的年末国有资本及权益

unit_yuan = 元
unit_wan_yuan = 万元
audited_true = 已审计
audited_false = 未审计
audit_opinion_unqualified = 标准无保留意见
audit_opinion_unqualified_with_emphasis = 带强调事项段的无保留意见
audit_opinion_qualified = 保留意见
audit_opinion_adverse = 否定意见
audit_opinion_disclaimer = 无法表示意见

factor_increase_additional_investment = 客观增加：国家追加投资
factor_increase_free_transfer_in = 客观增加：无偿划入
factor_increase_asset_revaluation = 客观增加：资产评估增值
factor_increase_asset_verification = 客观增加：清产核资增加
factor_increase_property_rights = 客观增加：产权界定增加
factor_increase_share_premium = 客观增加：股票发行溢价
factor_increase_tax_refund = 客观增加：税收返还等政策性因素
factor_increase_accounting_adjustment = 客观增加：会计调整和减值准备转回
factor_increase_other = 客观增加：其他
factor_decrease_capital_reduction = 客观减少：国家减少投资
factor_decrease_free_transfer_out = 客观减少：无偿划出
factor_decrease_asset_revaluation = 客观减少：资产评估减值
factor_decrease_asset_verification = 客观减少：清产核资减少
factor_decrease_property_rights = 客观减少：产权界定减少
factor_decrease_dividends = 客观减少：按规定上缴国有资本收益
factor_decrease_force_majeure = 客观减少：自然灾害等不可抗力
factor_decrease_accounting_adjustment = 客观减少：会计调整
factor_decrease_other = 客观减少：其他
red_flag_missing_disclosure = { $year } 年度“{ $value }”信息应于 { $line } 前公开，至今未公开。
red_flag_late_disclosure = { $year } 年度“{ $value }”信息应于 { $line } 前公开，实际于 { $when } 才公开，晚于规定期限。
overview_disclosures_note = 每行一个报告期，每列一类信息；“—”表示该期尚未公开此类信息。点击版本号查看内容、版本记录和修改记录。
not_published = 未公开
documents_title = 原始文件
document_size = { $kb } KB
documents_note = SHA-256 是文件的数字指纹：用 sha256sum 等工具计算您手中文件的指纹，与此处一致即说明文件与本站公开的完全相同。
quarterly_title = { $year } 年季度财务数据
quarterly_note = 摘自季度财务快报（万元）。利润和现金流量为年初至季末累计数，资产负债为季末数。
quarter_n = 第{ $n }季度
