//! The corrections table (`inputs/hieu-dinh.toml`): evident typos of the plan's annex
//! ("Cài cách", "Chi số") corrected in the documents vanban writes. The annex itself is
//! never changed; each correction applied is listed as an information finding of the
//! catalogue, so the check output says what was printed differently from the source.

use super::catalogue::Catalogue;
use super::finding::{Code, Diagnostic};
use serde::Deserialize;
use std::path::Path;

/// One correction: a whole-word phrase and what is printed instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub from: String,
    pub to: String,
}

/// The corrections table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    #[serde(default, rename = "correction")]
    pub list: Vec<Correction>,
    /// The file the table was read from, named in the findings.
    #[serde(skip)]
    pub source: String,
}

impl Corrections {
    pub fn load(path: &Path) -> Result<Corrections, super::ListError> {
        const WHAT: &str = "bảng hiệu đính";
        let text = super::ListError::read(WHAT, path)?;
        let mut c = Self::from_toml(&text).map_err(|m| super::ListError::invalid(WHAT, path, m))?;
        c.source = path.display().to_string();
        Ok(c)
    }

    pub fn from_toml(text: &str) -> Result<Corrections, String> {
        let c: Corrections = toml::from_str(text).map_err(|e| e.to_string())?;
        for x in &c.list {
            if x.from.trim().is_empty() {
                return Err("một dòng hiệu đính có “from” rỗng".into());
            }
        }
        Ok(c)
    }

    /// The text with every correction applied where the phrase stands as whole words
    /// (NFC, case as written), and the corrections that applied.
    pub fn apply<'c>(&'c self, text: &str) -> (String, Vec<&'c Correction>) {
        let mut out = text.to_string();
        let mut used = Vec::new();
        for c in &self.list {
            let replaced = replace_words(&out, &c.from, &c.to);
            if replaced != out {
                out = replaced;
                used.push(c);
            }
        }
        (out, used)
    }

    /// Applies the table to the titles of the catalogue's groups and tasks; returns one
    /// information finding per corrected row, for the catalogue as written.
    pub fn correct(&self, cat: &mut Catalogue) -> Vec<Diagnostic> {
        let mut notes = Vec::new();
        for g in &mut cat.groups {
            let (t, used) = self.apply(&g.title);
            if !used.is_empty() {
                notes.push(self.note(&used, &format!("tên nhóm {}", g.id), None));
                g.title = t;
            }
        }
        for task in &mut cat.tasks {
            let mut all = Vec::new();
            for field in [&mut task.title, &mut task.product] {
                let (t, used) = self.apply(field);
                *field = t;
                all.extend(used);
            }
            if let Some(p) = task.parent.as_mut() {
                let (t, used) = self.apply(p);
                *p = t;
                all.extend(used);
            }
            if !all.is_empty() {
                let d = self.note(&all, &format!("nhiệm vụ {}", task.code), Some(task.row));
                notes.push(d.for_task(&task.code));
            }
        }
        notes.into_iter().map(|d| d.in_sheet(&cat.sheet)).collect()
    }

    fn note(&self, used: &[&Correction], what: &str, row: Option<u32>) -> Diagnostic {
        let list: Vec<String> = used
            .iter()
            .map(|c| format!("“{}” → “{}”", c.from, c.to))
            .collect();
        let line = row
            .map(|r| format!(" (dòng {})", r + 1))
            .unwrap_or_default();
        let d = Diagnostic::info(
            Code::CatalogueCorrected,
            format!(
                "Khi in văn bản, {what}{line} được hiệu đính {}; danh mục gốc giữ nguyên",
                list.join(", ")
            ),
        );
        match self.source.is_empty() {
            true => d,
            false => d.with_hint(format!("Bảng hiệu đính: {}", self.source)),
        }
    }
}

/// Replaces `from` by `to` where it stands between word boundaries.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &rest[i + from.len()..];
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        out.push_str(if before_ok && after_ok { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        let c = Corrections::from_toml(
            "[[correction]]\nfrom = \"Chi số\"\nto = \"Chỉ số\"\n[[correction]]\nfrom = \"Cài cách\"\nto = \"Cải cách\"\n",
        )
        .unwrap();
        let (t, used) = c.apply("Công bố Chi số hài lòng; Cài cách tổ chức; Chi sốx");
        assert_eq!(t, "Công bố Chỉ số hài lòng; Cải cách tổ chức; Chi sốx");
        assert_eq!(used.len(), 2);
        assert_eq!(c.apply("Chỉ số").1.len(), 0);
    }
}
