//! The Sở Nội vụ's letters to agencies, as a Sở sends them: one letter to every agency
//! that has not reported (the list attached), a "V/v chỉnh sửa, bổ sung báo cáo" letter
//! to each agency whose report has errors — citing that report by number and date, the
//! findings in plain words in an attached list (cells there, never in the body) — and,
//! where the plan asks for it, a note to agencies whose report came late.

use crate::aggregate::{AgencyState, Submitted, Summary};
use crate::check::{Checked, FileStatus};
use crate::compose::config::ReportConfig;
use crate::compose::vi::{date, draft_year, period_words, sort_names};
use crate::doc::{Align, Appendix, Block, Column, Document, Row, Table, TableText};
use crate::model::catalogue::Catalogue;
use crate::model::finding::Code;
use crate::model::period::Calendar;
use serde::Serialize;

/// What a letter is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LetterKind {
    /// To every agency that has not reported.
    Missing,
    /// To one agency whose report has errors (or could not be read).
    Corrections,
    /// To one agency whose report came after the deadline.
    Late,
    /// To one agency that sent its report as a document (Word, PDF) instead of the form.
    #[serde(rename = "wrong_format")]
    WrongFormat,
}

/// One letter: its file stem (under `cong-van-don-doc/`), kind, recipients (agency
/// codes) and the document.
#[derive(Debug, Clone)]
pub struct Letter {
    pub stem: String,
    pub kind: LetterKind,
    pub recipients: Vec<String>,
    pub document: Document,
}

/// What every letter needs.
pub struct LetterCtx<'a> {
    pub s: &'a Summary,
    pub checked: &'a [Checked],
    pub cat: &'a Catalogue,
    pub calendar: &'a Calendar,
    pub config: &'a ReportConfig,
}

impl LetterCtx<'_> {
    /// "Theo điểm c khoản 1 Mục III Kế hoạch …, các cơ quan, đơn vị gửi báo cáo …
    /// trước ngày 05/03/2019 …".
    fn basis(&self) -> String {
        let lead = match self.calendar.clause.as_deref() {
            Some(c) => format!("Theo {c}"),
            None => "Thực hiện".into(),
        };
        format!(
            "{lead} {}, các cơ quan, đơn vị gửi báo cáo kết quả thực hiện công tác cải cách hành chính {} về {} {} để tổng hợp, báo cáo {} và Bộ Nội vụ.",
            self.config.plan_reference,
            period_words(self.s),
            self.config.department.name,
            self.calendar
                .deadline_text(self.s.period)
                .unwrap_or_default(),
            self.config.committee()
        )
    }

    /// "trước ngày 12/03/2019": the configured working days, counted from the
    /// letter's date without weekends and holidays, given whole.
    fn new_deadline(&self) -> String {
        date(
            self.calendar
                .reply_by(self.s.as_of, self.config.reminder_days),
        )
    }

    /// The closing paragraphs every letter asking for a report ends with: what a late
    /// or missing report costs (when configured) and whom to call.
    fn closing(&self, body: &mut Vec<Block>, criterion: bool) {
        if criterion && let Some(c) = &self.config.reporting_criterion {
            body.push(Block::Paragraph {
                text: format!("{}.", c.trim_end_matches(['.', ' '])),
            });
        }
        if let Some(c) = &self.config.contact {
            body.push(Block::Paragraph {
                text: format!("Chi tiết liên hệ: {}.", c.trim_end_matches(['.', ' '])),
            });
        }
        // The last paragraph ends the letter: "./.".
        if let Some(Block::Paragraph { text }) = body.last_mut()
            && !text.ends_with("./.")
        {
            *text = format!("{}./.", text.trim_end_matches('.'));
        }
    }

    fn letter(&self, title: String, recipients: Vec<String>, body: Vec<Block>) -> Document {
        let mut noi_nhan = vec!["- Như trên;".to_string()];
        noi_nhan.extend(self.config.reminder_noi_nhan_extra.iter().cloned());
        noi_nhan.push(self.config.department_archive());
        Document {
            kind: "Công văn".into(),
            issuer: self.config.department.clone(),
            number: None,
            date: None,
            year: draft_year(self.s),
            title,
            authority: None,
            recipients,
            body,
            signature: self.config.reminder_signature.clone(),
            noi_nhan,
            appendices: vec![],
            mark: None,
        }
    }
}

