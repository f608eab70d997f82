//! Evidence attachments: what a file is, what identifying metadata it carries, and for
//! common photos a copy without that metadata.
//!
//! A photo straight from a phone usually records where and when it was taken and with
//! which device; documents name their authors. Any of it can lead back to a reporter, so
//! the reporter is told what was found, and JPEG, PNG and WebP images get a cleaned copy.
//!
//! The type comes from the content only: a file name or a declared type is the
//! uploader's word. Every parser here reads attacker-controlled bytes, so each one is
//! linear in the input, bounds what it allocates, and gives up quietly (no cleaned copy)
//! on a malformed file instead of failing.
//!
//! Cleaning never re-encodes: it copies the compressed image data byte for byte and drops
//! the container's metadata, so no pixel can change (only dropping an ICC profile may
//! shift the colours of a wide-gamut photo slightly, as shown). It keeps what decoding
//! needs and drops everything else, rather than dropping a list of known metadata, so that
//! a vendor's private block cannot slip through. It removes metadata, not what the
//! picture itself shows, nor the traces a camera leaves in the pixels.

use std::io::{Cursor, Read};

use img_parts::png::Png;
use img_parts::riff::RiffContent;
use img_parts::webp::{
    WebP, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_EXIF, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
    CHUNK_XMP,
};
use img_parts::{Bytes, ImageEXIF};

/// What Sunshine learned about one uploaded file from its bytes.
#[derive(Debug, Clone)]
pub struct Inspected {
    /// Media type detected from the content: "image/jpeg", "image/png", "image/webp",
    /// "image/gif", "image/heic", "image/tiff", "application/pdf",
    /// "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ...,
    /// "text/plain" for valid UTF-8 text without NUL bytes, else "application/octet-stream".
    pub media_type: &'static str,
    /// A short lowercase extension for that type ("jpg", "png", "pdf", "docx", "txt", "bin").
    pub extension: &'static str,
    /// Identifying metadata found in the original.
    pub findings: Vec<Finding>,
    /// For JPEG, PNG and WebP: a copy with the metadata removed (EXIF, XMP, ICC profile,
    /// JPEG COM and APPn segments other than JFIF, PNG tEXt/zTXt/iTXt/eXIf/tIME chunks),
    /// pixels untouched. `None` when the file is not such an image or nothing was removed.
    ///
    /// Two things are kept on purpose, as neither says anything about who took the photo:
    /// the EXIF orientation (alone in a new, minimal EXIF block), without which a phone
    /// photo shows sideways, and a JPEG's Adobe segment, without which the colours of a
    /// CMYK JPEG are decoded wrongly.
    pub cleaned: Option<Vec<u8>>,
}

/// One kind of identifying metadata.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// Where the photo was taken: decimal degrees, south and west negative.
    GpsPosition { latitude: f64, longitude: f64 },
    /// The camera or phone; either may be empty.
    Camera { make: String, model: String },
    /// EXIF DateTimeOriginal (else DateTime) as written, or a PNG's creation or
    /// modification time.
    TakenAt(String),
    /// EXIF BodySerialNumber, LensSerialNumber or ImageUniqueID.
    SerialNumber(String),
    /// The program that made or edited the file.
    Software(String),
    /// A person or organisation: EXIF Artist, Copyright or CameraOwnerName, IPTC by-line,
    /// PDF /Author, office documents' creator, last editor, company or manager.
    Author(String),
    /// EXIF present but none of the above in it.
    OtherExif,
    /// XMP packet present.
    Xmp,
    /// Free text: JPEG COM, PNG text chunks, IPTC captions, EXIF descriptions.
    Comment,
    /// More than the image itself: data after its end, such as the extra images of a
    /// multi-picture JPEG (previews, depth or gain maps, each with its own metadata), a
    /// motion photo's video, or the leftovers of an image cropped in place. The cleaned
    /// copy leaves it out.
    ExtraContent,
    /// An image format whose metadata Sunshine cannot remove (HEIC, TIFF, ...), or an
    /// image too malformed to clean: the reporter should convert or screenshot it.
    NotCleanable,
}

impl Finding {
    /// The message id for the reporter, and its arguments (strings), for a Fluent catalog.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Finding::GpsPosition {
                latitude,
                longitude,
            } => (
                "evidence-found-gps",
                vec![
                    ("latitude", format!("{latitude:.5}")),
                    ("longitude", format!("{longitude:.5}")),
                ],
            ),
            Finding::Camera { make, model } => (
                "evidence-found-camera",
                vec![("make", make.clone()), ("model", model.clone())],
            ),
            Finding::TakenAt(date) => ("evidence-found-taken-at", vec![("date", date.clone())]),
            Finding::SerialNumber(serial) => {
                ("evidence-found-serial", vec![("serial", serial.clone())])
            }
            Finding::Software(software) => (
                "evidence-found-software",
                vec![("software", software.clone())],
            ),
            Finding::Author(author) => ("evidence-found-author", vec![("author", author.clone())]),
            Finding::OtherExif => ("evidence-found-other-exif", Vec::new()),
            Finding::Xmp => ("evidence-found-xmp", Vec::new()),
            Finding::Comment => ("evidence-found-comment", Vec::new()),
            Finding::ExtraContent => ("evidence-found-extra-content", Vec::new()),
            Finding::NotCleanable => ("evidence-found-not-cleanable", Vec::new()),
        }
    }
}

/// Inspects `bytes`. Never panics, whatever the input (it is attacker-controlled):
/// malformed images give a best-effort result (type detected, no cleaned copy, maybe
/// NotCleanable).
pub fn inspect(bytes: &[u8]) -> Inspected {
    let (media_type, extension) = detect(bytes);
    let mut found = Findings::default();
    let cleaned = match media_type {
        "image/jpeg" => clean_or_flag(bytes, &mut found, clean_jpeg),
        "image/png" => clean_or_flag(bytes, &mut found, clean_png),
        "image/webp" => clean_or_flag(bytes, &mut found, clean_webp),
        "application/pdf" => {
            pdf_metadata(bytes, &mut found);
            None
        }
        _ if OOXML_KINDS.iter().any(|kind| kind.1 == media_type) => {
            office_metadata(bytes, OOXML_PARTS, &mut found);
            None
        }
        _ if ODF_KINDS.iter().any(|kind| kind.0 == media_type) => {
            office_metadata(bytes, ODF_PARTS, &mut found);
            None
        }
        _ if UNCLEANABLE_IMAGES.contains(&media_type) => {
            container_exif(bytes, &mut found);
            found.push(Finding::NotCleanable);
            None
        }
        _ => None,
    };
    Inspected {
        media_type,
        extension,
        findings: found.sorted(),
        cleaned,
    }
}

// ---------------------------------------------------------------------------------------
// Type detection

/// Images that can carry identifying metadata which this module cannot remove.
/// (GIF, BMP and ICO carry next to none, and a drawing is no photo.)
const UNCLEANABLE_IMAGES: &[&str] = &[
    "image/heic",
    "image/avif",
    "image/tiff",
    "image/x-canon-cr2",
    "image/jxl",
    "image/jp2",
    "image/vnd.ms-photo",
    "image/vnd.adobe.photoshop",
    "image/openraster",
    "image/vnd.djvu",
];

/// Office Open XML documents: the part that shows the kind, media type, extension.
const OOXML_KINDS: [(&str, &str, &str); 3] = [
    (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
];

/// OpenDocument files: media type (also the content of their `mimetype` entry), extension.
const ODF_KINDS: [(&str, &str); 3] = [
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
];

fn detect(bytes: &[u8]) -> (&'static str, &'static str) {
    if let Some(kind) = infer::get(bytes) {
        return match (kind.mime_type(), kind.extension()) {
            // infer's HEIF matcher accepts only the HEIC brands (HEVC-coded images).
            ("image/heif", _) => ("image/heic", "heic"),
            ("application/zip", _) => office_kind(bytes).unwrap_or(("application/zip", "zip")),
            (mime, "Z") => (mime, "z"),
            pair => pair,
        };
    }
    if !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        ("text/plain", "txt")
    } else {
        ("application/octet-stream", "bin")
    }
}

/// infer tells an office document from another zip file by the order of its first
/// entries, which only some programs follow; the zip's directory tells for sure.
fn office_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Some((_, media_type, extension)) = OOXML_KINDS
        .iter()
        .find(|(part, _, _)| archive.index_for_name(part).is_some())
    {
        return Some((media_type, extension));
    }
    let mut mimetype = Vec::new();
    archive
        .by_name("mimetype")
        .ok()?
        .take(100)
        .read_to_end(&mut mimetype)
        .ok()?;
    ODF_KINDS
        .iter()
        .find(|(media_type, _)| media_type.as_bytes() == mimetype.as_slice())
        .copied()
}

// ---------------------------------------------------------------------------------------
// Findings and the text they carry

/// At most this many findings that carry text: a crafted file could hold thousands of
/// text chunks, and the reporter needs only to know that there are some.
const MAX_TEXT_FINDINGS: usize = 16;

