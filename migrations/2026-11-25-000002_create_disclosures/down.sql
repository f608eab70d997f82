DROP TABLE state_capital_factors;
DROP TABLE state_capital_statements;
DROP TABLE financial_statements;
DROP TABLE disclosure_versions;
DROP TABLE disclosures;
DROP FUNCTION forbid_changing_published();