/// Every letter of the period, in order: the missing-reports letter, then per agency
/// (in the registry's order) a corrections letter or a late note.
pub fn letters(cx: &LetterCtx) -> Vec<Letter> {
    let id = cx.s.period.id();
    let mut out = Vec::new();
    let missing: Vec<&AgencyState> =
        cx.s.agencies
            .iter()
            .filter(|a| a.submitted == Submitted::Missing)
            .collect();
    if !missing.is_empty() {
        out.push(Letter {
            stem: format!("don-doc-chua-gui-{id}"),
            kind: LetterKind::Missing,
            recipients: missing.iter().map(|a| a.code.clone()).collect(),
            document: missing_letter(cx, &missing),
        });
    }
    for a in
        cx.s.agencies
            .iter()
            .filter(|a| a.submitted != Submitted::Missing)
    {
        let code = crate::output::safe_file_stem(&a.code);
        if a.submitted == Submitted::WrongFormat {
            out.push(Letter {
                stem: format!("gui-theo-mau-{code}-{id}"),
                kind: LetterKind::WrongFormat,
                recipients: vec![a.code.clone()],
                document: wrong_format_letter(cx, a),
            });
            continue;
        }
        let c = a.checked.map(|i| &cx.checked[i]);
        let faulty =
            matches!(a.status, Some(FileStatus::Errors | FileStatus::Unreadable)) || !a.usable;
        if faulty {
            out.push(Letter {
                stem: format!("chinh-sua-{code}-{id}"),
                kind: LetterKind::Corrections,
                recipients: vec![a.code.clone()],
                document: corrections_letter(cx, a, c),
            });
        } else if a.submitted == Submitted::Late && cx.calendar.late_notice {
            out.push(Letter {
                stem: format!("nhac-han-{code}-{id}"),
                kind: LetterKind::Late,
                recipients: vec![a.code.clone()],
                document: late_letter(cx, a),
            });
        }
    }
    // Every annex names its letter in the decree's form ("(Kèm theo Công văn số …
    // ngày … tháng … năm … của …)").
    for l in &mut out {
        let attached = l.document.attached_to();
        for a in &mut l.document.appendices {
            a.reference.get_or_insert_with(|| attached.clone());
        }
    }
    out
}

/// The recipients block lists at most this many agencies; more go in the attached list.
const NAMED_RECIPIENTS: usize = 4;

