//! The Sở's notes for a period (`inputs/ghi-chu/<kỳ>.toml`): what only the Sở knows and
//! no agency's workbook carries — the Ban chỉ đạo's meetings, the communication work,
//! the posts of public-service mail, the causes it sees, its requests to the Bộ. The
//! report prints each note, as written, where the outline names its key.
//!
//! ```toml
//! [notes]
//! tuyen-truyen = "Ủy ban nhân dân thành phố đã …"
//! nguyen-nhan = ["…", "…"]
//! ```

use crate::model::ListError;
use crate::model::period::Period;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The notes of one period: key → paragraphs (or list items).
#[derive(Debug, Clone, Default)]
pub struct Notes {
    map: BTreeMap<String, Vec<String>>,
    /// The file they came from (none: no file for the period).
    pub source: Option<PathBuf>,
}

impl Notes {
    /// `<dir>/<period id>.toml` (`ghi-chu/q1-2019.toml`); no notes when there is no file.
    pub fn load(dir: &Path, period: Period) -> Result<Notes, ListError> {
        const WHAT: &str = "ghi chú của Sở";
        let path = dir.join(format!("{}.toml", period.id()));
        if !path.exists() {
            return Ok(Notes::default());
        }
        let text = ListError::read(WHAT, &path)?;
        let mut notes = Self::from_toml(&text).map_err(|m| ListError::invalid(WHAT, &path, m))?;
        notes.source = Some(path);
        Ok(notes)
    }

    /// Parses `[notes]`: each value a text or a list of texts; empty texts are dropped.
    pub fn from_toml(text: &str) -> Result<Notes, String> {
        let value: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut map = BTreeMap::new();
        for k in value.keys() {
            if k != "notes" {
                return Err(format!(
                    "bảng [{k}] không được dùng; ghi các mục trong [notes]"
                ));
            }
        }
        let Some(table) = value.get("notes") else {
            return Ok(Notes::default());
        };
        let table = table
            .as_table()
            .ok_or_else(|| "[notes] phải là một bảng".to_string())?;
        for (key, v) in table {
            let texts: Vec<String> = match v {
                toml::Value::String(s) => vec![s.clone()],
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| {
                        x.as_str().map(str::to_string).ok_or_else(|| {
                            format!("mục \"{key}\": danh sách chỉ gồm các đoạn văn bản")
                        })
                    })
                    .collect::<Result<_, _>>()?,
                _ => {
                    return Err(format!(
                        "mục \"{key}\" phải là văn bản hoặc danh sách văn bản"
                    ));
                }
            };
            let texts: Vec<String> = texts
                .iter()
                .map(|t| crate::text::clean(t))
                .filter(|t| !t.is_empty())
                .collect();
            if !texts.is_empty() {
                map.insert(key.clone(), texts);
            }
        }
        Ok(Notes { map, source: None })
    }

    /// The paragraphs under a key (empty when the Sở wrote none).
    pub fn get(&self, key: &str) -> &[String] {
        self.map.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every key written.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_lists_are_read_and_empty_ones_dropped() {
        let n = Notes::from_toml(
            "[notes]\na = \"Một đoạn.\"\nb = [\"Thứ nhất.\", \"  \", \"Thứ hai.\"]\nc = \"\"\n",
        )
        .unwrap();
        assert_eq!(n.get("a"), ["Một đoạn."]);
        assert_eq!(n.get("b"), ["Thứ nhất.", "Thứ hai."]);
        assert!(n.get("c").is_empty());
        assert_eq!(n.keys().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn a_value_of_another_type_is_refused() {
        assert!(Notes::from_toml("[notes]\na = 3\n").is_err());
        assert!(Notes::from_toml("[other]\na = \"x\"\n").is_err());
    }
}
