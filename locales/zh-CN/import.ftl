# 导入对文件、行或单元格的说明（src/disclosure/import）。命令行输出英文；管理后台按读者的语言显示。
# 参数为文件中的原文（数值、代码、日期）或下列其他消息。

## 文件
import_unreadable = 无法读取：{ $error }
import_not_csv_or_xlsx = 既不是 .csv 文件也不是 .xlsx 文件（导入只接受这两种格式）
import_empty = 是空文件：需要一行表头和至少一行数据
import_no_rows = 只有表头，没有数据行
import_not_utf8 = 不是 UTF-8 文本（第 { $line } 行出现第一个无法识别的字节）；请另存为“CSV UTF-8（逗号分隔）”或 .xlsx
import_bad_csv = 不是有效的 CSV：{ $error }
import_bad_xlsx = 无法按 XLSX 读取：{ $error }
import_bad_sheet = 无法读取工作表“{ $name }”：{ $error }
import_sheet_too_large = 工作表“{ $name }”从第一个单元格到最后一个单元格跨 { $rows } 行 { $columns } 列，超过一个文件最多 { $max } 个单元格；请删除表格以外的内容
import_many_sheets = 有 { $count } 个非空工作表（{ $names }）；每个文件只放一个板块，且只用一个工作表
import_cell_bad_date = 单元格中的日期无法读取
import_cell_duration = 单元格中是时长，不是数值
import_cell_error = 单元格中是电子表格错误 { $error }

## 表头
import_column_without_header = 该列有数据但没有表头；请填写列名或删除该列
import_unknown_column = “{ $name }”不是 { $kind } 文件的列（见 docs/import-format.md）
import_column_twice = 列 { $key } 出现了两次（第一次为 { $first }）
import_column_missing = 缺少必填列 { $key }（{ $chinese }）
import_no_section = 表头中没有任何板块的列；每类文件有自己的列，例如 { $markers }（见 docs/import-format.md）
import_mixed_sections = 表头混用了 { $kinds } 文件的列；每个板块请放在单独的文件中

## 单元格
import_required = 必须填写
import_beyond_header = 超出表头最后一列的位置有数据
import_too_long = 长度为 { $length } 个字符；最多允许 { $max } 个
import_bad_uscc = “{ $value }”不是有效的代码：{ $error }
import_uscc_wrong_length = 统一社会信用代码应为 18 位，实际为 { $found } 位
import_uscc_invalid_character = 第 { $position } 位的“{ $found }”不是统一社会信用代码允许的字符
import_uscc_invalid_division = 统一社会信用代码第 3-8 位应为六位数字的行政区划码
import_uscc_wrong_check = 校验码应为“{ $expected }”，实际为“{ $found }”
import_bad_year = “{ $value }”不是年度（请写作 2026）
import_year_out_of_range = { $year } 不在 { $first }-{ $last } 之间（只能披露已经开始的年度）
import_bad_quarter = “{ $value }”不是季度：请填写 1、2、3 或 4，年度数据请留空
import_bad_unit = “{ $value }”不是单位：请填写 元（yuan）或 万元（wan_yuan）
import_bad_flag = “{ $value }”不是“是”或“否”：请填写 是 或 否（true 或 false）
import_bad_date = “{ $value }”不是日期（请写作 2026-12-31）
import_bad_audit_opinion = “{ $value }”不是审计意见：请填写以下之一：{ $codes }
import_bad_item_code = “{ $value }”不是整改事项编号：请使用字母、数字和连字符，最多 20 个，例如 R1
import_bad_finding_number = “{ $value }”不是问题序号：第一个问题填 1，第二个填 2……
import_bad_term = “{ $value }”不是有效的{ $what }：请填写以下之一：{ $choices }
import_amount_written = “{ $value }”{ $reason }
import_amount_stored = 电子表格中存储的是 { $shown }，{ $reason }；单元格显示的可能是四舍五入后的值：请在表格中取整（=ROUND(...,2)）或输入准确金额
import_amount_not_a_number = 不是金额（请填写数字，最多两位小数，例如 -1234.56）
import_amount_integer_digits = 整数部分有 { $digits } 位；最多允许 { $max } 位
import_amount_decimals = 有 { $places } 位小数；最多允许 { $max } 位（金额精确到分，导入从不四舍五入）
import_negative = { $value } 不能为负数
import_must_be_positive = 必须大于 0
import_not_finite = 单元格中不是有限的数值
import_too_many_digits = 电子表格中存储的是 { $shown }，位数超过数值单元格能精确保存的范围（可能是公式结果，或输入的位数过多）；请在表格中取整，或以文本形式输入金额

