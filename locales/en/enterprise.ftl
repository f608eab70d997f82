# The enterprise registry (English).

enterprises_title = Enterprises
enterprises_lead = Municipal state-owned enterprises and their subsidiaries. Filter by industry, tier and functional category; open an enterprise to see its details and group.
enterprises_count = { $count ->
    [one] 1 enterprise
   *[other] { $count } enterprises
}
enterprises_none = No enterprise matches these filters. Try widening them.
filters_title = Filters
filter_any = Any
filter_apply = Filter
filter_clear = Clear filters

field_name = Name
field_uscc = Unified social credit code
field_level = Tier
field_industry = Industry
field_function_type = Functional category
field_state_share = State share
field_status = Status

profile_facts = Key facts
profile_group = Group
profile_parent = Parent company: 
profile_is_group = A first-tier group company, supervised directly by the municipal SASAC.
profile_subsidiaries = Subsidiaries
profile_no_subsidiaries = No subsidiaries are registered.

level_1 = First tier (group)
level_2 = Second tier
level_3 = Third tier
level_4 = Fourth tier or below

function_type_commercial_competitive = Commercial, competitive (Category I)
function_type_commercial_special = Commercial, strategic or special (Category II)
function_type_public_welfare = Public welfare

status_active = Active
status_in_liquidation = In liquidation
status_merged = Merged or restructured
status_deregistered = Deregistered

industry_A = Agriculture, forestry, animal husbandry and fishery
industry_B = Mining
industry_C = Manufacturing
industry_D = Electricity, heat, gas and water supply
industry_E = Construction
industry_F = Wholesale and retail trade
industry_G = Transport, storage and post
industry_H = Accommodation and catering
industry_I = Information transmission, software and IT services
industry_J = Finance
industry_K = Real estate
industry_L = Leasing and business services
industry_M = Scientific research and technical services
industry_N = Water, environment and public facilities management
industry_O = Resident, repair and other services
industry_P = Education
industry_Q = Health and social work
industry_R = Culture, sports and entertainment
industry_S = Public administration, social security and social organisations
industry_T = International organisations
