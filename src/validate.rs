//! Validation of a submission against the catalogue, the registry, the indicators and
//! the run's period and as-of date.
//!
//! Every finding carries its file, sheet, cell, a stable code, a Vietnamese message and,
//! where one helps, a hint. The codes are an interface (see README); a finding that is
//! missed, or a correct file that is rejected, is a defect.

use crate::catalogue::{Catalogue, Task};
use crate::diag::{Diagnostic, Severity};
use crate::indicators::{Figures, Indicators};
use crate::period::Period;
use crate::registry::Registry;
use crate::submission::{Field, Submission, TaskRow};
use crate::text::fold;
use crate::values::{Status, parse_count, parse_date, parse_status};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What a submission is checked against.
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub registry: &'a Registry,
    pub indicators: &'a Indicators,
    /// The period being compiled; `None` accepts any period found in the file.
    pub period: Option<Period>,
    /// The day the check is made ("today" unless given).
    pub as_of: NaiveDate,
}

/// The overall state of a checked file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Ok,
    Warnings,
    Errors,
    Unreadable,
}

impl FileStatus {
    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Ok => "đạt",
            FileStatus::Warnings => "có cảnh báo",
            FileStatus::Errors => "có lỗi",
            FileStatus::Unreadable => "không đọc được",
        }
    }
}

/// A task row after validation: the catalogue task it reports on and the values read.
#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    pub code: String,
    /// True when the agency leads the task (else it is a partner or not assigned).
    pub lead: bool,
    pub status: Option<Status>,
    pub status_text: String,
    #[serde(serialize_with = "ser_opt_date")]
    pub completed: Option<NaiveDate>,
    pub evidence: String,
    pub result: String,
    pub difficulties: String,
    pub proposals: String,
    /// True when an error touches this row (its values are not to be trusted).
    pub has_error: bool,
    pub sheet: String,
    pub row: u32,
}

fn ser_opt_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// The result of checking one file.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub file: String,
    pub agency: Option<String>,
    pub period: Option<String>,
    pub status: FileStatus,
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub tasks: Vec<TaskReport>,
    /// Figures that passed their checks.
    #[serde(skip)]
    pub figures: Figures,
    #[serde(skip)]
    pub report_date: Option<NaiveDate>,
}

/// Validates a submission; its diagnostics (from reading) are kept and extended.
pub fn validate(sub: &Submission, ctx: &Context) -> Checked {
    let mut diags = sub.diagnostics.clone();
    let mut tasks = Vec::new();
    let mut figures = Figures::new();
    if !sub.unreadable {
        check_meta(sub, ctx, &mut diags);
        if sub.task_sheet.is_some() {
            tasks = check_rows(sub, ctx, &mut diags);
        }
        figures = check_figures(sub, ctx, &mut diags);
    }
    let status = if sub.unreadable {
        FileStatus::Unreadable
    } else if diags.iter().any(|d| d.severity == Severity::Error) {
        FileStatus::Errors
    } else if diags.is_empty() {
        FileStatus::Ok
    } else {
        FileStatus::Warnings
    };
    Checked {
        file: sub.file.clone(),
        agency: sub.agency.clone(),
        period: sub.period.map(|p| p.id()),
        status,
        diagnostics: diags,
        tasks,
        figures,
        report_date: sub.report_date,
    }
}

