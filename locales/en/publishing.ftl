# The publishing workflow on the admin site (src/publishing, templates/publishing).

## The public page as a preview
preview_banner = Preview — not public
preview_banner_text = This is how the page will look once the draft is approved. Nothing here is published.
preview_back = Back to the draft

## Vocabulary
draft_kind_entry = Entry form
draft_kind_upload = Uploaded file
draft_kind_withdrawal = Withdrawal
draft_state_draft = Draft
draft_state_submitted = Awaiting review
draft_state_published = Published
draft_state_returned = Returned
draft_state_discarded = Discarded
effect_published = New disclosure
effect_amended = Amendment (new version)
effect_unchanged = Unchanged
effect_statuses_recorded = Rectification statuses recorded
entry_quarter_1 = Q1
entry_quarter_2 = Q2
entry_quarter_3 = Q3
entry_quarter_4 = Q4
entry_flag_true = Yes
entry_flag_false = No

## Lists
publishing_new = New draft
publishing_upload = Upload a file
publishing_find = Find
publishing_find_label = Amend or withdraw a published disclosure — enterprise code (USCC):
publishing_find_title = Published disclosures
publishing_no_enterprise = No registered enterprise has this code.
publishing_to_review = Awaiting my review
publishing_mine = My drafts
publishing_others = Colleagues' drafts in progress
publishing_recent = Recently published or returned
publishing_none = None.
publishing_draft = Draft
publishing_draft_n = Draft #{ $id }
publishing_kind = Kind
publishing_what = What
publishing_state = State
publishing_authors = Authors
publishing_updated = Last changed
publishing_of_disclosure = disclosure { $id }
publishing_choose_section = Which section is the disclosure?
publishing_or_upload = Figures already in a spreadsheet?

## The entry form
publishing_new_heading = New draft
publishing_edit_heading = Edit draft
publishing_amend_heading = Amend
publishing_entry_hint = Fields marked * are required. Amounts are exact, with at most two decimals (no rounding). Nothing is public until another publisher approves the draft.
publishing_amend_hint = The form holds the figures now published: correct what is wrong and give the reason for the correction. The earlier version stays public with the reason.
publishing_reason_hint = Only when correcting a disclosure that is already published; leave it empty for a first publication.
publishing_disclosure_fields = The disclosure
publishing_table_rows = Rows of the table
publishing_save = Save draft
publishing_add_rows = Add { $count } rows
publishing_cancel = Cancel
publishing_back = Back

## Uploads
publishing_upload_hint = A CSV (UTF-8) or XLSX file in the import format (docs/import-format.md), at most { $mib } MiB. A file with problems is refused whole with a report; nothing is stored.
publishing_file = File
publishing_upload_button = Upload and check
publishing_replace_file = New file for draft #{ $id }
publishing_upload_rejected = The file was not accepted. Fix what is listed and upload it again.
publishing_upload_missing = Choose a file to upload.
publishing_upload_too_large = The file is larger than { $mib } MiB. Split it into several files.
publishing_upload_unreadable = The upload could not be read. Try again.
publishing_issue_count = { $count ->
    [one] 1 problem
   *[other] { $count } problems
}
publishing_report_caption = Problems found
publishing_report_file = File
publishing_report_row = Row
publishing_report_column = Column
publishing_report_reason = Problem

## A draft
publishing_enterprise = Enterprise
publishing_target = Disclosure
publishing_submitted_at = Submitted
publishing_reviewer = Reviewed by
publishing_you_are_author = (including you)
publishing_returned_note = Returned:
publishing_last_note = Last review note:
publishing_published_to = Published as
publishing_would_do = What approving it would do
publishing_effect = Effect
publishing_preview = Preview
publishing_preview_page = Public page
publishing_edit = Edit
publishing_submit = Submit for review
publishing_recall = Take back
publishing_discard = Discard
publishing_approve = Approve and publish
publishing_return = Return with this note
publishing_return_note = Note for the authors (required to return the draft)
publishing_four_eyes_hint = Four eyes: a publisher who is none of the authors must approve it.

## Published disclosures
publishing_public_page = Public page
publishing_amend = Amend
publishing_withdraw = Withdraw
publishing_withdrawn = Withdrawn
publishing_amend_withdraw_hint = An amendment or a withdrawal is a draft like any other: it is published when another publisher approves it, and the current version stays public with the reason.
publishing_withdraw_hint = The disclosure will show as withdrawn with this reason; its earlier versions stay public.

## Refusals
publishing_reason_required = Give the reason for the correction: it is published with the new version.
publishing_reason_too_long = The reason is too long: at most 2000 characters.
publishing_withdraw_reason_required = Give the reason for the withdrawal: it is published with it.
publishing_amend_other = An amendment corrects the disclosure it was started from: keep its enterprise and period.
publishing_nothing_changed = Nothing differs from the published version: change the figures to correct.
publishing_already_published = This disclosure is already published exactly so: there is nothing to publish.
publishing_upload_changes_nothing = Everything in this file is already published as it is: there is nothing to publish.
publishing_already_withdrawn = This disclosure is already withdrawn.
publishing_no_such_disclosure = This disclosure does not exist.
publishing_not_editable = The draft can no longer be changed (it was submitted, published or discarded meanwhile). Nothing was saved.
publishing_submit_has_problems = The draft cannot be submitted as it is: fix what is listed first.
publishing_not_allowed_now = This cannot be done to the draft in its current state, or not by you.
publishing_note_required = Write a note saying what the authors should change.
publishing_own_draft = You wrote or changed this draft, so you cannot approve it: another publisher must (four eyes).
publishing_not_submitted = This draft is not awaiting review.
publishing_approval_rejected = Nothing was published: the draft no longer fits what is published now. Return it to its authors with what is listed.
publishing_conflict = Someone changed the same disclosures at the same moment; nothing was written. Try again.
publishing_preview_rejected = The draft cannot be previewed: it no longer fits what is published now.
publishing_changed = The draft was taken back, changed or submitted again after you opened it. Review what it says now before approving.
