# Site-wide messages (English).

site_name = Sunshine SOE
site_tagline = Disclosure and oversight portal for Beihai's state-owned enterprises
skip_to_content = Skip to content
nav_primary = Main navigation
nav_language = Language
nav_home = Home
nav_enterprises = Enterprises
language_zh = 中文
language_en = English
breadcrumb = You are here
pagination = Pages
page_previous = ‹ Previous
page_next = Next ›
page_of = Page { $page } of { $pages }

demo_badge = Demo
demo_banner_title = Demo data:
demo_banner_text = This page shows fictional demo enterprises, loaded to show how the portal works. They do not represent any real company.

footer_policy = Built under the Beihai Municipal Government's implementing opinion on strengthening the supervision of state-owned enterprise assets and preventing their loss (Beizhengfa [2017] No. 39).
footer_privacy = This site records no visitor's IP address or browser details, loads nothing from third parties, and works with JavaScript turned off.

home_title = Sunshine: state assets, open to everyone
home_lead = This portal publishes the finances, governance and executive pay of Beihai's municipal state-owned enterprises, takes reports of state-asset loss from anyone, and publishes how they were handled.
home_browse = Browse the enterprises
home_counts = { $enterprises } enterprises registered, { $groups } of them group companies.
home_pillars = What the portal does
home_disclose_title = Disclosure
home_disclose_text = Preservation and growth of state capital, operations and finances, corporate governance, related-party transactions, executive pay, and what inspections found and how it was rectified: one enterprise, one public record.
home_report_title = Anonymous reports
home_report_text = Anyone may criticise, suggest, report, expose, appeal or accuse on the loss of state assets: no identity needed, and a 16-digit receipt code to follow up and add material.
home_supervise_title = Closing the loop
home_supervise_text = Reports are routed to the responsible supervisory unit, handled within deadlines, referred where the rules say so and tracked until rectified; outcomes are published, and the handlers' own work is on record.
home_basis_title = Policy basis
home_basis_text = Under Beizhengfa [2017] No. 39, the municipal SASAC and every municipal SOE must disclose, lawfully, promptly and accurately, on one public platform, how state capital is run, how the enterprises operate, and what supervision found: "build sunshine SOEs".

error_go_home = Back to the home page
error_not_found_title = Page not found
error_not_found_text = The page you asked for does not exist, or the enterprise code is wrong. A unified social credit code has 18 letters and digits.
error_forbidden_title = Not allowed
error_forbidden_text = Your account may not do this, or the form has expired. Go back, reload the page and try again.
error_bad_request_title = Bad request
error_bad_request_text = This request could not be understood. Please check the link and try again.
error_method_not_allowed_title = Not supported
error_method_not_allowed_text = This page does not support that kind of request.
error_unavailable_title = Temporarily unavailable
error_unavailable_text = The database cannot be reached at the moment. Please try again shortly; you did nothing wrong.
error_internal_title = Internal error
error_internal_text = Something unexpected went wrong on the server. It has been logged. Please try again later.
