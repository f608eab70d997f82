# Site-wide messages (Simplified Chinese). Message ids use underscores so templates can
# read argument-free ones as m.<id>.

site_name = 阳光国企
site_tagline = 北海市国有企业信息公开与监督平台
skip_to_content = 跳到正文
nav_primary = 主导航
nav_language = 语言
nav_home = 首页
nav_enterprises = 企业名录
language_zh = 中文
language_en = English
breadcrumb = 当前位置
pagination = 分页
page_previous = ‹ 上一页
page_next = 下一页 ›
page_of = 第 { $page } 页，共 { $pages } 页

demo_badge = 演示
demo_banner_title = 演示数据：
demo_banner_text = 本页包含虚构的演示企业，仅用于展示平台功能，不代表任何真实企业。

footer_policy = 依据《北海市人民政府关于加强和改进企业国有资产监督防止国有资产流失的实施意见》（北政发〔2017〕39号）建设。
footer_privacy = 本站不记录访问者的 IP 地址或浏览器信息，不加载任何第三方资源，关闭 JavaScript 也可正常使用。

home_title = 阳光国企：国有资产，人人可查
home_lead = 本平台集中公开北海市市属国有企业的财务、治理与高管薪酬信息，接受社会各界对国有资产流失问题的举报，并公开处理结果。
home_browse = 浏览企业名录
home_counts = 目前收录 { $enterprises } 家企业，其中集团企业 { $groups } 家。
home_pillars = 平台的三项职能
home_disclose_title = 信息公开
home_disclose_text = 国有资本保值增值、经营与财务状况、法人治理结构、关联交易、高管薪酬以及监督检查发现的问题和整改情况，一企一公开。
home_report_title = 匿名举报
home_report_text = 任何人都可以对国有资产流失问题提出批评、建议、检举、揭发、申诉和控告：不需要留下身份信息，凭 16 位查询码查看进展、补充材料。
home_supervise_title = 监督闭环
home_supervise_text = 举报线索按规则分派给相应监督单位，限时办理、依规移送、跟踪整改，办理结果向社会公开，办理人员的履职记录可追溯、可问责。
home_basis_title = 政策依据
home_basis_text = 根据北政发〔2017〕39号文件，市国资委和各市属国有企业应在统一的信息公开平台上依法依规、及时准确地披露国有资本运营、企业经营和监督检查等信息，建设阳光国企。

error_go_home = 返回首页
error_not_found_title = 页面不存在
error_not_found_text = 您访问的页面不存在，或企业代码有误。统一社会信用代码为 18 位字母和数字。
error_forbidden_title = 无权进行此操作
error_forbidden_text = 您的账号无权进行此操作，或者表单已过期。请返回上一页，刷新后重试。
error_bad_request_title = 请求有误
error_bad_request_text = 无法理解这个请求，请检查链接后重试。
error_method_not_allowed_title = 不支持的操作
error_method_not_allowed_text = 此页面不支持这种请求方式。
error_unavailable_title = 服务暂时不可用
error_unavailable_text = 数据库暂时无法访问，请稍后再试。您没有做错任何事。
error_internal_title = 内部错误
error_internal_text = 服务器出现了意外错误，已记录，我们会尽快处理。请稍后再试。