fn check_meta(sub: &Submission, ctx: &Context, diags: &mut Vec<Diagnostic>) {
    if let Some(d) = sub.report_date
        && d > ctx.as_of
    {
        diags.push(
            Diagnostic::error(
                "date.future",
                format!(
                    "Ngày báo cáo {} sau ngày kiểm tra {}",
                    d.format("%d/%m/%Y"),
                    ctx.as_of.format("%d/%m/%Y")
                ),
            )
            .with_hint("Kiểm tra lại ngày báo cáo ở trang Thông tin"),
        );
    }
    match (&sub.agency, &sub.agency_text) {
        (Some(_), _) => {}
        (None, Some(l)) => {
            let closest: Vec<String> = ctx
                .registry
                .closest(&l.text, 3)
                .iter()
                .map(|a| a.name.clone())
                .collect();
            let mut d = Diagnostic::error(
                "meta.agency_unknown",
                format!("Cơ quan \"{}\" không có trong danh sách cơ quan", l.text),
            );
            if let (Some(s), Some(c)) = (&l.sheet, &l.cell) {
                d = d.at(s, c.clone());
            }
            if !closest.is_empty() {
                d = d.with_hint(format!("Có phải là: {}?", closest.join("; ")));
            }
            diags.push(d);
        }
        (None, None) => diags.push(
            Diagnostic::error("meta.missing", "Không xác định được cơ quan báo cáo").with_hint(
                "Ghi \"Cơ quan: …\" ở trang Thông tin hoặc phía trên bảng, hoặc dùng --agency",
            ),
        ),
    }
    match (sub.period, &sub.period_text) {
        (None, Some(l)) => {
            let mut d = Diagnostic::error(
                "meta.missing",
                format!("Không đọc được kỳ báo cáo \"{}\"", l.text),
            )
            .with_hint("Ví dụ: Quý I/2019; 6 tháng đầu năm 2019; Quý III/2019; Năm 2019");
            if let (Some(s), Some(c)) = (&l.sheet, &l.cell) {
                d = d.at(s, c.clone());
            }
            diags.push(d);
        }
        (None, None) => diags.push(
            Diagnostic::error("meta.missing", "Không xác định được kỳ báo cáo")
                .with_hint("Ghi \"Kỳ báo cáo: Quý I/2019\" ở trang Thông tin, hoặc dùng --period"),
        ),
        (Some(found), loc) => {
            if let Some(run) = ctx.period
                && found != run
            {
                let mut d = Diagnostic::error(
                    "meta.period_mismatch",
                    format!(
                        "Báo cáo ghi kỳ {}, nhưng đang tổng hợp kỳ {}",
                        found.label(),
                        run.label()
                    ),
                );
                if let Some(l) = loc
                    && let (Some(s), Some(c)) = (&l.sheet, &l.cell)
                {
                    d = d.at(s, c.clone());
                }
                diags.push(d);
            }
        }
    }
}

/// Similarity of two titles on their folded words (0…1).
fn title_similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&fold(a), &fold(b))
}

/// The catalogue task whose title best matches a text, if it matches well.
fn best_title_match<'c>(cat: &'c Catalogue, title: &str) -> Option<(&'c Task, f64)> {
    if title.chars().count() < 8 {
        return None;
    }
    cat.tasks
        .iter()
        .map(|t| {
            let s = title_similarity(title, &t.title).max(title_similarity(title, &t.full_title()));
            (t, s)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, s)| *s >= 0.6)
}

