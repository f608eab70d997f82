# Protecting yourself before you report, /report/safety (English): linked before the report form.

safety_title = Reporting anonymously: how to protect yourself
safety_lead = This portal never asks who you are, and it is built to keep no trace that could lead back to you. Some risks, though, come from the device and network you use and from what you write, and no website can remove those for you. This page explains what the portal does for you, and what you can do yourself.
safety_lead_calm = You do not need to follow every point below: each one you do follow makes you safer. Most take only a few minutes.

safety_short_title = The three things that matter most
safety_short_device = Do not report from a work computer, a work phone or your employer's network.
safety_short_code = Write your receipt code down on paper and keep it safe.
safety_short_content = Describe the problem clearly, but think about which details could tell others it was you.

safety_portal_title = What the portal does for you
safety_portal_no_ip = It does not record your IP address or your browser's identification (User-Agent): neither in the database nor in any server log.
safety_portal_date_only = A report keeps only the date it was submitted, not the time of day.
safety_portal_no_cookies = It sets no tracking cookies.
safety_portal_no_external = It loads nothing from other sites (no outside fonts, scripts, analytics or ads), so no other site learns that you visited this one.
safety_portal_no_js = Everything works with JavaScript turned off, submitting a report included.
safety_portal_encrypted = What you write, your attachments and any later messages are encrypted before they are stored. Only the supervisory unit handling your report can read them, and you, with your receipt code. No other staff can read them, and neither can anyone holding a copy of the database.
safety_portal_receipt = After you submit, you get a receipt code: the only way back to your report. It is not stored in readable form, so staff cannot see it. If you lose it, it cannot be recovered or sent to you again, because we do not know who you are.

safety_device_title = Your device and network: what the portal cannot protect
safety_device_intro = The portal cannot see your computer, phone or network, but your employer, your network provider or people who share your device may be able to.
safety_device_tor = If you can, use Tor Browser, with its security level set to "Safest". Tor Browser hides your network address and forgets your browsing when you close it, and this portal works fully at the "Safest" level.
safety_device_tor_link = Tor Browser's official site (torproject.org)
safety_device_tor_unavailable = If you cannot use Tor Browser, the points below matter all the more.
safety_device_not_work = Do not report from a work computer, a phone your employer gave you or your employer's network (its Wi-Fi included), and do not read this page on them either. Work devices may run monitoring software, and the company's proxy and firewall logs may record which sites you visited.
safety_device_not_shared = Do not use a device that family members, colleagues or anyone else can also use.
safety_device_network = Consider a public network away from your workplace. Note that many public Wi-Fi networks ask for a phone number to log in, which links that connection to your number.
safety_device_private = Use a private (incognito) window in your browser, and close it when you are done. A normal window keeps the pages you visited in its history and what you typed in its autofill, where someone opening the browser later may see them.

safety_content_title = What you write can identify you too
safety_content_intro = Even when you are anonymous on a technical level, what a report says can point to who wrote it. Before you submit, read it again and ask yourself:
safety_content_details = Does it mention details only a few people know, such as a document only you handled, or what was said at a meeting only a handful of people attended?
safety_content_timing = Could the timing give you away? A report sent right after a meeting may lead people to look among those who were there. The portal keeps only the date, but a date alone can sometimes be enough.
safety_content_style = Does it sound like you? Favourite phrases, the way you refer to people, habitual typos and punctuation can all be recognised by people who know you.
safety_content_essential = What is essential for checking it? Say what the problem is, which enterprise is involved, roughly when and how much, and where it can be verified; other details that could point to you may be left out.
safety_content_colleagues = Do not tell colleagues or anyone else that you reported, and do not ask around or talk about it at work: follow the progress with your receipt code.

safety_files_title = Hidden information in files
safety_files_intro = Besides what you can see, photos and documents often carry information you cannot see (metadata) that can point to you or your device:
safety_files_photos = Photos: the GPS position where they were taken, the phone or camera model, and the time (EXIF data).
safety_files_documents = Office documents (Word, Excel, WPS and the like) and PDFs: author names, company names, edit history, comments and tracked changes, and sometimes text that was deleted but is still in the file.
safety_files_prints = Scans or photos of printouts: many colour printers add tiny yellow dots, hard to see with the naked eye, that can identify the printer and when the page was printed.
safety_files_what_we_do = For JPEG, PNG and WebP photos, the portal removes the metadata itself and tells you what it found. The original file is kept, encrypted, as evidence, and only the supervisory unit handling your report can see it.
safety_files_original = If even the handling unit should not see where a photo was taken, remove that information before you upload it, for example by uploading a screenshot of the photo instead.
safety_files_documents_not_cleaned = The portal cannot clean metadata out of documents. Before you upload one, consider:
safety_files_alt_pdf = Exporting it to PDF on a clean computer that has nothing to do with you, then checking the file's properties for an author or company name.
safety_files_alt_screenshot = Taking screenshots of only the pages or passages that matter, and uploading those.
safety_files_alt_describe = Not uploading it at all, but describing it in your report: its title, date, reference number and where it is kept, so that the investigators can obtain it themselves.
safety_files_access = Also think about who could have the file: if only a few people have access to a document, handing it in can by itself point to you.

safety_contact_title = Contact details
safety_contact_optional = Whether you leave contact details is entirely up to you. A name, a phone number or an email address each make you less anonymous. Without any of them you can still follow your report and answer the handlers' questions with your receipt code.
safety_contact_email = If you want the handlers to be able to contact you, create an email address just for this, use it for nothing else, and give it a name that says nothing about who you are.

safety_receipt_title = Keeping your receipt code
safety_receipt_intro = Look after the code as you would a key:
safety_receipt_paper = Write it down on paper and keep it where only you can get to it.
safety_receipt_not_device = Do not save it on a work device, and do not take a photo of it: photos are often synced to cloud albums automatically, and are easily seen by others.
safety_receipt_anyone = Anyone who has the code can read the report and every message between you and the handlers.

safety_law_title = How the law protects you
safety_law_text = Chinese law and the rules of discipline inspection and supervision require that a reporter's identity be kept strictly confidential, and prohibit retaliation against anyone who reports.
safety_law_retaliation = If you suffer retaliation for reporting, you can report that too. Staying anonymous is the first line of defence; the law is the second.

safety_to_form = I understand: continue to the report form
safety_back_home = Back to the home page
