//! The Sở Nội vụ's Tờ trình to the UBND leader presenting the draft report: who
//! reported on time, late or not at all, whose data were left out and why, and what the
//! Sở proposes the UBND direct its own departments to do. Everything about the Sở's
//! processing that does not belong in the UBND's report to the Ministry is said here.

use crate::aggregate::{Submitted, Summary};
use crate::check::{Checked, FileStatus};
use crate::compose::config::ReportConfig;
use crate::compose::report::agency_name;
use crate::compose::vi::{date, draft_year, period_words, sort_names};
use crate::compose::words::{is_central, report_title};
use crate::doc::{Block, Document};
use crate::model::period::Calendar;
use crate::model::registry::Registry;

fn para(text: String) -> Block {
    Block::Paragraph { text }
}

fn bullet(text: String) -> Block {
    Block::Bullet { text }
}

/// Names of the agencies that match, in Vietnamese collation.
fn names(s: &Summary, pred: impl Fn(&crate::aggregate::AgencyState) -> bool) -> Vec<String> {
    let mut v: Vec<String> = s
        .agencies
        .iter()
        .filter(|a| pred(a))
        .map(|a| a.name.clone())
        .collect();
    sort_names(&mut v);
    v
}

/// The Tờ trình presenting the period's report for signature.
pub fn to_trinh_document(
    s: &Summary,
    checked: &[Checked],
    registry: &Registry,
    calendar: &Calendar,
    config: &ReportConfig,
    proposals: &[String],
) -> Document {
    let pw = period_words(s);
    let dept = &config.department.name;
    let mut body = vec![para(format!(
        "Thực hiện {}, {dept} đã tổng hợp báo cáo kết quả thực hiện công tác cải cách hành chính {pw} của các cơ quan, đơn vị và xây dựng dự thảo Báo cáo của {} gửi Bộ Nội vụ. {dept} kính trình {} như sau:",
        config.plan_reference,
        config.committee(),
        config.committee()
    ))];
    body.push(Block::Heading {
        level: 2,
        text: "1. Tình hình gửi báo cáo của các cơ quan, đơn vị".into(),
    });
    body.extend(reporting(s, calendar, config));
    body.push(Block::Heading {
        level: 2,
        text: "2. Số liệu, nội dung chưa được tổng hợp".into(),
    });
    body.extend(left_out(s, checked, registry, dept));
    body.extend(draft_standing(s, calendar, config).into_iter().map(bullet));
    body.push(Block::Heading {
        level: 2,
        text: "3. Đề xuất".into(),
    });
    body.extend(requests(s, config, proposals));
    body.push(para(format!(
        "{dept} kính trình {} xem xét, ký ban hành Báo cáo kết quả thực hiện công tác cải cách hành chính {} (dự thảo kèm theo)./.",
        config.committee(),
        report_title(s)
    )));
    Document {
        kind: "Tờ trình".into(),
        issuer: config.department.clone(),
        number: None,
        date: None,
        year: draft_year(s),
        title: format!(
            "Về việc ban hành Báo cáo kết quả thực hiện công tác cải cách hành chính {}",
            report_title(s)
        ),
        authority: None,
        recipients: vec![config.committee()],
        body,
        signature: config.reminder_signature.clone(),
        noi_nhan: vec![
            "- Như trên;".into(),
            "- Giám đốc Sở (để b/c);".into(),
            config.department_archive(),
        ],
        appendices: vec![],
    }
}

/// Where the draft stands, for the leader who signs it: drafted before the date the
/// agencies were given to send, complete or correct their reports (their figures may
/// still change), and the day by which the report must reach the Bộ Nội vụ.
pub fn draft_standing(s: &Summary, calendar: &Calendar, config: &ReportConfig) -> Vec<String> {
    let mut out = Vec::new();
    let dept = &config.department.name;
    // The agencies asked to send again: corrections, the form instead of a document,
    // or a report not yet sent.
    let asked = names(s, |a| {
        a.submitted != Submitted::OnTime && a.submitted != Submitted::Late
            || matches!(a.status, Some(FileStatus::Errors | FileStatus::Unreadable))
            || !a.usable
    });
    if !asked.is_empty() {
        let by = crate::model::period::add_working_days(s.as_of, config.reminder_days);
        out.push(format!(
            "Dự thảo Báo cáo được lập với số liệu nhận được đến ngày {}, trước thời hạn {} {dept} đề nghị {} cơ quan, đơn vị gửi, bổ sung hoặc chỉnh sửa báo cáo; số liệu của các cơ quan này sẽ được cập nhật vào dự thảo trước khi trình ký;",
            date(s.as_of),
            date(by),
            asked.len()
        ));
    }
    if let Some(due) = calendar.ministry_due(s.period) {
        out.push(format!(
            "Báo cáo cần gửi Bộ Nội vụ chậm nhất ngày {}.",
            date(due)
        ));
    }
    out
}

