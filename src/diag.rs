//! Diagnostics: findings about user data, each pinned to a file, sheet and cell.
//!
//! Codes are a stable interface: scripts, the feedback workbooks and the reports key on
//! them, so a code is never renamed. Messages are Vietnamese because they go to the
//! people who fix the spreadsheets.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors make data unusable; warnings need a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// Vietnamese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Sheet name, when the finding is inside a workbook sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Cell in A1 notation, when the finding is about one cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Stable machine-readable code, e.g. `deadline.unparsed`.
    pub code: &'static str,
    pub severity: Severity,
    /// Vietnamese message.
    pub message: String,
    /// Optional Vietnamese hint ("Có phải là …?").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            sheet: None,
            cell: None,
            code,
            severity,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell.into());
        self
    }

    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => write!(f, "[{s}!{c}] ")?,
            (Some(s), None) => write!(f, "[{s}] ")?,
            _ => {}
        }
        write!(
            f,
            "{} {}: {}",
            self.severity.label(),
            self.code,
            self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// Converts a zero-based (row, column) position to A1 notation: (0, 0) → `A1`,
/// (4, 27) → `AB5`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(4, 5), "F5");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 27), "AB5");
        assert_eq!(a1(0, 16383), "XFD1");
    }

    #[test]
    fn display_has_place_code_and_message() {
        let d = Diagnostic::warning("deadline.unparsed", "Không đọc được thời hạn")
            .at("Danh mục", "F12")
            .with_hint("Ví dụ: Quý II/2019");
        assert_eq!(
            d.to_string(),
            "[Danh mục!F12] cảnh báo deadline.unparsed: Không đọc được thời hạn (Ví dụ: Quý II/2019)"
        );
    }
}