/// Texts are cut to this many characters: enough to recognise a name.
const MAX_TEXT_CHARS: usize = 100;

/// Makes a finding of a text, such as `Finding::Author`.
type Describe = fn(String) -> Finding;

/// Findings in the order found, each once.
#[derive(Default)]
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, finding: Finding) {
        if self.0.contains(&finding) {
            return;
        }
        // The other variants are few and each comes once: only these need a limit.
        let carries_text = |f: &Finding| {
            matches!(
                f,
                Finding::Camera { .. }
                    | Finding::TakenAt(_)
                    | Finding::SerialNumber(_)
                    | Finding::Software(_)
                    | Finding::Author(_)
            )
        };
        if carries_text(&finding)
            && self.0.iter().filter(|f| carries_text(f)).count() >= MAX_TEXT_FINDINGS
        {
            return;
        }
        self.0.push(finding);
    }

    /// In the order of the enum, the most telling first; in the order found within a kind.
    fn sorted(mut self) -> Vec<Finding> {
        self.0.sort_by_key(|finding| match finding {
            Finding::GpsPosition { .. } => 0,
            Finding::Camera { .. } => 1,
            Finding::TakenAt(_) => 2,
            Finding::SerialNumber(_) => 3,
            Finding::Software(_) => 4,
            Finding::Author(_) => 5,
            Finding::OtherExif => 6,
            Finding::Xmp => 7,
            Finding::Comment => 8,
            Finding::ExtraContent => 9,
            Finding::NotCleanable => 10,
        });
        self.0
    }
}

/// `raw` as one short line fit to show: control and invisible formatting characters
/// (bidirectional overrides included, which could make a name read backwards) become
/// spaces, runs of spaces one space, long texts are cut. `None` when nothing is left.
fn tidy(raw: &str) -> Option<String> {
    let mut text = String::new();
    let mut chars = 0;
    let mut pending_space = false;
    for c in raw.chars() {
        let invisible = matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        );
        if c.is_whitespace() || c.is_control() || invisible {
            pending_space = !text.is_empty();
            continue;
        }
        if chars == MAX_TEXT_CHARS {
            text.push('…');
            break;
        }
        if pending_space {
            text.push(' ');
            chars += 1;
            pending_space = false;
        }
        text.push(c);
        chars += 1;
    }
    (!text.is_empty()).then_some(text)
}

