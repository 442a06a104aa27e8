//! Deadlines of plan tasks: the free text of the "Thời gian thực hiện/hoàn thành"
//! column turned into dated milestones.
//!
//! The text is split into clauses (";" and "và"); each clause with a date becomes a
//! milestone whose kind comes from its verb: "Ban hành Kế hoạch…" → `plan`,
//! "Triển khai trong…" → `start`, anything completing or running through a period
//! ("hoàn thành", "cả năm", "Giai đoạn", a bare date) → `complete`. A date is the last
//! day of the month, quarter, half-year or year named. Clauses that defer to another
//! document ("Theo tiến độ Đề án", "Sau khi Nghị định mới có hiệu lực…") carry no date:
//! the deadline is `open`. A text with neither is reported, never guessed.

use crate::model::deadline::{Deadline, Milestone, MilestoneKind};
use crate::model::period::end_of_month;
use crate::text::fold;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::OnceLock;

/// Why a deadline text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineProblem {
    /// Neither a date nor a reference to another document was found.
    NoDate,
    /// A date-looking phrase that is impossible (Tháng 13/2019, Quý V).
    BadDate(String),
}

/// Parses a deadline text. `plan_year` supplies the year of a month written without one
/// ("Tháng 01 và thực hiện cả năm 2019"). Returns the deadline (open and without
/// milestones when unreadable) and the problem, if any.
pub fn parse_deadline(text: &str, plan_year: Option<i32>) -> (Deadline, Option<DeadlineProblem>) {
    let text = crate::text::clean(text);
    let mut deadline = Deadline {
        text: text.clone(),
        open: false,
        recurring: false,
        milestones: Vec::new(),
    };
    if text.is_empty() {
        deadline.open = true;
        return (deadline, Some(DeadlineProblem::NoDate));
    }
    let folded = fold(&text);
    let mut deferred = false;
    let mut problem = None;
    let clauses: Vec<&str> = clause_splitter()
        .split(&folded)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let n = clauses.len();
    for (idx, clause) in clauses.iter().enumerate() {
        if recurring_re().is_match(clause) {
            deadline.recurring = true;
        }
        // "theo …"/"sau khi …" hand the date to another document: dates after them are
        // part of that document's name ("theo … Kế hoạch Kiểm soát TTHC năm 2019"), dates
        // before them still count ("Hoàn thành trước 30/6/2019 theo hướng dẫn…").
        let (own, defers) = match deferring_re().find(clause) {
            Some(m) => (&clause[..m.start()], true),
            None => (*clause, false),
        };
        match clause_date(own, plan_year) {
            Ok(Some(due)) => {
                let kind = clause_kind(own, idx + 1 < n);
                deadline.milestones.push(Milestone { kind, due });
            }
            Ok(None) => deferred |= defers || weak_deferring_re().is_match(clause),
            Err(bad) => problem = Some(DeadlineProblem::BadDate(bad)),
        }
    }
    deadline.milestones.sort_by_key(|m| m.due);
    deadline.open = deadline.milestones.is_empty();
    if deadline.open && !deferred && !deadline.recurring && problem.is_none() {
        problem = Some(DeadlineProblem::NoDate);
    }
    (deadline, problem)
}

/// Clause boundaries: ";" and the word "và".
fn clause_splitter() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r";|\bva\b").unwrap())
}

/// Phrases that hand the deadline to another document or event.
fn deferring_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\btheo\b|\bsau khi\b").unwrap())
}

/// Phrases that defer the deadline only when the clause has no date of its own.
fn weak_deferring_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\btien do\b|\bkhi co\b|\bchi dao\b").unwrap())
}

fn recurring_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\bthuong xuyen\b|\bhang (nam|quy|thang)\b|\bdinh ky\b|\bhan(g|h) nam\b")
            .unwrap()
    })
}

