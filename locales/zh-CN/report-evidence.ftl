# Evidence attachments (src/report/evidence.rs): what the reporter is told about the
# hidden information (metadata) found in a file they uploaded. One evidence-found-* message
# per finding; arguments are plain strings (coordinates already have 5 decimals).

evidence-found-gps = 照片中有拍摄地点的 GPS 坐标（{ $latitude }, { $longitude }）。
evidence-found-camera = 文件中记有拍摄所用的相机或手机：{ $make } { $model }。
evidence-found-taken-at = 文件中记有拍摄或保存的时间：{ $date }。
evidence-found-serial = 文件中有相机、镜头或照片的序列号（{ $serial }），可据此与同一设备拍摄的其他照片关联起来。
evidence-found-software = 文件中记有制作或编辑它的软件：{ $software }。
evidence-found-author = 文件中记有作者或所有者（个人或单位）：{ $author }。
evidence-found-other-exif = 文件中有相机记录的技术信息（EXIF），例如拍摄参数，有时还有一张照片的缩略图。
evidence-found-xmp = 文件中有 XMP 元数据，其中可能包含姓名、地点和编辑记录。
evidence-found-comment = 文件中有隐藏的文字备注，其中可能提到人名或地名。
evidence-found-extra-content = 除了图片本身，文件中还有其他内容，例如更多图片或一段短视频，其中可能另有隐藏信息。
evidence-found-not-cleanable = 我们无法去除这类图片中的隐藏信息，处理单位收到的将是原样文件。改为上传图片的截图，或先转换为 JPEG 格式再上传，可以避免这一问题。

# After an attachment's findings: evidence-cleaned when a cleaned copy was stored beside it;
# evidence-not-cleaned when there are findings but no cleaned copy, unless one of them is
# evidence-found-not-cleanable, which already says so.
evidence-cleaned = 我们已另存一份去除了这些隐藏信息的副本；原件仍作为证据加密保存。
evidence-not-cleaned = 我们无法去除这类文件中的这些信息，处理单位收到的将是原样文件。如需避免，请在上传前用制作该文件的程序清除这些信息（例如 Word 或 WPS 的“文档检查”功能）。