/// Bytes in an unknown 8-bit encoding (EXIF ASCII, which cameras fill with whatever the
/// owner typed): UTF-8 when they are, else Latin-1, which never fails and keeps ASCII.
fn tidy_bytes(raw: &[u8]) -> Option<String> {
    let cut = raw.len() > MAX_TEXT_CHARS * 4;
    let raw = &raw[..raw.len().min(MAX_TEXT_CHARS * 4)];
    match std::str::from_utf8(raw) {
        Ok(text) => tidy(text),
        // Valid, but cut inside a character by the limit above.
        Err(err) if cut && err.error_len().is_none() => {
            tidy(std::str::from_utf8(&raw[..err.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => tidy(&raw.iter().map(|&b| char::from(b)).collect::<String>()),
    }
}

/// UTF-16 text, as in Windows' XP* EXIF tags (little-endian) and PDF strings (big-endian).
fn tidy_utf16(raw: &[u8], big_endian: bool) -> Option<String> {
    let units: Vec<u16> = raw
        .chunks_exact(2)
        .take(MAX_TEXT_CHARS * 2)
        .map(|pair| {
            let pair = [pair[0], pair[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
        .collect();
    tidy(&String::from_utf16_lossy(&units))
}

/// The position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + offset;
        if haystack.get(at + 1..at + needle.len()) == Some(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

// ---------------------------------------------------------------------------------------
// EXIF

/// Reads an EXIF block (a TIFF structure) and returns the orientation worth keeping in
/// the cleaned copy, if any.
fn exif_findings(tiff: &[u8], found: &mut Findings) -> Option<u16> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    // A damaged block still yields the fields read before the damage.
    match reader
        .read_raw(tiff.to_vec())
        .or_else(|err| err.distill_partial_result(|_| {}))
    {
        Ok(exif) => {
            exif_fields(&exif, found);
            orientation(&exif)
        }
        Err(_) => {
            found.push(Finding::OtherExif);
            None
        }
    }
}

/// EXIF from a container only kamadak-exif reads (HEIC, AVIF, TIFF), or from an image
/// too malformed to clean.
fn container_exif(bytes: &[u8], found: &mut Findings) {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    if let Ok(exif) = reader
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|err| err.distill_partial_result(|_| {}))
    {
        exif_fields(&exif, found);
    }
}

fn exif_fields(exif: &exif::Exif, found: &mut Findings) {
    use exif::Tag;
    let text = |tag| exif_text(exif, tag);
    let mut here = Vec::new();
    if let Some((latitude, longitude)) = gps_position(exif) {
        here.push(Finding::GpsPosition {
            latitude,
            longitude,
        });
    }
    let (make, model) = (text(Tag::Make), text(Tag::Model));
    if make.is_some() || model.is_some() {
        here.push(Finding::Camera {
            make: make.unwrap_or_default(),
            model: model.unwrap_or_default(),
        });
    }
    if let Some(date) = text(Tag::DateTimeOriginal).or_else(|| text(Tag::DateTime)) {
        here.push(Finding::TakenAt(date));
    }
    for tag in [
        Tag::BodySerialNumber,
        Tag::LensSerialNumber,
        Tag::ImageUniqueID,
    ] {
        here.extend(text(tag).map(Finding::SerialNumber));
    }
    here.extend(text(Tag::Software).map(Finding::Software));
    for tag in [Tag::Artist, Tag::Copyright, Tag::CameraOwnerName, XP_AUTHOR] {
        here.extend(text(tag).map(Finding::Author));
    }
    if [Tag::ImageDescription, Tag::UserComment, XP_COMMENT]
        .into_iter()
        .any(|tag| text(tag).is_some())
    {
        here.push(Finding::Comment);
    }
    // An orientation alone, as in a cleaned copy, says nothing about anyone.
    let anything_else = exif.fields().any(|field| {
        !matches!(
            field.tag,
            Tag::Orientation | Tag::ExifIFDPointer | Tag::GPSInfoIFDPointer
        )
    });
    if here.is_empty() && anything_else {
        here.push(Finding::OtherExif);
    }
    for finding in here {
        found.push(finding);
    }
}

/// Windows Explorer's author and comment fields (UTF-16LE bytes), unknown to kamadak-exif.
const XP_AUTHOR: exif::Tag = exif::Tag(exif::Context::Tiff, 0x9C9D);
const XP_COMMENT: exif::Tag = exif::Tag(exif::Context::Tiff, 0x9C9C);

/// A text field of the main image, tidied.
fn exif_text(exif: &exif::Exif, tag: exif::Tag) -> Option<String> {
    match &exif.get_field(tag, exif::In::PRIMARY)?.value {
        exif::Value::Ascii(parts) => parts.iter().find_map(|part| tidy_bytes(part)),
        exif::Value::Byte(raw) if tag == XP_AUTHOR || tag == XP_COMMENT => tidy_utf16(raw, false),
        // UserComment: an 8-byte character code, then the text.
        exif::Value::Undefined(raw, _) if tag == exif::Tag::UserComment => {
            let (code, body) = raw.split_at(raw.len().min(8));
            match code {
                b"UNICODE\0" => tidy_utf16(body, !exif.little_endian()),
                _ => tidy_bytes(body),
            }
        }
        _ => None,
    }
}

/// The GPS position in decimal degrees, if it is complete and plausible.
fn gps_position(exif: &exif::Exif) -> Option<(f64, f64)> {
    use exif::Tag;
    let degrees = |tag| match &exif.get_field(tag, exif::In::PRIMARY)?.value {
        // Degrees, minutes, seconds; some writers put everything in the degrees.
        exif::Value::Rational(parts) if !parts.is_empty() => {
            let mut value = 0.0;
            for (part, unit) in parts.iter().zip([1.0, 60.0, 3600.0]) {
                if part.denom == 0 {
                    return None;
                }
                value += part.to_f64() / unit;
            }
            Some(value)
        }
        _ => None,
    };
    let negative = |tag, letter: u8| match &exif.get_field(tag, exif::In::PRIMARY)?.value {
        exif::Value::Ascii(parts) => Some(parts.first()?.first()?.eq_ignore_ascii_case(&letter)),
        _ => None,
    };
    let mut latitude = degrees(Tag::GPSLatitude)?;
    let mut longitude = degrees(Tag::GPSLongitude)?;
    if negative(Tag::GPSLatitudeRef, b'S').unwrap_or(false) {
        latitude = -latitude;
    }
    if negative(Tag::GPSLongitudeRef, b'W').unwrap_or(false) {
        longitude = -longitude;
    }
    // Exactly 0, 0 is what some cameras write when they have no fix.
    let plausible =
        latitude.abs() <= 90.0 && longitude.abs() <= 180.0 && (latitude, longitude) != (0.0, 0.0);
    plausible.then_some((latitude, longitude))
}

/// The orientation, when it is not the default: the cleaned copy keeps it.
fn orientation(exif: &exif::Exif) -> Option<u16> {
    let value = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
        .value
        .get_uint(0)?;
    u16::try_from(value).ok().filter(|o| (2..=8).contains(o))
}

/// A new EXIF block (big-endian TIFF) holding only an orientation.
fn orientation_exif(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry:
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation,
    tiff.extend_from_slice(&3u16.to_be_bytes()); // a SHORT,
    tiff.extend_from_slice(&1u32.to_be_bytes()); // one of them,
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // (padding of the value field)
    tiff.extend_from_slice(&0u32.to_be_bytes()); // and no next IFD.
    tiff
}

/// Whether `tiff` is the block [`orientation_exif`] makes for `orientation`.
fn is_minimal_exif(tiff: &[u8], orientation: Option<u16>) -> bool {
    orientation.is_some_and(|orientation| tiff == orientation_exif(orientation).as_slice())
}

// ---------------------------------------------------------------------------------------
// Images: cleaning

/// The image does not parse: it gets no cleaned copy.
struct Malformed;

/// A cleaned copy, or `None` when there was nothing to remove.
type Cleaned = Result<Option<Vec<u8>>, Malformed>;

/// Cleans with `clean`; when the image does not parse, reads what EXIF a more lenient
/// reader finds and tells the reporter it could not be cleaned.
fn clean_or_flag(
    bytes: &[u8],
    found: &mut Findings,
    clean: fn(&[u8], &mut Findings) -> Cleaned,
) -> Option<Vec<u8>> {
    match clean(bytes, found) {
        Ok(cleaned) => cleaned,
        Err(Malformed) => {
            container_exif(bytes, found);
            found.push(Finding::NotCleanable);
            None
        }
    }
}

/// Whether data after the end of an image holds anything but padding.
fn has_content(trailing: &[u8]) -> bool {
    trailing.iter().any(|&b| b != 0 && b != 0xFF)
}

// JPEG markers.
const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const TEM: u8 = 0x01;
const RST0: u8 = 0xD0;
const RST7: u8 = 0xD7;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP13: u8 = 0xED;
const APP14: u8 = 0xEE;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;

const EXIF_PREFIX: &[u8] = b"Exif\0\0";

/// What becomes of one JPEG segment in the cleaned copy.
enum Segment {
    Keep,
    Drop,
    Replace(Vec<u8>),
}

/// Walks the whole JPEG once, segment by segment and through the entropy-coded data, and
/// copies what decoding needs.
///
/// img-parts parses only up to the first scan and keeps the rest as one opaque blob; but
/// a progressive JPEG may have segments between its scans, and a phone's JPEG often
/// continues after its end with more images that carry their own metadata, so this walks
/// the whole file itself.
fn clean_jpeg(bytes: &[u8], found: &mut Findings) -> Cleaned {
    if !bytes.starts_with(&[0xFF, SOI]) {
        return Err(Malformed);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut removed = false;
    let mut seen_exif = false;
    let mut pos = 2;
    loop {
        // A marker is 0xFF, maybe more 0xFF as fill, then the marker's code.
        if bytes.get(pos) != Some(&0xFF) {
            return Err(Malformed);
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or(Malformed)?;
        pos += 1;
        match marker {
            EOI => {
                out.extend_from_slice(&[0xFF, EOI]);
                let trailing = &bytes[pos..];
                removed |= !trailing.is_empty();
                if has_content(trailing) {
                    found.push(Finding::ExtraContent);
                }
                break;
            }
            TEM | RST0..=RST7 => out.extend_from_slice(&[0xFF, marker]),
            0x00 | SOI => return Err(Malformed),
            _ => {
                let length = bytes.get(pos..pos + 2).ok_or(Malformed)?;
                let end = pos + usize::from(u16::from_be_bytes([length[0], length[1]]));
                let contents = bytes.get(pos + 2..end).ok_or(Malformed)?;
                match jpeg_segment(marker, contents, &mut seen_exif, found) {
                    Segment::Keep => {
                        out.extend_from_slice(&[0xFF, marker]);
                        out.extend_from_slice(&bytes[pos..end]);
                    }
                    Segment::Drop => removed = true,
                    Segment::Replace(contents) => {
                        removed = true;
                        push_segment(&mut out, marker, &contents);
                    }
                }
                pos = end;
                if marker == SOS {
                    let scan_end = entropy_end(bytes, pos);
                    out.extend_from_slice(&bytes[pos..scan_end]);
                    pos = scan_end;
                    if pos == bytes.len() {
                        // Truncated without an end marker: keep what there is.
                        break;
                    }
                }
            }
        }
    }
    Ok(removed.then_some(out))
}

/// Decides what becomes of a segment, noting what it reveals.
fn jpeg_segment(
    marker: u8,
    contents: &[u8],
    seen_exif: &mut bool,
    found: &mut Findings,
) -> Segment {
    match marker {
        APP0 if contents.starts_with(b"JFIF\0") => jfif_without_thumbnail(contents),
        APP1 if contents.starts_with(EXIF_PREFIX) => {
            let orientation = exif_findings(&contents[EXIF_PREFIX.len()..], found);
            // Decoders read the first EXIF block only.
            let first = !std::mem::replace(seen_exif, true);
            match orientation {
                Some(orientation) if first => {
                    let minimal = [EXIF_PREFIX, &orientation_exif(orientation)].concat();
                    if minimal == contents {
                        Segment::Keep // cleaned already
                    } else {
                        Segment::Replace(minimal)
                    }
                }
                _ => Segment::Drop,
            }
        }
        APP1 if contents.starts_with(b"http://ns.adobe.com/") => {
            found.push(Finding::Xmp);
            Segment::Drop
        }
        APP13 => {
            iptc_findings(contents, found);
            Segment::Drop
        }
        // Adobe's segment says how to convert CMYK and YCCK colours; nothing personal.
        APP14 if contents.starts_with(b"Adobe") => Segment::Keep,
        APP0..=APP15 => Segment::Drop,
        COM => {
            found.push(Finding::Comment);
            Segment::Drop
        }
        _ => Segment::Keep,
    }
}

/// The JFIF header without its thumbnail, a small copy of the picture that editing
/// programs may leave uncropped. `JFIF\0`, version, units and densities are 12 bytes.
fn jfif_without_thumbnail(contents: &[u8]) -> Segment {
    match contents.get(..12) {
        Some(_) if contents.len() == 14 && contents[12..] == [0, 0] => Segment::Keep,
        Some(header) => Segment::Replace([header, &[0, 0]].concat()),
        None => Segment::Drop,
    }
}

fn push_segment(out: &mut Vec<u8>, marker: u8, contents: &[u8]) {
    // Replacements are small: JFIF headers and orientation-only EXIF blocks.
    let length = u16::try_from(contents.len() + 2).unwrap_or(u16::MAX);
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(contents);
}

/// Where the entropy-coded data starting at `from` ends: at the first marker that is not
/// a restart marker. Inside the data an 0xFF byte is followed by a stuffed 0x00.
fn entropy_end(bytes: &[u8], from: usize) -> usize {
    let mut pos = from;
    while let Some(offset) = bytes
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
    {
        let ff = pos + offset;
        match bytes.get(ff + 1) {
            Some(0x00 | RST0..=RST7) => pos = ff + 2,
            Some(0xFF) => pos = ff + 1, // fill before a marker
            Some(_) => return ff,
            None => break,
        }
    }
    bytes.len()
}

/// Photoshop's APP13 segment holds IPTC records: by-line and copyright name people,
/// other records are captions, keywords and places.
fn iptc_findings(contents: &[u8], found: &mut Findings) {
    if !contents.starts_with(b"Photoshop 3.0\0") {
        return;
    }
    // Records: 0x1C, record number, dataset number, 2-byte length, data. They sit inside
    // Photoshop's resource list; seeking their tag byte is simpler and bounded by 64 KiB.
    let mut pos = 0;
    while let Some(header) = contents.get(pos..pos + 5) {
        if header[0] != 0x1C || header[1] != 2 {
            pos += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
        let Some(data) = contents.get(pos + 5..pos + 5 + length) else {
            break;
        };
        match header[2] {
            0 => {} // the record's version
            80 | 116 => {
                if let Some(name) = tidy_bytes(data) {
                    found.push(Finding::Author(name));
                }
            }
            _ => found.push(Finding::Comment),
        }
        pos += 5 + length;
    }
}

/// PNG chunks a decoder uses besides the critical ones (whose names start with a capital):
/// transparency, colour space and gamma, pixel size, and animation.
const PNG_KEPT: &[&[u8; 4]] = &[
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"sBIT",
    b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
];

fn clean_png(bytes: &[u8], found: &mut Findings) -> Cleaned {
    let mut png = Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| Malformed)?;
    // img-parts stops at IEND: anything after it is left out.
    let trailing = bytes.get(png.len()..).unwrap_or_default();
    if has_content(trailing) {
        found.push(Finding::ExtraContent);
    }
    let mut removed = !trailing.is_empty();
    let mut orientation = None;
    png.chunks_mut().retain(|chunk| {
        let kind = chunk.kind();
        let critical = kind[0].is_ascii_uppercase();
        if critical || PNG_KEPT.contains(&&kind) {
            return true;
        }
        match &kind {
            b"eXIf" => {
                let kept = exif_findings(chunk.contents(), found);
                if is_minimal_exif(chunk.contents(), kept) {
                    return true; // cleaned already
                }
                orientation = kept.or(orientation);
            }
            b"tEXt" | b"zTXt" | b"iTXt" => png_text_findings(&kind, chunk.contents(), found),
            b"tIME" => {
                if let Some(time) = png_time(chunk.contents()) {
                    found.push(Finding::TakenAt(time));
                }
            }
            _ => {}
        }
        removed = true;
        false
    });
    if !removed {
        return Ok(None);
    }
    if let Some(orientation) = orientation {
        png.set_exif(Some(orientation_exif(orientation).into()));
    }
    let mut out = Vec::with_capacity(png.len());
    png.encoder().write_to(&mut out).map_err(|_| Malformed)?;
    Ok(Some(out))
}

/// A PNG text chunk: keyword, NUL, then the text, plain (tEXt, Latin-1), compressed
/// (zTXt), or international (iTXt: compression flag and method, language, translated
/// keyword, then UTF-8 text, maybe compressed). Compressed texts are not inflated.
fn png_text_findings(kind: &[u8; 4], data: &[u8], found: &mut Findings) {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        found.push(Finding::Comment);
        return;
    };
    let (keyword, rest) = (&data[..nul], &data[nul + 1..]);
    let text = match kind {
        b"tEXt" => tidy_bytes(rest),
        b"iTXt" if rest.first() == Some(&0) => {
            // Skip the flag and the method, then the language and the translated keyword.
            let mut fields = rest.get(2..).unwrap_or_default().splitn(3, |&b| b == 0);
            fields.nth(2).and_then(tidy_bytes)
        }
        _ => None,
    };
    let finding = match keyword {
        b"XML:com.adobe.xmp" | b"Raw profile type xmp" => Finding::Xmp,
        b"Raw profile type exif" | b"Raw profile type APP1" => Finding::OtherExif,
        b"Author" | b"Copyright" => text.map_or(Finding::Comment, Finding::Author),
        b"Software" => text.map_or(Finding::Comment, Finding::Software),
        b"Creation Time" => text.map_or(Finding::Comment, Finding::TakenAt),
        _ => Finding::Comment,
    };
    found.push(finding);
}

/// A tIME chunk (year, month, day, hour, minute, second) in EXIF's date format.
fn png_time(data: &[u8]) -> Option<String> {
    let &[y1, y2, month, day, hour, minute, second] = data else {
        return None;
    };
    let year = u16::from_be_bytes([y1, y2]);
    Some(format!(
        "{year:04}:{month:02}:{day:02} {hour:02}:{minute:02}:{second:02}"
    ))
}

/// WebP chunks a decoder uses; the others are metadata (EXIF, XMP, ICCP) or unknown.
const WEBP_KEPT: &[[u8; 4]] = &[
    CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF,
];

/// VP8X flags of the chunks that cleaning removes (ICC profile, XMP); img-parts updates
/// the EXIF and ICC ones but not XMP's.
const VP8X_ICC_XMP: u8 = 0b0010_0100;

fn clean_webp(bytes: &[u8], found: &mut Findings) -> Cleaned {
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| Malformed)?;
    // img-parts reads the RIFF chunk only: anything after it is left out.
    let trailing = bytes.get(webp.len() as usize..).unwrap_or_default();
    if has_content(trailing) {
        found.push(Finding::ExtraContent);
    }
    let mut removed = !trailing.is_empty();
    let orientation = match webp.exif() {
        Some(exif) => exif_findings(&exif, found),
        None if webp.chunk_by_id(CHUNK_EXIF).is_some() => {
            found.push(Finding::OtherExif); // an EXIF chunk img-parts does not recognise
            None
        }
        None => None,
    };
    if webp.chunk_by_id(CHUNK_XMP).is_some() {
        found.push(Finding::Xmp);
    }
    webp.chunks_mut().retain(|chunk| {
        let cleaned_already = chunk.id() == CHUNK_EXIF
            && chunk
                .content()
                .data()
                .is_some_and(|data| is_minimal_exif(data, orientation));
        let keep = WEBP_KEPT.contains(&chunk.id()) || cleaned_already;
        removed |= !keep;
        keep
    });
    if !removed {
        return Ok(None);
    }
    // Also brings the VP8X chunk's EXIF and ICC flags up to date.
    webp.set_exif(orientation.map(|o| orientation_exif(o).into()));
    for chunk in webp.chunks_mut() {
        if chunk.id() != CHUNK_VP8X {
            continue;
        }
        if let RiffContent::Data(data) = chunk.content_mut() {
            let mut flags = data.to_vec();
            if let Some(first) = flags.first_mut() {
                *first &= !VP8X_ICC_XMP;
            }
            *data = flags.into();
        }
    }
    let mut out = Vec::with_capacity(webp.len() as usize);
    webp.encoder().write_to(&mut out).map_err(|_| Malformed)?;
    Ok(Some(out))
}

// ---------------------------------------------------------------------------------------
// PDF

/// Reads the document information dictionary's /Author, /Creator and /Producer, and
/// notes an XMP packet. A byte scan, not a PDF parser: it sees what is stored
/// uncompressed, which is where writers put these (an incremental update may hold an
/// older and a newer value: both are reported).
fn pdf_metadata(bytes: &[u8], found: &mut Findings) {
    if find(bytes, b"<x:xmpmeta").is_some() {
        found.push(Finding::Xmp);
    }
    // An encrypted document's strings are ciphertext: showing them would be noise.
    if find(bytes, b"/Encrypt").is_some() {
        return;
    }
    let keys: [(&[u8], Describe); 3] = [
        (b"Author", Finding::Author),
        (b"Creator", Finding::Software),
        (b"Producer", Finding::Software),
    ];
    // Each value read looks at a few KiB at most; a crafted file repeating a key could
    // otherwise make that add up.
    let mut reads_left = 64;
    let mut from = 0;
    while let Some(offset) = bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'/'))
    {
        let name_start = from + offset + 1;
        from = name_start;
        let rest = &bytes[name_start..];
        let key = keys.iter().find(|(key, _)| {
            rest.starts_with(key)
                && rest
                    .get(key.len())
                    .is_none_or(|&b| !b.is_ascii_alphanumeric())
        });
        if let Some((key, finding)) = key.filter(|_| reads_left > 0) {
            reads_left -= 1;
            if let Some(text) = pdf_string(&rest[key.len()..]) {
                found.push(finding(text));
            }
        }
    }
}

/// The PDF string at the start of `bytes` (after white space), decoded and tidied:
/// a literal `( ... )` or a hexadecimal `< ... >` string, in UTF-16BE with a byte order
/// mark, UTF-8 with one, or else PDFDocEncoding (read as Latin-1, which differs only in
/// rarely used characters). `None` for anything else, such as an indirect reference.
fn pdf_string(bytes: &[u8]) -> Option<String> {
    // Longer values would be cut when shown anyway.
    const MAX_RAW: usize = 4 * MAX_TEXT_CHARS;
    let start = bytes.iter().position(|b| !b" \t\r\n\x0C\0".contains(b))?;
    let mut raw = Vec::new();
    match bytes.get(start..)? {
        [b'(', body @ ..] => {
            let mut depth = 0usize;
            let mut iter = body.iter().take(16 * MAX_RAW).copied().peekable();
            while let Some(b) = iter.next() {
                if raw.len() >= MAX_RAW {
                    break;
                }
                match b {
                    b'\\' => match iter.next()? {
                        b'n' => raw.push(b'\n'),
                        b'r' => raw.push(b'\r'),
                        b't' => raw.push(b'\t'),
                        b'b' => raw.push(8),
                        b'f' => raw.push(12),
                        b'\r' | b'\n' => {} // a line continuation
                        d @ b'0'..=b'7' => {
                            let mut value = u32::from(d - b'0');
                            for _ in 0..2 {
                                match iter.peek() {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        iter.next();
                                    }
                                    _ => break,
                                }
                            }
                            raw.push((value & 0xFF) as u8);
                        }
                        other => raw.push(other), // \( \) \\ and unknown escapes
                    },
                    b'(' => {
                        depth += 1;
                        raw.push(b);
                    }
                    b')' if depth == 0 => break,
                    b')' => {
                        depth -= 1;
                        raw.push(b);
                    }
                    _ => raw.push(b),
                }
            }
        }
        [b'<', body @ ..] if body.first() != Some(&b'<') => {
            let digits = body
                .iter()
                .take(4 * MAX_RAW)
                .take_while(|&&b| b != b'>')
                .filter_map(|&b| char::from(b).to_digit(16));
            let mut high = None;
            for digit in digits {
                match high.take() {
                    None => high = Some(digit),
                    Some(h) => raw.push((h * 16 + digit) as u8),
                }
            }
            if let Some(h) = high {
                raw.push((h * 16) as u8); // an odd digit count means a final 0
            }
        }
        _ => return None,
    }
    match raw.as_slice() {
        [0xFE, 0xFF, text @ ..] => tidy_utf16(text, true),
        [0xEF, 0xBB, 0xBF, text @ ..] => tidy(&String::from_utf8_lossy(text)),
        text => tidy(&text.iter().map(|&b| char::from(b)).collect::<String>()),
    }
}

// ---------------------------------------------------------------------------------------
// Office documents (zip packages of XML files)

/// The most XML decompressed from one document: a property file is a few KiB, while a
/// zip entry can inflate a thousandfold (a "zip bomb").
const MAX_OFFICE_XML: u64 = 1024 * 1024;

/// Which elements of which part say what.
type Parts = &'static [(&'static str, &'static [(&'static str, Describe)])];

