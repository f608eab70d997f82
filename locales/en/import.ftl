# What the import says about a file, a row or a cell (src/disclosure/import). The command
# line prints these English texts; the admin site shows them in the reader's language.
# Arguments are text as the file has it (values, codes, dates) or other messages below.

## Files
import_unreadable = cannot be read: { $error }
import_not_csv_or_xlsx = is neither a .csv nor a .xlsx file (the import reads only these two)
import_empty = is empty: it needs a header row and at least one row
import_no_rows = has a header but no rows
import_not_utf8 = is not UTF-8 text (first bad byte on line { $line }); save it as "CSV UTF-8" (CSV UTF-8（逗号分隔）) or as .xlsx
import_bad_csv = is not valid CSV: { $error }
import_bad_xlsx = cannot be read as XLSX: { $error }
import_bad_sheet = worksheet "{ $name }" cannot be read: { $error }
import_sheet_too_large = worksheet "{ $name }" spans { $rows } rows by { $columns } columns from its first cell to its last, more than the { $max } cells a file may hold; delete what lies outside the table
import_many_sheets = has { $count } non-empty worksheets ({ $names }); put one section per file, in a single worksheet
import_cell_bad_date = the cell holds a date the import cannot read
import_cell_duration = the cell holds a duration, not a value
import_cell_error = the cell holds the spreadsheet error { $error }

## The header row
import_column_without_header = the column has values but no header; name it or delete it
import_unknown_column = "{ $name }" is not a column of { $kind } files (see docs/import-format.md)
import_column_twice = the column { $key } appears twice (first as { $first })
import_column_missing = the required column { $key } ({ $chinese }) is missing
import_no_section = the header row names no section's columns; each kind of file has its own, e.g. { $markers } (see docs/import-format.md)
import_mixed_sections = the header row mixes columns of { $kinds } files; put each section in its own file

## Cells
import_required = a value is required
import_beyond_header = a value beyond the last column of the header
import_too_long = is { $length } characters long; at most { $max } are allowed
import_bad_uscc = "{ $value }" is not a valid code: { $error }
import_uscc_wrong_length = a unified social credit code has 18 characters, found { $found }
import_uscc_invalid_character = '{ $found }' at position { $position } is not allowed in a unified social credit code
import_uscc_invalid_division = positions 3-8 of a unified social credit code must be a six-digit division code
import_uscc_wrong_check = the check character should be '{ $expected }', found '{ $found }'
import_bad_year = "{ $value }" is not a year (write it as 2026)
import_year_out_of_range = { $year } is outside { $first }-{ $last } (a disclosure covers a year that has begun)
import_bad_quarter = "{ $value }" is not a quarter: write 1, 2, 3 or 4, or leave it empty for the year
import_bad_unit = "{ $value }" is not a unit: write yuan (元) or wan_yuan (万元)
import_bad_flag = "{ $value }" is not yes or no: write true or false
import_bad_date = "{ $value }" is not a date (write it as 2026-12-31)
import_bad_audit_opinion = "{ $value }" is not an audit opinion: write one of { $codes }
import_bad_item_code = "{ $value }" is not an item code: write letters, digits and hyphens, at most 20, e.g. R1
import_bad_finding_number = "{ $value }" is not a finding number: write 1 for the first finding, 2 for the second...
import_bad_term = "{ $value }" is not a { $what }: write one of { $choices }
import_amount_written = "{ $value }" { $reason }
import_amount_stored = the spreadsheet stores { $shown }, which { $reason }; a cell may show it rounded: round it in the spreadsheet (=ROUND(...,2)) or enter the exact amount
import_amount_not_a_number = is not an amount (write digits with at most two decimals, e.g. -1234.56)
import_amount_integer_digits = has { $digits } digits before the decimal point; at most { $max } are allowed
import_amount_decimals = has { $places } decimal places; at most { $max } are allowed (amounts are stated to the fen, 分, and the import never rounds)
import_negative = { $value } cannot be negative
import_must_be_positive = must be more than 0
import_not_finite = the cell does not hold a finite number
import_too_many_digits = the spreadsheet stores { $shown }, more digits than a number cell holds exactly (a formula result, or a figure typed with too many digits); round it in the spreadsheet, or enter the amount as text

