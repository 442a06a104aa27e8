//! Reporting periods (`q1-2019`, `h1-2019`, `q3-2019`, `y-2019`) and the calendar that
//! fixes when agency reports are due.
//!
//! The deadlines are data (`inputs/ky-bao-cao.toml`): the seed (section III.1.c) says
//! Quý I and Quý III reports before day 05 of the quarter's last month, the 6-month report
//! before 05/6, the annual report before 05/11 — and next year's plan may say otherwise.

use crate::text::fold;
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

/// The four periodic reports of a year. There is no separate Quý IV report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Q1,
    H1,
    Q3,
    Y,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Q1,
        PeriodKind::H1,
        PeriodKind::Q3,
        PeriodKind::Y,
    ];

    fn id(self) -> &'static str {
        match self {
            PeriodKind::Q1 => "q1",
            PeriodKind::H1 => "h1",
            PeriodKind::Q3 => "q3",
            PeriodKind::Y => "y",
        }
    }

    /// Last month covered by the period.
    pub fn last_month(self) -> u32 {
        match self {
            PeriodKind::Q1 => 3,
            PeriodKind::H1 => 6,
            PeriodKind::Q3 => 9,
            PeriodKind::Y => 12,
        }
    }
}

/// A reporting period of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
}

impl Period {
    /// Parses the command-line form `q1-2019`, `h1-2019`, `q3-2019`, `y-2019`.
    pub fn parse_id(s: &str) -> Option<Period> {
        let (k, y) = s
            .trim()
            .to_ascii_lowercase()
            .split_once('-')
            .map(|(a, b)| (a.to_string(), b.to_string()))?;
        let kind = PeriodKind::ALL.into_iter().find(|p| p.id() == k)?;
        let year: i32 = y.parse().ok()?;
        (1900..=2200)
            .contains(&year)
            .then_some(Period { kind, year })
    }

