-- The site-wide Atom feed lists the latest versions by publication time; at national
-- scale (millions of versions) that needs an index instead of a sort of the whole table.
CREATE INDEX disclosure_versions_published_idx ON disclosure_versions (published_at DESC, id DESC);
