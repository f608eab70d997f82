# 举报前的自我保护说明 /report/safety（简体中文）：举报表单之前链接的页面。

safety_title = 匿名举报：如何保护自己
safety_lead = 本平台不要求您提供任何身份信息，并且在设计上不留下能指向您的痕迹。但有些风险来自您使用的设备和网络，以及您写下的内容，任何网站都无法替您消除。本页说明平台为您做了什么，以及您自己可以做什么。
safety_lead_calm = 不必做到下面的每一条：多做一条，就多一分安全。大多数建议只需要几分钟。

safety_short_title = 最重要的三点
safety_short_device = 不要用单位的电脑、手机或网络举报。
safety_short_code = 把查询码抄在纸上，妥善保管。
safety_short_content = 把问题写清楚，同时想一想哪些细节会让人推断出是您。

safety_portal_title = 平台为您做了什么
safety_portal_no_ip = 不记录您的 IP 地址，也不记录浏览器标识（User-Agent）：数据库和服务器日志中都没有。
safety_portal_date_only = 举报只保存提交的日期，不保存具体时间。
safety_portal_no_cookies = 不设置任何跟踪 Cookie。
safety_portal_no_external = 不从其他网站加载任何内容（没有外部字体、脚本、统计或广告），因此其他网站不会得知您访问过本平台。
safety_portal_no_js = 关闭 JavaScript 也能使用全部功能，包括提交举报。
safety_portal_encrypted = 举报内容、附件和后续往来消息在存储之前即已加密，只有负责办理该举报的监督单位和持有查询码的您本人能够阅读。其他工作人员无法阅读，拿到数据库副本的人也无法阅读。
safety_portal_receipt = 提交后您会得到一个查询码，这是您回到这份举报的唯一途径。查询码不以可读的形式保存，工作人员看不到；遗失后无法找回，平台也无法补发，因为我们不知道您是谁。

safety_device_title = 设备与网络：平台保护不到的地方
safety_device_intro = 平台看不到您的电脑、手机和网络，但您的单位、网络运营商或与您共用设备的人可能看得到。
safety_device_tor = 如有条件，请使用 Tor 浏览器，并在其设置中把安全级别调为“最安全”。Tor 浏览器会隐藏您的网络地址，关闭后不保留浏览记录；本平台在“最安全”级别下可以完整使用。
safety_device_tor_link = Tor 浏览器官方网站（torproject.org）
safety_device_tor_unavailable = 如果无法使用 Tor 浏览器，下面几条就更加重要。
safety_device_not_work = 不要用单位的电脑、单位配发的手机或单位网络（包括单位 Wi-Fi）举报，也不要用它们浏览本页。单位设备上可能装有监控软件，单位网络的代理和防火墙日志可能记录您访问过哪些网站。
safety_device_not_shared = 不要使用家人、同事或其他人也能使用的设备。
safety_device_network = 可以考虑使用远离单位的公共网络。请注意，许多公共 Wi-Fi 需要用手机号验证登录，这会把这次上网与您的号码联系起来。
safety_device_private = 使用浏览器的无痕（隐私）窗口，用完即关闭。普通窗口会在浏览记录和自动填充中记住您访问过的页面和输入过的内容，别人日后打开浏览器就可能看到。

safety_content_title = 您写下的内容也可能暴露您
safety_content_intro = 即使在技术上完全匿名，举报内容本身也可能让人推断出举报人是谁。提交前请重读一遍，问问自己：
safety_content_details = 是否写了只有少数人知道的细节，例如只有您经手的文件，或者只有几个人参加的会议上说过的话？
safety_content_timing = 提交的时间是否会让人联想到某件事？会议刚结束就提交，可能让人到参会者中去找。平台只保存日期，但一个日期有时也足以说明问题。
safety_content_style = 写法像不像您？习惯用语、对人的特有称呼、常犯的错别字和标点习惯，都可能被熟悉您的人认出来。
safety_content_essential = 哪些内容是核查所必需的？写清楚问题是什么、涉及哪家企业、大致的时间和金额、在哪里可以查证；其他可能指向您的细节，可以视情况省略。
safety_content_colleagues = 不要告诉同事或其他人您举报了，也不要在单位里打听或议论此事；办理进展请凭查询码查看。

safety_files_title = 文件中隐藏的信息
safety_files_intro = 照片和文档除了能看到的内容，往往还带有看不到的信息（元数据），可能指向您或您的设备：
safety_files_photos = 照片：拍摄地点的 GPS 坐标、手机或相机的型号、拍摄时间（EXIF 信息）。
safety_files_documents = Word、Excel、WPS 等办公文档和 PDF：作者姓名、单位名称、修改历史、批注和修订记录，有时还有已经删除却仍留在文件里的文字。
safety_files_prints = 打印件的扫描件或照片：许多彩色打印机会在纸上印出肉眼难以看见的微小黄点，可以据此识别打印机和打印时间。
safety_files_what_we_do = 对 JPEG、PNG 和 WebP 格式的照片，平台会自动删除其中的元数据，并告诉您发现了哪些信息。原始文件作为证据加密保存，只有办理该举报的监督单位能够查看。
safety_files_original = 如果连办理单位也不应看到拍摄地点等信息，请在上传前自行处理，例如改为上传照片的截图。
safety_files_documents_not_cleaned = 平台无法清除文档中的元数据。上传文档之前，可以考虑以下做法：
safety_files_alt_pdf = 在一台干净的、与您无关的电脑上把文档另存为 PDF，再检查文件属性中是否有作者或单位名称。
safety_files_alt_screenshot = 只截取需要的页面或段落，上传截图。
safety_files_alt_describe = 不上传文件，而是在举报中描述它：文件名称、日期、文号和存放位置，以便核查人员自行调取。
safety_files_access = 还要想一想谁能拿到这份文件：如果只有少数人能接触到，提交文件本身就可能让人推断出是您。

safety_contact_title = 联系方式
safety_contact_optional = 是否留下联系方式，完全由您决定。姓名、电话、邮箱，任何一项都会降低您的匿名程度；不留联系方式，您同样可以凭查询码查看进展、回答办理人员的问题。
safety_contact_email = 如果希望办理人员能主动联系您，可以专门为此注册一个新邮箱，不用于其他任何用途，邮箱名称也不要透露您的身份。

safety_receipt_title = 保管好查询码
safety_receipt_intro = 请像保管钥匙一样保管查询码：
safety_receipt_paper = 把查询码抄在纸上，放在只有您能拿到的地方。
safety_receipt_not_device = 不要把它存在单位的设备上，也不要拍照：照片常常会自动同步到云相册，也容易被别人看到。
safety_receipt_anyone = 任何人拿到查询码，都能看到这份举报以及您与办理人员之间的全部往来消息。

safety_law_title = 法律对举报人的保护
safety_law_text = 我国法律法规和纪检监察工作的有关规定，都要求对举报人的信息严格保密，严禁对举报人打击报复。
safety_law_retaliation = 如果您因举报而受到打击报复，可以就此另行举报。保持匿名是第一道防线，法律保护是第二道。

safety_to_form = 我已了解，前往举报
safety_back_home = 返回首页