## 在其他消息中使用的名称
import_term_governing_body = 所在机构
import_term_relationship = 关联关系
import_term_transaction_type = 交易类型
import_term_pricing_basis = 定价依据
import_term_kind_of_event = 事项类别
import_term_inspecting_body = 检查主体
import_term_finding_category = 问题类别
import_term_severity = 严重程度
import_term_rectification_status = 整改状态
import_section_financial = 财务报表
import_section_state_capital = 国有资本保值增值
import_section_executive_pay = 高管薪酬
import_section_governance = 法人治理结构名册
import_section_related_party = 关联交易
import_section_major_events = 重大事项
import_section_inspection = 监督检查报告
import_scope_disclosure = 本披露
import_scope_finding = 问题 { $number }
import_row = 第 { $list } 行
import_rows = 第 { $list } 行

## 共同组成一项披露的各行
import_yearly_section = { $section }按年度披露；季度请留空
import_same_as_row = 与第 { $first } 行的企业和期间相同；每项披露只填一次
import_same_as_file_row = 与 { $file } 第 { $first } 行的企业和期间相同；{ $advice }
import_advice_once = 每项披露只填一次
import_advice_whole_table = 一项披露的整张表请放在同一个文件中
import_differs = 与第 { $first } 行不一致；{ $scope }的各行必须填写相同的值，或留空
import_rows_required = { $scope }的各行（{ $rows }）中至少一行必须填写
import_as_of_future = { $date } 是将来的日期；数据描述的日期必须已经过去（截止日期默认为期间的最后一天）
import_term_ends_before_start = { $end } 早于任期开始日期（{ $start }）
import_required_when_audited = 已审计时必须填写
import_given_when_unaudited = 未审计却填写了该项；未经审计的报表请留空
import_pretax_total_sum = { $given } 不等于 应付年薪 + 单位缴存部分 + 其他货币性收入 = { $sum }
import_annual_salary_sum = { $given } 不等于 基本年薪 + 绩效年薪 + 任期激励收入 = { $sum }
import_roster_starts_after = { $date } 晚于 { $year } 年：{ $year } 年名册列出的是该年度内在任的人员
import_roster_ends_before = { $date } 早于 { $year } 年：{ $year } 年名册列出的是该年度内在任的人员
import_unit_required_with_amount = 填写了金额时必须填写单位
import_unit_without_amount = 未填金额却填写了单位；没有金额的事项两项都请留空
import_event_outside_year = { $date } 不在本披露所属的 { $year } 年内
import_finding_missing = 问题应按 1、2、3……连续编号；缺少问题 { $expected }
import_item_code_twice = { $code } 已是{ $row }整改事项的编号；每个事项请使用不同的编号
import_item_part_without_code = 没有整改事项编号却填写了该项；没有整改事项的行表示该问题没有整改事项

## 与已公开数据的比对
import_unknown_enterprise = 没有登记代码为 { $uscc } 的企业
import_nothing_to_amend = 该企业该期间尚无公开的披露，无可更正；首次发布请不要填写更正原因
import_withdrawn = 该披露已撤回；{ $advice }
import_changed_figures = 已公开的数据与此不同；{ $advice }
import_changed_table = 已公开的表格与此不同；{ $advice }
import_advice_reason = 请填写更正原因以{ $purpose }
import_purpose_amend = 进行更正
import_purpose_republish = 重新发布
import_advice_reason_in_rows = 请在其中任一行（{ $rows }）填写更正原因以{ $purpose }

## 整改状态更新
import_status_future = { $date } 是将来的日期；整改状态生效后再登记
import_status_twice = 与第 { $first } 行的事项和日期相同；每次更新只填一次
import_status_twice_in_file = 与 { $file } 第 { $first } 行的事项和日期相同；每次更新只填一次
import_status_report_withdrawn = 该企业 { $year } 年的监督检查报告已撤回；其整改事项不再接受更新
import_status_no_report = 该企业 { $year } 年的监督检查报告既未公开，也不在本次导入中
import_status_items_none = 该报告没有整改事项
import_status_items = 其整改事项为 { $codes }
import_status_not_an_item = { $item } 不是 { $year } 年监督检查报告的整改事项（{ $listed }）
import_status_same_day = { $item } 在 { $date } 已有一条更新（{ $status }）；已登记的更新不能修改，请以更晚的日期登记新的更新
import_status_out_of_order = { $date } 早于 { $item } 的最新更新（{ $latest }，{ $status }）；更新须按日期顺序登记
