# The enterprise registry (Simplified Chinese).

enterprises_title = 企业名录
enterprises_lead = 市属国有企业及其所属企业。可按行业、企业层级和功能分类筛选，点击企业名称查看详情与所属集团。
enterprises_count = 共 { $count } 家企业
enterprises_none = 没有符合条件的企业。请放宽筛选条件。
filters_title = 筛选
filter_any = 全部
filter_apply = 筛选
filter_clear = 清除筛选

field_name = 企业名称
field_uscc = 统一社会信用代码
field_level = 企业层级
field_industry = 所属行业
field_function_type = 功能分类
field_state_share = 国有股权比例
field_status = 登记状态

profile_facts = 基本信息
profile_group = 所属集团
profile_parent = 上级企业：
profile_is_group = 本企业为一级企业（集团公司），由市国资委直接监管。
profile_subsidiaries = 下属企业
profile_no_subsidiaries = 暂无登记的下属企业。

level_1 = 一级企业
level_2 = 二级企业
level_3 = 三级企业
level_4 = 四级及以下企业

function_type_commercial_competitive = 商业一类
function_type_commercial_special = 商业二类
function_type_public_welfare = 公益类

status_active = 存续
status_in_liquidation = 清算中
status_merged = 已合并重组
status_deregistered = 已注销

industry_A = 农、林、牧、渔业
industry_B = 采矿业
industry_C = 制造业
industry_D = 电力、热力、燃气及水生产和供应业
industry_E = 建筑业
industry_F = 批发和零售业
industry_G = 交通运输、仓储和邮政业
industry_H = 住宿和餐饮业
industry_I = 信息传输、软件和信息技术服务业
industry_J = 金融业
industry_K = 房地产业
industry_L = 租赁和商务服务业
industry_M = 科学研究和技术服务业
industry_N = 水利、环境和公共设施管理业
industry_O = 居民服务、修理和其他服务业
industry_P = 教育
industry_Q = 卫生和社会工作
industry_R = 文化、体育和娱乐业
industry_S = 公共管理、社会保障和社会组织
industry_T = 国际组织
