//! Who issues, signs and receives the period's documents: the `[documents]` table of
//! vanban.toml. There is no built-in default: the city or province, its People's
//! Committee and its Department of Home Affairs are data, never program text, so a
//! province that adopts vanban changes its vanban.toml and nothing else.

use crate::doc::{Issuer, Signature};
use serde::Deserialize;

/// Who issues and signs, and who receives (vanban.toml `[documents]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// The People's Committee of the city or province (issuer of the report).
    pub city: Issuer,
    pub report_signature: Signature,
    pub report_recipients: Vec<String>,
    #[serde(default)]
    pub report_noi_nhan: Vec<String>,
    /// The Department of Home Affairs (issuer of reminders).
    pub department: Issuer,
    pub reminder_signature: Signature,
    #[serde(default)]
    pub reminder_noi_nhan_extra: Vec<String>,
    /// Working days given by a reminder, counted from the letter's date without
    /// weekends and the calendar's holidays.
    #[serde(default = "default_reminder_days")]
    pub reminder_days: u32,
    /// Who to call about the Sở's letters, printed as their last paragraph: "Chi tiết
    /// liên hệ: đ/c Nguyễn Thị A, Phòng Cải cách hành chính, ĐT: …".
    #[serde(default)]
    pub contact: Option<String>,
    /// What a late or missing report costs the agency, said in the letters that ask
    /// for one (the reporting criterion of the Chỉ số CCHC).
    #[serde(default)]
    pub reporting_criterion: Option<String>,
    /// The plan being reported on, as cited in the documents.
    pub plan_reference: String,
    /// The căn cứ of the Tờ trình before the plan: the reporting regime ("Nghị định số
    /// 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan
    /// hành chính nhà nước").
    #[serde(default)]
    pub report_basis: Vec<String>,
    /// The level of the locality as written in running text: "thành phố" (a city under
    /// the central government) or "tỉnh" — "Ủy ban nhân dân thành phố", "của tỉnh".
    #[serde(default = "default_locality")]
    pub locality: String,
}

fn default_reminder_days() -> u32 {
    3
}

fn default_locality() -> String {
    "thành phố".into()
}

impl ReportConfig {
    /// "Ủy ban nhân dân thành phố": the issuer named in running text.
    pub fn committee(&self) -> String {
        format!("Ủy ban nhân dân {}", self.locality)
    }

    /// The last Nơi nhận line of the Sở's own documents: "- Lưu: VT, CCHC."
    pub fn department_archive(&self) -> String {
        match &self.department.unit {
            Some(u) => format!("- Lưu: VT, {u}."),
            None => "- Lưu: VT.".into(),
        }
    }
}