/// The same, for the clerk who runs the period (`run`, `report` print it on stderr):
/// a draft made before the corrections are due, or with errors still open.
pub fn draft_warnings(s: &Summary, config: &ReportConfig) -> Vec<String> {
    let mut out = Vec::new();
    let faulty = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::Missing && a.needs_reminder())
        .count();
    let open_errors = s
        .agencies
        .iter()
        .filter(|a| a.usable && a.status == Some(FileStatus::Errors))
        .count();
    if faulty > 0 {
        let by = crate::model::period::add_working_days(s.as_of, config.reminder_days);
        out.push(format!(
            "dự thảo lập ngày {}, trước hạn {} các cơ quan gửi lại báo cáo theo công văn của Sở; lập lại sau hạn này để có số liệu đã chỉnh sửa",
            date(s.as_of),
            date(by)
        ));
    }
    if open_errors > 0 {
        out.push(format!(
            "còn {open_errors} báo cáo có lỗi chưa chỉnh sửa: các dòng, số liệu có lỗi chưa được tổng hợp"
        ));
    }
    out
}

/// Who reported on time, late (with the day it arrived), not at all.
fn reporting(s: &Summary, calendar: &Calendar, config: &ReportConfig) -> Vec<Block> {
    let total = s.agencies.len();
    let on_time = names(s, |a| a.submitted == Submitted::OnTime);
    let late: Vec<String> = {
        let mut v: Vec<String> = s
            .agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Late)
            .map(|a| {
                let when = match (&a.received, a.report_date) {
                    (Some(r), _) => format!(", đến ngày {}", date(r.date)),
                    (None, Some(d)) => format!(", báo cáo ghi ngày {}", date(d)),
                    _ => String::new(),
                };
                format!("{}{when}", a.name)
            })
            .collect();
        sort_names(&mut v);
        v
    };
    let missing = names(s, |a| a.submitted == Submitted::Missing);
    let wrong_format = names(s, |a| a.submitted == Submitted::WrongFormat);
    let deadline = calendar
        .deadline_text(s.period)
        .map(|d| format!(" (thời hạn: {d}{})", clause(calendar)))
        .unwrap_or_default();
    let mut out = Vec::new();
    if on_time.len() == total {
        out.push(bullet(format!(
            "Tất cả {total}/{total} cơ quan, đơn vị đã gửi báo cáo đúng thời hạn{deadline};"
        )));
        return out;
    }
    out.push(bullet(format!(
        "Đến ngày {}, {} đã nhận được báo cáo của {}/{total} cơ quan, đơn vị{deadline}{}: {} cơ quan gửi đúng hạn{};",
        date(s.as_of),
        config.department.name,
        total - missing.len(),
        basis_words(s, &config.department.name),
        on_time.len(),
        if late.is_empty() {
            String::new()
        } else {
            format!(", {} cơ quan gửi muộn ({})", late.len(), late.join("; "))
        }
    )));
    if !wrong_format.is_empty() {
        out.push(bullet(format!(
            "{}/{total} cơ quan, đơn vị gửi báo cáo bằng văn bản (Word, PDF), không theo mẫu Excel nên chưa tổng hợp được: {}. {} đã đề nghị các cơ quan này gửi lại báo cáo theo mẫu;",
            wrong_format.len(),
            wrong_format.join(", "),
            config.department.name
        )));
    }
    if !missing.is_empty() {
        out.push(bullet(format!(
            "{}/{total} cơ quan, đơn vị chưa gửi báo cáo: {}. {} đã có văn bản đôn đốc các cơ quan này;",
            missing.len(),
            missing.join(", "),
            config.department.name
        )));
    }
    out
}

fn clause(calendar: &Calendar) -> String {
    calendar
        .clause
        .as_deref()
        .map(|c| format!(", theo {c} của Kế hoạch"))
        .unwrap_or_default()
}