## Names used inside other messages
import_term_governing_body = governing body
import_term_relationship = relationship
import_term_transaction_type = transaction type
import_term_pricing_basis = pricing basis
import_term_kind_of_event = kind of event
import_term_inspecting_body = inspecting body
import_term_finding_category = finding category
import_term_severity = severity
import_term_rectification_status = rectification status
import_section_financial = a financial statement
import_section_state_capital = state capital
import_section_executive_pay = executive pay
import_section_governance = a governance roster
import_section_related_party = related-party transactions
import_section_major_events = major events
import_section_inspection = an inspection report
import_scope_disclosure = this disclosure
import_scope_finding = finding { $number }
import_row = row { $list }
import_rows = rows { $list }

## Rows that belong together
import_yearly_section = { $section } is disclosed by year; leave quarter empty
import_same_as_row = the same enterprise and period as row { $first }; give each disclosure once
import_same_as_file_row = the same enterprise and period as { $file } row { $first }; { $advice }
import_advice_once = give each disclosure once
import_advice_whole_table = give a disclosure's whole table in one file
import_differs = differs from row { $first }; the rows of { $scope } must give the same value, or leave it empty
import_rows_required = a value is required in at least one of the rows of { $scope } ({ $rows })
import_as_of_future = { $date } is in the future; figures describe a day that has passed (as_of defaults to the last day of the period)
import_term_ends_before_start = { $end } is before the start of the term ({ $start })
import_required_when_audited = required when audited is true
import_given_when_unaudited = given although audited is false; leave it empty for an unaudited statement
import_pretax_total_sum = { $given } is not annual_salary_payable + employer_contributions + other_monetary_income = { $sum }
import_annual_salary_sum = { $given } is not base_salary + performance_pay + term_incentive = { $sum }
import_roster_starts_after = { $date } is after { $year }: a { $year } roster lists the seats held during { $year }
import_roster_ends_before = { $date } is before { $year }: a { $year } roster lists the seats held during { $year }
import_unit_required_with_amount = required when amount is given
import_unit_without_amount = given although amount is empty; leave both empty for an event without an amount
import_event_outside_year = { $date } is not in { $year }, the year this disclosure covers
import_finding_missing = findings are numbered 1, 2, 3... without gaps; finding { $expected } is missing
import_item_code_twice = { $code } is already the code of the item in { $row }; give each item its own code
import_item_part_without_code = given without an item code; a row without an item is a finding without rectification items

## Against what is published
import_unknown_enterprise = no enterprise with the code { $uscc } is registered
import_nothing_to_amend = nothing is published for this enterprise and period, so there is nothing to amend; leave reason empty for a first publication
import_withdrawn = this disclosure was withdrawn; { $advice }
import_changed_figures = already published with different figures; { $advice }
import_changed_table = already published with a different table; { $advice }
import_advice_reason = give a reason { $purpose }
import_purpose_amend = to amend
import_purpose_republish = to publish it again
import_advice_reason_in_rows = give a reason in any of its rows ({ $rows }) { $purpose }

## Rectification status updates
import_status_future = { $date } is in the future; record a status once it has taken effect
import_status_twice = the same item and date as row { $first }; give each update once
import_status_twice_in_file = the same item and date as { $file } row { $first }; give each update once
import_status_report_withdrawn = the { $year } inspection report of this enterprise is withdrawn; its items take no updates
import_status_no_report = no { $year } inspection report of this enterprise is published, nor given in this run
import_status_items_none = it has none
import_status_items = its items are { $codes }
import_status_not_an_item = { $item } is not an item of the { $year } inspection report ({ $listed })
import_status_same_day = { $item } already has an update dated { $date } ({ $status }); a recorded update cannot be changed, record a new one with a later date
import_status_out_of_order = { $date } is before the latest update of { $item } ({ $latest }, { $status }); updates are recorded in date order
