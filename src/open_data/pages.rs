//! `/data/`: the list of bulk files with their digests and the data dictionary, and the
//! downloads themselves.
//!
//! None of these go through the page cache: the files change when a generation finishes,
//! not when something is published, and a cached copy of a large CSV would only waste
//! memory. Downloads are validated by their SHA-256 instead.

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;

use super::generate::{DICTIONARY_FILE, ZIP_FILE};
use super::manifest::{FileEntry, OpenData};
use crate::web::{AppError, Lang, Page, Renderer};

/// Registers `/data/`, its files and the manifest.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/data", crate::web::get_or_head().to(redirect_to_index))
        .route("/data/", crate::web::get_or_head().to(index))
        .route(
            "/data/manifest.json",
            crate::web::get_or_head().to(manifest),
        )
        .route("/data/{file}", crate::web::get_or_head().to(download));
}

async fn redirect_to_index() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/data/"))
        .finish()
}

#[derive(Serialize)]
struct FileView<'a> {
    name: &'a str,
    title_key: &'a str,
    sha256: &'a str,
    size: u64,
    generated_at: String,
}

#[derive(Serialize)]
struct FieldView<'a> {
    file: &'a str,
    name: &'a str,
    meaning: &'a str,
    unit: &'a str,
}

async fn index(
    page: Page,
    renderer: web::Data<Renderer>,
    data: web::Data<OpenData>,
) -> Result<HttpResponse, AppError> {
    let manifest = data.current();
    let title_of = |name: &str| match name {
        DICTIONARY_FILE => "data_file_dictionary",
        ZIP_FILE => "data_file_zip",
        _ => data
            .tables()
            .iter()
            .find(|t| t.file == name)
            .map_or("data_file_dictionary", |t| t.title_key),
    };
    let files: Vec<FileView> = manifest
        .iter()
        .flat_map(|m| &m.files)
        .map(|f| FileView {
            name: &f.name,
            title_key: title_of(&f.name),
            sha256: &f.sha256,
            size: f.size,
            generated_at: beijing_time(f),
        })
        .collect();
    let fields: Vec<FieldView> = data
        .tables()
        .iter()
        .flat_map(|t| t.columns.iter().map(move |c| (t.file, c)))
        .map(|(file, c)| FieldView {
            file,
            name: &c.name,
            meaning: if page.lang == Lang::Zh { &c.zh } else { &c.en },
            unit: c.unit,
        })
        .collect();
    let mut context = Context::new();
    context.insert("files", &files);
    context.insert("fields", &fields);
    context.insert(
        "generated_at",
        &manifest.as_ref().map(|m| format_beijing(m.generated_at)),
    );
    page.render(&renderer, "data/index.html", context)
}

fn beijing_time(file: &FileEntry) -> String {
    format_beijing(file.generated_at)
}

fn format_beijing(at: chrono::DateTime<chrono::Utc>) -> String {
    (at + chrono::Duration::hours(8))
        .format("%Y-%m-%d %H:%M:%S (UTC+8)")
        .to_string()
}

async fn manifest(data: web::Data<OpenData>) -> Result<HttpResponse, AppError> {
    let manifest = data.current().ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .json(&*manifest))
}

async fn download(
    req: HttpRequest,
    file: web::Path<String>,
    data: web::Data<OpenData>,
) -> Result<HttpResponse, AppError> {
    let manifest = data.current().ok_or(AppError::NotFound)?;
    // Only names in the manifest are served, so no path can leave the generation.
    let entry = manifest.file(&file).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", entry.sha256);
    let validators =
        header::HeaderValue::from_str(&etag).map_err(|e| AppError::Internal(e.into()))?;
    if client_has(&req, &entry.sha256) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, validators))
            .finish());
    }
    let content_type = if entry.name.ends_with(".zip") {
        "application/zip"
    } else {
        "text/csv; charset=utf-8"
    };
    let named = NamedFile::open_async(data.path_of(&manifest, entry))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .use_etag(false)
        .use_last_modified(false)
        .set_content_type(content_type.parse().map_err(|_| AppError::NotFound)?)
        .set_content_disposition(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(entry.name.clone())],
        });
    let mut response = named.into_response(&req);
    let headers = response.headers_mut();
    headers.insert(header::ETAG, validators);
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(response)
}

fn client_has(req: &HttpRequest, sha256: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
                .any(|t| t == sha256 || t == "*")
        })
}
