-- The registry of state-owned enterprises. An enterprise is identified by its
-- 统一社会信用代码 (USCC), which never changes over its life, so it is the primary key.

CREATE TABLE enterprises (
    -- 18 characters from the GB 32100 alphabet (no I, O, S, V, Z); the application also
    -- checks the check character, which a regular expression cannot.
    uscc          text PRIMARY KEY
                  CHECK (uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$'),
    name_zh       text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en       text CHECK (length(name_en) BETWEEN 1 AND 300),
    -- The group company directly above; NULL for a top-level group.
    parent_uscc   text REFERENCES enterprises (uscc) ON DELETE RESTRICT
                  CHECK (parent_uscc <> uscc),
    -- 1 = group company supervised directly by the SASAC, 2 = its subsidiary, and so on.
    level         smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    -- Section letter of GB/T 4754-2017 (国民经济行业分类).
    industry      text NOT NULL CHECK (industry ~ '^[A-T]$'),
    -- 商业一类 / 商业二类 / 公益类 (functional classification of SOEs).
    function_type text NOT NULL
                  CHECK (function_type IN ('commercial_competitive', 'commercial_special', 'public_welfare')),
    -- Percentage of equity held by the state, exact to 0.01.
    state_share   numeric(5, 2) NOT NULL CHECK (state_share BETWEEN 0 AND 100),
    status        text NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'in_liquidation', 'merged', 'deregistered')),
    -- Fictional records loaded by `sunshine seed-demo`; every page marks them.
    is_demo       boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every foreign key is indexed: the profile page lists subsidiaries by parent.
CREATE INDEX enterprises_parent_uscc_idx ON enterprises (parent_uscc);
-- The listing's default order and its filters.
CREATE INDEX enterprises_listing_idx ON enterprises (level, name_zh, uscc);
CREATE INDEX enterprises_industry_idx ON enterprises (industry, level, name_zh);
CREATE INDEX enterprises_function_type_idx ON enterprises (function_type, level, name_zh);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER enterprises_touch_updated_at
    BEFORE UPDATE ON enterprises
    FOR EACH ROW
    WHEN (OLD IS DISTINCT FROM NEW)
    EXECUTE FUNCTION touch_updated_at();
