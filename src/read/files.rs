//! The files of a submissions folder: which are workbooks or documents to read, which
//! are skipped and why (lock files of Excel/LibreOffice, files of other kinds).

use serde::Serialize;
use std::path::{Path, PathBuf};

/// A file found in the inputs and skipped, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// A folder or file that could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("không mở được {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("không đọc được thư mục {path}: {source}")]
    Folder {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The folder, inside a period's submissions, where the web page keeps documents sent
/// in place of the form (read like the rest of the folder).
pub const WRONG_FORMAT_DIR: &str = "khac-mau";

/// Workbook extensions read as submissions (a CSV export of the form included).
const WORKBOOK_EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "xlsb", "csv"];

/// Expands files and folders into the files to check (sorted) and the files skipped.
/// A file named explicitly is always checked; inside folders, hidden files and folders
/// are ignored and lock files and non-workbooks are skipped with a reason.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>), FilesError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| FilesError::Open {
            path: input.display().to_string(),
            source,
        })?;
        if meta.is_dir() {
            walk(input, &mut files, &mut skipped)?;
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok((files, skipped))
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), FilesError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| FilesError::Folder {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, files, skipped)?;
            }
            continue;
        }
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if name.starts_with("~$") || name.starts_with(".~lock") {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason: "tệp khóa tạm của Excel/LibreOffice".into(),
            });
        } else if name.starts_with('.') {
            continue;
        } else if crate::read::review::is_review(&p) {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason:
                    "tệp hiệu chỉnh của Sở Nội vụ (các quyết định về phát hiện), không phải báo cáo"
                        .into(),
            });
        } else if crate::read::receipts::is_register(&p) {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason: "sổ văn bản đến (ngày nhận các báo cáo), không phải báo cáo".into(),
            });
        } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str())
            || crate::read::document::DocKind::of_extension(&ext).is_some()
        {
            // Documents (Word, PDF, scans) are read for their agency: a report sent in
            // the wrong form is not a report missing.
            files.push(p);
        } else {
            skipped.push(Skipped {
                file: p.display().to_string(),
                reason: "không phải bảng tính hay văn bản báo cáo (.xlsx, .xls, .ods, .csv, .docx, .pdf)".into(),
            });
        }
    }
    Ok(())
}
