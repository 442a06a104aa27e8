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
use crate::model::catalogue::Catalogue;
use crate::model::period::Calendar;
use crate::model::registry::Registry;

fn para(text: String) -> Block {
    Block::Paragraph { text }
}

fn bullet(text: String) -> Block {
    Block::Bullet { text }
}

/// A list whose last item ends the sentence: "…;" becomes "….".
fn end_list(mut blocks: Vec<Block>) -> Vec<Block> {
    if let Some(Block::Bullet { text }) = blocks.last_mut()
        && text.ends_with(';')
    {
        text.pop();
        text.push('.');
    }
    blocks
}

/// What the draft says, in two sentences for the leader: the tasks done, under way and
/// late, and the shortcomings it reports.
fn draft_summary(s: &Summary) -> Vec<Block> {
    let c = &s.all;
    let mut out = vec![bullet(format!(
        "Kết quả: trong {}, các cơ quan, đơn vị {};",
        period_words(s),
        crate::compose::words::counts_sentence(c, "nhiệm vụ").trim_end_matches(['.', ';'])
    ))];
    let mut short = Vec::new();
    if c.overdue > 0 {
        short.push(format!(
            "{} nhiệm vụ chậm so với thời hạn của Kế hoạch",
            c.overdue
        ));
    }
    let late_or_missing = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::OnTime)
        .count();
    if late_or_missing > 0 {
        short.push(format!(
            "chế độ báo cáo chưa được một số cơ quan, đơn vị thực hiện nghiêm ({late_or_missing}/{} cơ quan, đơn vị gửi báo cáo chậm, chưa gửi hoặc không theo mẫu)",
            s.agencies.len()
        ));
    }
    if !short.is_empty() {
        out.push(bullet(format!("Tồn tại, hạn chế: {};", short.join("; "))));
    }
    out
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
    cat: &Catalogue,
    registry: &Registry,
    calendar: &Calendar,
    config: &ReportConfig,
    proposals: &[String],
    gaps: &[String],
) -> Document {
    let pw = period_words(s);
    let dept = &config.department.name;
    // Căn cứ: the reporting regime (vanban.toml), then the plan being reported on.
    let mut body: Vec<Block> = config
        .report_basis
        .iter()
        .map(|b| para(format!("Căn cứ {};", b.trim_end_matches([';', '.', ' ']))))
        .collect();
    body.push(para(format!(
        "Thực hiện {}, {dept} đã tổng hợp báo cáo kết quả thực hiện công tác cải cách hành chính {pw} của các cơ quan, đơn vị và xây dựng dự thảo Báo cáo của {} gửi Bộ Nội vụ. {dept} kính trình {} như sau:",
        config.plan_reference,
        config.committee(),
        config.committee()
    )));
    body.push(Block::Heading {
        level: 2,
        text: "1. Nội dung chính của dự thảo Báo cáo".into(),
    });
    body.extend(end_list(draft_summary(s)));
    body.push(Block::Heading {
        level: 2,
        text: "2. Tình hình gửi báo cáo của các cơ quan, đơn vị".into(),
    });
    body.extend(end_list(reporting(s, calendar, config)));
    body.push(Block::Heading {
        level: 2,
        text: "3. Số liệu, nội dung chưa được tổng hợp".into(),
    });
    let mut section = left_out(s, checked, cat, registry, dept);
    if !gaps.is_empty() {
        section.push(bullet(format!(
            "Nội dung cần bổ sung vào dự thảo Báo cáo (chưa có kết quả từ báo cáo của các cơ quan, đơn vị và chưa có ghi chú của {dept}, nên dự thảo chưa nêu): {}",
            gaps.join("; ")
        )));
    }
    section.extend(draft_standing(s, calendar, config).into_iter().map(bullet));
    body.extend(end_list(section));
    body.push(Block::Heading {
        level: 2,
        text: "4. Đề xuất".into(),
    });
    body.extend(end_list(requests(s, config, proposals)));
    body.push(para(format!(
        "Hồ sơ kèm theo: dự thảo Báo cáo của {} (kèm Phụ lục I, Phụ lục II); bảng tổng hợp tình hình gửi báo cáo và kết quả kiểm tra báo cáo của các cơ quan, đơn vị.",
        config.committee()
    )));
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
        mark: None,
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
        let by = calendar.reply_by(s.as_of, config.reminder_days);
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
pub fn draft_warnings(s: &Summary, calendar: &Calendar, config: &ReportConfig) -> Vec<String> {
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
        let by = calendar.reply_by(s.as_of, config.reminder_days);
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
    // One parenthesis: the deadline and what lateness was judged on.
    let said: Vec<String> = calendar
        .deadline_text(s.period)
        .map(|d| format!("thời hạn: {d}{}", clause(calendar)))
        .into_iter()
        .chain(basis_words(s, &config.department.name))
        .collect();
    let deadline = if said.is_empty() {
        String::new()
    } else {
        format!(" ({})", said.join("; "))
    };
    let mut out = Vec::new();
    if on_time.len() == total {
        out.push(bullet(format!(
            "Tất cả {total}/{total} cơ quan, đơn vị đã gửi báo cáo đúng thời hạn{deadline};"
        )));
        return out;
    }
    out.push(bullet(format!(
        "Đến ngày {}, {} đã nhận được báo cáo của {}/{total} cơ quan, đơn vị{deadline}: {} cơ quan gửi đúng hạn{};",
        date(s.as_of),
        config.department.name,
        total - missing.len(),
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
fn left_out(
    s: &Summary,
    checked: &[Checked],
    cat: &Catalogue,
    registry: &Registry,
    dept: &str,
) -> Vec<Block> {
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
    // Every agency whose report still has errors, whatever they are.
    for a in s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = a.checked else { continue };
        let c = &checked[i];
        if c.status != FileStatus::Errors {
            continue;
        }
        let rows = c.tasks.iter().filter(|r| r.has_error).count();
        let left = if rows > 0 {
            format!("; {rows} nhiệm vụ có lỗi chưa được tổng hợp")
        } else {
            String::new()
        };
        out.push(bullet(format!(
            "Báo cáo của {} còn {} nội dung cần chỉnh sửa, bổ sung{left}, {dept} đã có văn bản đề nghị cơ quan chỉnh sửa, bổ sung;",
            a.name,
            crate::compose::findings::lines(c, cat).len().max(a.errors.min(1)),
        )));
    }
    for (code, reasons) in &s.figures_excluded {
        out.push(bullet(format!(
            "Số liệu của {} chưa được cộng vào số liệu tổng hợp do: {};",
            agency_name(registry, code),
            reasons
                .iter()
                .take(3)
                .map(|r| r.trim_end_matches(['.', ' ']))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    // Reports that could not be used, each with its own reason.
    for a in s.agencies.iter().filter(|a| {
        !matches!(a.submitted, Submitted::Missing | Submitted::WrongFormat) && !a.usable
    }) {
        let c = a.checked.map(|i| &checked[i]);
        let reason = if a.status == Some(FileStatus::Unreadable) {
            "tệp gửi kèm không phải là bảng tính Excel theo mẫu".to_string()
        } else {
            c.and_then(|c| {
                c.diagnostics
                    .iter()
                    .find(|d| d.code == crate::model::finding::Code::MetaPeriodMismatch)
            })
            .map(|d| {
                let said = d.message.split(", nhưng").next().unwrap_or(&d.message);
                said.replacen("Báo cáo", "báo cáo", 1)
                    .replace("kỳ Quý ", "kỳ quý ")
            })
            .unwrap_or_else(|| "báo cáo không ghi rõ kỳ báo cáo".into())
        };
        out.push(bullet(format!(
            "Báo cáo của {} chưa được tổng hợp do {reason}; {dept} đã đề nghị cơ quan gửi lại báo cáo;",
            a.name
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
fn basis_words(s: &Summary, department: &str) -> Option<String> {
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
        None
    } else if by_register == received.len() {
        Some(format!(
            "căn cứ ngày đến theo sổ văn bản đến của {department}"
        ))
    } else if by_register == 0 {
        Some("căn cứ ngày ghi trên báo cáo".to_string())
    } else {
        Some(format!(
            "căn cứ ngày đến theo sổ văn bản đến của {department}; {} báo cáo chưa vào sổ tính theo ngày ghi trên báo cáo",
            received.len() - by_register
        ))
    }
}
