//! A task's deadline as data: the text written in the catalogue and the dated
//! milestones read from it (the `read` room parses the text).

use chrono::NaiveDate;
use serde::Serialize;

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
