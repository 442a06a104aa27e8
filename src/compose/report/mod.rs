//! The UBND's periodic CCHC report, composed from a [`Summary`] in the order and with the
//! sentences of the Bộ Nội vụ's outline ([`Outline`], data). Every number printed here
//! is computed in [`crate::aggregate`]; this module only words it.

mod appendix;
mod assessment;
mod narrative;
mod sections;
mod template;
mod values;

use crate::aggregate::{Summary, TaskState};
use crate::check::Checked;
use crate::compose::config::ReportConfig;
use crate::compose::vi::{date, draft_year, period_words};
use crate::doc::{Appendix, Block, Document};
use crate::model::catalogue::Catalogue;
use crate::model::indicators::Indicators;
use crate::model::notes::Notes;
use crate::model::outline::Outline;
use crate::model::period::PeriodKind;
use crate::model::registry::Registry;
use chrono::NaiveDate;

pub(crate) fn agency_name(registry: &Registry, code: &str) -> String {
    registry
        .get(code)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// A task's state in the annex, in the body's words ("Đang triển khai"); empty for a
/// task no usable report speaks of — the report to the Bộ does not say so.
pub fn state_label(s: &crate::aggregate::TaskSummary) -> String {
    let mut out = match s.state {
        TaskState::Completed { on_time: true } => "Đã hoàn thành đúng tiến độ".to_string(),
        TaskState::Completed { on_time: false } => {
            "Đã hoàn thành, chậm so với thời hạn".to_string()
        }
        TaskState::InProgress => "Đang triển khai".to_string(),
        TaskState::NotStarted if s.overdue || s.start_missed.is_some() => {
            "Chưa triển khai".to_string()
        }
        TaskState::NotStarted => "Chưa đến thời điểm triển khai".to_string(),
        TaskState::NotReported => String::new(),
    };
    if let Some(d) = s.completed_on
        && s.is_completed()
    {
        out.push_str(&format!(" ({})", date(d)));
    }
    if s.leads > 1 && !s.is_completed() && s.done > 0 {
        out.push_str(&format!(
            "; {}/{} cơ quan chủ trì đã hoàn thành",
            s.done, s.leads
        ));
    }
    if s.overdue {
        out.push_str("; đã quá thời hạn");
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
    pub(super) outline: &'a Outline,
    pub(super) notes: &'a Notes,
    /// The agencies' proposals (usable reports, each text once).
    pub(super) proposals: Vec<String>,
    /// The period as written inside sentences ("quý I/2019").
    pub(super) pw: String,
}

/// What the report needs besides the period's summary.
pub struct ReportInputs<'a> {
    pub cat: &'a Catalogue,
    pub registry: &'a Registry,
    pub indicators: &'a Indicators,
    pub outline: &'a Outline,
    pub notes: &'a Notes,
    pub config: &'a ReportConfig,
}

/// The report, and what its body had to leave out for want of data or notes (said in
/// the Tờ trình as "nội dung cần bổ sung") and the notes no section printed.
pub struct Composed {
    pub document: Document,
    pub gaps: Vec<String>,
    pub unused_notes: Vec<String>,
}

/// The periodic report of the People's Committee.
pub fn report_document(
    s: &Summary,
    inputs: &ReportInputs,
    checked: &[Checked],
    number: Option<u32>,
) -> Composed {
    let (_, proposals) = difficulties_and_proposals(s, checked);
    let config = inputs.config;
    let cx = Ctx {
        s,
        cat: inputs.cat,
        registry: inputs.registry,
        config,
        outline: inputs.outline,
        notes: inputs.notes,
        proposals,
        pw: period_words(s),
    };
    let mut gaps = Vec::new();
    let value = |n: &str| cx.value(n);
    let mut body: Vec<Block> = template::fill(&cx.outline.opening, &value)
        .map(sections::paragraph)
        .into_iter()
        .collect();
    let placement = sections::place(&cx);
    body.extend(sections::body(&cx, &placement, &mut gaps));
    body.extend(template::fill(&cx.outline.closing, &value).map(sections::paragraph));
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
        appendices: appendices(&cx, inputs.indicators),
        mark: None,
    };
    let attached = doc.attached_to();
    for a in &mut doc.appendices {
        a.reference = Some(attached.clone());
    }
    let unused_notes = unused_notes(&cx);
    Composed {
        document: doc,
        gaps,
        unused_notes,
    }
}

/// The notes keys the outline names nowhere: written by the Sở, printed nowhere.
fn unused_notes(cx: &Ctx) -> Vec<String> {
    let named: Vec<&String> = cx
        .outline
        .sections
        .iter()
        .flat_map(|s| s.notes.iter().chain(s.items.iter().flat_map(|i| &i.notes)))
        .collect();
    cx.notes
        .keys()
        .filter(|k| !named.iter().any(|n| n.as_str() == *k))
        .map(str::to_string)
        .collect()
}

/// Difficulties and proposals of usable reports, each text once.
pub fn difficulties_and_proposals(s: &Summary, checked: &[Checked]) -> (Vec<String>, Vec<String>) {
    let mut difficulties: Vec<String> = Vec::new();
    let mut proposals: Vec<String> = Vec::new();
    for st in s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = st.checked else { continue };
        for r in checked[i].tasks.iter().filter(|r| !r.has_error) {
            for (text, list) in [
                (&r.difficulties, &mut difficulties),
                (&r.proposals, &mut proposals),
            ] {
                let t = text.trim().trim_end_matches(['.', ';', ' ']).to_string();
                if !t.is_empty() && !list.contains(&t) {
                    list.push(t);
                }
            }
        }
    }
    (difficulties, proposals)
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
