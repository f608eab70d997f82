// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    audit_log (seq) {
        seq -> Int8,
        at -> Timestamptz,
        actor_id -> Nullable<Int8>,
        actor -> Text,
        action -> Text,
        target -> Text,
        detail -> Text,
        nonce -> Bytea,
        prev_hash -> Bytea,
        hash -> Bytea,
    }
}

diesel::table! {
    case_notes (id) {
        id -> Int8,
        report_id -> Int8,
        staff_id -> Int8,
        written_at -> Timestamptz,
        body -> Bytea,
    }
}

diesel::table! {
    case_outcomes (id) {
        id -> Int8,
        report_id -> Int8,
        enterprise_uscc -> Nullable<Text>,
        summary_zh -> Text,
        summary_en -> Text,
        published_on -> Date,
        published_by -> Int8,
    }
}

diesel::table! {
    case_rectification_updates (id) {
        id -> Int8,
        item_id -> Int8,
        status -> Text,
        note -> Text,
        changed_on -> Date,
        staff_id -> Int8,
    }
}

diesel::table! {
    case_rectifications (id) {
        id -> Int8,
        report_id -> Int8,
        enterprise_uscc -> Nullable<Text>,
        description -> Text,
        department -> Text,
        due_on -> Date,
        status -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    case_referrals (report_id) {
        report_id -> Int8,
        body -> Text,
        body_name -> Text,
        sent_on -> Date,
        what_sent -> Nullable<Bytea>,
        referred_by -> Int8,
    }
}

diesel::table! {
    deadline_notices (report_id, deadline, notice, due_on) {
        report_id -> Int8,
        deadline -> Text,
        notice -> Text,
        due_on -> Date,
    }
}

diesel::table! {
    disclosure_documents (id) {
        id -> Int8,
        version_id -> Int8,
        file_name -> Text,
        media_type -> Text,
        byte_size -> Int4,
        sha256 -> Text,
        content -> Bytea,
    }
}

diesel::table! {
    disclosure_drafts (id) {
        id -> Int8,
        kind -> Text,
        section -> Nullable<Text>,
        enterprise_uscc -> Nullable<Text>,
        disclosure_id -> Nullable<Int8>,
        file_name -> Nullable<Text>,
        file_bytes -> Nullable<Bytea>,
        reason -> Nullable<Text>,
        state -> Text,
        authors -> Array<Nullable<Int8>>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        submitted_at -> Nullable<Timestamptz>,
        reviewed_by -> Nullable<Int8>,
        reviewed_at -> Nullable<Timestamptz>,
        review_note -> Nullable<Text>,
    }
}

diesel::table! {
    disclosure_versions (id) {
        id -> Int8,
        disclosure_id -> Int8,
        version -> Int4,
        kind -> Text,
        reason -> Nullable<Text>,
        source -> Text,
        as_of -> Date,
        published_at -> Timestamptz,
    }
}

diesel::table! {
    disclosures (id) {
        id -> Int8,
        enterprise_uscc -> Text,
        section -> Text,
        period_year -> Int2,
        period_quarter -> Nullable<Int2>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    enterprises (uscc) {
        uscc -> Text,
        name_zh -> Text,
        name_en -> Nullable<Text>,
        parent_uscc -> Nullable<Text>,
        level -> Int2,
        industry -> Text,
        function_type -> Text,
        state_share -> Numeric,
        status -> Text,
        is_demo -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    executive_pay_rows (version_id, position) {
        version_id -> Int8,
        position -> Int2,
        name -> Text,
        title -> Text,
        term_start -> Date,
        term_end -> Nullable<Date>,
        annual_salary_payable -> Numeric,
        base_salary -> Nullable<Numeric>,
        performance_pay -> Nullable<Numeric>,
        term_incentive -> Nullable<Numeric>,
        employer_contributions -> Numeric,
        other_monetary_income -> Numeric,
        pretax_total -> Numeric,
        paid_by_related_party -> Bool,
        related_party_amount -> Nullable<Numeric>,
    }
}

diesel::table! {
    executive_pay_statements (version_id) {
        version_id -> Int8,
        unit -> Text,
        average_employee_pay -> Nullable<Numeric>,
    }
}

diesel::table! {
    financial_statements (version_id) {
        version_id -> Int8,
        unit -> Text,
        total_assets -> Numeric,
        total_liabilities -> Numeric,
        current_liabilities -> Nullable<Numeric>,
        owners_equity -> Numeric,
        state_owned_equity -> Nullable<Numeric>,
        revenue -> Numeric,
        total_profit -> Numeric,
        net_profit -> Numeric,
        operating_cash_flow -> Nullable<Numeric>,
        interest_bearing_debt -> Nullable<Numeric>,
        audited -> Bool,
        auditor -> Nullable<Text>,
        audit_opinion -> Nullable<Text>,
    }
}

diesel::table! {
    governance_members (version_id, position) {
        version_id -> Int8,
        position -> Int2,
        body -> Text,
        name -> Text,
        title -> Text,
        is_external -> Bool,
        is_employee_representative -> Bool,
        term_start -> Date,
        term_end -> Nullable<Date>,
    }
}

diesel::table! {
    inspection_findings (version_id, position) {
        version_id -> Int8,
        position -> Int2,
        body -> Text,
        inspected_on -> Date,
        category -> Text,
        description -> Text,
        amount_involved -> Nullable<Numeric>,
        severity -> Text,
    }
}

diesel::table! {
    inspection_reports (version_id) {
        version_id -> Int8,
        unit -> Text,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Int8,
        staff_id -> Int8,
        kind -> Text,
        reference -> Text,
        digest -> Bool,
        queued_on -> Date,
        retry_after -> Nullable<Timestamptz>,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        sent_on -> Nullable<Date>,
    }
}

diesel::table! {
    major_events (version_id, position) {
        version_id -> Int8,
        position -> Int2,
        occurred_on -> Date,
        kind -> Text,
        description -> Text,
        unit -> Nullable<Text>,
        amount -> Nullable<Numeric>,
    }
}

diesel::table! {
    rectification_items (version_id, code) {
        version_id -> Int8,
        code -> Text,
        finding_position -> Int2,
        measure -> Text,
        responsible_department -> Text,
        due_date -> Date,
    }
}

diesel::table! {
    rectification_updates (id) {
        id -> Int8,
        disclosure_id -> Int8,
        item_code -> Text,
        status -> Text,
        effective_on -> Date,
        note -> Nullable<Text>,
        published_at -> Timestamptz,
    }
}

diesel::table! {
    related_party_transactions (version_id, position) {
        version_id -> Int8,
        position -> Int2,
        counterparty -> Text,
        counterparty_uscc -> Nullable<Text>,
        relationship -> Text,
        transaction_type -> Text,
        unit -> Text,
        amount -> Numeric,
        pricing_basis -> Text,
        approval -> Text,
    }
}

diesel::table! {
    report_attachments (id) {
        id -> Int8,
        report_id -> Int8,
        message_id -> Nullable<Int8>,
        cleaned_from -> Nullable<Int8>,
        about -> Bytea,
        content -> Bytea,
    }
}

diesel::table! {
    report_changes (id) {
        id -> Bool,
        n -> Int8,
    }
}

diesel::table! {
    report_keyring (id) {
        id -> Bool,
        receipt_salt -> Bytea,
        recovery_public_key -> Nullable<Bytea>,
        recovery_created_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    report_links (report_id, linked_to) {
        report_id -> Int8,
        linked_to -> Int8,
        linked_by -> Int8,
        linked_at -> Timestamptz,
    }
}

diesel::table! {
    report_messages (id) {
        id -> Int8,
        report_id -> Int8,
        author -> Text,
        staff_id -> Nullable<Int8>,
        sent_on -> Date,
        body -> Bytea,
    }
}

diesel::table! {
    reports (id) {
        id -> Int8,
        reference -> Text,
        receipt_lookup -> Bytea,
        kind -> Text,
        enterprise_uscc -> Nullable<Text>,
        unit_code -> Text,
        state -> Text,
        received_on -> Date,
        unit_key_id -> Int8,
        data_key_for_unit -> Nullable<Bytea>,
        data_key_for_reporter -> Nullable<Bytea>,
        content -> Nullable<Bytea>,
        finding -> Nullable<Text>,
        assignee_id -> Nullable<Int8>,
        labels -> Array<Nullable<Text>>,
        acknowledge_by -> Date,
        conclude_by -> Nullable<Date>,
        acknowledged_on -> Nullable<Date>,
        concluded_on -> Nullable<Date>,
        due_on -> Nullable<Date>,
        purged_on -> Nullable<Date>,
    }
}

diesel::table! {
    routing_defaults (id) {
        id -> Bool,
        seeded_at -> Timestamptz,
    }
}

diesel::table! {
    routing_rules (id) {
        id -> Int8,
        position -> Int4,
        kind -> Nullable<Text>,
        enterprise_uscc -> Nullable<Text>,
        keywords -> Array<Nullable<Text>>,
        unit_code -> Text,
        note -> Text,
        active -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    search_disclosures (disclosure_id) {
        disclosure_id -> Int8,
        version_id -> Int8,
        enterprise_uscc -> Text,
        section -> Text,
        period_year -> Int2,
        period_quarter -> Nullable<Int2>,
        red_flagged -> Bool,
        body -> Text,
        tokens -> Tsvector,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    search_enterprises (uscc) {
        uscc -> Text,
        level -> Int2,
        name_key_zh -> Text,
        name_key_en -> Nullable<Text>,
        red_flagged -> Bool,
        tokens -> Tsvector,
    }
}

diesel::table! {
    staff (id) {
        id -> Int8,
        email -> Text,
        display_name -> Text,
        role -> Text,
        unit_code -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        setup_token_hash -> Nullable<Bytea>,
        setup_expires_at -> Nullable<Timestamptz>,
        totp_secret -> Nullable<Bytea>,
        totp_enrolled_at -> Nullable<Timestamptz>,
        totp_pending_secret -> Nullable<Bytea>,
        totp_last_step -> Nullable<Int8>,
        disabled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        public_key -> Nullable<Bytea>,
        private_key_sealed -> Nullable<Bytea>,
        key_salt -> Nullable<Bytea>,
        mail_digest -> Bool,
    }
}

diesel::table! {
    staff_recovery_codes (staff_id, code_hash) {
        staff_id -> Int8,
        code_hash -> Bytea,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    staff_recusals (staff_id, enterprise_uscc) {
        staff_id -> Int8,
        enterprise_uscc -> Text,
        reason -> Text,
        declared_at -> Timestamptz,
    }
}

diesel::table! {
    staff_sessions (id_hash) {
        id_hash -> Bytea,
        staff_id -> Int8,
        stage -> Text,
        csrf_token -> Text,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        sealed_staff_key -> Nullable<Bytea>,
    }
}

diesel::table! {
    state_capital_factors (version_id, factor) {
        version_id -> Int8,
        factor -> Text,
        amount -> Numeric,
    }
}

diesel::table! {
    state_capital_statements (version_id) {
        version_id -> Int8,
        unit -> Text,
        opening_state_capital -> Numeric,
        closing_state_capital -> Numeric,
    }
}

diesel::table! {
    unit_key_grants (unit_key_id, staff_id) {
        unit_key_id -> Int8,
        staff_id -> Int8,
        sealed_private_key -> Bytea,
        granted_by -> Nullable<Int8>,
        granted_at -> Timestamptz,
    }
}

diesel::table! {
    unit_keys (id) {
        id -> Int8,
        unit_code -> Text,
        public_key -> Bytea,
        private_key_for_recovery -> Bytea,
        created_at -> Timestamptz,
        retired_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    units (code) {
        code -> Text,
        name_zh -> Text,
        name_en -> Text,
        active -> Bool,
    }
}

diesel::joinable!(audit_log -> staff (actor_id));
diesel::joinable!(case_notes -> reports (report_id));
diesel::joinable!(case_notes -> staff (staff_id));
diesel::joinable!(case_outcomes -> enterprises (enterprise_uscc));
diesel::joinable!(case_outcomes -> reports (report_id));
diesel::joinable!(case_outcomes -> staff (published_by));
diesel::joinable!(case_rectification_updates -> case_rectifications (item_id));
diesel::joinable!(case_rectification_updates -> staff (staff_id));
diesel::joinable!(case_rectifications -> enterprises (enterprise_uscc));
diesel::joinable!(case_rectifications -> reports (report_id));
diesel::joinable!(case_referrals -> reports (report_id));
diesel::joinable!(case_referrals -> staff (referred_by));
diesel::joinable!(deadline_notices -> reports (report_id));
diesel::joinable!(disclosure_documents -> disclosure_versions (version_id));
diesel::joinable!(disclosure_drafts -> disclosures (disclosure_id));
diesel::joinable!(disclosure_drafts -> enterprises (enterprise_uscc));
diesel::joinable!(disclosure_drafts -> staff (reviewed_by));
diesel::joinable!(disclosure_versions -> disclosures (disclosure_id));
diesel::joinable!(disclosures -> enterprises (enterprise_uscc));
diesel::joinable!(executive_pay_rows -> executive_pay_statements (version_id));
diesel::joinable!(executive_pay_statements -> disclosure_versions (version_id));
diesel::joinable!(financial_statements -> disclosure_versions (version_id));
diesel::joinable!(governance_members -> disclosure_versions (version_id));
diesel::joinable!(inspection_findings -> inspection_reports (version_id));
diesel::joinable!(inspection_reports -> disclosure_versions (version_id));
diesel::joinable!(mail_outbox -> staff (staff_id));
diesel::joinable!(major_events -> disclosure_versions (version_id));
diesel::joinable!(rectification_updates -> disclosures (disclosure_id));
diesel::joinable!(related_party_transactions -> disclosure_versions (version_id));
diesel::joinable!(report_attachments -> report_messages (message_id));
diesel::joinable!(report_attachments -> reports (report_id));
diesel::joinable!(report_links -> staff (linked_by));
diesel::joinable!(report_messages -> reports (report_id));
diesel::joinable!(report_messages -> staff (staff_id));
diesel::joinable!(reports -> enterprises (enterprise_uscc));
diesel::joinable!(reports -> staff (assignee_id));
diesel::joinable!(reports -> unit_keys (unit_key_id));
diesel::joinable!(reports -> units (unit_code));
diesel::joinable!(routing_rules -> enterprises (enterprise_uscc));
diesel::joinable!(routing_rules -> units (unit_code));
diesel::joinable!(search_disclosures -> disclosure_versions (version_id));
diesel::joinable!(search_disclosures -> disclosures (disclosure_id));
diesel::joinable!(search_disclosures -> enterprises (enterprise_uscc));
diesel::joinable!(search_enterprises -> enterprises (uscc));
diesel::joinable!(staff -> units (unit_code));
diesel::joinable!(staff_recovery_codes -> staff (staff_id));
diesel::joinable!(staff_recusals -> enterprises (enterprise_uscc));
diesel::joinable!(staff_recusals -> staff (staff_id));
diesel::joinable!(staff_sessions -> staff (staff_id));
diesel::joinable!(state_capital_factors -> state_capital_statements (version_id));
diesel::joinable!(state_capital_statements -> disclosure_versions (version_id));
diesel::joinable!(unit_key_grants -> unit_keys (unit_key_id));
diesel::joinable!(unit_keys -> units (unit_code));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    case_notes,
    case_outcomes,
    case_rectification_updates,
    case_rectifications,
    case_referrals,
    deadline_notices,
    disclosure_documents,
    disclosure_drafts,
    disclosure_versions,
    disclosures,
    enterprises,
    executive_pay_rows,
    executive_pay_statements,
    financial_statements,
    governance_members,
    inspection_findings,
    inspection_reports,
    mail_outbox,
    major_events,
    rectification_items,
    rectification_updates,
    related_party_transactions,
    report_attachments,
    report_changes,
    report_keyring,
    report_links,
    report_messages,
    reports,
    routing_defaults,
    routing_rules,
    search_disclosures,
    search_enterprises,
    staff,
    staff_recovery_codes,
    staff_recusals,
    staff_sessions,
    state_capital_factors,
    state_capital_statements,
    unit_key_grants,
    unit_keys,
    units,
);
