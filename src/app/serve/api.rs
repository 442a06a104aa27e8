//! The JSON API: upload a submission (answered with its check), the period's status,
//! run the period, download an output. Errors are `{"error": {"code", "message"}}` with
//! a Vietnamese message and a 4xx/5xx status.

use super::Shared;
use crate::app::pipeline::RunOptions;
use crate::check::{Checked, FileStatus};
use crate::model::finding::Code;
use crate::model::period::Period;
use crate::workspace::Workspace;
use axum::Json;
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::path::{Component, PathBuf};

/// A failed request: its status, a stable code and a Vietnamese message.
pub(super) struct ApiError(pub StatusCode, pub &'static str, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.0,
            Json(json!({"error": {"code": self.1, "message": self.2}})),
        )
            .into_response()
    }
}

pub(super) type ApiResult = Result<Response, ApiError>;

pub(super) fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, code, message.into())
}

pub(super) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("lỗi máy chủ: {e}"),
    )
}

/// The token (beyond this machine) and, for POSTs, the origin: a page of another site
/// cannot make the browser post to this server.
pub(super) async fn guard(State(s): State<Shared>, req: Request, next: Next) -> Response {
    // DNS rebinding: a page of evil.example whose name is made to point at 127.0.0.1
    // reaches this server as "Host: evil.example". Only the names the server was
    // started for are served, before anything else.
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, s.addr) {
        return ApiError(
            StatusCode::MISDIRECTED_REQUEST,
            "host.refused",
            format!("Máy chủ không phục vụ tên “{host}”: mở địa chỉ in ra khi khởi động"),
        )
        .into_response();
    }
    let mut set_cookie = None;
    if let Some(token) = &s.token {
        let cookie_ok = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|c| c.trim() == format!("vanban_token={token}"));
        let query_ok = req
            .uri()
            .query()
            .is_some_and(|q| q.split('&').any(|p| p == format!("token={token}")));
        if !cookie_ok && !query_ok {
            return ApiError(
                StatusCode::UNAUTHORIZED,
                "token.missing",
                "Cần mã truy cập: mở địa chỉ máy chủ in ra khi khởi động (có ?token=…)".into(),
            )
            .into_response();
        }
        if query_ok && !cookie_ok {
            set_cookie = Some(format!(
                "vanban_token={token}; Path=/; HttpOnly; SameSite=Strict"
            ));
        }
    }
    if req.method() == axum::http::Method::POST && !same_origin(req.headers()) {
        return ApiError(
            StatusCode::FORBIDDEN,
            "origin.refused",
            "Yêu cầu từ trang khác bị từ chối".into(),
        )
        .into_response();
    }
    let mut resp = next.run(req).await;
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        resp.headers_mut().insert(header::SET_COOKIE, c);
    }
    resp
}

/// True when a `Host` header names this server: localhost, a loopback address, the
/// address it listens on, or — listening on every interface — any address literal. A
/// domain name other than localhost is refused: it is what DNS rebinding needs, and no
/// address literal can be rebound.
pub(super) fn host_allowed(host: &str, addr: std::net::SocketAddr) -> bool {
    // Drop the port: "127.0.0.1:8080", "[::1]:8080", "localhost:8080".
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(n, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                n
            } else {
                host
            }
        }),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == addr.ip() || addr.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// No Origin (a script, curl) or one naming this very host.
fn same_origin(h: &HeaderMap) -> bool {
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|o| o == host)
}

/// The period of the path, and the workspace of its year.
pub(super) fn period_ws(s: &Shared, period: &str) -> Result<(Period, Workspace), ApiError> {
    let p = Period::parse_id(period).ok_or_else(|| {
        bad(
            "period.unknown",
            format!("Kỳ báo cáo “{period}” không hợp lệ (ví dụ: q1-2019)"),
        )
    })?;
    let ws = Workspace::load(&s.settings.paths, Some(p.year))
        .map_err(internal)?
        .with_limits(s.settings.limits);
    Ok((p, ws))
}

pub(super) fn submissions_dir(s: &Shared, p: Period) -> PathBuf {
    s.settings.submissions.join(p.id())
}

