//! The short titles of a plan's tasks (`inputs/danh-muc-2019-ten-ngan.toml`), written by
//! a person, one per task, for running text of the report: "Kế hoạch kiểm soát thủ tục
//! hành chính năm 2019 của UBND thành phố" where the annex has a row of sixty words. A
//! title cut by a program ("Triển khai đánh giá xác…") is no title a specialist writes;
//! without this table (or the annex's own "Tên ngắn" column) the full title is used.
//!
//! The table sits next to the annex it belongs to (`<annex>-ten-ngan.toml`), so another
//! plan never borrows it.

use super::catalogue::Catalogue;
use super::finding::{Code, Diagnostic};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: String,
    short: String,
}

/// The table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortTitles {
    #[serde(default, rename = "task")]
    list: Vec<Entry>,
    #[serde(skip)]
    source: String,
}

/// Where an annex's short-title table is looked for: `danh-muc-2019.xlsx` →
/// `danh-muc-2019-ten-ngan.toml` in the same folder.
pub fn beside(catalogue: &Path) -> PathBuf {
    let stem = catalogue
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    catalogue.with_file_name(format!("{stem}-ten-ngan.toml"))
}

impl ShortTitles {
    pub fn load(path: &Path) -> Result<ShortTitles, super::ListError> {
        const WHAT: &str = "bảng tên ngắn nhiệm vụ";
        let text = super::ListError::read(WHAT, path)?;
        let mut t: ShortTitles = toml::from_str(&text)
            .map_err(|e| super::ListError::invalid(WHAT, path, e.to_string()))?;
        for e in &t.list {
            let s = e.short.trim();
            if s.is_empty() || s.contains('…') || s.contains("...") {
                return Err(super::ListError::invalid(
                    WHAT,
                    path,
                    format!("tên ngắn của nhiệm vụ {} rỗng hoặc bị cắt (“…”)", e.code),
                ));
            }
        }
        t.source = path.display().to_string();
        Ok(t)
    }

    /// Sets the tasks' short titles; a code the annex does not have is a warning.
    pub fn apply(&self, cat: &mut Catalogue) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for e in &self.list {
            let code = super::catalogue::normalize_task_code(&e.code).unwrap_or(e.code.clone());
            match cat.tasks.iter_mut().find(|t| t.code == code) {
                Some(t) => t.short = Some(crate::text::clean(&e.short)),
                None => out.push(Diagnostic::warning(
                    Code::TaskUnknown,
                    format!(
                        "Bảng tên ngắn {} có nhiệm vụ {} không có trong danh mục",
                        self.source, e.code
                    ),
                )),
            }
        }
        out
    }
}
