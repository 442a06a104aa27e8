//! The Sở's review on the web page: `GET …/review` lists the period's findings a review
//! can settle, each with its stable id and the decision taken, if any; `POST …/review`
//! records decisions in the period's `hieu-chinh.xlsx` — the same file `vanban review`
//! writes and the specialist may edit in Excel. A save names the version of the file it
//! was made on: a save from a second tab, made on an older version, is refused with a
//! message instead of being merged blindly.

use super::Shared;
use super::api::{ApiError, ApiResult, bad, internal, period_ws, submissions_dir};
use crate::app::pipeline::review as read_review;
use crate::check::Checked;
use crate::model::review::{Decision, Entry, Review};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::json;

/// The version of a review file: the SHA-256 of its bytes, "" when there is none yet.
fn version(path: &std::path::Path) -> String {
    std::fs::read(path)
        .map(|b| crate::app::manifest::sha256(&b))
        .unwrap_or_default()
}

/// GET …/review.
pub(super) async fn list(State(s): State<Shared>, Path(period): Path<String>) -> ApiResult {
    let (p, ws) = period_ws(&s, &period)?;
    let dir = submissions_dir(&s, p);
    let as_of = s.settings.as_of;
    let out = tokio::task::spawn_blocking(move || {
        let review = read_review(&dir);
        let checked = ws
            .check_period(&dir, p, as_of, true)
            .map(|pc| pc.checked)
            .unwrap_or_default();
        let findings: Vec<serde_json::Value> =
            crate::xlsx::review::open_findings(&checked, &ws.registry)
                .into_iter()
                .map(|o| {
                    let e = review.get(&o.id);
                    json!({
                        "id": o.id,
                        "agency": o.agency,
                        "place": o.place,
                        "code": o.code,
                        "severity": o.severity,
                        "message": o.message,
                        "decision": e.map(|e| e.decision.code()),
                        "value": e.map(|e| match &e.decision { Decision::Replace(v) => v.clone(), _ => String::new() }),
                        "reason": e.map(|e| e.reason.clone()),
                        "who": e.map(|e| e.who.clone()),
                        "date": e.map(|e| e.date.clone()),
                    })
                })
                .collect();
        json!({
            "version": version(&dir.join(crate::read::review::FILE_NAME)),
            "findings": findings,
        })
    })
    .await
    .map_err(internal)?;
    Ok(Json(out).into_response())
}

/// One decision as the page sends it: a stable decision code ("" takes it back).
#[derive(serde::Deserialize)]
struct Sent {
    id: String,
    decision: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    date: String,
}

#[derive(serde::Deserialize)]
pub(super) struct Save {
    version: String,
    decisions: Vec<Sent>,
}

/// POST …/review: decisions recorded in the review file (atomically), answered with the
/// file's new version.
pub(super) async fn save(
    State(s): State<Shared>,
    Path(period): Path<String>,
    Json(body): Json<Save>,
) -> ApiResult {
    let (p, ws) = period_ws(&s, &period)?;
    // One writer at a time, and never while a run reads the file.
    let Ok(_guard) = s.running.try_lock() else {
        return Err(ApiError(
            StatusCode::CONFLICT,
            "run.busy",
            "Đang tổng hợp kỳ báo cáo; hãy lưu lại sau khi tổng hợp xong".into(),
        ));
    };
    let dir = submissions_dir(&s, p);
    let path = dir.join(crate::read::review::FILE_NAME);
    if version(&path) != body.version {
        return Err(ApiError(
            StatusCode::CONFLICT,
            "review.stale",
            "Tệp hiệu chỉnh đã được lưu từ nơi khác (một thẻ khác hoặc Excel) sau khi trang này mở: tải lại trang rồi quyết định lại".into(),
        ));
    }
    let mut decided: Vec<(String, Option<Entry>)> = Vec::new();
    for d in body.decisions {
        let decision = match d.decision.as_str() {
            "" => None,
            "accept" => Some(Decision::Accept),
            "replace" => Some(Decision::Replace(d.value.trim().to_string())),
            "exclude" => Some(Decision::Exclude),
            other => {
                return Err(bad(
                    "review.decision",
                    format!("Quyết định không hợp lệ: “{other}”"),
                ));
            }
        };
        decided.push((
            d.id.clone(),
            decision.map(|decision| Entry {
                id: d.id,
                decision,
                reason: d.reason,
                who: d.who,
                date: d.date,
            }),
        ));
    }
    let as_of = s.settings.as_of;
    let out = tokio::task::spawn_blocking(move || -> Result<String, String> {
        let mut review: Review = read_review(&dir);
        for (id, e) in decided {
            match e {
                Some(e) => {
                    review.entries.insert(id, e);
                }
                None => {
                    review.entries.remove(&id);
                }
            }
        }
        // The findings as they stand without the review, so that every finding keeps its
        // row whatever was decided.
        let checked: Vec<Checked> = ws
            .check_period(&dir, p, as_of, false)
            .map(|pc| pc.checked)
            .unwrap_or_default();
        let open = crate::xlsx::review::open_findings(&checked, &ws.registry);
        let title = format!(
            "HIỆU CHỈNH SỐ LIỆU, NỘI DUNG BÁO CÁO CẢI CÁCH HÀNH CHÍNH {}",
            p.label().to_uppercase()
        );
        let bytes = crate::xlsx::review::review_workbook(&open, &review, &title)
            .map_err(|e| e.to_string())?;
        crate::output::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
        Ok(crate::app::manifest::sha256(&bytes))
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    Ok(Json(json!({ "version": out })).into_response())
}