    /// Recognises a period written by a person: "Quý I/2019", "quý 1 năm 2019",
    /// "6 tháng đầu năm 2019", "Sáu tháng 2019", "Năm 2019", "Báo cáo năm 2019",
    /// "q1-2019". `default_year` completes a text without a year.
    pub fn parse_loose(s: &str, default_year: Option<i32>) -> Option<Period> {
        if let Some(p) = Self::parse_id(s) {
            return Some(p);
        }
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(concat!(
                r"\bquy (?P<q>iii|ii|iv|i|[1-4])\b(?: ?(?:/|nam|-)? ?(?P<qy>\d{4}))?",
                r"|\b(?:6|06|sau) thang(?: dau nam)?(?: ?(?:/|nam|-)? ?(?P<hy>\d{4}))?",
                r"|\bnam (?P<y>\d{4})",
            ))
            .unwrap()
        });
        let f = fold(s);
        let caps = re.captures(&f)?;
        let year = |name: &str| {
            caps.name(name)
                .and_then(|m| m.as_str().parse().ok())
                .or(default_year)
        };
        if let Some(q) = caps.name("q") {
            let kind = match q.as_str() {
                "i" | "1" => PeriodKind::Q1,
                "iii" | "3" => PeriodKind::Q3,
                // Quý II is covered by the 6-month report, Quý IV by the annual one.
                "ii" | "2" => PeriodKind::H1,
                _ => PeriodKind::Y,
            };
            return Some(Period {
                kind,
                year: year("qy")?,
            });
        }
        if caps.get(0)?.as_str().contains("thang") {
            return Some(Period {
                kind: PeriodKind::H1,
                year: year("hy")?,
            });
        }
        Some(Period {
            kind: PeriodKind::Y,
            year: year("y")?,
        })
    }

    /// The period a file name names: "q1-2019", "Q1_2019", "quy 1 2019", "Quy I-2019",
    /// "6 thang dau nam 2019", "BC nam 2019" (accents or not). `default_year` completes a
    /// name without a year.
    pub fn in_file_name(file: &str, default_year: Option<i32>) -> Option<Period> {
        let stem = std::path::Path::new(file).file_stem()?.to_string_lossy();
        if let Some(p) = stem
            .split(|c: char| c == '_' || c == ' ' || c == '.')
            .find_map(Self::parse_id)
        {
            return Some(p);
        }
        let words: String = fold(&stem)
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        static SHORT: OnceLock<Regex> = OnceLock::new();
        let short = SHORT.get_or_init(|| {
            Regex::new(r"\bq ?(?P<q>[13])\b(?: (?P<y>\d{4}))?|\bq(?P<q2>[13])(?P<y2>\d{4})\b")
                .unwrap()
        });
        if let Some(c) = short.captures(&words) {
            let q = c.name("q").or(c.name("q2"))?.as_str();
            let year = c
                .name("y")
                .or(c.name("y2"))
                .and_then(|m| m.as_str().parse().ok())
                .or(default_year)?;
            let kind = if q == "1" {
                PeriodKind::Q1
            } else {
                PeriodKind::Q3
            };
            return Some(Period { kind, year });
        }
        Self::parse_loose(&words, default_year)
    }

    /// The command-line form: `q1-2019`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.kind.id(), self.year)
    }

    /// Label as written in forms and tables: "Quý I/2019", "6 tháng đầu năm 2019",
    /// "Quý III/2019", "Năm 2019".
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Q1 => format!("Quý I/{}", self.year),
            PeriodKind::H1 => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Q3 => format!("Quý III/{}", self.year),
            PeriodKind::Y => format!("Năm {}", self.year),
        }
    }

    /// The label inside a sentence: "quý I/2019", "6 tháng đầu năm 2019", "năm 2019".
    pub fn in_sentence(&self) -> String {
        let label = self.label();
        let mut chars = label.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => label,
        }
    }

    /// The phrase used in report titles: "quý I năm 2019", "6 tháng đầu năm 2019",
    /// "quý III năm 2019", "năm 2019".
    pub fn title_phrase(&self) -> String {
        match self.kind {
            PeriodKind::Q1 => format!("quý I năm {}", self.year),
            PeriodKind::H1 => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Q3 => format!("quý III năm {}", self.year),
            PeriodKind::Y => format!("năm {}", self.year),
        }
    }

    /// The earlier periods of the same year, oldest first (none before Quý I).
    pub fn earlier_in_year(&self) -> Vec<Period> {
        PeriodKind::ALL
            .iter()
            .filter(|k| **k < self.kind)
            .map(|&kind| Period {
                kind,
                year: self.year,
            })
            .collect()
    }

    /// Last day of the period.
    pub fn end(&self) -> NaiveDate {
        crate::model::period::end_of_month(self.year, self.kind.last_month())
            .unwrap_or(NaiveDate::MAX)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// When agency reports of one period are due at the Sở Nội vụ.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DueRule {
    pub period: PeriodKind,
    /// Month and day of the deadline in the period's year.
    pub month: u32,
    pub day: u32,
    /// `true` when the text says "trước ngày …": the report must arrive before that day.
    #[serde(default)]
    pub before: bool,
    /// The data cut-off window (thời gian chốt số liệu) of the period's report.
    #[serde(default)]
    pub data: Option<DataWindow>,
}

/// The span of days a periodic report's figures cover (NĐ 09/2019/NĐ-CP, Điều 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataWindow {
    pub from: MonthDay,
    pub to: MonthDay,
}

/// A day of the year, in the period's year or the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
    #[serde(default)]
    pub previous_year: bool,
}

impl MonthDay {
    fn in_year(self, year: i32) -> Option<NaiveDate> {
        let y = if self.previous_year { year - 1 } else { year };
        NaiveDate::from_ymd_opt(y, self.month, self.day)
    }
}

/// The reporting calendar (`inputs/ky-bao-cao.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct Calendar {
    #[serde(rename = "due")]
    pub rules: Vec<DueRule>,
    /// The plan's clause that sets the deadlines, as cited in letters ("điểm c khoản 1
    /// Mục III của Kế hoạch").
    #[serde(default)]
    pub clause: Option<String>,
    /// The plan asks the Sở to note late reports to their agencies.
    #[serde(default)]
    pub late_notice: bool,
    /// The day of the period's last month by which the province's report reaches the
    /// Bộ Nội vụ (the 20th, under Nghị định 09/2019/NĐ-CP and the Ministry's guidance).
    #[serde(default)]
    pub ministry_day: Option<u32>,
    /// Public holidays falling on working days (Tết Nguyên đán, 30/4, 1/5, 2/9…, and
    /// the days given in exchange), as TOML dates: a letter's deadline counts working
    /// days without them.
    #[serde(default)]
    pub holidays: Vec<toml::value::Datetime>,
}

