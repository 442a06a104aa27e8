//! `manifest.json`: what a run read and wrote, and the summary printed at its end.

use crate::aggregate::{Submitted, Summary};
use crate::check::FileStatus;
use crate::model::period::Period;
use crate::read::files::Skipped;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One file written.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Path relative to the period folder.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One input read.
#[derive(Debug, Clone, Serialize)]
pub struct InputRead {
    pub path: String,
    /// SHA-256 of the bytes that were parsed; `null` when the file was not read (refused
    /// by its size, or an I/O error — the finding says which).
    pub sha256: Option<String>,
    pub agency: Option<String>,
    pub status: String,
}

/// The manifest written as `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub period: String,
    pub as_of: String,
    pub files: Vec<Written>,
    pub inputs: Vec<InputRead>,
    pub skipped: Vec<Skipped>,
    pub findings: BTreeMap<String, usize>,
    pub agencies: AgencyCounts,
    pub documents: usize,
    pub failures: Vec<String>,
    /// Milliseconds per stage.
    pub timings_ms: BTreeMap<String, u64>,
}

/// How the agencies stand.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgencyCounts {
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    /// Sent a document (Word, PDF) instead of the form.
    pub wrong_format: usize,
    pub with_errors: usize,
}

impl AgencyCounts {
    pub fn of(summary: &Summary) -> AgencyCounts {
        let a = &summary.agencies;
        let count = |s: Submitted| a.iter().filter(|x| x.submitted == s).count();
        AgencyCounts {
            expected: a.len(),
            on_time: count(Submitted::OnTime),
            late: count(Submitted::Late),
            missing: count(Submitted::Missing),
            wrong_format: count(Submitted::WrongFormat),
            with_errors: a
                .iter()
                .filter(|x| x.submitted != Submitted::WrongFormat)
                .filter(|x| matches!(x.status, Some(FileStatus::Errors | FileStatus::Unreadable)))
                .count(),
        }
    }
}

/// SHA-256 in hex.
pub(crate) fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The summary printed at the end of a run.
pub fn summary_text(m: &Manifest, period: Period, dir: &Path, elapsed_ms: u128) -> String {
    let a = &m.agencies;
    let mut s = String::new();
    let as_of = NaiveDate::parse_from_str(&m.as_of, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| m.as_of.clone());
    s.push_str(&format!(
        "Kỳ báo cáo: {} (tính đến ngày {as_of})\n",
        period.label()
    ));
    s.push_str(&format!(
        "Cơ quan: {} phải báo cáo | đã nộp đúng hạn: {} | nộp muộn: {} | gửi sai định dạng: {} | chưa nộp: {} | có lỗi: {}\n",
        a.expected, a.on_time, a.late, a.wrong_format, a.missing, a.with_errors
    ));
    s.push_str(&format!(
        "Báo cáo đã kiểm tra: {} tệp (bỏ qua {}); văn bản đã ghi: {} (DOCX, PDF) vào {}\n",
        m.inputs.iter().filter(|i| i.status != "review").count(),
        m.skipped.len(),
        m.documents,
        dir.display()
    ));
    for f in &m.failures {
        s.push_str(&format!("Không tạo được: {f}\n"));
    }
    s.push_str(&format!(
        "Thời gian: {:.2} giây\n",
        elapsed_ms as f64 / 1000.0
    ));
    s
}