/// Office Open XML (Word, Excel, PowerPoint; WPS writes the same).
const OOXML_PARTS: Parts = &[
    (
        "docProps/core.xml",
        &[
            ("creator", Finding::Author),
            ("lastModifiedBy", Finding::Author),
        ],
    ),
    (
        "docProps/app.xml",
        &[
            ("Company", Finding::Author),
            ("Manager", Finding::Author),
            ("Application", Finding::Software),
        ],
    ),
];

/// OpenDocument (LibreOffice).
const ODF_PARTS: Parts = &[(
    "meta.xml",
    &[
        ("initial-creator", Finding::Author),
        ("creator", Finding::Author),
        ("generator", Finding::Software),
    ],
)];

fn office_metadata(bytes: &[u8], parts: Parts, found: &mut Findings) {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return;
    };
    let mut budget = MAX_OFFICE_XML;
    for (name, elements) in parts {
        let Ok(file) = archive.by_name(name) else {
            continue;
        };
        let mut xml = Vec::new();
        // A damaged or cut entry still gives what was read before the damage.
        let _ = file.take(budget).read_to_end(&mut xml);
        budget = budget.saturating_sub(xml.len() as u64);
        let xml = String::from_utf8_lossy(&xml);
        for (element, finding) in *elements {
            for text in xml_texts(&xml, element) {
                found.push(finding(text));
            }
        }
    }
}

