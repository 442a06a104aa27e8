//! The record of an issued document, written beside its files ("45-BC-UBND.json"): the
//! model as issued and where its signing space fell on the page. Signing places the
//! leader's image from it; the edXML package takes its header from it.

use crate::doc::{Document, SigningSpace};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// "45/BC-UBND".
    pub reference: String,
    pub issued: NaiveDate,
    /// The file names written beside the record.
    pub files: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_space: Option<SigningSpace>,
    pub document: Document,
}

impl Record {
    /// The record of an issued file: the same stem, `.json`.
    pub fn path_for(file: &Path) -> PathBuf {
        file.with_extension("json")
    }

    /// Reads the record beside an issued file.
    pub fn for_file(file: &Path) -> Result<Record, String> {
        let path = Record::path_for(file);
        let bytes = std::fs::read(&path).map_err(|e| {
            format!(
                "không đọc được {} ({e}): chỉ ký, gửi văn bản đã ban hành bằng vanban ban-hanh",
                path.display()
            )
        })?;
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}