/// The milestone kind of a dated clause. A "ban hành" clause is the plan step only when
/// something follows it; alone, issuing is the task itself.
fn clause_kind(clause: &str, has_following: bool) -> MilestoneKind {
    if clause.contains("hoan thanh") {
        MilestoneKind::Complete
    } else if clause.contains("ban hanh") && has_following {
        MilestoneKind::Plan
    } else if clause.contains("ca nam") || clause.contains("giai doan") {
        MilestoneKind::Complete
    } else if (clause.contains("trien khai") || clause.contains("bat dau")) && has_following {
        MilestoneKind::Start
    } else {
        MilestoneKind::Complete
    }
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?:giai doan|nam) (?P<from>[0-9]{4}) ?- ?(?P<to>[0-9]{4})",
            // A cell that is only a year or a range of years ("2023", "2024-2026",
            // "2022 - 2030"), as ministries' programmes write them.
            r"|^(?P<from2>[0-9]{4}) ?- ?(?P<to2>[0-9]{4})$|^(?P<y2>[0-9]{4})$",
            r"|(?P<half>6|06|sau) thang (?P<hpart>dau|cuoi) nam(?: (?P<hyear>[0-9]{4}))?",
            r"|\bquy (?P<q>iv|iii|ii|i|[1-4])\b(?: ?[,-] ?(?:quy )?(?P<q2>iv|iii|ii|i|[1-4])\b)? ?(?:/|-|nam)? ?(?P<qyear>[0-9]{4})?",
            r"|\b(?:ngay )?(?P<d>[0-9]{1,2}) ?[/.-] ?(?P<dm>[0-9]{1,2}) ?[/.-] ?(?P<dy>[0-9]{4})",
            r"|\bngay (?P<d2>[0-9]{1,2}) thang (?P<dm2>[0-9]{1,2}) nam (?P<dy2>[0-9]{4})",
            r"|\bthang (?P<m>[0-9]{1,2})(?: ?[,-] ?(?P<m2>[0-9]{1,2}))?\b(?: ?(?:/|-|nam) ?(?P<myear>[0-9]{4}))?",
            r"|\bnam (?P<y>[0-9]{4})",
        ))
        .unwrap()
    })
}

/// The date of the last (latest) date phrase of a clause.
fn clause_date(clause: &str, plan_year: Option<i32>) -> Result<Option<NaiveDate>, String> {
    let mut best: Option<NaiveDate> = None;
    for caps in date_re().captures_iter(clause) {
        let whole = caps.get(0).map(|m| m.as_str()).unwrap_or_default();
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
        let year_or_plan = |name: &str| num(name).or(plan_year);
        let date = if let Some(to) = num("to").or_else(|| num("to2")).or_else(|| num("y2")) {
            end_of_year(to)
        } else if caps.name("half").is_some() {
            let y = year_or_plan("hyear").ok_or_else(|| whole.to_string())?;
            if &caps["hpart"] == "dau" {
                end_of_month(y, 6)
            } else {
                end_of_year(y)
            }
        } else if let Some(q) = caps.name("q2").or_else(|| caps.name("q")) {
            let q = match q.as_str() {
                "i" | "1" => 1,
                "ii" | "2" => 2,
                "iii" | "3" => 3,
                _ => 4,
            };
            let y = year_or_plan("qyear").ok_or_else(|| whole.to_string())?;
            end_of_month(y, q * 3)
        } else if let (Some(d), Some(m), Some(y)) = (
            num("d").or(num("d2")),
            num("dm").or(num("dm2")),
            num("dy").or(num("dy2")),
        ) {
            NaiveDate::from_ymd_opt(y, m as u32, d as u32)
        } else if let Some(m) = num("m2").or_else(|| num("m")) {
            let y = year_or_plan("myear").ok_or_else(|| whole.to_string())?;
            if !(1..=12).contains(&m) {
                return Err(whole.to_string());
            }
            end_of_month(y, m as u32)
        } else if let Some(y) = num("y") {
            end_of_year(y)
        } else {
            None
        };
        let date = date.ok_or_else(|| whole.to_string())?;
        if !(1900..=2200).contains(&date.year()) {
            return Err(whole.to_string());
        }
        best = Some(best.map_or(date, |b| b.max(date)));
    }
    Ok(best)
}

