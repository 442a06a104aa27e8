//! The figures agencies report (`inputs/chi-tieu.toml`): indicators with stable codes,
//! the arithmetic checks between them, and the plan's targets measured by them.

use super::ListError;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One reported figure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
}

/// A relation between sums of figures that must hold.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Check {
    pub left: Vec<String>,
    pub op: CheckOp,
    pub right: Vec<String>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CheckOp {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "==")]
    Equal,
}

/// How a target is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// numerator ÷ denominator of summed figures.
    #[default]
    Rate,
    /// Share of the plan's tasks completed.
    Tasks,
}

/// A target of the plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Target {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub kind: TargetKind,
    #[serde(default)]
    pub numerator: Vec<String>,
    #[serde(default)]
    pub denominator: Vec<String>,
    pub min: f64,
    #[serde(default)]
    pub source: String,
}

/// The whole `chi-tieu.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Indicators {
    #[serde(rename = "indicator")]
    pub indicators: Vec<Indicator>,
    #[serde(default, rename = "check")]
    pub checks: Vec<Check>,
    #[serde(default, rename = "target")]
    pub targets: Vec<Target>,
}

/// Figures of one agency (or a total): indicator code → value.
pub type Figures = BTreeMap<String, u64>;

impl Indicators {
    pub fn load(path: &Path) -> Result<Indicators, ListError> {
        const WHAT: &str = "danh sách chỉ tiêu";
        let text = ListError::read(WHAT, path)?;
        Self::from_toml(&text).map_err(|m| ListError::invalid(WHAT, path, m))
    }

    pub fn from_toml(text: &str) -> Result<Indicators, String> {
        let ind: Indicators = toml::from_str(text).map_err(|e| e.to_string())?;
        let known = |c: &String| ind.indicators.iter().any(|i| &i.code == c);
        for (i, c) in ind.checks.iter().enumerate() {
            if c.left.is_empty() || c.right.is_empty() {
                return Err(format!(
                    "phép kiểm tra thứ {} ([[check]] \"{}\") cần ít nhất một chỉ tiêu ở mỗi vế (left, right)",
                    i + 1,
                    c.message
                ));
            }
            if let Some(bad) = c.left.iter().chain(&c.right).find(|c| !known(c)) {
                return Err(format!("phép kiểm tra dùng chỉ tiêu không có: {bad}"));
            }
        }
        for t in &ind.targets {
            if let Some(bad) = t.numerator.iter().chain(&t.denominator).find(|c| !known(c)) {
                return Err(format!("mục tiêu {} dùng chỉ tiêu không có: {bad}", t.code));
            }
        }
        Ok(ind)
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The indicator a label or code typed in a sheet designates (loose match on the
    /// code or the name).
    pub fn find(&self, text: &str) -> Option<&Indicator> {
        let t = text.trim();
        if let Some(i) = self
            .indicators
            .iter()
            .find(|i| i.code.eq_ignore_ascii_case(t))
        {
            return Some(i);
        }
        let key = crate::text::compact_key(t);
        self.indicators
            .iter()
            .find(|i| crate::text::compact_key(&i.name) == key)
    }

    /// The checks a set of figures breaks. Checks involving a figure that is absent are
    /// skipped: a missing figure is not evidence of inconsistency.
    pub fn broken_checks<'a>(&'a self, figures: &Figures) -> Vec<&'a Check> {
        self.checks
            .iter()
            .filter(|c| {
                let sum = |codes: &[String]| -> Option<u64> {
                    codes
                        .iter()
                        .map(|k| figures.get(k).copied())
                        .try_fold(0u64, |acc, v| v.map(|v| acc.saturating_add(v)))
                };
                match (sum(&c.left), sum(&c.right)) {
                    (Some(l), Some(r)) => match c.op {
                        CheckOp::AtMost => l > r,
                        CheckOp::Equal => l != r,
                    },
                    _ => false,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_loads_and_checks() {
        let text = include_str!("../../inputs/chi-tieu.toml");
        let ind = Indicators::from_toml(text).unwrap();
        assert!(ind.get("tthc_received").is_some());
        assert_eq!(ind.targets.len(), 3);
        let mut f = Figures::new();
        f.insert("tthc_received".into(), 100);
        f.insert("tthc_resolved".into(), 90);
        f.insert("tthc_on_time".into(), 85);
        f.insert("tthc_late".into(), 10);
        let broken = ind.broken_checks(&f);
        assert_eq!(broken.len(), 1);
        assert!(broken[0].message.contains("đúng hạn"));
        assert_eq!(ind.find("TTHC_RECEIVED").unwrap().code, "tthc_received");
        assert_eq!(
            ind.find("số hồ sơ đã giải quyết").unwrap().code,
            "tthc_resolved"
        );
    }

    #[test]
    fn unknown_codes_are_rejected() {
        let err = Indicators::from_toml(
            "[[indicator]]\ncode = \"a\"\nname = \"A\"\n[[check]]\nleft = []\nop = \"<=\"\nright = [\"a\"]\nmessage = \"m\"\n",
        )
        .unwrap_err();
        assert!(err.contains("phép kiểm tra thứ 1"), "{err}");
        let err = Indicators::from_toml(
            r#"
[[indicator]]
code = "a"
name = "A"
[[check]]
left = ["a"]
op = "<="
right = ["b"]
message = "x"
"#,
        )
        .unwrap_err();
        assert!(err.contains("b"));
    }
}
