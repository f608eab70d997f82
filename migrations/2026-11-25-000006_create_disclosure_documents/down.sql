DROP TABLE disclosure_documents;