/// Adds "Có phải là nhiệm vụ …?" when the row's title matches a catalogue task.
fn with_title_hint(d: Diagnostic, cat: &Catalogue, title: &str) -> Diagnostic {
    match best_title_match(cat, title) {
        Some((t, _)) => d.with_hint(format!(
            "Có phải là nhiệm vụ {}: {}?",
            t.code,
            short(&t.full_title())
        )),
        None => d,
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn check_rows(sub: &Submission, ctx: &Context, diags: &mut Vec<Diagnostic>) -> Vec<TaskReport> {
    let cat = ctx.catalogue;
    let agency = sub.agency.as_deref();
    let report_day = sub.report_date.unwrap_or(ctx.as_of);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut reports = Vec::new();
    for r in &sub.rows {
        let before = diags.len();
        let sheet = r.sheet.as_str();
        let Some(code) = r.code.clone() else {
            let d = Diagnostic::error(
                "task.unknown",
                if r.code_text.is_empty() {
                    "Dòng không có mã nhiệm vụ".to_string()
                } else {
                    format!("\"{}\" không phải là mã nhiệm vụ", r.code_text)
                },
            )
            .at(sheet, r.cell(Field::Code));
            diags.push(with_title_hint(d, cat, &r.title));
            continue;
        };
        let Some(task) = cat.task(&code) else {
            let d = Diagnostic::error(
                "task.unknown",
                format!("Mã nhiệm vụ {code} không có trong danh mục"),
            )
            .at(sheet, r.cell(Field::Code));
            diags.push(with_title_hint(d, cat, &r.title));
            continue;
        };
        if let Some(&first) = seen.get(&code) {
            diags.push(
                Diagnostic::error(
                    "task.duplicate",
                    format!(
                        "Nhiệm vụ {code} được báo cáo hai lần (đã có ở dòng {})",
                        first + 1
                    ),
                )
                .at(sheet, r.cell(Field::Code)),
            );
            continue;
        }
        seen.insert(code.clone(), r.row);

        let lead = agency.is_some_and(|a| task.is_led_by(a));
        let partner = agency.is_some_and(|a| task.is_partner(a));
        if agency.is_some() && !lead && !partner {
            diags.push(
                Diagnostic::warning(
                    "task.not_assigned",
                    format!(
                        "Nhiệm vụ {code} không giao cho cơ quan này (không chủ trì, không phối hợp)"
                    ),
                )
                .at(sheet, r.cell(Field::Code)),
            );
        }
        // Rows shifted: the title belongs to another task.
        if !r.title.is_empty() {
            let own = title_similarity(&r.title, &task.title)
                .max(title_similarity(&r.title, &task.full_title()));
            if own < 0.5
                && let Some((other, score)) = best_title_match(cat, &r.title)
                && other.code != code
                && score > own + 0.2
            {
                diags.push(
                    Diagnostic::warning(
                        "task.title_mismatch",
                        format!(
                            "Nội dung ở dòng này là của nhiệm vụ {}, không phải nhiệm vụ {code} (dòng bị lệch?)",
                            other.code
                        ),
                    )
                    .at(sheet, r.cell(Field::Title))
                    .with_hint(format!("Nhiệm vụ {code}: {}", short(&task.full_title()))),
                );
            }
        }

        // Partners with nothing to say leave the row as prefilled: not a finding.
        if !lead && r.is_unfilled() {
            continue;
        }
        let status = parse_status(&r.status_text);
        if r.status_text.is_empty() {
            diags.push(
                Diagnostic::error(
                    "status.missing",
                    format!("Nhiệm vụ {code} chưa ghi tình trạng"),
                )
                .at(sheet, r.cell(Field::Status))
                .with_hint("Chọn: Đã hoàn thành / Đang thực hiện / Chưa thực hiện"),
            );
        } else if status.is_none() {
            diags.push(
                Diagnostic::error(
                    "status.invalid",
                    format!(
                        "Tình trạng \"{}\" của nhiệm vụ {code} không hợp lệ",
                        r.status_text
                    ),
                )
                .at(sheet, r.cell(Field::Status))
                .with_hint("Chọn: Đã hoàn thành / Đang thực hiện / Chưa thực hiện"),
            );
        }
        let date = match parse_date(&r.date_value) {
            Ok(d) => d,
            Err(bad) => {
                diags.push(
                    Diagnostic::error(
                        "date.invalid",
                        format!(
                            "Ngày hoàn thành \"{}\" của nhiệm vụ {code} không đọc được",
                            bad.0
                        ),
                    )
                    .at(sheet, r.cell(Field::Date))
                    .with_hint("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/01/2019"),
                );
                None
            }
        };
        let date_bad = diags[before..].iter().any(|d| d.code == "date.invalid");
        if status == Some(Status::Done) {
            if date.is_none() && !date_bad {
                diags.push(
                    Diagnostic::error(
                        "date.missing",
                        format!("Nhiệm vụ {code} ghi đã hoàn thành nhưng chưa có ngày hoàn thành"),
                    )
                    .at(sheet, r.cell(Field::Date)),
                );
            }
            if r.evidence.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        "evidence.missing",
                        format!("Nhiệm vụ {code} đã hoàn thành nhưng chưa nêu văn bản, sản phẩm"),
                    )
                    .at(sheet, r.cell(Field::Evidence))
                    .with_hint("Ví dụ: Kế hoạch số 15/KH-UBND ngày 10/01/2019"),
                );
            }
        }
        if let Some(d) = date {
            if d > report_day {
                diags.push(
                    Diagnostic::error(
                        "date.future",
                        format!(
                            "Ngày hoàn thành {} của nhiệm vụ {code} sau ngày báo cáo {}",
                            d.format("%d/%m/%Y"),
                            report_day.format("%d/%m/%Y")
                        ),
                    )
                    .at(sheet, r.cell(Field::Date)),
                );
            } else if lead
                && status == Some(Status::Done)
                && let Some(due) = task.deadline.completion()
                && d > due
            {
                diags.push(
                    Diagnostic::warning(
                        "date.late",
                        format!(
                            "Nhiệm vụ {code} hoàn thành ngày {}, sau thời hạn {} ({})",
                            d.format("%d/%m/%Y"),
                            due.format("%d/%m/%Y"),
                            task.deadline.text
                        ),
                    )
                    .at(sheet, r.cell(Field::Date)),
                );
            }
        }
        if lead
            && matches!(status, Some(Status::InProgress | Status::NotStarted))
            && let Some(due) = task.deadline.completion()
            && due < ctx.as_of
        {
            diags.push(
                Diagnostic::warning(
                    "task.overdue",
                    format!(
                        "Nhiệm vụ {code} chưa hoàn thành, đã quá thời hạn {} ({})",
                        due.format("%d/%m/%Y"),
                        task.deadline.text
                    ),
                )
                .at(sheet, r.cell(Field::Status)),
            );
        }
        let has_error = diags[before..].iter().any(Diagnostic::is_error);
        reports.push(report_of(r, &code, lead, status, date, has_error));
    }

    // Lead tasks not reported at all.
    if let Some(a) = agency {
        for t in cat.tasks.iter().filter(|t| t.is_led_by(a)) {
            if !seen.contains_key(&t.code) {
                diags.push(
                    Diagnostic::error(
                        "task.missing",
                        format!(
                            "Thiếu báo cáo nhiệm vụ {} (cơ quan chủ trì): {}",
                            t.code,
                            short(&t.full_title())
                        ),
                    )
                    .in_sheet(sub.task_sheet.as_deref().unwrap_or_default()),
                );
            }
        }
    }
    reports
}