impl Calendar {
    /// True on a working day: not a Saturday, Sunday or listed holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        use chrono::{Datelike, Weekday};
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.holidays.iter().any(|h| {
                h.date.is_some_and(|h| {
                    (h.year as i32, h.month as u32, h.day as u32) == (d.year(), d.month(), d.day())
                })
            })
    }

    /// The day for "trước ngày …" in a letter dated `from` that gives `days` working
    /// days: the working day after the last one given (a letter of Wednesday 06/03
    /// giving 3 days — 07, 08 and 11/03 — says "trước ngày 12/03").
    pub fn reply_by(&self, from: NaiveDate, days: u32) -> NaiveDate {
        let mut d = from;
        let mut left = days + 1;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    pub fn load(path: &Path) -> Result<Calendar, super::ListError> {
        const WHAT: &str = "lịch báo cáo";
        let text = super::ListError::read(WHAT, path)?;
        Self::from_toml(&text).map_err(|m| super::ListError::invalid(WHAT, path, m))
    }

    pub fn from_toml(text: &str) -> Result<Calendar, String> {
        let cal: Calendar = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(d) = cal.ministry_day
            && !(1..=28).contains(&d)
        {
            return Err(format!(
                "ministry_day = {d}: ngày gửi Bộ Nội vụ phải từ 1 đến 28"
            ));
        }
        for r in &cal.rules {
            if NaiveDate::from_ymd_opt(2000, r.month, r.day).is_none() {
                return Err(format!("ngày {}/{} không hợp lệ", r.day, r.month));
            }
        }
        Ok(cal)
    }

    /// The last day on which a report of the period is on time.
    pub fn last_on_time_day(&self, period: Period) -> Option<NaiveDate> {
        let rule = self.rules.iter().find(|r| r.period == period.kind)?;
        let d = NaiveDate::from_ymd_opt(period.year, rule.month, rule.day)?;
        if rule.before { d.pred_opt() } else { Some(d) }
    }

    /// The days the period's figures cover, when the calendar gives them.
    pub fn data_window(&self, period: Period) -> Option<(NaiveDate, NaiveDate)> {
        let w = self.rules.iter().find(|r| r.period == period.kind)?.data?;
        Some((w.from.in_year(period.year)?, w.to.in_year(period.year)?))
    }

    /// True when the period's figures run from the start of the reporting year (the
    /// 6-month and yearly reports): they can be compared with an earlier period's.
    pub fn is_cumulative(&self, period: Period) -> bool {
        self.data_window(period)
            .is_some_and(|(from, to)| (to - from).num_days() > 120)
    }

    /// The day by which the province's report of the period reaches the Bộ Nội vụ.
    pub fn ministry_due(&self, period: Period) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(period.year, period.kind.last_month(), self.ministry_day?)
    }

    /// The deadline as written: "trước ngày 05/03/2019".
    pub fn deadline_text(&self, period: Period) -> Option<String> {
        let rule = self.rules.iter().find(|r| r.period == period.kind)?;
        let d = NaiveDate::from_ymd_opt(period.year, rule.month, rule.day)?;
        let prefix = if rule.before {
            "trước ngày"
        } else {
            "chậm nhất ngày"
        };
        Some(format!("{prefix} {}", d.format("%d/%m/%Y")))
    }
}

