# Evidence attachments (src/report/evidence.rs): what the reporter is told about the
# hidden information (metadata) found in a file they uploaded. One evidence-found-* message
# per finding; arguments are plain strings (coordinates already have 5 decimals).

evidence-found-gps = The photo records where it was taken: the GPS position { $latitude }, { $longitude }.
evidence-found-camera = The file names the camera or phone that made it: { $make } { $model }.
evidence-found-taken-at = The file records when it was taken or saved: { $date }.
evidence-found-serial = The file contains a serial number of the camera, lens or picture ({ $serial }), which can link it to other photos from the same device.
evidence-found-software = The file names the program that made or edited it: { $software }.
evidence-found-author = The file names a person or organisation as its author or owner: { $author }.
evidence-found-other-exif = The file contains technical details from the camera (EXIF data), such as its settings and sometimes a small preview of the picture.
evidence-found-xmp = The file contains an XMP metadata block, which can hold names, places and the history of its edits.
evidence-found-comment = The file contains hidden text notes, which may mention people or places.
evidence-found-extra-content = Besides the picture itself, the file holds more content, such as further images or a short video, which may carry information of their own.
evidence-found-not-cleanable = We cannot remove hidden information from this kind of image, so it reaches the unit handling your report as it is. A screenshot of the image, or a copy converted to JPEG, avoids this.

# After an attachment's findings: evidence-cleaned when a cleaned copy was stored beside it;
# evidence-not-cleaned when there are findings but no cleaned copy, unless one of them is
# evidence-found-not-cleanable, which already says so.
evidence-cleaned = We have saved a copy without this hidden information; the original is kept, encrypted, as evidence.
evidence-not-cleaned = We cannot remove this information from this kind of file, so it reaches the unit handling your report as it is. To avoid this, remove it before uploading, in the program that made the file (in Word: File › Info › Inspect Document).
