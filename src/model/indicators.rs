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
    /// Counted from the start of the reporting year in cumulative reports: it may not
    /// fall from one period to the next.
    #[serde(default)]
    pub cumulative: bool,
    /// Other labels people give the figure ("Hồ sơ TTHC đã nhận", "VBQPPL ban hành").
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// What a label typed in a figures sheet designates.
#[derive(Debug, Clone, PartialEq)]
pub enum Recognised<'a> {
    /// One indicator, clearly.
    Known(&'a Indicator),
    /// None clearly: the closest indicators (best first), for the hint; two or more
    /// when several fit equally.
    Unknown(Vec<&'a Indicator>),
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
    /// The plan says "đảm bảo tiến độ": only what was done by its deadline counts.
    #[serde(default)]
    pub on_schedule: bool,
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
    /// Figures that follow from others when an agency leaves them out (resolved = on
    /// time + late): used by the checks only, never added to totals.
    #[serde(default, rename = "derived")]
    pub derived: Vec<Derived>,
}

/// A figure that is the sum of others (`[[derived]]` in `chi-tieu.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Derived {
    pub code: String,
    pub sum: Vec<String>,
}

/// Least word similarity for a label to designate an indicator.
pub const MIN_SCORE: f64 = 0.5;
/// Least lead of the best indicator over the next for a label to designate it.
pub const MIN_MARGIN: f64 = 0.1;

/// Phrases that name one notion, and the one word they count as, longest first: "thủ
/// tục hành chính" is one thing, so "Kinh phí CCHC" does not look like "Kiểm tra công
/// tác CCHC" for sharing three words of an expansion.
const CONCEPTS: &[(&str, &str)] = &[
    ("van ban quy pham phap luat", "vbqppl"),
    ("can bo cong chuc vien chuc", "cbccvc"),
    ("quy pham phap luat", "vbqppl"),
    ("thu tuc hanh chinh", "tthc"),
    ("cai cach hanh chinh", "cchc"),
    ("dang giai quyet", "danggiaiquyet"),
    ("chua giai quyet", "danggiaiquyet"),
    ("uy ban nhan dan", "ubnd"),
    ("can bo cong chuc", "cbcc"),
    ("dich vu cong", "dvc"),
    ("dang xu ly", "danggiaiquyet"),
    ("giai quyet", "giaiquyet"),
    ("truc tuyen", "tructuyen"),
    ("truc thuoc", "tructhuoc"),
    ("tiep nhan", "nhan"),
    ("ban hanh", "banhanh"),
    ("kiem tra", "kiemtra"),
    ("truoc han", "truochan"),
    ("dung han", "dunghan"),
    ("qua han", "quahan"),
    ("tre han", "quahan"),
    ("co quan", "coquan"),
    ("van ban", "vanban"),
    ("muc do", "muc"),
    ("don vi", "donvi"),
    ("ho so", "hoso"),
];

/// Words that carry no meaning in a figure's label.
const FILLER: &[&str] = &[
    "trong", "do", "so", "tong", "luong", "cua", "da", "duoc", "cac", "nhung", "va", "hoac", "ky",
    "nay", "bao", "cao", "the", "la", "co", "cho", "tai", "voi", "dang", "cung", "cap",
];

/// The meaningful words of a label: folded, parenthesised remarks dropped, punctuation
/// as spaces, abbreviations expanded, then each notion of [`CONCEPTS`] made one word
/// (which also keeps the "sơ" of "hồ sơ" from the filler "số"), filler words dropped.
/// Sorted and unique.
fn label_words(label: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut text = format!(" {} ", crate::text::plain_words(&plain));
    for (phrase, token) in CONCEPTS {
        text = text.replace(&format!(" {phrase} "), &format!(" {token} "));
        // A phrase twice in a row ("hồ sơ hồ sơ") shares its spaces: once more.
        text = text.replace(&format!(" {phrase} "), &format!(" {token} "));
    }
    crate::text::word_set(&text, FILLER)
}

