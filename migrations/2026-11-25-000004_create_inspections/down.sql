DROP TABLE rectification_updates;
DROP TABLE rectification_items;
DROP TABLE inspection_findings;
DROP TABLE inspection_reports;
