//! The Sở Nội vụ's reminders (công văn đôn đốc) to agencies that have not reported,
//! reported late or reported with errors. The findings are cited through their subject
//! fields (the task a finding is about), never by reading their messages.

use crate::aggregate::{AgencyState, Submitted, Summary};
use crate::check::Checked;
use crate::compose::config::ReportConfig;
use crate::compose::vi::{date, draft_year, period_words};
use crate::doc::{Block, Document};
use crate::model::catalogue::Catalogue;
use crate::model::finding::Code;
use crate::model::period::{Calendar, add_working_days};
use crate::text::shorten;

/// One reminder (Công văn of the Sở Nội vụ) for an agency that needs one.
pub fn reminder_document(
    s: &Summary,
    agency: &AgencyState,
    checked: Option<&Checked>,
    cat: &Catalogue,
    calendar: &Calendar,
    config: &ReportConfig,
) -> Document {
    let pw = period_words(s);
    let sender = &config.department.name;
    let due_text = calendar.deadline_text(s.period).unwrap_or_default();
    let mut body = vec![Block::Paragraph {
        text: format!(
            "Thực hiện {}, các cơ quan, đơn vị gửi báo cáo kết quả thực hiện công tác cải cách hành chính {pw} về {sender} {due_text} để tổng hợp, báo cáo {} và Bộ Nội vụ.",
            config.plan_reference,
            config.committee()
        ),
    }];
    match agency.submitted {
        Submitted::Missing => body.push(Block::Paragraph {
            text: format!(
                "Đến ngày {}, {sender} chưa nhận được báo cáo {pw} của quý cơ quan.",
                date(s.as_of)
            ),
        }),
        Submitted::Late => body.push(Block::Paragraph {
            text: format!(
                "Báo cáo {pw} của quý cơ quan{} gửi sau thời hạn nêu trên, ảnh hưởng đến tiến độ tổng hợp chung của {}.",
                match (&agency.received, agency.report_date) {
                    (Some(r), _) => format!(
                        " (đến {} ngày {}{})",
                        config.department.name,
                        date(r.date),
                        r.number
                            .as_deref()
                            .map(|n| format!(", số đến {n}"))
                            .unwrap_or_default()
                    ),
                    (None, Some(d)) => format!(" (ngày {} ghi trên báo cáo)", date(d)),
                    (None, None) => String::new(),
                },
                config.locality
            ),
        }),
        Submitted::OnTime => {}
    }
    if let Some(c) = checked {
        corrections(&mut body, c, cat);
    }
    let has_errors = checked.is_some_and(|c| c.diagnostics.iter().any(|d| d.is_error()));
    body.push(Block::Paragraph {
        text: closing(s, agency, has_errors, config),
    });
    let mut noi_nhan = vec!["- Như trên;".to_string()];
    noi_nhan.extend(config.reminder_noi_nhan_extra.iter().cloned());
    noi_nhan.push("- Lưu: VT, CCHC.".into());
    Document {
        kind: "Công văn".into(),
        issuer: config.department.clone(),
        number: None,
        date: None,
        year: draft_year(s),
        title: format!("đôn đốc gửi báo cáo kết quả thực hiện công tác cải cách hành chính {pw}"),
        authority: None,
        recipients: vec![agency.name.clone()],
        body,
        signature: config.reminder_signature.clone(),
        noi_nhan,
        appendices: vec![],
    }
}

/// Error lines a letter lists at most; the rest are counted and left to the feedback
/// copy sent with it.
const LETTER_LINES: usize = 30;

/// The errors of the agency's report, one dash line each, with the task they concern;
/// errors that differ only by their cell (a row copied down many times) on one line.
fn corrections(body: &mut Vec<Block>, c: &Checked, cat: &Catalogue) {
    let groups = crate::model::finding::group(c.diagnostics.iter().filter(|d| d.is_error()));
    if groups.is_empty() {
        return;
    }
    let file = std::path::Path::new(&c.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    body.push(Block::Paragraph {
        text: format!(
            "Qua kiểm tra, báo cáo của quý cơ quan (tệp “{file}”) còn {} nội dung cần bổ sung, sửa đổi:",
            groups.len()
        ),
    });
    for g in groups.iter().take(LETTER_LINES) {
        let d = g.first;
        let place = match (&d.sheet, g.cells_text(5)) {
            (Some(sh), Some(ce)) => format!(" (trang “{sh}”, ô {ce})"),
            (Some(sh), None) => format!(" (trang “{sh}”)"),
            _ => String::new(),
        };
        let mut text = format!("{}{place}", d.message.trim_end_matches('.'));
        // `task.missing` already quotes the task's title in its message.
        if d.code != Code::TaskMissing
            && let Some(t) = d.task.as_deref().and_then(|code| cat.task(code))
        {
            text.push_str(&format!(" — {}", shorten(&t.full_title(), 100)));
        }
        // The hint of an unreadable file is the spreadsheet library's technical detail
        // (in English): it belongs in the check output, not in a letter.
        if let Some(h) = d.hint.as_ref().filter(|_| d.code != Code::FileUnreadable) {
            text.push_str(&format!(" ({h})"));
        }
        text.push(';');
        body.push(Block::Bullet { text });
    }
    if groups.len() > LETTER_LINES {
        body.push(Block::Bullet {
            text: format!(
                "Và {} nội dung khác, nêu đầy đủ trong tệp kết quả kiểm tra gửi kèm.",
                groups.len() - LETTER_LINES
            ),
        });
    }
}

/// The request closing the letter: send the report (again) by a new date, or — for a
/// report that was only late — keep to the deadlines next time.
fn closing(s: &Summary, agency: &AgencyState, has_errors: bool, config: &ReportConfig) -> String {
    let sender = &config.department.name;
    if agency.submitted == Submitted::Late && !has_errors {
        return format!(
            "{sender} đề nghị quý cơ quan rút kinh nghiệm, gửi báo cáo định kỳ đúng thời hạn trong các kỳ tiếp theo để bảo đảm tiến độ tổng hợp, báo cáo {}./.",
            config.committee()
        );
    }
    format!(
        "{sender} đề nghị quý cơ quan khẩn trương hoàn thiện, gửi báo cáo {} về {sender} trước ngày {} (kèm tệp Excel theo mẫu) để tổng hợp, báo cáo {} theo quy định./.",
        period_words(s),
        date(add_working_days(s.as_of, config.reminder_days)),
        config.committee()
    )
}