/// Dice similarity of two word sets (sorted, unique); 0 when the numbers differ.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let numbers = |w: &[String]| -> Vec<String> {
        w.iter()
            .filter(|x| x.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect()
    };
    let (na, nb) = (numbers(a), numbers(b));
    if !na.is_empty() && na != nb {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
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
        for d in &ind.derived {
            if let Some(bad) = std::iter::once(&d.code).chain(&d.sum).find(|c| !known(c)) {
                return Err(format!(
                    "số liệu suy ra ([[derived]]) dùng chỉ tiêu không có: {bad}"
                ));
            }
            if d.sum.is_empty() || d.sum.contains(&d.code) {
                return Err(format!(
                    "số liệu suy ra {} cần các chỉ tiêu khác để cộng (sum)",
                    d.code
                ));
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

    /// What a label or code typed in a figures sheet designates. The code, the name or
    /// an alias compared loosely designate an indicator outright; otherwise the label's
    /// words (folded, abbreviations of the field expanded, filler words such as "Trong
    /// đó:", "Số", "đã" dropped) are compared with each indicator's name and aliases: the
    /// best match is taken when it is good ([`MIN_SCORE`]) and clearly better than the
    /// next indicator's ([`MIN_MARGIN`]). Numbers must agree ("mức độ 3" is never level
    /// 4).
    pub fn recognise(&self, label: &str) -> Recognised<'_> {
        if let Some(i) = self.find(label) {
            return Recognised::Known(i);
        }
        let words = label_words(label);
        if words.is_empty() {
            return Recognised::Unknown(Vec::new());
        }
        let mut scored: Vec<(f64, &Indicator)> = self
            .indicators
            .iter()
            .map(|i| {
                let best = std::iter::once(&i.name)
                    .chain(&i.aliases)
                    .map(|n| similarity(&words, &label_words(n)))
                    .fold(0.0, f64::max);
                (best, i)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let Some(&(best, ind)) = scored.first() else {
            return Recognised::Unknown(Vec::new());
        };
        let second = scored.get(1).map_or(0.0, |s| s.0);
        if best >= MIN_SCORE && best - second >= MIN_MARGIN {
            return Recognised::Known(ind);
        }
        Recognised::Unknown(
            scored
                .iter()
                .take_while(|(s, _)| *s > 0.0)
                .take(3)
                .map(|(_, i)| *i)
                .collect(),
        )
    }

    /// The indicator a label or code designates outright: its code, or its name or an
    /// alias compared loosely.
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
        self.indicators.iter().find(|i| {
            std::iter::once(&i.name)
                .chain(&i.aliases)
                .any(|n| crate::text::compact_key(n) == key)
        })
    }

    /// The figures with those that follow from them (`[[derived]]`) added where the
    /// agency left them out and every part is given; the codes so derived.
    pub fn with_derived(&self, figures: &Figures) -> (Figures, Vec<String>) {
        let mut all = figures.clone();
        let mut derived = Vec::new();
        for d in &self.derived {
            if all.contains_key(&d.code) {
                continue;
            }
            let parts: Option<u64> = d
                .sum
                .iter()
                .map(|k| figures.get(k).copied())
                .try_fold(0u64, |acc, v| v.map(|v| acc.saturating_add(v)));
            if let Some(v) = parts {
                all.insert(d.code.clone(), v);
                derived.push(d.code.clone());
            }
        }
        (all, derived)
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

    fn code_of(ind: &Indicators, label: &str) -> Option<String> {
        match ind.recognise(label) {
            Recognised::Known(i) => Some(i.code.clone()),
            Recognised::Unknown(_) => None,
        }
    }

    #[test]
    fn labels_are_recognised_by_meaning() {
        let ind = Indicators::from_toml(include_str!("../../inputs/chi-tieu.toml")).unwrap();
        for (label, code) in [
            ("Số hồ sơ TTHC đã nhận", "tthc_received"),
            ("Tổng số hồ sơ tiếp nhận", "tthc_received"),
            ("HS tiếp nhận trực tuyến", "tthc_online"),
            ("Số hồ sơ nộp qua DVC trực tuyến", "tthc_online"),
            ("Hồ sơ giải quyết trước và đúng hạn", "tthc_on_time"),
            ("Trong đó: đúng hạn", "tthc_on_time"),
            ("Hồ sơ đã giải quyết", "tthc_resolved"),
            ("Số HS đã GQ", "tthc_resolved"),
            ("Hồ sơ giải quyết trễ hạn", "tthc_late"),
            ("- Quá hạn", "tthc_late"),
            ("Hồ sơ đang giải quyết", "tthc_pending"),
            ("Hồ sơ chưa giải quyết xong", "tthc_pending"),
            ("VBQPPL đã ban hành", "vbqppl_issued"),
            ("Số văn bản QPPL ban hành", "vbqppl_issued"),
            ("DVC mức độ 3", "dvc_level3"),
            ("Dịch vụ công trực tuyến mức 4", "dvc_level4"),
            ("Số cuộc kiểm tra CCHC", "cchc_inspections"),
            ("Số đơn vị đã kiểm tra", "units_inspected"),
            ("Tổng số đơn vị trực thuộc", "units_total"),
            ("SỐ HỒ SƠ ĐÃ GIẢI QUYẾT:", "tthc_resolved"),
        ] {
            assert_eq!(code_of(&ind, label).as_deref(), Some(code), "{label}");
        }
    }

    #[test]
    fn other_labels_are_unknown_with_the_closest_as_hint() {
        let ind = Indicators::from_toml(include_str!("../../inputs/chi-tieu.toml")).unwrap();
        for label in [
            "Số cán bộ được khen thưởng",
            "Kinh phí CCHC",
            "Dịch vụ công mức độ 2",
            "Hồ sơ",
        ] {
            assert_eq!(code_of(&ind, label), None, "{label}");
        }
        match ind.recognise("Hồ sơ") {
            Recognised::Unknown(closest) => assert!(closest.len() >= 2, "{closest:?}"),
            other => panic!("{other:?}"),
        }
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
