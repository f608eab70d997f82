// @generated automatically by Diesel CLI.

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