fn end_of_year(y: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, 12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use MilestoneKind::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ms(text: &str) -> Vec<(MilestoneKind, NaiveDate)> {
        let (dl, problem) = parse_deadline(text, Some(2019));
        assert!(problem.is_none(), "{text}: {problem:?}");
        dl.milestones.iter().map(|m| (m.kind, m.due)).collect()
    }

    #[test]
    fn years_and_year_ranges_alone() {
        for (text, want) in [
            ("2023", d(2023, 12, 31)),
            ("2024-2026", d(2026, 12, 31)),
            ("2022 - 2030", d(2030, 12, 31)),
        ] {
            let (dl, problem) = parse_deadline(text, Some(2023));
            assert_eq!(problem, None, "{text}");
            assert_eq!(dl.completion(), Some(want), "{text}");
        }
        // A year inside a document's name is no deadline.
        let (dl, _) = parse_deadline("Theo Nghị định 61/2018", Some(2023));
        assert_eq!(dl.completion(), None);
    }

    #[test]
    fn single_periods() {
        assert_eq!(ms("Quý II/2019 hoàn thành"), [(Complete, d(2019, 6, 30))]);
        assert_eq!(ms("Quý I/2019 hoàn thành"), [(Complete, d(2019, 3, 31))]);
        assert_eq!(ms("Quý III/2019 hoàn thành"), [(Complete, d(2019, 9, 30))]);
        assert_eq!(ms("Tháng 01/2019"), [(Complete, d(2019, 1, 31))]);
        assert_eq!(ms("Tháng 06/2019"), [(Complete, d(2019, 6, 30))]);
        assert_eq!(ms("Tháng 2/2020"), [(Complete, d(2020, 2, 29))]);
        assert_eq!(ms("Cả năm 2019"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Thực hiện cả năm 2019"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Trong năm 2019"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Giai đoạn 2019 – 2020"), [(Complete, d(2020, 12, 31))]);
        assert_eq!(ms("Giai đoạn 2019-2020"), [(Complete, d(2020, 12, 31))]);
        assert_eq!(ms("6 tháng đầu năm 2019"), [(Complete, d(2019, 6, 30))]);
        assert_eq!(ms("6 tháng cuối năm"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Trước ngày 15/3/2019"), [(Complete, d(2019, 3, 15))]);
        assert_eq!(ms("quý 4 năm 2019"), [(Complete, d(2019, 12, 31))]);
    }

    #[test]
    fn plan_then_complete() {
        assert_eq!(
            ms("Ban hành Kế hoạch trong Quý IV/2019; hoàn thành trong Quý I/2020"),
            [(Plan, d(2019, 12, 31)), (Complete, d(2020, 3, 31))]
        );
        assert_eq!(
            ms("Ban hành Kế hoạch trong Quý IV/2018 và thực hiện cả năm 2019"),
            [(Plan, d(2018, 12, 31)), (Complete, d(2019, 12, 31))]
        );
        assert_eq!(
            ms("Ban hành Kế hoạch trong Tháng 01/2019 và thực hiện cả năm 2019"),
            [(Plan, d(2019, 1, 31)), (Complete, d(2019, 12, 31))]
        );
        assert_eq!(
            ms("Ban hành Kế hoạch trong tháng 01/2019 và triển khai cả năm 2019"),
            [(Plan, d(2019, 1, 31)), (Complete, d(2019, 12, 31))]
        );
        assert_eq!(
            ms("Ban hành Kế hoạch trong Tháng 01 và thực hiện cả năm 2019"),
            [(Plan, d(2019, 1, 31)), (Complete, d(2019, 12, 31))]
        );
        assert_eq!(
            ms("Ban hành Kế hoạch trong năm 2018 và triển khai cả năm 2019"),
            [(Plan, d(2018, 12, 31)), (Complete, d(2019, 12, 31))]
        );
        assert_eq!(
            ms("Triển khai trong Tháng 01/2019 và hoàn thành trong Tháng 10/2019"),
            [(Start, d(2019, 1, 31)), (Complete, d(2019, 10, 31))]
        );
    }

    #[test]
    fn ranges_and_separators() {
        assert_eq!(ms("Quý III, IV/2019"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Tháng 11-12/2019"), [(Complete, d(2019, 12, 31))]);
        assert_eq!(ms("Quý I - 2020"), [(Complete, d(2020, 3, 31))]);
        assert_eq!(ms("Tháng 12-2018"), [(Complete, d(2018, 12, 31))]);
        assert_eq!(ms("Năm 2019-2020"), [(Complete, d(2020, 12, 31))]);
        assert_eq!(
            ms("Ban hành Kế hoạch trong Quý I/2019;"),
            [(Complete, d(2019, 3, 31))]
        );
        assert_eq!(
            ms("Hoàn thành trước 30/6/2019 theo hướng dẫn của Bộ Nội vụ"),
            [(Complete, d(2019, 6, 30))]
        );
        let (dl, _) = parse_deadline("Thường xuyên trong năm 2019", Some(2019));
        assert!(dl.recurring);
        assert_eq!(dl.completion(), Some(d(2019, 12, 31)));
    }

    #[test]
    fn open_deadlines() {
        for text in [
            "Theo tiến độ Đề án",
            "Theo Kế hoạch cụ thể của Bộ Nội vụ",
            "Tiến độ theo chỉ đạo cụ thể của UBND thành phố",
            "Tiến độ theo yêu cầu của Bộ Nội vụ",
            "Theo chỉ đạo cụ thể của UBND thành phố",
            "Sau khi Nghị định mới có hiệu lực thi hành và tiến độ thực hiện theo chỉ đạo cụ thể của UBND thành phố",
            "Ban hành theo tiến độ yêu cầu tại Kế hoạch Kiểm soát TTHC năm 2019 của thành phố",
        ] {
            let (dl, problem) = parse_deadline(text, Some(2019));
            assert!(dl.open, "{text}");
            assert!(dl.milestones.is_empty(), "{text}: {:?}", dl.milestones);
            assert!(problem.is_none(), "{text}");
        }
    }

    #[test]
    fn recurring() {
        let (dl, problem) = parse_deadline("Thường xuyên", Some(2019));
        assert!(dl.open && dl.recurring && problem.is_none());
    }

    #[test]
    fn unreadable_is_reported() {
        let (dl, problem) = parse_deadline("Sớm nhất có thể", Some(2019));
        assert!(dl.open);
        assert_eq!(problem, Some(DeadlineProblem::NoDate));
        let (_, problem) = parse_deadline("Tháng 13/2019", Some(2019));
        assert!(matches!(problem, Some(DeadlineProblem::BadDate(_))));
        let (_, problem) = parse_deadline("Trước ngày 31/02/2019", Some(2019));
        assert!(matches!(problem, Some(DeadlineProblem::BadDate(_))));
        // A month without a year and no plan year: not guessed.
        let (dl, problem) = parse_deadline("Tháng 01", None);
        assert!(dl.open && problem.is_some());
    }

    #[test]
    fn end_of_month_handles_leap_years() {
        assert_eq!(end_of_month(2019, 2), Some(d(2019, 2, 28)));
        assert_eq!(end_of_month(2020, 2), Some(d(2020, 2, 29)));
        assert_eq!(end_of_month(2019, 12), Some(d(2019, 12, 31)));
    }
}