fn missing_letter(cx: &LetterCtx, missing: &[&AgencyState]) -> Document {
    let mut names: Vec<String> = missing.iter().map(|a| a.name.clone()).collect();
    sort_names(&mut names);
    let attached = names.len() > NAMED_RECIPIENTS;
    let recipients = if attached {
        vec!["Các cơ quan, đơn vị có tên tại danh sách kèm theo".to_string()]
    } else {
        names.clone()
    };
    let body = vec![
        Block::Paragraph { text: cx.basis() },
        Block::Paragraph {
            text: format!(
                "Đến ngày {}, {} chưa nhận được báo cáo {} của {} cơ quan, đơn vị{}.",
                date(cx.s.as_of),
                cx.config.department.name,
                period_words(cx.s),
                names.len(),
                if attached {
                    " (danh sách kèm theo)"
                } else {
                    ""
                }
            ),
        },
        Block::Paragraph {
            text: format!(
                "Để bảo đảm tiến độ tổng hợp, báo cáo {} và Bộ Nội vụ, {} đề nghị các cơ quan, đơn vị khẩn trương gửi báo cáo (kèm tệp Excel theo mẫu) về {} trước ngày {}.",
                cx.config.committee(),
                cx.config.department.name,
                cx.config.department.name,
                cx.new_deadline()
            ),
        },
    ];
    let mut body = body;
    cx.closing(&mut body, true);
    let mut doc = cx.letter(
        format!(
            "đôn đốc gửi báo cáo kết quả thực hiện công tác cải cách hành chính {}",
            period_words(cx.s)
        ),
        recipients,
        body,
    );
    if attached {
        let rows = names
            .iter()
            .enumerate()
            .map(|(i, n)| Row::Cells {
                cells: vec![(i + 1).to_string(), n.clone()],
            })
            .collect();
        doc.appendices.push(Appendix {
            label: None,
            kind: Some("DANH SÁCH".into()),
            title: format!(
                "Cơ quan, đơn vị chưa gửi báo cáo kết quả thực hiện công tác cải cách hành chính {}",
                period_words(cx.s)
            ),
            reference: None,
            issuer_header: false,
            landscape: false,
            body: vec![Block::Table(Table {
                columns: vec![
                    Column::number(),
                    Column::new("Cơ quan, đơn vị", 40.0, Align::Left),
                ],
                rows,
                text: TableText::Small,
            })],
            signature: None,
        });
    }
    doc
}

/// "Báo cáo số 45/BC-STC ngày 04/03/2019", or what is known of it.
fn report_reference(a: &AgencyState) -> String {
    let mut r = "Báo cáo".to_string();
    if let Some(n) = a.report_number.as_deref() {
        let n = n.trim();
        let n = n
            .strip_prefix("Số:")
            .or_else(|| n.strip_prefix("Số"))
            .unwrap_or(n);
        r.push_str(&format!(" số {}", n.trim()));
    }
    if let Some(d) = a.report_date {
        r.push_str(&format!(" ngày {}", date(d)));
    }
    if let Some(rec) = &a.received {
        r.push_str(&format!(
            " (đến ngày {}{})",
            date(rec.date),
            rec.number
                .as_deref()
                .map(|n| format!(", số đến {n}"))
                .unwrap_or_default()
        ));
    }
    r
}