/// Reports used in part, figures left out, files that could not be used, with why.
fn left_out(s: &Summary, checked: &[Checked], registry: &Registry, dept: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // What the Sở settled in its review (hieu-chinh.xlsx), in one sentence.
    let mut settled: Vec<String> = Vec::new();
    let mut count = 0;
    for c in checked {
        let n = c.diagnostics.iter().filter(|d| d.settled.is_some()).count();
        if n > 0 {
            count += n;
            if let Some(a) = c.agency.as_deref() {
                let name = agency_name(registry, a);
                if !settled.contains(&name) {
                    settled.push(name);
                }
            }
        }
    }
    if count > 0 {
        sort_names(&mut settled);
        out.push(bullet(format!(
            "{dept} đã trao đổi, thống nhất {count} nội dung, số liệu của báo cáo với {}; dự thảo Báo cáo sử dụng số liệu, nội dung đã thống nhất;",
            settled.join(", ")
        )));
    }
    for a in s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = a.checked else { continue };
        let c = &checked[i];
        let rows = c.tasks.iter().filter(|r| r.has_error).count();
        if c.status == FileStatus::Errors && rows > 0 {
            out.push(bullet(format!(
                "Báo cáo của {} còn {} lỗi; {rows} nhiệm vụ có lỗi chưa được tổng hợp, {} đã đề nghị cơ quan chỉnh sửa, bổ sung;",
                a.name,
                a.errors,
                dept
            )));
        }
    }
    for (code, reasons) in &s.figures_excluded {
        out.push(bullet(format!(
            "Số liệu của {} chưa được cộng vào tổng (ở tất cả các cột) do: {};",
            agency_name(registry, code),
            reasons
                .iter()
                .take(3)
                .map(|r| crate::text::shorten(r, 160))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let unusable = names(s, |a| {
        !matches!(a.submitted, Submitted::Missing | Submitted::WrongFormat) && !a.usable
    });
    if !unusable.is_empty() {
        out.push(bullet(format!(
            "Báo cáo của {} không sử dụng được (tệp không đọc được hoặc không đúng kỳ báo cáo), chưa được tổng hợp;",
            unusable.join(", ")
        )));
    }
    if !s.unattributed.is_empty() {
        out.push(bullet(format!(
            "{} tệp báo cáo không xác định được cơ quan gửi, chưa được tổng hợp;",
            s.unattributed.len()
        )));
    }
    if out.is_empty() {
        out.push(para(
            "Số liệu, nội dung báo cáo của các cơ quan, đơn vị đã gửi đều được tổng hợp đầy đủ."
                .into(),
        ));
    }
    out
}

/// What the Sở proposes the UBND direct: the agencies' proposals to the city's own
/// bodies, and the reporting discipline.
fn requests(s: &Summary, config: &ReportConfig, proposals: &[String]) -> Vec<Block> {
    let mut out = vec![para(format!(
        "{} đề nghị {} chỉ đạo:",
        config.department.name,
        config.committee()
    ))];
    for p in proposals.iter().filter(|p| !is_central(p)) {
        let p = p.trim();
        let bare = ["Đề nghị ", "Kiến nghị ", "Đề xuất "]
            .iter()
            .find_map(|w| p.strip_prefix(w))
            .unwrap_or(p);
        let mut c = bare.chars();
        let bare: String = match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => continue,
        };
        out.push(bullet(format!("{bare} (đề xuất của các cơ quan, đơn vị);")));
    }
    let missing = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::OnTime)
        .count();
    if missing > 0 {
        out.push(bullet(
            "Thủ trưởng các cơ quan, đơn vị chưa gửi báo cáo hoặc gửi báo cáo chậm thực hiện nghiêm chế độ báo cáo định kỳ theo Kế hoạch;".into(),
        ));
    }
    if s.all.overdue > 0 {
        out.push(bullet(format!(
            "Các cơ quan chủ trì khẩn trương hoàn thành {} nhiệm vụ đã quá thời hạn;",
            s.all.overdue
        )));
    }
    if out.len() == 1 {
        out.push(bullet(
            "Các cơ quan, đơn vị tiếp tục triển khai các nhiệm vụ của Kế hoạch theo tiến độ;"
                .into(),
        ));
    }
    out
}

/// What lateness was judged on: the day each report arrived (the register of incoming
/// documents), the date typed on it, or both.
fn basis_words(s: &Summary, department: &str) -> String {
    use crate::model::receipt::DateBasis;
    let received: Vec<_> = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::Missing)
        .collect();
    let by_register = received
        .iter()
        .filter(|a| a.basis == DateBasis::Received)
        .count();
    if received.is_empty() {
        String::new()
    } else if by_register == received.len() {
        format!(" (căn cứ ngày đến theo sổ văn bản đến của {department})")
    } else if by_register == 0 {
        " (căn cứ ngày ghi trên báo cáo)".to_string()
    } else {
        format!(
            " (căn cứ ngày đến theo sổ văn bản đến của {department}; {} báo cáo chưa vào sổ tính theo ngày ghi trên báo cáo)",
            received.len() - by_register
        )
    }
}
