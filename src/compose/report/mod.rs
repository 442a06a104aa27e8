//! The UBND's periodic CCHC report, composed from a [`Summary`]. Every number printed
//! here is computed in [`crate::aggregate`]; this module only words it.

mod appendix;
mod sections;

pub use sections::difficulties_and_proposals;

use crate::aggregate::{Summary, TaskState};
use crate::check::Checked;
use crate::compose::config::ReportConfig;
use crate::compose::vi::{date, draft_year, period_words};
use crate::doc::{Appendix, Block, Document};
use crate::model::catalogue::Catalogue;
use crate::model::indicators::Indicators;
use crate::model::period::PeriodKind;
use crate::model::registry::Registry;
use chrono::NaiveDate;
use std::collections::HashMap;

pub(crate) fn agency_name(registry: &Registry, code: &str) -> String {
    registry
        .get(code)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| code.to_string())
}

pub fn state_label(s: &crate::aggregate::TaskSummary) -> String {
    let mut out = match s.state {
        TaskState::Completed { on_time: true } => "Đã hoàn thành đúng hạn".to_string(),
        TaskState::Completed { on_time: false } => {
            "Đã hoàn thành, chậm so với thời hạn".to_string()
        }
        TaskState::InProgress => "Đang thực hiện".to_string(),
        TaskState::NotStarted => "Chưa thực hiện".to_string(),
        TaskState::NotReported => "Chưa có báo cáo".to_string(),
    };
    if let Some(d) = s.completed_on
        && s.is_completed()
    {
        out.push_str(&format!(" ({})", date(d)));
    }
    if s.leads > 1 && !s.is_completed() {
        out.push_str(&format!(
            "; {}/{} cơ quan chủ trì đã hoàn thành",
            s.done, s.leads
        ));
    }
    if s.overdue {
        out.push_str("; quá hạn");
    }
    if let Some(p) = s.plan.as_ref().filter(|p| p.late) {
        out.push_str(&format!("; ban hành Kế hoạch chậm ({})", p.due_text));
    }
    out
}

/// What every section of the report reads.
pub(super) struct Ctx<'a> {
    pub(super) s: &'a Summary,
    pub(super) cat: &'a Catalogue,
    pub(super) registry: &'a Registry,
    pub(super) config: &'a ReportConfig,
    /// The period as written inside sentences ("quý I/2019").
    pub(super) pw: String,
    /// How many tasks carry each partner line (by its folded words).
    pub(super) partner_lines: HashMap<String, usize>,
}

impl Ctx<'_> {
    /// How many tasks carry a partner line with these words.
    pub(super) fn repeated(&self, key: &str) -> usize {
        self.partner_lines.get(key).copied().unwrap_or(0)
    }
}

/// The periodic report of the People's Committee.
pub fn report_document(
    s: &Summary,
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    checked: &[Checked],
    config: &ReportConfig,
    number: Option<u32>,
) -> Document {
    let mut partner_lines: HashMap<String, usize> = HashMap::new();
    for ts in &s.tasks {
        let mut keys: Vec<String> = ts
            .partner_reports
            .iter()
            .map(|(_, r)| crate::compose::words::routine_key(&r.result))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *partner_lines.entry(k).or_default() += 1;
        }
    }
    let cx = Ctx {
        s,
        cat,
        registry,
        config,
        pw: period_words(s),
        partner_lines,
    };
    let mut body = sections::opening(&cx);
    body.extend(sections::direction(&cx));
    body.extend(sections::results(&cx));
    let (difficulties, proposals) = sections::difficulties_and_proposals(s, checked);
    body.extend(sections::assessment(&cx, &difficulties));
    body.extend(sections::next_period(&cx));
    body.extend(sections::proposals(&cx, &proposals));
    let mut doc = Document {
        kind: "Báo cáo".into(),
        issuer: config.city.clone(),
        number,
        date: None,
        year: draft_year(s),
        title: format!(
            "Kết quả thực hiện công tác cải cách hành chính {}",
            crate::compose::words::report_title(s)
        ),
        authority: None,
        recipients: config.report_recipients.clone(),
        body,
        signature: config.report_signature.clone(),
        noi_nhan: config.report_noi_nhan.clone(),
        appendices: appendices(&cx, indicators),
    };
    let attached = doc.attached_to();
    for a in &mut doc.appendices {
        a.reference = Some(attached.clone());
    }
    doc
}

/// Phụ lục I (tasks) and Phụ lục II (figures), landscape.
/// Their "(Kèm theo Báo cáo …)" line is the report's own ([`Document::attached_to`]),
/// set once the report is made.
fn appendices(cx: &Ctx, indicators: &Indicators) -> Vec<Appendix> {
    let s = cx.s;
    let phrase = s.period.title_phrase().to_uppercase();
    vec![
        Appendix {
            label: Some("Phụ lục I".into()),
            kind: None,
            title: format!("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {phrase}"),
            reference: None,
            issuer_header: false,
            landscape: true,
            body: vec![Block::Table(appendix::tasks_table(s, cx.cat, cx.registry))],
            signature: None,
        },
        Appendix {
            label: Some("Phụ lục II".into()),
            kind: None,
            title: format!("SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {phrase} THEO CƠ QUAN"),
            reference: None,
            issuer_header: false,
            landscape: true,
            body: appendix::figures_blocks(s, indicators, cx.registry),
            signature: None,
        },
    ]
}

/// The window of the next period: the months after this period up to the next one's end.
pub(super) fn next_window(s: &Summary) -> (NaiveDate, NaiveDate) {
    let y = s.period.year;
    // The next report's span: quý II after quý I, the last six months after the first,
    // quý IV after quý III, the whole next year after the yearly report.
    let (fm, tm, ty) = match s.period.kind {
        PeriodKind::Q1 => (4, 6, y),
        PeriodKind::H1 => (7, 12, y),
        PeriodKind::Q3 => (10, 12, y),
        PeriodKind::Y => (1, 12, y + 1),
    };
    let fy = if s.period.kind == PeriodKind::Y {
        y + 1
    } else {
        y
    };
    (
        NaiveDate::from_ymd_opt(fy, fm, 1).unwrap_or(s.as_of),
        crate::model::period::end_of_month(ty, tm).unwrap_or(s.as_of),
    )
}
