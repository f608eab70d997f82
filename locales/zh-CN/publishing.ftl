# 管理后台的发布流程（src/publishing，templates/publishing）。

## 公开页面的预览
preview_banner = 预览 — 尚未公开
preview_banner_text = 草稿获批后页面将如此显示。此处内容均未发布。
preview_back = 返回草稿

## 词汇
draft_kind_entry = 表单录入
draft_kind_upload = 上传文件
draft_kind_withdrawal = 撤回
draft_state_draft = 草稿
draft_state_submitted = 待审核
draft_state_published = 已发布
draft_state_returned = 已退回
draft_state_discarded = 已放弃
effect_published = 新披露
effect_amended = 更正（新版本）
effect_unchanged = 无变化
effect_statuses_recorded = 登记整改状态
entry_quarter_1 = 第一季度
entry_quarter_2 = 第二季度
entry_quarter_3 = 第三季度
entry_quarter_4 = 第四季度
entry_flag_true = 是
entry_flag_false = 否

## 列表
publishing_new = 新建草稿
publishing_upload = 上传文件
publishing_find = 查找
publishing_find_label = 更正或撤回已公开的披露——企业统一社会信用代码：
publishing_find_title = 已公开的披露
publishing_no_enterprise = 没有登记此代码的企业。
publishing_to_review = 待我审核
publishing_mine = 我的草稿
publishing_others = 同事正在编写的草稿
publishing_recent = 最近发布或退回
publishing_none = 无。
publishing_draft = 草稿
publishing_draft_n = 草稿 #{ $id }
publishing_kind = 类型
publishing_what = 内容
publishing_state = 状态
publishing_authors = 作者
publishing_updated = 最后修改
publishing_of_disclosure = 披露 { $id }
publishing_choose_section = 要披露哪个板块？
publishing_or_upload = 数据已在电子表格中？

## 录入表单
publishing_new_heading = 新建草稿
publishing_edit_heading = 编辑草稿
publishing_amend_heading = 更正
publishing_entry_hint = 标 * 的为必填项。金额须准确，最多两位小数（不会四舍五入）。草稿经另一位发布员审核通过后才会公开。
publishing_amend_hint = 表单中是当前公开的数据：请改正错误之处并填写更正原因。原版本仍将连同更正原因一并公开。
publishing_reason_hint = 仅在更正已公开的披露时填写；首次发布请留空。
publishing_disclosure_fields = 披露信息
publishing_table_rows = 表格各行
publishing_save = 保存草稿
publishing_add_rows = 增加 { $count } 行
publishing_cancel = 取消
publishing_back = 返回

## 上传
publishing_upload_hint = 导入格式（docs/import-format.md）的 CSV（UTF-8）或 XLSX 文件，最大 { $mib } MiB。有问题的文件将被整体拒收并附问题清单，不会保存任何内容。
publishing_file = 文件
publishing_upload_button = 上传并检查
publishing_replace_file = 为草稿 #{ $id } 上传新文件
publishing_upload_rejected = 文件未被接受。请改正下列问题后重新上传。
publishing_upload_missing = 请选择要上传的文件。
publishing_upload_too_large = 文件超过 { $mib } MiB。请拆分为多个文件。
publishing_upload_unreadable = 无法读取上传内容，请重试。
publishing_issue_count = 共 { $count } 个问题
publishing_report_caption = 发现的问题
publishing_report_file = 文件
publishing_report_row = 行
publishing_report_column = 列
publishing_report_reason = 问题

## 草稿
publishing_enterprise = 企业
publishing_target = 披露
publishing_submitted_at = 提交时间
publishing_reviewer = 审核人
publishing_you_are_author = （包括您）
publishing_returned_note = 退回意见：
publishing_last_note = 上次审核意见：
publishing_published_to = 已发布为
publishing_would_do = 审核通过后将会
publishing_effect = 结果
publishing_preview = 预览
publishing_preview_page = 公开页面
publishing_edit = 编辑
publishing_submit = 提交审核
publishing_recall = 撤回提交
publishing_discard = 放弃
publishing_approve = 审核通过并发布
publishing_return = 附此意见退回
publishing_return_note = 给作者的意见（退回时必填）
publishing_four_eyes_hint = 双人复核：须由非作者的另一位发布员审核通过。

## 已公开的披露
publishing_public_page = 公开页面
publishing_amend = 更正
publishing_withdraw = 撤回
publishing_withdrawn = 已撤回
publishing_amend_withdraw_hint = 更正或撤回与其他草稿一样：经另一位发布员审核通过后发布，当前版本仍连同原因一并公开。
publishing_withdraw_hint = 该披露将显示为已撤回并附此原因；其以往各版本仍然公开。

## 拒绝的原因
publishing_reason_required = 请填写更正原因：它将随新版本一并公开。
publishing_reason_too_long = 原因过长：最多 2000 个字符。
publishing_withdraw_reason_required = 请填写撤回原因：它将随撤回一并公开。
publishing_amend_other = 更正针对的是发起更正的那项披露：请勿更改其企业和期间。
publishing_nothing_changed = 与已公开的版本没有任何不同：请修改需要更正的数据。
publishing_already_published = 该披露已按此内容公开，没有需要发布的内容。
publishing_upload_changes_nothing = 文件中的内容均已按原样公开，没有需要发布的内容。
publishing_already_withdrawn = 该披露已撤回。
publishing_no_such_disclosure = 该披露不存在。
publishing_not_editable = 草稿已无法修改（期间已被提交、发布或放弃）。未保存任何内容。
publishing_submit_has_problems = 草稿目前无法提交：请先改正下列问题。
publishing_not_allowed_now = 草稿当前状态下无法进行此操作，或您无权进行此操作。
publishing_note_required = 请写明需要作者修改的内容。
publishing_own_draft = 您编写或修改过此草稿，不能审核通过：须由另一位发布员审核（双人复核）。
publishing_not_submitted = 此草稿不在待审核状态。
publishing_approval_rejected = 未发布任何内容：草稿与当前已公开的数据不再相符。请附下列问题退回给作者。
publishing_conflict = 有人同时修改了相同的披露，未写入任何内容。请重试。
publishing_preview_rejected = 无法预览此草稿：它与当前已公开的数据不再相符。
publishing_changed = 稿件在您打开后已被撤回、修改或重新提交。请重新查看当前内容后再审核。