/// Last day of a month.
pub fn end_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Adds working days (Monday–Friday) to a date.
pub fn add_working_days(d: NaiveDate, n: u32) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    let mut d = d;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(kind: PeriodKind, year: i32) -> Period {
        Period { kind, year }
    }

    #[test]
    fn replies_get_their_working_days_whole_holidays_excepted() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let cal = Calendar::from_toml(
            "holidays = [2019-02-04, 2019-02-05, 2019-02-06, 2019-02-07, 2019-02-08]\n\
             [[due]]\nperiod = \"q1\"\nmonth = 3\nday = 5\n",
        )
        .unwrap();
        // Wednesday 06/03/2019, 3 days: 07, 08, 11 → "trước ngày 12/03".
        assert_eq!(cal.reply_by(d(2019, 3, 6), 3), d(2019, 3, 12));
        // Thursday 31/01/2019 before Tết: 01/02, then 11 and 12/02.
        assert_eq!(cal.reply_by(d(2019, 1, 31), 3), d(2019, 2, 13));
    }

    #[test]
    fn working_days_skip_weekends() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // Monday 04/03/2019 + 3 → Thursday 07/03.
        assert_eq!(add_working_days(d(2019, 3, 4), 3), d(2019, 3, 7));
        // Thursday 07/03 + 3 → Tuesday 12/03.
        assert_eq!(add_working_days(d(2019, 3, 7), 3), d(2019, 3, 12));
    }

    #[test]
    fn ids_round_trip() {
        for id in ["q1-2019", "h1-2019", "q3-2019", "y-2019"] {
            assert_eq!(Period::parse_id(id).unwrap().id(), id);
        }
        assert_eq!(Period::parse_id("Q1-2019"), Some(p(PeriodKind::Q1, 2019)));
        assert_eq!(Period::parse_id("q2-2019"), None);
        assert_eq!(Period::parse_id("q1"), None);
    }

    #[test]
    fn loose_forms() {
        let cases = [
            ("Quý I/2019", p(PeriodKind::Q1, 2019)),
            ("quý 1 năm 2019", p(PeriodKind::Q1, 2019)),
            ("QUÝ III - 2019", p(PeriodKind::Q3, 2019)),
            ("6 tháng đầu năm 2019", p(PeriodKind::H1, 2019)),
            ("Báo cáo 6 tháng 2019", p(PeriodKind::H1, 2019)),
            ("Năm 2019", p(PeriodKind::Y, 2019)),
            ("Báo cáo kết quả CCHC năm 2019", p(PeriodKind::Y, 2019)),
            ("q3-2019", p(PeriodKind::Q3, 2019)),
        ];
        for (text, want) in cases {
            assert_eq!(Period::parse_loose(text, None), Some(want), "{text}");
        }
        assert_eq!(
            Period::parse_loose("Quý I", Some(2019)),
            Some(p(PeriodKind::Q1, 2019))
        );
        assert_eq!(Period::parse_loose("Quý I", None), None);
        assert_eq!(Period::parse_loose("Sở Tư pháp", Some(2019)), None);
    }

    #[test]
    fn labels() {
        assert_eq!(p(PeriodKind::Q1, 2019).label(), "Quý I/2019");
        assert_eq!(p(PeriodKind::H1, 2019).label(), "6 tháng đầu năm 2019");
        assert_eq!(p(PeriodKind::Q3, 2019).title_phrase(), "quý III năm 2019");
        assert_eq!(p(PeriodKind::Q1, 2019).in_sentence(), "quý I/2019");
        assert_eq!(p(PeriodKind::Y, 2019).in_sentence(), "năm 2019");
        assert_eq!(
            p(PeriodKind::Y, 2019).end(),
            NaiveDate::from_ymd_opt(2019, 12, 31).unwrap()
        );
    }

    #[test]
    fn calendar_from_data() {
        let cal = Calendar::from_toml(
            r#"
[[due]]
period = "q1"
month = 3
day = 5
before = true
[[due]]
period = "y"
month = 11
day = 5
before = true
"#,
        )
        .unwrap();
        assert_eq!(
            cal.last_on_time_day(p(PeriodKind::Q1, 2019)),
            NaiveDate::from_ymd_opt(2019, 3, 4)
        );
        assert_eq!(
            cal.deadline_text(p(PeriodKind::Y, 2019)).unwrap(),
            "trước ngày 05/11/2019"
        );
        assert_eq!(cal.last_on_time_day(p(PeriodKind::H1, 2019)), None);
    }

    #[test]
    fn data_windows_of_the_shipped_calendar() {
        let cal = Calendar::from_toml(include_str!("../../inputs/ky-bao-cao.toml")).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // NĐ 09/2019/NĐ-CP, Điều 12: quarter from the 15th of the month before it to the
        // 14th of its last month; 6-month and yearly from 15/12 of the year before.
        assert_eq!(
            cal.data_window(p(PeriodKind::Q1, 2019)),
            Some((d(2018, 12, 15), d(2019, 3, 14)))
        );
        assert_eq!(
            cal.data_window(p(PeriodKind::H1, 2019)),
            Some((d(2018, 12, 15), d(2019, 6, 14)))
        );
        assert_eq!(
            cal.data_window(p(PeriodKind::Q3, 2019)),
            Some((d(2019, 6, 15), d(2019, 9, 14)))
        );
        assert_eq!(
            cal.data_window(p(PeriodKind::Y, 2019)),
            Some((d(2018, 12, 15), d(2019, 12, 14)))
        );
        assert!(cal.is_cumulative(p(PeriodKind::H1, 2019)));
        assert!(cal.is_cumulative(p(PeriodKind::Y, 2019)));
        assert!(!cal.is_cumulative(p(PeriodKind::Q1, 2019)));
        assert!(cal.clause.is_some() && cal.late_notice);
    }
}