fn report_of(
    r: &TaskRow,
    code: &str,
    lead: bool,
    status: Option<Status>,
    completed: Option<NaiveDate>,
    has_error: bool,
) -> TaskReport {
    TaskReport {
        code: code.to_string(),
        lead,
        status,
        status_text: r.status_text.clone(),
        completed,
        evidence: r.evidence.clone(),
        result: r.result.clone(),
        difficulties: r.difficulties.clone(),
        proposals: r.proposals.clone(),
        has_error,
        sheet: r.sheet.clone(),
        row: r.row,
    }
}

fn check_figures(sub: &Submission, ctx: &Context, diags: &mut Vec<Diagnostic>) -> Figures {
    let mut figures = Figures::new();
    let mut cells: HashMap<String, (String, String)> = HashMap::new();
    for f in &sub.figures {
        let Some(ind) = ctx.indicators.find(&f.code) else {
            diags.push(
                Diagnostic::warning(
                    "figure.invalid",
                    format!(
                        "Chỉ tiêu \"{}\" không có trong danh sách chỉ tiêu: bỏ qua",
                        f.code
                    ),
                )
                .at(&f.sheet, f.cell.clone()),
            );
            continue;
        };
        match parse_count(&f.value) {
            Ok(Some(v)) => {
                figures.insert(ind.code.clone(), v);
                cells.insert(ind.code.clone(), (f.sheet.clone(), f.cell.clone()));
            }
            Ok(None) => {}
            Err(bad) => diags.push(
                Diagnostic::error(
                    "figure.invalid",
                    format!(
                        "Số liệu \"{bad}\" của chỉ tiêu \"{}\" không phải là số nguyên không âm",
                        ind.name
                    ),
                )
                .at(&f.sheet, f.cell.clone()),
            ),
        }
    }
    let broken = ctx.indicators.broken_checks(&figures);
    for c in &broken {
        let (sheet, cell) = cells
            .get(&c.left[0])
            .cloned()
            .unwrap_or_else(|| ("Số liệu".into(), "A1".into()));
        let show = |codes: &[String]| {
            codes
                .iter()
                .map(|k| {
                    let name = ctx
                        .indicators
                        .get(k)
                        .map(|i| i.name.trim_start_matches("Trong đó: ").to_string())
                        .unwrap_or_else(|| k.clone());
                    format!(
                        "{name}: {}",
                        crate::aggregate::format_count(figures.get(k).copied().unwrap_or(0))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        diags.push(
            Diagnostic::error("figure.inconsistent", c.message.clone())
                .at(&sheet, cell)
                .with_hint(format!("{}; {}", show(&c.left), show(&c.right))),
        );
    }
    // Figures in a broken relation are not used in totals.
    for c in broken {
        for k in c.left.iter().chain(&c.right) {
            figures.remove(k);
        }
    }
    figures
}