fn corrections_letter(cx: &LetterCtx, a: &AgencyState, c: Option<&Checked>) -> Document {
    let pw = period_words(cx.s);
    let dept = &cx.config.department.name;
    let unreadable = a.status == Some(FileStatus::Unreadable);
    let mut body = vec![Block::Paragraph {
        text: format!(
            "{dept} nhận được {} của quý cơ quan về kết quả thực hiện công tác cải cách hành chính {pw}.",
            report_reference(a)
        ),
    }];
    if a.submitted == Submitted::Late {
        body.push(Block::Paragraph {
            text: format!(
                "Báo cáo được gửi sau thời hạn {} theo {}.",
                cx.calendar.deadline_text(cx.s.period).unwrap_or_default(),
                cx.calendar
                    .clause
                    .as_deref()
                    .map(|c| format!("{c} của Kế hoạch"))
                    .unwrap_or_else(|| "Kế hoạch".into())
            ),
        });
    }
    let lines = c
        .map(|c| crate::compose::findings::lines(c, cx.cat))
        .unwrap_or_default();
    // The fact itself, as the Sở states it: the file does not open, the report is for
    // another period, or so many points to correct.
    let other_period = c.and_then(|c| {
        c.diagnostics
            .iter()
            .find(|d| d.code == Code::MetaPeriodMismatch)
            .map(|d| {
                d.message
                    .split(", nhưng")
                    .next()
                    .unwrap_or(&d.message)
                    .trim()
                    .to_string()
            })
    });
    let (problem, request) = if unreadable {
        (
            "tệp gửi kèm báo cáo không phải là bảng tính Excel theo mẫu nên không mở được để tổng hợp".to_string(),
            format!("gửi lại báo cáo {pw} (kèm tệp Excel theo mẫu)"),
        )
    } else if !a.usable {
        let fact = match &other_period {
            Some(p) => {
                let mut p = p.chars();
                let first: String = p
                    .next()
                    .map(|c| c.to_lowercase().collect())
                    .unwrap_or_default();
                // "Báo cáo ghi kỳ Quý III/2019" → "báo cáo ghi kỳ quý III/2019".
                let rest = p.as_str().replace("kỳ Quý ", "kỳ quý ");
                format!("{first}{rest}, không phải {pw}")
            }
            None => format!("báo cáo không ghi rõ là báo cáo {pw}"),
        };
        (
            format!("{fact} nên chưa tổng hợp được"),
            format!("kiểm tra, gửi lại báo cáo {pw} (kèm tệp Excel theo mẫu)"),
        )
    } else {
        (
            format!(
                "báo cáo còn {} nội dung cần chỉnh sửa, bổ sung (chi tiết tại Phụ lục kèm theo)",
                lines.len()
            ),
            format!("chỉnh sửa, bổ sung và gửi lại báo cáo {pw} (kèm tệp Excel theo mẫu)"),
        )
    };
    body.push(Block::Paragraph {
        text: format!("Qua kiểm tra, {problem}."),
    });
    if let Some(hidden) = c.and_then(|c| hidden_words(c, dept)) {
        body.push(Block::Paragraph { text: hidden });
    }
    body.push(Block::Paragraph {
        text: format!(
            "{dept} đề nghị quý cơ quan {request} về {dept} trước ngày {} để tổng hợp, báo cáo {} theo quy định.",
            cx.new_deadline(),
            cx.config.committee()
        ),
    });
    cx.closing(&mut body, false);
    let subject = if unreadable {
        format!("gửi lại báo cáo kết quả thực hiện công tác cải cách hành chính {pw}")
    } else {
        format!("chỉnh sửa, bổ sung báo cáo kết quả thực hiện công tác cải cách hành chính {pw}")
    };
    let mut doc = cx.letter(subject, vec![a.name.clone()], body);
    if !lines.is_empty() && a.usable && !unreadable {
        doc.appendices.push(findings_appendix(a, lines));
    }
    doc
}

/// What a report hides, in plain words: "Trang “Nhiệm vụ” của tệp báo cáo có dòng 5–11
/// bị ẩn, chứa nội dung …". The ranges come from the `sheet.hidden_data` findings.
fn hidden_words(c: &Checked, dept: &str) -> Option<String> {
    let places: Vec<String> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SheetHiddenData)
        .map(|d| {
            let what = d.message.split(" đang bị ẩn").next().unwrap_or("");
            // "Dòng 5–11" → "dòng 5–11"; column letters stay capitals.
            let mut chars = what.chars();
            let what: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            match &d.sheet {
                Some(sh) => format!("{what} của {}", crate::compose::findings::sheet_name(sh)),
                None => what,
            }
        })
        .collect();
    (!places.is_empty()).then(|| {
        format!(
            "Ngoài ra, báo cáo có {} bị ẩn nhưng vẫn chứa nội dung (có thể là bản cũ); khi tổng hợp, {dept} chỉ sử dụng nội dung hiển thị. Đề nghị quý cơ quan xóa nội dung cũ, hoặc bỏ ẩn nếu đó là nội dung báo cáo.",
            places.join("; ")
        )
    })
}

/// Lines a letter's attached list holds at most; the rest are in the feedback copy.
const LETTER_LINES: usize = 30;

