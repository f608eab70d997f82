DROP TABLE executive_pay_rows;
DROP TABLE executive_pay_statements;
