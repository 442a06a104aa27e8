//! The documents an agency cites as evidence ("Kế hoạch số 34/KH-UBND ngày 21/01/2019"),
//! read as a clerk reads them: a number without the issuer's code or without its date
//! cannot be found in any register (`evidence.incomplete`), and one document number
//! and date cited for two different tasks — by one agency or two — is a copy-paste or a
//! typo until someone checks (`evidence.duplicate`).

use super::{Checked, FileStatus};
use crate::model::finding::{Code, Diagnostic};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A document cited in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// "34/KH-UBND", spaces removed, as typed otherwise.
    pub number: String,
    pub date: Option<NaiveDate>,
    /// The citation as typed, from the kind of document to the date ("Kế hoạch số
    /// 34/KH-UBND ngày 21/01/2019").
    pub text: String,
}

impl Citation {
    /// True when the symbol after the number is a document kind alone ("05/KH"): the
    /// issuer's code (-UBND, -STC…) is missing. Laws and party documents ("77/2015/QH13",
    /// "27-NQ/TW") are written otherwise and are not held to it.
    pub fn lacks_issuer(&self) -> bool {
        let symbol = self.number.rsplit('/').next().unwrap_or("");
        KINDS.contains(&symbol.to_uppercase().as_str())
    }

    /// True when the number says nothing of the year ("34/KH-UBND", "120/SNV-CCHC"):
    /// an office numbers its documents anew each year, so only the date tells which one
    /// is meant. A number with its year ("28/2018/QĐ-TTg", "77/2015/QH13") is found
    /// without it.
    pub fn needs_date(&self) -> bool {
        self.number.matches('/').count() == 1
    }
}

/// Symbols of document kinds (NĐ 30/2020, Phụ lục III) that an issuer's code follows.
const KINDS: &[&str] = &[
    "KH", "QĐ", "QD", "BC", "TB", "HD", "HĐ", "CT", "TTR", "CV", "KL", "PA", "ĐA", "DA", "GM",
    "CĐ", "CD", "QC", "QY", "NQ", "BB", "TT",
];

fn citation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The kind, "số", the number with its symbol, and the date when it follows at once
    // ("…/KH-UBND ngày 21/01/2019"): matched as one, so the next citation of the same
    // cell starts where this one ends.
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:(?P<kind>kế hoạch|quyết định|công văn|báo cáo|thông báo|hướng dẫn|chỉ thị|tờ trình|văn bản|nghị quyết|kết luận|phương án|đề án)\s+)?(?:số\s*:?\s*)?(?P<num>[0-9]{1,5}\s*/\s*(?:[0-9]{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ0-9&]*(?:\s*-\s*[A-ZĐa-zđ0-9&]+)*)(?:\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<date>[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*[0-9]{2,4}|[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4}))?",
        )
        .expect("valid pattern")
    })
}

/// The documents a text cites by number. Only citations that name a kind of document
/// or say "số" count: "15/01/2019" or "1/2" alone are not document numbers.
pub fn citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for c in citation_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        let num = c.name("num").expect("group");
        let prefix = &text[whole.start()..num.start()];
        if c.name("kind").is_none() && !prefix.to_lowercase().contains("số") {
            continue;
        }
        let number: String = num
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // "12/2019" is a month, not a document.
        if number
            .rsplit('/')
            .next()
            .is_some_and(|s| s.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        }
        let date = c
            .name("date")
            .and_then(|d| crate::read::values::parse_date_text(d.as_str().trim()).ok());
        out.push(Citation {
            number,
            date,
            text: whole.as_str().trim().to_string(),
        });
    }
    out
}

/// `evidence.incomplete` for the documents of one evidence cell.
pub(super) fn incomplete(text: &str) -> Option<String> {
    let cited = citations(text);
    let gaps: Vec<String> = cited
        .iter()
        .filter_map(
            |c| match (c.lacks_issuer(), c.date.is_none() && c.needs_date()) {
                (true, true) => Some(format!(
                    "“{}” thiếu ký hiệu cơ quan ban hành và ngày ban hành",
                    c.text
                )),
                (true, false) => Some(format!("“{}” thiếu ký hiệu cơ quan ban hành", c.text)),
                (false, true) => Some(format!("“{}” thiếu ngày ban hành", c.text)),
                (false, false) => None,
            },
        )
        .collect();
    (!gaps.is_empty()).then(|| gaps.join("; "))
}

/// One citation found in a checked file.
struct Cited {
    file: usize,
    agency: Option<String>,
    task: String,
    sheet: String,
    cell: String,
    text: String,
}