/// The texts of the elements named `local` (whatever their namespace prefix) in `xml`,
/// tidied. Enough for flat property files; not an XML parser.
fn xml_texts(xml: &str, local: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        let local_name = name.rsplit(':').next().unwrap_or_default();
        if local_name != local || tag.ends_with('/') {
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        if let Some(text) = tidy(&xml_unescape(&rest[..end])) {
            texts.push(text);
            if texts.len() == MAX_TEXT_FINDINGS {
                break;
            }
        }
    }
    texts
}

/// Replaces XML's character references and predefined entities, in the first
/// characters of `text` (the rest would be cut anyway).
fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        if out.len() > 4 * MAX_TEXT_CHARS {
            return out;
        }
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entities are short: looking further for the `;` could make this quadratic.
        let entity = rest
            .get(1..)
            .and_then(|r| r.bytes().take(12).position(|b| b == b';'));
        let decoded = entity.and_then(|len| {
            let name = &rest[1..=len];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, len + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    let cut = rest
        .char_indices()
        .nth(4 * MAX_TEXT_CHARS)
        .map_or(rest.len(), |(i, _)| i);
    out.push_str(&rest[..cut]);
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use img_parts::png::PngChunk;

    use super::*;

    // -----------------------------------------------------------------------------------
    // Fixtures, made here byte by byte

    /// A TIFF field value.
    enum Value {
        Ascii(&'static str),
        Short(u16),
        Long(u32),
        Rationals(&'static [(u32, u32)]),
        Undefined(Vec<u8>),
    }

    impl Value {
        /// Type code, count and bytes (big-endian).
        fn encode(&self) -> (u16, u32, Vec<u8>) {
            match self {
                Value::Ascii(text) => {
                    let bytes = [text.as_bytes(), &[0]].concat();
                    (2, bytes.len() as u32, bytes)
                }
                Value::Short(n) => (3, 1, n.to_be_bytes().to_vec()),
                Value::Long(n) => (4, 1, n.to_be_bytes().to_vec()),
                Value::Rationals(parts) => {
                    let bytes = parts
                        .iter()
                        .flat_map(|(num, denom)| [num.to_be_bytes(), denom.to_be_bytes()])
                        .flatten()
                        .collect();
                    (5, parts.len() as u32, bytes)
                }
                Value::Undefined(bytes) => (7, bytes.len() as u32, bytes.clone()),
            }
        }
    }

    /// Appends an IFD and the values that do not fit in it; returns its offset.
    fn write_ifd(out: &mut Vec<u8>, entries: &[(u16, Value)]) -> u32 {
        let start = out.len();
        let data_start = start + 2 + 12 * entries.len() + 4;
        let mut data = Vec::new();
        out.extend_from_slice(&(entries.len() as u16).to_be_bytes());
        for (tag, value) in entries {
            let (kind, count, mut bytes) = value.encode();
            out.extend_from_slice(&tag.to_be_bytes());
            out.extend_from_slice(&kind.to_be_bytes());
            out.extend_from_slice(&count.to_be_bytes());
            if bytes.len() <= 4 {
                bytes.resize(4, 0);
                out.extend_from_slice(&bytes);
            } else {
                out.extend_from_slice(&((data_start + data.len()) as u32).to_be_bytes());
                data.extend_from_slice(&bytes);
                if data.len() % 2 == 1 {
                    data.push(0);
                }
            }
        }
        out.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        out.extend_from_slice(&data);
        start as u32
    }

    /// A big-endian EXIF block: the main IFD, and the EXIF and GPS IFDs when not empty.
    fn tiff(
        mut main: Vec<(u16, Value)>,
        exif: Vec<(u16, Value)>,
        gps: Vec<(u16, Value)>,
    ) -> Vec<u8> {
        let mut out = b"MM\0\x2A\0\0\0\0".to_vec();
        if !gps.is_empty() {
            main.push((0x8825, Value::Long(write_ifd(&mut out, &gps))));
        }
        if !exif.is_empty() {
            main.push((0x8769, Value::Long(write_ifd(&mut out, &exif))));
        }
        let at = write_ifd(&mut out, &main);
        out[4..8].copy_from_slice(&at.to_be_bytes());
        out
    }

    /// A phone photo's EXIF: 33°52'30.72" S, 70°30' W, and all the rest.
    fn phone_exif() -> Vec<u8> {
        tiff(
            vec![
                (0x010F, Value::Ascii("Canon")),
                (0x0110, Value::Ascii("Canon EOS 5D")),
                (0x0112, Value::Short(6)),
                (0x0131, Value::Ascii("GIMP 2.10")),
                (0x0132, Value::Ascii("2024:05:02 08:00:00")),
                (0x013B, Value::Ascii("Li Lei")),
            ],
            vec![
                (0x9003, Value::Ascii("2024:05:01 10:20:30")),
                (0xA431, Value::Ascii("SN-0042")),
            ],
            vec![
                (0x0001, Value::Ascii("S")),
                (0x0002, Value::Rationals(&[(33, 1), (52, 1), (3072, 100)])),
                (0x0003, Value::Ascii("W")),
                (0x0004, Value::Rationals(&[(70, 1), (30, 1), (0, 1)])),
            ],
        )
    }

    fn phone_findings() -> Vec<Finding> {
        vec![
            Finding::GpsPosition {
                latitude: -(33.0 + 52.0 / 60.0 + 30.72 / 3600.0),
                longitude: -70.5,
            },
            Finding::Camera {
                make: "Canon".into(),
                model: "Canon EOS 5D".into(),
            },
            Finding::TakenAt("2024:05:01 10:20:30".into()),
            Finding::SerialNumber("SN-0042".into()),
            Finding::Software("GIMP 2.10".into()),
            Finding::Author("Li Lei".into()),
        ]
    }

    fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let length = (contents.len() + 2) as u16;
        [&[0xFF, marker][..], &length.to_be_bytes(), contents].concat()
    }

    const JFIF: &[u8] = b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0";

    /// Tables, frame header, restart interval and one scan whose data holds a stuffed
    /// 0xFF and a restart marker: what the cleaned copy must keep byte for byte.
    fn jpeg_image() -> Vec<u8> {
        [
            segment(0xDB, &[[0].as_slice(), &[1; 64]].concat()),
            segment(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
            segment(0xC4, &[[0].as_slice(), &[0, 1], &[0; 14], &[0]].concat()),
            segment(0xDD, &[0, 4]),
            segment(0xDA, &[1, 1, 0, 0, 63, 0]),
            vec![0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0x00],
        ]
        .concat()
    }

    fn jpeg(metadata: &[Vec<u8>]) -> Vec<u8> {
        [
            vec![0xFF, 0xD8],
            segment(0xE0, JFIF),
            metadata.concat(),
            jpeg_image(),
            vec![0xFF, 0xD9],
        ]
        .concat()
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        PngChunk::new(*kind, Bytes::copy_from_slice(data))
            .encoder()
            .bytes()
            .to_vec()
    }

    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

    fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
        [PNG_SIGNATURE.to_vec(), chunks.concat()].concat()
    }

    fn png_ihdr() -> Vec<u8> {
        png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    }

    fn png_idat() -> Vec<u8> {
        png_chunk(
            b"IDAT",
            b"\x78\x01\x01\x04\x00\xfb\xff\x00\xff\x00\x00\x03\x01\x01\x00",
        )
    }

    fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let pad: &[u8] = if data.len() % 2 == 1 { &[0] } else { &[] };
        [id.as_slice(), &(data.len() as u32).to_le_bytes(), data, pad].concat()
    }

    fn webp(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = [b"WEBP".to_vec(), chunks.concat()].concat();
        riff_chunk(b"RIFF", &body)
    }

    /// A 1×1 lossless picture.
    const VP8L: &[u8] = b"\x2f\x00\x00\x00\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00";

    fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            let method = if *name == "mimetype" {
                zip::CompressionMethod::Stored // as OpenDocument requires
            } else {
                zip::CompressionMethod::Deflated
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        find(haystack, needle).is_some()
    }

    // -----------------------------------------------------------------------------------
    // JPEG

    #[test]
    fn jpeg_gps_and_camera_found_and_removed() {
        let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Li Lei</x:xmpmeta>";
        let icc = [b"ICC_PROFILE\0\x01\x01".as_slice(), &[7; 40]].concat();
        let original = jpeg(&[
            segment(0xE1, &[EXIF_PREFIX, &phone_exif()].concat()),
            segment(0xE1, xmp),
            segment(0xE2, &icc),
            segment(0xFE, b"taken by Li Lei"),
        ]);

        let inspected = inspect(&original);
        assert_eq!(
            (inspected.media_type, inspected.extension),
            ("image/jpeg", "jpg")
        );
        let mut expected = phone_findings();
        expected.extend([Finding::Xmp, Finding::Comment]);
        assert_eq!(inspected.findings, expected);
        assert_eq!(
            inspected.findings[0].message(),
            (
                "evidence-found-gps",
                vec![
                    ("latitude", "-33.87520".to_owned()),
                    ("longitude", "-70.50000".to_owned()),
                ]
            )
        );

        // Everything but the metadata, byte for byte; the orientation in a minimal block.
        let cleaned = inspected.cleaned.unwrap();
        let minimal_exif = segment(0xE1, &[EXIF_PREFIX, &orientation_exif(6)].concat());
        let expected_copy = [
            vec![0xFF, 0xD8],
            segment(0xE0, JFIF),
            minimal_exif,
            jpeg_image(),
            vec![0xFF, 0xD9],
        ]
        .concat();
        assert_eq!(cleaned, expected_copy);
        for secret in [
            &b"Canon"[..],
            b"SN-0042",
            b"Li Lei",
            b"ICC_PROFILE",
            b"2024",
        ] {
            assert!(!contains(&cleaned, secret));
        }

        // The copy has nothing left to find or remove, but its orientation.
        let again = inspect(&cleaned);
        assert_eq!(again.findings, []);
        assert_eq!(again.cleaned, None);
        let kept = exif::Reader::new()
            .read_from_container(&mut Cursor::new(&cleaned))
            .unwrap();
        let fields: Vec<_> = kept.fields().map(|f| f.tag).collect();
        assert_eq!(fields, [exif::Tag::Orientation]);
    }

    #[test]
    fn jpeg_without_metadata_is_left_alone() {
        let inspected = inspect(&jpeg(&[]));
        assert_eq!(inspected.findings, []);
        assert_eq!(inspected.cleaned, None);
    }

    #[test]
    fn jpeg_thumbnail_and_trailing_images_are_dropped() {
        // A JFIF header with a 1×1 thumbnail, and a second image after the end.
        let jfif_with_thumbnail = [&JFIF[..12], &[1, 1], &[200, 100, 50]].concat();
        let second = [
            vec![0xFF, 0xD8],
            segment(0xE1, &[EXIF_PREFIX, &phone_exif()].concat()),
            vec![0xFF, 0xD9],
        ]
        .concat();
        let original = [
            vec![0xFF, 0xD8],
            segment(0xE0, &jfif_with_thumbnail),
            segment(0xE2, b"MPF\0II*\0"),
            jpeg_image(),
            vec![0xFF, 0xD9],
            second,
        ]
        .concat();
        let inspected = inspect(&original);
        assert_eq!(inspected.findings, [Finding::ExtraContent]);
        assert_eq!(inspected.cleaned, Some(jpeg(&[])));

        // Padding after the end is dropped too, but is no finding.
        let padded = [jpeg(&[]), vec![0; 100]].concat();
        let inspected = inspect(&padded);
        assert_eq!(inspected.findings, []);
        assert_eq!(inspected.cleaned, Some(jpeg(&[])));
    }

    #[test]
    fn jpeg_segments_between_progressive_scans_are_dropped() {
        let second_scan = [
            segment(0xC4, &[[0x10].as_slice(), &[0, 1], &[0; 14], &[0]].concat()),
            segment(0xFE, b"comment between scans"),
            segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x/>"),
            segment(0xDA, &[1, 1, 0, 1, 63, 0]),
            vec![0xAB, 0xFF, 0x00, 0xFF, 0xD1, 0xCD],
        ]
        .concat();
        let original = [
            vec![0xFF, 0xD8],
            jpeg_image(),
            second_scan.clone(),
            vec![0xFF, 0xD9],
        ]
        .concat();
        let inspected = inspect(&original);
        assert_eq!(inspected.findings, [Finding::Xmp, Finding::Comment]);
        let expected = [
            vec![0xFF, 0xD8],
            jpeg_image(),
            segment(0xC4, &[[0x10].as_slice(), &[0, 1], &[0; 14], &[0]].concat()),
            segment(0xDA, &[1, 1, 0, 1, 63, 0]),
            vec![0xAB, 0xFF, 0x00, 0xFF, 0xD1, 0xCD],
            vec![0xFF, 0xD9],
        ]
        .concat();
        assert_eq!(inspected.cleaned, Some(expected));
    }

    #[test]
    fn jpeg_truncated_in_its_data_is_still_cleaned() {
        let original = jpeg(&[segment(0xFE, b"note")]);
        // Cut just after a stuffed 0xFF, 0x00 of the scan's data.
        let cut = &original[..original.len() - 2];
        let inspected = inspect(cut);
        assert_eq!(inspected.findings, [Finding::Comment]);
        let cleaned = inspected.cleaned.unwrap();
        assert_eq!(cleaned, jpeg(&[])[..jpeg(&[]).len() - 2]);
    }

    #[test]
    fn jpeg_broken_in_its_headers_is_not_cleanable_but_read() {
        let original = jpeg(&[segment(0xE1, &[EXIF_PREFIX, &phone_exif()].concat())]);
        // Cut inside the quantisation table, after the EXIF segment.
        let exif_end = 2 + 18 + 4 + EXIF_PREFIX.len() + phone_exif().len();
        let inspected = inspect(&original[..exif_end + 10]);
        assert_eq!(inspected.media_type, "image/jpeg");
        assert_eq!(inspected.cleaned, None);
        let mut expected = phone_findings();
        expected.push(Finding::NotCleanable);
        assert_eq!(inspected.findings, expected);
    }

    #[test]
    fn jpeg_iptc_names_the_photographer() {
        let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x20".to_vec();
        for (dataset, text) in [
            (0u8, &b"\0\x04"[..]),
            (80, b"Wang Wu"),
            (120, b"at the depot"),
        ] {
            iptc.extend_from_slice(&[0x1C, 2, dataset]);
            iptc.extend_from_slice(&(text.len() as u16).to_be_bytes());
            iptc.extend_from_slice(text);
        }
        let inspected = inspect(&jpeg(&[segment(0xED, &iptc)]));
        assert_eq!(
            inspected.findings,
            [Finding::Author("Wang Wu".into()), Finding::Comment]
        );
        assert_eq!(inspected.cleaned, Some(jpeg(&[])));
    }

    #[test]
    fn gps_without_a_usable_position_is_no_position() {
        for gps in [
            // A zero denominator.
            vec![
                (0x0002, Value::Rationals(&[(33, 0), (0, 1), (0, 1)])),
                (0x0004, Value::Rationals(&[(70, 1)])),
            ],
            // No fix.
            vec![
                (0x0002, Value::Rationals(&[(0, 1)])),
                (0x0004, Value::Rationals(&[(0, 1)])),
            ],
            // Out of range.
            vec![
                (0x0002, Value::Rationals(&[(91, 1)])),
                (0x0004, Value::Rationals(&[(70, 1)])),
            ],
        ] {
            let block = tiff(vec![(0x0112, Value::Short(1))], Vec::new(), gps);
            let inspected = inspect(&jpeg(&[segment(0xE1, &[EXIF_PREFIX, &block].concat())]));
            assert_eq!(inspected.findings, [Finding::OtherExif]);
            assert_eq!(inspected.cleaned, Some(jpeg(&[])));
        }
        // Degrees alone, north and east.
        let block = tiff(
            Vec::new(),
            Vec::new(),
            vec![
                (0x0001, Value::Ascii("N")),
                (0x0002, Value::Rationals(&[(3990420, 100000)])),
                (0x0003, Value::Ascii("E")),
                (0x0004, Value::Rationals(&[(11640740, 100000)])),
            ],
        );
        let inspected = inspect(&jpeg(&[segment(0xE1, &[EXIF_PREFIX, &block].concat())]));
        assert_eq!(
            inspected.findings[0].message().1,
            [
                ("latitude", "39.90420".to_owned()),
                ("longitude", "116.40740".to_owned())
            ]
        );
    }

    #[test]
    fn exif_texts_in_other_encodings() {
        let xp_author: Vec<u8> = "张三\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let block = tiff(
            vec![
                (0x013B, Value::Ascii("  \u{202E}evil\u{202C}\tname  ")),
                (0x9C9D, Value::Undefined(xp_author)),
            ],
            vec![(0x9286, Value::Undefined(b"ASCII\0\0\0   ".to_vec()))],
            Vec::new(),
        );
        // XPAuthor is BYTE typed: write it as such.
        let block = {
            let mut block = block;
            let at = find(&block, &[0x9C, 0x9D, 0, 7]).unwrap();
            block[at + 3] = 1;
            block
        };
        let inspected = inspect(&jpeg(&[segment(0xE1, &[EXIF_PREFIX, &block].concat())]));
        // A blank user comment is none.
        assert_eq!(
            inspected.findings,
            [
                Finding::Author("evil name".into()),
                Finding::Author("张三".into())
            ]
        );
    }

    // -----------------------------------------------------------------------------------
    // PNG and WebP

    #[test]
    fn png_metadata_found_and_removed() {
        let original = png(&[
            png_ihdr(),
            png_chunk(b"iCCP", b"Display\0\0\x78\x01"),
            png_chunk(b"eXIf", &phone_exif()),
            png_chunk(b"tEXt", b"Author\0Zhao Liu"),
            png_chunk(b"tEXt", b"Comment\0see the ledger"),
            png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"),
            png_chunk(b"zTXt", b"Raw profile type iptc\0\0\x78\x01"),
            png_chunk(b"tIME", &[0x07, 0xE8, 6, 9, 8, 7, 6]),
            png_chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
            png_chunk(b"vpAg", &[0; 9]),
            png_idat(),
            png_chunk(b"IEND", b""),
            b"leftover of the uncropped picture".to_vec(),
        ]);
        let inspected = inspect(&original);
        assert_eq!(
            (inspected.media_type, inspected.extension),
            ("image/png", "png")
        );
        let mut expected = phone_findings();
        expected.insert(3, Finding::TakenAt("2024:06:09 08:07:06".into()));
        expected.extend([
            Finding::Author("Zhao Liu".into()),
            Finding::Xmp,
            Finding::Comment,
            Finding::ExtraContent,
        ]);
        assert_eq!(inspected.findings, expected);
        let cleaned = inspected.cleaned.unwrap();
        assert_eq!(
            cleaned,
            png(&[
                png_ihdr(),
                png_chunk(b"eXIf", &orientation_exif(6)),
                png_chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
                png_idat(),
                png_chunk(b"IEND", b""),
            ])
        );
        let again = inspect(&cleaned);
        assert_eq!((again.findings, again.cleaned), (Vec::new(), None));
    }

    #[test]
    fn png_without_metadata_and_broken_png() {
        let plain = png(&[png_ihdr(), png_idat(), png_chunk(b"IEND", b"")]);
        let inspected = inspect(&plain);
        assert_eq!((inspected.findings, inspected.cleaned), (Vec::new(), None));

        // A wrong checksum: img-parts refuses it, so no copy, and the reporter is told.
        let mut broken = png(&[
            png_ihdr(),
            png_chunk(b"tEXt", b"Author\0Zhao Liu"),
            png_idat(),
        ]);
        let crc_at = PNG_SIGNATURE.len() + png_ihdr().len() + 8 + 15;
        broken[crc_at] ^= 1;
        let inspected = inspect(&broken);
        assert_eq!(inspected.findings, [Finding::NotCleanable]);
        assert_eq!(inspected.cleaned, None);
    }

    #[test]
    fn png_text_findings_are_limited() {
        let mut chunks = vec![png_ihdr()];
        for i in 0..200 {
            chunks.push(png_chunk(b"tEXt", format!("Author\0person {i}").as_bytes()));
        }
        chunks.extend([png_idat(), png_chunk(b"IEND", b"")]);
        let inspected = inspect(&png(&chunks));
        assert_eq!(inspected.findings.len(), MAX_TEXT_FINDINGS);
        assert_eq!(
            inspected.cleaned,
            Some(png(&[png_ihdr(), png_idat(), png_chunk(b"IEND", b"")]))
        );
    }

    #[test]
    fn webp_metadata_found_and_removed() {
        // Flags: ICC profile, EXIF and XMP; a 1×1 canvas.
        let vp8x = |flags: u8| riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let original = webp(&[
            vp8x(0x2C),
            riff_chunk(b"ICCP", &[9; 31]),
            riff_chunk(b"VP8L", VP8L),
            riff_chunk(b"EXIF", &[EXIF_PREFIX, &phone_exif()].concat()),
            riff_chunk(b"XMP ", b"<x:xmpmeta/>"),
        ]);
        let inspected = inspect(&original);
        assert_eq!(
            (inspected.media_type, inspected.extension),
            ("image/webp", "webp")
        );
        let mut expected = phone_findings();
        expected.push(Finding::Xmp);
        assert_eq!(inspected.findings, expected);
        let cleaned = inspected.cleaned.unwrap();
        assert_eq!(
            cleaned,
            webp(&[
                vp8x(0x08),
                riff_chunk(b"VP8L", VP8L),
                riff_chunk(b"EXIF", &orientation_exif(6)),
            ])
        );
        let again = inspect(&cleaned);
        assert_eq!((again.findings, again.cleaned), (Vec::new(), None));

        // Without an orientation to keep, the picture needs no extended header at all.
        let plain = webp(&[
            vp8x(0x04),
            riff_chunk(b"VP8L", VP8L),
            riff_chunk(b"XMP ", b"x"),
        ]);
        let inspected = inspect(&plain);
        assert_eq!(inspected.findings, [Finding::Xmp]);
        assert_eq!(inspected.cleaned, Some(webp(&[riff_chunk(b"VP8L", VP8L)])));
    }

    // -----------------------------------------------------------------------------------
    // Other images

    #[test]
    fn heic_and_tiff_are_not_cleanable() {
        let heic = [b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".as_slice(), &[0; 16]].concat();
        let inspected = inspect(&heic);
        assert_eq!(
            (inspected.media_type, inspected.extension),
            ("image/heic", "heic")
        );
        assert_eq!(inspected.findings, [Finding::NotCleanable]);
        assert_eq!(inspected.cleaned, None);

        // An EXIF block is a TIFF file.
        let inspected = inspect(&phone_exif());
        assert_eq!(inspected.media_type, "image/tiff");
        let mut expected = phone_findings();
        expected.push(Finding::NotCleanable);
        assert_eq!(inspected.findings, expected);
        assert_eq!(inspected.cleaned, None);
    }

    // -----------------------------------------------------------------------------------
    // Types, documents

    #[test]
    fn text_and_unknown_bytes() {
        let cases: [(&[u8], &str, &str); 5] = [
            ("举报材料\n第二行".as_bytes(), "text/plain", "txt"),
            (b"", "text/plain", "txt"),
            (b"text\0with a NUL", "application/octet-stream", "bin"),
            (b"\xC3 not UTF-8", "application/octet-stream", "bin"),
            (b"%PDF-1.7\n", "application/pdf", "pdf"),
        ];
        for (bytes, media_type, extension) in cases {
            let inspected = inspect(bytes);
            assert_eq!(
                (inspected.media_type, inspected.extension),
                (media_type, extension)
            );
            assert_eq!((inspected.findings, inspected.cleaned), (Vec::new(), None));
        }
    }

    #[test]
    fn pdf_info_dictionary() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Title (Q3) /Author (Zhang San \\(HR\\)\\\n) \
            /Creator <FEFF738B4E94> /Producer(Acrobat \\050PDF\\051 \\\\ 9) \
            /AuthorNote (x) >>\nendobj\n2 0 obj << /Author 9 0 R >> endobj\n\
            3 0 obj << /Type /Metadata >> stream\n<x:xmpmeta></x:xmpmeta>\nendstream\n\
            trailer << /Info 1 0 R >>\n%%EOF\n";
        let inspected = inspect(pdf);
        assert_eq!(
            (inspected.media_type, inspected.extension),
            ("application/pdf", "pdf")
        );
        assert_eq!(
            inspected.findings,
            [
                Finding::Software("王五".into()),
                Finding::Software("Acrobat (PDF) \\ 9".into()),
                Finding::Author("Zhang San (HR)".into()),
                Finding::Xmp,
            ]
        );
        assert_eq!(inspected.cleaned, None);

        // Encrypted: the strings are ciphertext.
        let encrypted = b"%PDF-1.4\n<< /Author (\x8a\x13\xf0) >>\ntrailer << /Encrypt 5 0 R >>";
        assert_eq!(inspect(encrypted).findings, []);
    }

    #[test]
    fn office_documents_name_their_authors() {
        let core = "<?xml version=\"1.0\"?><cp:coreProperties \
            xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Ledger</dc:title>\
            <dc:creator>Chen Qi</dc:creator><cp:lastModifiedBy>&#38472;&#x516B; &amp; Co\
            </cp:lastModifiedBy><cp:revision>3</cp:revision></cp:coreProperties>";
        let app = "<Properties><Application>Microsoft Office Word</Application>\
            <Company>Example SOE Co.</Company><Manager/></Properties>";
        let docx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
            ("docProps/core.xml", core.as_bytes()),
            ("docProps/app.xml", app.as_bytes()),
        ]);
        let inspected = inspect(&docx);
        assert_eq!(inspected.extension, "docx");
        assert_eq!(
            inspected.findings,
            [
                Finding::Software("Microsoft Office Word".into()),
                Finding::Author("Chen Qi".into()),
                Finding::Author("陈八 & Co".into()),
                Finding::Author("Example SOE Co.".into()),
            ]
        );
        assert_eq!(inspected.cleaned, None);

        let meta = "<office:document-meta><office:meta>\
            <meta:generator>LibreOffice/7.4</meta:generator>\
            <meta:initial-creator>Sun Qi</meta:initial-creator>\
            <dc:creator>Zhou Ba</dc:creator></office:meta></office:document-meta>";
        let odt = zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("meta.xml", meta.as_bytes()),
        ]);
        let inspected = inspect(&odt);
        assert_eq!(inspected.extension, "odt");
        assert_eq!(
            inspected.findings,
            [
                Finding::Software("LibreOffice/7.4".into()),
                Finding::Author("Sun Qi".into()),
                Finding::Author("Zhou Ba".into()),
            ]
        );
    }

    #[test]
    fn office_reads_are_bounded() {
        // 8 MiB of XML that compresses to a few KiB: only the first MiB is inflated.
        let mut core = b"<cp:coreProperties><dc:creator>".to_vec();
        core.resize(8 << 20, b'a');
        let docx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
            ("docProps/core.xml", &core),
        ]);
        assert!(docx.len() < 100_000);
        let inspected = inspect(&docx);
        let expected = format!("{}…", "a".repeat(MAX_TEXT_CHARS));
        assert_eq!(inspected.findings, [Finding::Author(expected)]);
    }

    #[test]
    fn texts_are_tidied() {
        assert_eq!(tidy(" a\u{0}\u{202E}b \n\t c "), Some("a b c".into()));
        assert_eq!(tidy(" \u{200B}\r\n"), None);
        assert_eq!(
            tidy(&"長".repeat(500)).unwrap().chars().count(),
            MAX_TEXT_CHARS + 1
        );
        // Cut inside a character by the byte limit: still UTF-8, not Latin-1.
        let long = "長".repeat(MAX_TEXT_CHARS * 2);
        assert!(tidy_bytes(long.as_bytes()).unwrap().starts_with("長長"));
        assert_eq!(tidy_bytes(b"Caf\xE9"), Some("Café".into()));
        assert_eq!(
            xml_unescape("a&lt;b&gt; &#x4E2D;&#25991; &bogus; &"),
            "a<b> 中文 &bogus; &"
        );
    }

    // -----------------------------------------------------------------------------------
    // Robustness: attacker-controlled input must never panic

    #[test]
    fn malformed_input_never_panics() {
        let docx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
            ("docProps/core.xml", b"<dc:creator>Chen Qi</dc:creator>"),
        ]);
        let fixtures = [
            jpeg(&[
                segment(0xE1, &[EXIF_PREFIX, &phone_exif()].concat()),
                segment(0xED, b"Photoshop 3.0\0\x1C\x02\x50\0\x03abc"),
            ]),
            png(&[
                png_ihdr(),
                png_chunk(b"eXIf", &phone_exif()),
                png_chunk(b"iTXt", b"Author\0\0\0en\0\0Zhao"),
                png_idat(),
                png_chunk(b"IEND", b""),
            ]),
            webp(&[
                riff_chunk(b"VP8X", &[0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                riff_chunk(b"VP8L", VP8L),
                riff_chunk(b"EXIF", &phone_exif()),
            ]),
            phone_exif(),
            b"%PDF-1.4 /Author (a\\".to_vec(),
            b"%PDF-1.4 /Author <FEFF4".to_vec(),
            docx,
            // Hand-made oddities.
            vec![0xFF, 0xD8, 0xFF, 0xFF, 0xFF],
            vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00],
            vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9],
            vec![0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF],
            [PNG_SIGNATURE, b"\xFF\xFF\xFF\xFFIHDR"].concat(),
            b"RIFF\xFF\xFF\xFF\xFFWEBPVP8X".to_vec(),
        ];
        // A small deterministic generator, so that a failure can be replayed.
        let mut state: u64 = 0x5EED;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for fixture in &fixtures {
            for end in 0..fixture.len() {
                inspect(&fixture[..end]);
            }
            for _ in 0..400 {
                let mut mutated = fixture.clone();
                for _ in 0..1 + next() % 4 {
                    let at = next() % mutated.len();
                    mutated[at] = next() as u8;
                }
                inspect(&mutated);
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Messages

    /// One of each finding; the match fails to compile when a variant is added.
    fn every_finding() -> Vec<Finding> {
        let all = vec![
            Finding::GpsPosition {
                latitude: 39.9042,
                longitude: -116.4074,
            },
            Finding::Camera {
                make: "Apple".into(),
                model: "iPhone 15".into(),
            },
            Finding::TakenAt("2024:05:01 10:20:30".into()),
            Finding::SerialNumber("SN-0042".into()),
            Finding::Software("GIMP 2.10".into()),
            Finding::Author("Li Lei".into()),
            Finding::OtherExif,
            Finding::Xmp,
            Finding::Comment,
            Finding::ExtraContent,
            Finding::NotCleanable,
        ];
        for finding in &all {
            match finding {
                Finding::GpsPosition { .. }
                | Finding::Camera { .. }
                | Finding::TakenAt(_)
                | Finding::SerialNumber(_)
                | Finding::Software(_)
                | Finding::Author(_)
                | Finding::OtherExif
                | Finding::Xmp
                | Finding::Comment
                | Finding::ExtraContent
                | Finding::NotCleanable => {}
            }
        }
        all
    }

    const CATALOGS: [(&str, &str); 2] = [
        (
            "zh-CN",
            include_str!("../../locales/zh-CN/report-evidence.ftl"),
        ),
        ("en", include_str!("../../locales/en/report-evidence.ftl")),
    ];

    #[test]
    fn every_message_is_in_both_catalogs() {
        use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

        let mut ids: Vec<&str> = every_finding().iter().map(|f| f.message().0).collect();
        // Shown after the findings, depending on whether there is a cleaned copy.
        ids.extend(["evidence-cleaned", "evidence-not-cleaned"]);
        ids.sort_unstable();
        for (tag, source) in CATALOGS {
            let mut defined: Vec<&str> = source
                .lines()
                .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
                .filter_map(|line| line.split(" = ").next())
                .collect();
            defined.sort_unstable();
            assert_eq!(defined, ids, "{tag}");

            let resource = FluentResource::try_new(source.to_owned()).unwrap();
            let mut bundle = FluentBundle::new(vec![tag.parse().unwrap()]);
            bundle.set_use_isolating(false);
            bundle.add_resource(resource).unwrap();
            for finding in every_finding() {
                let (id, values) = finding.message();
                let mut args = FluentArgs::new();
                for (name, value) in &values {
                    args.set(*name, value.clone());
                }
                let pattern = bundle.get_message(id).unwrap().value().unwrap();
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert_eq!(errors, [], "{tag} {id}");
                for (_, value) in values {
                    assert!(text.contains(&value), "{tag} {id}: {text}");
                }
            }
        }
    }
}
