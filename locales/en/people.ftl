# Governance, related-party transactions and major events (English).

governance_as_of = The governance structure as published for { $year }.
governing_body_board = Board of directors
governing_body_supervisory_board = Supervisory board
governing_body_management = Management
governing_body_party_committee = Party committee
member_body = Body
member_term = Term
member_is_external = External director
member_is_employee_representative = Employee representative
board_on_label = Who was on the board on a given date
board_on_submit = Look up
board_on_result = { $count ->
    [one] One board member was in office on { $date }:
   *[other] { $count } board members were in office on { $date }:
}
board_on_none = No published roster shows a board member in office on { $date }.
yes = Yes

rpt_caption = Related-party transactions, { $year }
rpt_none = No related-party transaction requiring disclosure in { $year }.
rpt_counterparty = Related party
rpt_counterparty_uscc = Related party's credit code
rpt_relationship = Relationship
rpt_type = Type
rpt_amount = Amount
rpt_pricing_basis = Pricing basis
rpt_approval = Approved by
relationship_controlling_shareholder = Controlling shareholder
relationship_subsidiary = Subsidiary
relationship_fellow_subsidiary = Under common control
relationship_associate = Associate or joint venture
relationship_key_management = Controlled by key management
relationship_other = Other
transaction_type_purchase = Purchase of goods or services
transaction_type_sale = Sale of goods or services
transaction_type_service = Services
transaction_type_lease = Lease
transaction_type_financing = Lending and borrowing
transaction_type_guarantee = Guarantee
transaction_type_asset_transfer = Asset transfer
transaction_type_other = Other
pricing_basis_market = Market price
pricing_basis_government = Government-set price
pricing_basis_cost_plus = Cost plus
pricing_basis_negotiated = Negotiated
pricing_basis_other = Other

event_kind = Kind
event_description = Description
event_amount = Amount involved
event_kind_restructuring = Restructuring
event_kind_property_rights_transfer = Property rights transfer
event_kind_major_litigation = Major litigation
event_kind_personnel_change = Major personnel change
event_kind_profit_distribution = Profit distribution
event_kind_major_investment = Major investment
event_kind_other = Other major event