/// `evidence.duplicate` across the period's files: a complete citation (number with
/// its issuer, and date) found under two different tasks. Each place gets a warning
/// naming the others. The same document under the same task (partners citing the
/// lead's plan) is expected and not a finding.
pub fn across_files(checked: &mut [&mut Checked], registry: &crate::model::registry::Registry) {
    let mut by_key: BTreeMap<(String, NaiveDate), Vec<Cited>> = BTreeMap::new();
    for (i, c) in checked.iter().enumerate() {
        for t in &c.tasks {
            for cit in citations(&t.evidence) {
                let Some(date) = cit.date else { continue };
                if cit.lacks_issuer() {
                    continue;
                }
                by_key
                    .entry((cit.number.to_uppercase(), date))
                    .or_default()
                    .push(Cited {
                        file: i,
                        agency: c.agency.clone(),
                        task: t.code.clone(),
                        sheet: t.sheet.clone(),
                        cell: t.evidence_cell.clone(),
                        text: cit.text.clone(),
                    });
            }
        }
    }
    for places in by_key.values() {
        let mut tasks: Vec<&str> = places.iter().map(|p| p.task.as_str()).collect();
        tasks.sort_unstable();
        tasks.dedup();
        if tasks.len() < 2 {
            continue;
        }
        for (k, p) in places.iter().enumerate() {
            let others: Vec<String> = places
                .iter()
                .enumerate()
                .filter(|(j, o)| *j != k && o.task != p.task)
                .map(|(_, o)| {
                    let who = o
                        .agency
                        .as_deref()
                        .filter(|a| Some(*a) != p.agency.as_deref())
                        .map(|a| format!(" của {}", registry.get(a).map_or(a, |x| x.name.as_str())))
                        .unwrap_or_default();
                    format!("nhiệm vụ {}{who}", o.task)
                })
                .collect();
            let mut others = others;
            others.dedup();
            let d = Diagnostic::warning(
                Code::EvidenceDuplicate,
                format!(
                    "Văn bản “{}” nêu ở nhiệm vụ {} cũng được nêu cho {}",
                    p.text,
                    p.task,
                    others.join(", ")
                ),
            )
            .at(&p.sheet, p.cell.clone())
            .with_hint("Kiểm tra lại số, ký hiệu và ngày của văn bản")
            .for_task(&p.task);
            let file = &mut *checked[p.file];
            file.diagnostics.push(d);
            if let Some(t) = file
                .tasks
                .iter_mut()
                .find(|t| t.code == p.task && t.evidence_cell == p.cell)
            {
                t.evidence_disputed = true;
            }
            if file.status == FileStatus::Ok {
                file.status = FileStatus::Warnings;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_as_written() {
        let c = citations("Kế hoạch số 34/KH-UBND ngày 21/01/2019 của UBND quận");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].number, "34/KH-UBND");
        assert_eq!(c[0].date, NaiveDate::from_ymd_opt(2019, 1, 21));
        assert_eq!(c[0].text, "Kế hoạch số 34/KH-UBND ngày 21/01/2019");
        assert!(!c[0].lacks_issuer());
        let c = citations("Kế hoạch số 05/KH ngày 20/01/2019");
        assert!(c[0].lacks_issuer());
        let c = citations("Quyết định số 28/2018/QĐ-TTg ngày 12 tháng 7 năm 2018");
        assert_eq!(c[0].number, "28/2018/QĐ-TTg");
        assert!(c[0].date.is_some() && !c[0].lacks_issuer());
        assert!(citations("Hoàn thành ngày 15/01/2019, đạt 1/2 chỉ tiêu").is_empty());
        assert!(incomplete("Kế hoạch số 05/KH ngày 20/01/2019").is_some());
        assert!(incomplete("Công văn số 120/SNV-CCHC").is_some());
        assert!(incomplete("Kế hoạch số 34/KH-UBND ngày 21/01/2019").is_none());
        assert!(incomplete("Luật số 77/2015/QH13").is_none());
        assert!(incomplete("Nghị định số 30/2020/NĐ-CP").is_none());
        // Two citations in one cell, the second incomplete.
        let two = "Kế hoạch số 34/KH-UBND ngày 21/01/2019, Quyết định số 05/QĐ ngày 02/02/2019";
        assert_eq!(citations(two).len(), 2);
        assert!(incomplete(two).is_some_and(|g| g.contains("05/QĐ") && !g.contains("34/KH")));
    }
}
