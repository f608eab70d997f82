# Executive pay (Simplified Chinese), after the SASAC disclosure form.

pay_caption = { $year } 年度企业负责人薪酬情况
pay_name = 姓名
pay_title = 职务
pay_term = 任职起止时间
pay_annual_salary_payable = 应付年薪
pay_base_salary = 基本年薪
pay_performance_pay = 绩效年薪
pay_term_incentive = 任期激励收入
pay_parts = 其中基本年薪 { $base }、绩效年薪 { $performance }、任期激励 { $incentive }
pay_employer_contributions = 社会保险、企业年金、补充医疗保险及住房公积金单位缴存部分
pay_other_monetary_income = 其他货币性收入
pay_pretax_total = 税前报酬合计
pay_related_party_amount = 在股东单位或其他关联方领取的报酬
pay_none = 无
pay_average_employee_pay = 在岗职工年平均工资
pay_highest_pretax_total = 负责人最高税前报酬
pay_unit_note = 金额单位：{ $unit }。税前报酬合计 = 应付年薪 + 单位缴存部分 + 其他货币性收入，由数据库校验。
indicator_pay_ratio = 薪酬倍数
indicator_pay_ratio_formula = 薪酬倍数 = 负责人最高税前报酬合计 ÷ 在岗职工年平均工资
red_flag_pay_up_profit_down = { $year } 年负责人薪酬合计同比 { $value }，而净利润同比 { $line }，薪酬与业绩变动方向相反。
red_flag_related_party_pay = { $year } 年 { $value } 在股东单位或其他关联方领取报酬，合计 { $line } { $unit }。
