# Executive pay (English), after the SASAC disclosure form.

pay_caption = Pay of the enterprise's principals, { $year }
pay_name = Name
pay_title = Position
pay_term = Term in office
pay_annual_salary_payable = Annual salary payable
pay_base_salary = Base salary
pay_performance_pay = Performance pay
pay_term_incentive = Term incentive
pay_parts = of which base { $base }, performance { $performance }, term incentive { $incentive }
pay_employer_contributions = Employer's social insurance, enterprise annuity, supplementary medical insurance and housing fund contributions
pay_other_monetary_income = Other monetary income
pay_pretax_total = Total before tax
pay_related_party_amount = Paid by shareholders or other related parties
pay_none = None
pay_average_employee_pay = Average employee pay
pay_highest_pretax_total = Highest executive total before tax
pay_unit_note = Amounts in { $unit }. Total before tax = annual salary payable + employer contributions + other monetary income, checked by the database.
indicator_pay_ratio = Pay ratio
indicator_pay_ratio_formula = Pay ratio = highest executive total before tax ÷ average employee pay
red_flag_pay_up_profit_down = In { $year } executive pay changed by { $value } while net profit changed by { $line }: pay and performance moved in opposite directions.
red_flag_related_party_pay = In { $year } { $value } also received pay from shareholders or other related parties, { $line } { $unit } in total.
