//! When a report reached the Sở: the văn thư's register of incoming documents (sổ văn
//! bản đến). A report's own date is what the agency typed; the register's date is when
//! it arrived, and it decides whether the report was on time.

use chrono::NaiveDate;
use serde::Serialize;

/// One entry of the register: the day a report arrived and its arrival number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// Ngày đến.
    pub date: NaiveDate,
    /// Số đến, when the register gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

/// What a report's lateness was judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// The date the register gives (ngày đến).
    Received,
    /// The date the agency typed on its report (no register entry).
    Typed,
}
