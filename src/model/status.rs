//! The state of a task as an agency reports it.

use serde::Serialize;

/// The state of a task as reported. The agency's own wording is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Đã hoàn thành.
    Done,
    /// Đang thực hiện (also "chưa hoàn thành", "thường xuyên").
    InProgress,
    /// Chưa thực hiện (also "không thực hiện").
    NotStarted,
}

impl Status {
    /// The label used in the form's drop-down and in reports.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Đã hoàn thành",
            Status::InProgress => "Đang thực hiện",
            Status::NotStarted => "Chưa thực hiện",
        }
    }

    pub const ALL: [Status; 3] = [Status::Done, Status::InProgress, Status::NotStarted];
}