/// POST …/submissions: one file (field `file`), checked before it is kept; saved under
/// a name the server chooses; answered with its check (an entry of `check --format json`).
pub(super) async fn upload(
    State(s): State<Shared>,
    Path(period): Path<String>,
    mut form: Multipart,
) -> ApiResult {
    let (p, ws) = period_ws(&s, &period)?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = form.next_field().await.map_err(|e| {
        bad(
            "upload.invalid",
            format!("Dữ liệu tải lên không đọc được: {e}"),
        )
    })? {
        if field.name() != Some("file") {
            continue;
        }
        if file.is_some() {
            return Err(bad("upload.too_many", "Mỗi lần chỉ tải lên một tệp"));
        }
        let name = field.file_name().unwrap_or("bao-cao.xlsx").to_string();
        let bytes = field.bytes().await.map_err(|e| {
            ApiError(
                StatusCode::PAYLOAD_TOO_LARGE,
                "file.too_large",
                format!("Tệp quá lớn hoặc bị ngắt: {e}"),
            )
        })?;
        file = Some((name, bytes.to_vec()));
    }
    let (name, bytes) =
        file.ok_or_else(|| bad("upload.missing", "Chưa chọn tệp (trường “file”)"))?;
    let ext = std::path::Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| {
            matches!(e.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "csv")
                || crate::read::document::DocKind::of_extension(e).is_some()
        })
        .ok_or_else(|| {
            bad(
                "file.type",
                "Chỉ nhận báo cáo: tệp Excel (.xlsx, .xls), .ods, .csv, hoặc văn bản (.docx, .pdf)",
            )
        })?;
    // A document in place of the form is kept apart from the reports, in a folder of
    // its own that every run still reads (its agency is "gửi sai định dạng").
    let document = crate::read::document::DocKind::of_extension(&ext).is_some();
    let dir = match document {
        true => submissions_dir(&s, p).join(crate::read::files::WRONG_FORMAT_DIR),
        false => submissions_dir(&s, p),
    };
    let target = saved_name(&s, &dir, &name, &ext);
    let shown = target.display().to_string();
    let as_of = s.settings.as_of;
    let (checked, bytes, feedback) = tokio::task::spawn_blocking(move || {
        let (sub, c) = ws.check_bytes(&shown, bytes.clone(), Some(p), as_of, None);
        let feedback = sub
            .document
            .is_none()
            .then(|| ws.feedback(&sub, &c).ok())
            .flatten();
        (c, bytes, feedback)
    })
    .await
    .map_err(internal)?;
    if checked
        .diagnostics
        .iter()
        .any(|d| d.code == Code::FileTooLarge)
    {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file.too_large",
            first_message(&checked),
        ));
    }
    if checked.status == FileStatus::Unreadable && checked.document.is_none() {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "file.unreadable",
            first_message(&checked),
        ));
    }
    crate::app::write_file(&target, &bytes).map_err(internal)?;
    // Its feedback copy, where the page links to it (a run rebuilds them all).
    if let Some(copy) = feedback {
        let name = crate::output::feedback_name(&checked.file, &mut Default::default());
        let path = s.settings.period_dir(p).join("kiem-tra").join(name);
        crate::app::write_file(&path, &copy).map_err(internal)?;
    }
    Ok(Json(checked).into_response())
}

fn first_message(c: &Checked) -> String {
    c.diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.message.to_string())
        .unwrap_or_else(|| "Tệp không đọc được".into())
}

/// `<safe stem>-<n>.<ext>` in the period's folder: the client's name never becomes a
/// path, and an agency's second file never replaces its first.
fn saved_name(s: &Shared, dir: &std::path::Path, name: &str, ext: &str) -> PathBuf {
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|x| crate::output::safe_file_stem(&x.to_string_lossy()))
        .filter(|x| !x.is_empty() && x != "." && x != "..")
        .unwrap_or_else(|| "bao-cao".into());
    loop {
        let n = s.uploads.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let p = dir.join(format!("{stem}-{stamp}-{n}.{ext}"));
        if !p.exists() {
            return p;
        }
    }
}