fn findings_appendix(a: &AgencyState, lines: Vec<crate::compose::findings::Line>) -> Appendix {
    let total = lines.len();
    let rows: Vec<Row> = lines
        .into_iter()
        .take(LETTER_LINES)
        .enumerate()
        .map(|(i, l)| Row::Cells {
            cells: vec![(i + 1).to_string(), l.task, l.what, l.place],
        })
        .collect();
    let mut body = vec![Block::Table(Table {
        columns: vec![
            Column::number(),
            Column::new("Nội dung", 10.0, Align::Left),
            Column::new("Cần chỉnh sửa, bổ sung", 30.0, Align::Left),
            // "Biểu Nhiệm vụ, dòng 35" on one line.
            Column::new("Vị trí trong báo cáo", 18.0, Align::Left),
        ],
        rows,
        text: TableText::Small,
    })];
    if total > LETTER_LINES {
        body.push(Block::Paragraph {
            text: format!(
                "Và {} nội dung khác, nêu đầy đủ trong bản kết quả kiểm tra báo cáo gửi kèm.",
                total - LETTER_LINES
            ),
        });
    }
    Appendix {
        label: Some("Phụ lục".into()),
        kind: None,
        title: format!(
            "NỘI DUNG CẦN CHỈNH SỬA, BỔ SUNG TRONG BÁO CÁO CỦA {}",
            a.name.to_uppercase()
        ),
        reference: None,
        issuer_header: false,
        landscape: false,
        body,
        signature: None,
    }
}

/// To an agency whose report came as a document: it did report, so no "đôn đốc"; the
/// Sở asks for the same report on the form, which is what can be compiled.
fn wrong_format_letter(cx: &LetterCtx, a: &AgencyState) -> Document {
    let pw = period_words(cx.s);
    let dept = &cx.config.department.name;
    let kind = a
        .checked
        .and_then(|i| cx.checked[i].document)
        .map_or("văn bản", |k| k.label());
    let reference = match (a.report_number.as_deref(), a.report_date) {
        (None, None) => "báo cáo".to_string(),
        _ => report_reference(a).replacen("Báo cáo", "báo cáo", 1),
    };
    let body = vec![
        Block::Paragraph { text: cx.basis() },
        Block::Paragraph {
            text: format!(
                "{dept} đã nhận được {reference} của quý cơ quan về kết quả thực hiện công tác cải cách hành chính {pw}. Báo cáo được gửi dưới dạng {kind}, không theo mẫu biểu (tệp Excel) kèm theo Kế hoạch, nên chưa tổng hợp được vào báo cáo chung của {}.",
                cx.config.locality
            ),
        },
        Block::Paragraph {
            text: format!(
                "Để bảo đảm tiến độ tổng hợp, {dept} đề nghị quý cơ quan cập nhật kết quả vào mẫu biểu (tệp Excel) và gửi về {dept} trước ngày {}.",
                cx.new_deadline()
            ),
        },
    ];
    let mut body = body;
    cx.closing(&mut body, false);
    cx.letter(
        format!("gửi báo cáo kết quả thực hiện công tác cải cách hành chính {pw} theo mẫu"),
        vec![a.name.clone()],
        body,
    )
}

fn late_letter(cx: &LetterCtx, a: &AgencyState) -> Document {
    let pw = period_words(cx.s);
    let dept = &cx.config.department.name;
    let body = vec![
        Block::Paragraph { text: cx.basis() },
        Block::Paragraph {
            text: format!(
                "{dept} nhận được {} của quý cơ quan về kết quả thực hiện công tác cải cách hành chính {pw}, sau thời hạn nêu trên, ảnh hưởng đến tiến độ tổng hợp chung của {}.",
                report_reference(a),
                cx.config.locality
            ),
        },
        Block::Paragraph {
            text: format!(
                "Để bảo đảm tiến độ tổng hợp, báo cáo {} và Bộ Nội vụ, {dept} đề nghị quý cơ quan quan tâm, chỉ đạo gửi báo cáo đúng thời hạn trong các kỳ tiếp theo.",
                cx.config.committee()
            ),
        },
    ];
    let mut body = body;
    cx.closing(&mut body, true);
    cx.letter(
        "thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính".into(),
        vec![a.name.clone()],
        body,
    )
}
