//! A task's deadline as data: the text written in the catalogue and the dated
//! milestones read from it (the `read` room parses the text).

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// What a milestone marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MilestoneKind {
    /// Issue the plan (ban hành kế hoạch).
    Plan,
    /// Start implementation (triển khai).
    Start,
    /// Complete the task.
    Complete,
}

/// One dated step of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub kind: MilestoneKind,
    #[serde(serialize_with = "ser_date")]
    pub due: NaiveDate,
}

fn ser_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.format("%Y-%m-%d").to_string())
}

/// A parsed deadline: the source text, its milestones, and whether it is open (set by
/// another document or recurring, so it has no date of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub text: String,
    pub open: bool,
    /// "Thường xuyên", "Hằng năm", "Định kỳ…": assessed per period, never late as a
    /// whole.
    pub recurring: bool,
    pub milestones: Vec<Milestone>,
}

impl Deadline {
    /// The date by which the task must be complete, if the text gives one.
    pub fn completion(&self) -> Option<NaiveDate> {
        self.milestones
            .iter()
            .rev()
            .find(|m| m.kind == MilestoneKind::Complete)
            .map(|m| m.due)
    }
}

/// The date of a plan cited as evidence: "Kế hoạch số … ngày 10/01/2019".
pub fn plan_issued_on(evidence: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)kế hoạch[^;]*?ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})").unwrap()
    });
    let c = re.captures(evidence)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)
}