/// GET …/status: every file of the period checked (as `check --format json`) and every
/// agency's state.
pub(super) async fn status(State(s): State<Shared>, Path(period): Path<String>) -> ApiResult {
    let (p, ws) = period_ws(&s, &period)?;
    let dir = submissions_dir(&s, p);
    let out_dir = s.settings.period_dir(p);
    let as_of = s.settings.as_of;
    let out = tokio::task::spawn_blocking(move || -> Result<serde_json::Value, String> {
        let pc = ws
            .check_period(&dir, p, as_of, true)
            .map_err(|e| e.to_string())?;
        for w in &pc.warnings {
            eprintln!("vanban: cảnh báo: {w}");
        }
        let (checked, skipped) = (pc.checked, pc.skipped);
        let summary = ws.summarise(p, as_of, &checked);
        // The feedback copy of each file, as `run` names it, when one has been written.
        let mut used = std::collections::HashSet::new();
        let feedback: Vec<Option<String>> = checked
            .iter()
            .map(|c| {
                let name = crate::output::feedback_name(&c.file, &mut used);
                out_dir
                    .join("kiem-tra")
                    .join(&name)
                    .exists()
                    .then(|| format!("kiem-tra/{name}"))
            })
            .collect();
        let agencies: Vec<serde_json::Value> = summary
            .agencies
            .iter()
            .map(|a| {
                json!({
                    "code": a.code,
                    "name": a.name,
                    "submitted": a.submitted.label(),
                    "status": a.status,
                    "errors": a.errors,
                    "warnings": a.warnings,
                    "settled": a.checked.map_or(0, |i| checked[i].diagnostics.iter().filter(|d| d.settled.is_some()).count()),
                    "files": a.files,
                })
            })
            .collect();
        Ok(json!({
            "period": p.id(),
            "label": p.label(),
            "as_of": as_of.format("%Y-%m-%d").to_string(),
            "files": checked,
            "feedback": feedback,
            "skipped": skipped,
            "agencies": agencies,
        }))
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    Ok(Json(out).into_response())
}

/// POST …/run: the whole period as `vanban run`, one at a time; answered with the manifest.
pub(super) async fn run(State(s): State<Shared>, Path(period): Path<String>) -> ApiResult {
    let (p, _) = period_ws(&s, &period)?;
    let Ok(_guard) = s.running.try_lock() else {
        return Err(ApiError(
            StatusCode::CONFLICT,
            "run.busy",
            "Đang tổng hợp một kỳ báo cáo; hãy chờ lượt này xong".into(),
        ));
    };
    let state = s.clone();
    let manifest = tokio::task::spawn_blocking(move || {
        let documents = state.settings.documents().map_err(|e| e.to_string())?;
        crate::app::pipeline::run(&RunOptions {
            settings: &state.settings,
            period: p,
            documents,
            progress: false,
        })
        .map_err(|e| e.to_string())
    })
    .await
    .map_err(internal)?
    .map_err(|e| ApiError(StatusCode::UNPROCESSABLE_ENTITY, "run.failed", e))?;
    Ok(Json(manifest).into_response())
}

/// The output path asked for, inside the period's output folder, or an error: only
/// plain names, never `..`, a root or a drive.
fn output_path(s: &Shared, p: Period, rel: &str) -> Result<PathBuf, ApiError> {
    let rel = std::path::Path::new(rel);
    if rel.as_os_str().is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(bad("path.invalid", "Đường dẫn tệp không hợp lệ"));
    }
    Ok(s.settings.period_dir(p).join(rel))
}

/// GET …/files/{path}: an output of the period (PDFs open in the browser).
pub(super) async fn file(
    State(s): State<Shared>,
    Path((period, rel)): Path<(String, String)>,
) -> ApiResult {
    let (p, _) = period_ws(&s, &period)?;
    let path = output_path(&s, p, &rel)?;
    let bytes = tokio::fs::read(&path).await.map_err(|_| {
        ApiError(
            StatusCode::NOT_FOUND,
            "file.not_found",
            format!("Không có tệp {rel}"),
        )
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let disposition = if ext == "pdf" { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{}\"", name.replace('"', "")),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// GET …/zip: the whole output folder of the period as one ZIP.
pub(super) async fn zip(State(s): State<Shared>, Path(period): Path<String>) -> ApiResult {
    let (p, _) = period_ws(&s, &period)?;
    let dir = s.settings.period_dir(p);
    if !dir.is_dir() {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            "run.none",
            "Kỳ này chưa được tổng hợp".into(),
        ));
    }
    let bytes = tokio::task::spawn_blocking(move || zip_folder(&dir))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"vanban-{}.zip\"", p.id()),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn zip_folder(dir: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| e.to_string())?.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    for f in files {
        let rel = f.strip_prefix(dir).map_err(|e| e.to_string())?;
        let name = rel.to_string_lossy().replace('\\', "/");
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(&std::fs::read(&f).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn only_the_names_the_server_was_started_for() {
        let local: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "127.0.0.1",
        ] {
            assert!(host_allowed(ok, local), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "",
            "10.0.0.5:8080",
            "127.0.0.1.nip.io",
        ] {
            assert!(!host_allowed(bad, local), "{bad}");
        }
        let lan: std::net::SocketAddr = "192.168.1.10:8080".parse().unwrap();
        assert!(host_allowed("192.168.1.10:8080", lan));
        assert!(!host_allowed("10.0.0.5:8080", lan));
        let any: std::net::SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(host_allowed("10.0.0.5:8080", any));
        assert!(!host_allowed("intranet.example:8080", any));
    }
}
