//! The task rows of a submission against the catalogue: codes, assignment, shifted
//! rows, statuses, dates and evidence, and the lead tasks not reported at all.

use super::titles::{RowTitle, with_title_hint};
use super::{Context, TaskReport};
use crate::model::catalogue::Task;
use crate::model::finding::{Code, Diagnostic};
use crate::model::status::Status;
use crate::read::submission::{Field, Submission, TaskRow};
use crate::read::values::{is_verdict, parse_date, parse_status, status_in_text};
use crate::text::shorten;
use chrono::NaiveDate;
use std::collections::HashMap;

const STATUS_HINT: &str = "Chọn: Đã hoàn thành / Đang thực hiện / Chưa thực hiện";

pub(super) fn check_rows(
    sub: &Submission,
    ctx: &Context,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TaskReport> {
    let agency = sub.agency.as_deref();
    let report_day = sub.report_date.unwrap_or(ctx.as_of);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut reports = Vec::new();
    for r in &sub.rows {
        let before = diags.len();
        let Some((code, task)) = known_task(r, ctx, diags) else {
            continue;
        };
        if let Some(&first) = seen.get(&code) {
            diags.push(
                Diagnostic::error(
                    Code::TaskDuplicate,
                    format!(
                        "Nhiệm vụ {code} được báo cáo hai lần (đã có ở dòng {})",
                        first + 1
                    ),
                )
                .at(&r.sheet, r.cell(Field::Code))
                .for_task(&code),
            );
            continue;
        }
        seen.insert(code.clone(), r.row);
        let lead = agency.is_some_and(|a| task.is_led_by(a));
        let partner = agency.is_some_and(|a| task.is_partner(a));
        if agency.is_some() && !lead && !partner {
            diags.push(
                Diagnostic::warning(
                    Code::TaskNotAssigned,
                    format!(
                        "Nhiệm vụ {code} không giao cho cơ quan này (không chủ trì, không phối hợp)"
                    ),
                )
                .at(&r.sheet, r.cell(Field::Code))
                .for_task(&code),
            );
        }
        check_shifted(r, task, ctx, diags);
        // Partners with nothing to say leave the row as prefilled: not a finding.
        if !lead && r.is_unfilled() {
            continue;
        }
        let row = RowCheck {
            r,
            task,
            lead,
            report_day,
        };
        let (mut status, date) = row.check_values(ctx, diags, before);
        // "Hoàn thành" where only the plan is issued and the task runs all year: read as
        // what it is, the plan issued and the work in progress (the finding stays, for
        // the Sở to confirm).
        if diags[before..]
            .iter()
            .any(|d| d.code == Code::StatusPlanOnly)
        {
            status = Some(Status::InProgress);
        }
        let has_error = diags[before..].iter().any(Diagnostic::is_error);
        reports.push(report_of(r, &code, lead, status, date, has_error));
    }
    missing_lead_tasks(sub, ctx, &seen, diags);
    reports
}

/// The row's task in the catalogue, or a `task.unknown` finding.
fn known_task<'c>(
    r: &TaskRow,
    ctx: &Context<'c>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(String, &'c Task)> {
    let cat = ctx.catalogue;
    let Some(code) = r.code.clone() else {
        let d = Diagnostic::error(
            Code::TaskUnknown,
            if r.code_text.is_empty() {
                "Dòng không có mã nhiệm vụ".to_string()
            } else {
                format!("\"{}\" không phải là mã nhiệm vụ", r.code_text)
            },
        )
        .at(&r.sheet, r.cell(Field::Code));
        diags.push(with_title_hint(d, cat, &r.title));
        return None;
    };
    // In an annex numbered from 1 in each group, "3" under the heading "II" is II.3.
    let group = r.group.as_deref().and_then(|g| group_id(cat, g));
    let (code, task) = match (cat.task(&code), &group) {
        (Some(t), _) => (code, Some(t)),
        (None, Some(g)) if !code.contains('.') => {
            let qualified = format!("{g}.{code}");
            let t = cat.task(&qualified);
            (if t.is_some() { qualified } else { code }, t)
        }
        (None, _) => (code, None),
    };
    let Some(task) = task else {
        let d = Diagnostic::error(
            Code::TaskUnknown,
            format!("Mã nhiệm vụ {code} không có trong danh mục"),
        )
        .at(&r.sheet, r.cell(Field::Code));
        diags.push(with_title_hint(d, cat, &r.title));
        return None;
    };
    Some((code, task))
}

/// The catalogue group a heading names: its numeral, or the group whose title holds the
/// heading's words ("CẢI CÁCH TÀI CHÍNH CÔNG" → III).
fn group_id(cat: &crate::model::catalogue::Catalogue, heading: &str) -> Option<String> {
    if cat.groups.iter().any(|g| g.id == heading) {
        return Some(heading.to_string());
    }
    let words = crate::text::word_set(&crate::text::plain_words(heading), &["va", "cac", "cua"]);
    if words.len() < 2 {
        return None;
    }
    let mut scored: Vec<(usize, &str)> = cat
        .groups
        .iter()
        .map(|g| {
            let own = crate::text::word_set(&crate::text::plain_words(&g.title), &[]);
            let held = words
                .iter()
                .filter(|w| own.binary_search(w).is_ok())
                .count();
            (held, g.id.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0));
    let (best, id) = *scored.first()?;
    let second = scored.get(1).map_or(0, |s| s.0);
    (best * 10 >= words.len() * 8 && best > second).then(|| id.to_string())
}

/// Rows shifted: the row's title belongs to another task.
fn check_shifted(r: &TaskRow, task: &Task, ctx: &Context, diags: &mut Vec<Diagnostic>) {
    if r.title.is_empty() {
        return;
    }
    let code = &task.code;
    // A short title ("Kế hoạch CCHC năm 2019") only says "shifted" when it fits its
    // own task badly. A row carrying another task's full title does, whatever it shares
    // with its own: two long titles of one field share enough letters to score 0.56 on
    // the whole strings (rows 27 and 28 swapped).
    // The title as the form printed it (most rows: agencies fill in the form made from
    // the catalogue) names its task exactly: a score of 1 without folding it.
    if *r.title == *task.title || task.parent.is_some() && *r.title == *task.full_title() {
        return;
    }
    let row = RowTitle::of(&r.title);
    let own = row.score(task);
    // A row that names its own task (in full or shortened) is not shifted; only the
    // others are compared with the whole catalogue, which costs a score per task.
    if own >= 0.95 {
        return;
    }
    if let Some((other, score)) = row.best_match(ctx.catalogue)
        && other.code != *code
        && ((own < 0.5 && score > own + 0.2)
            || (row.is_full_title(other) && !row.is_full_title(task)))
    {
        diags.push(
            Diagnostic::warning(
                Code::TaskTitleMismatch,
                format!(
                    "Nội dung ở dòng này là của nhiệm vụ {}, không phải nhiệm vụ {code} (dòng bị lệch?)",
                    other.code
                ),
            )
            .at(&r.sheet, r.cell(Field::Title))
            .with_hint(format!(
                "Nhiệm vụ {code}: {}",
                shorten(&task.full_title(), 80)
            ))
            .for_task(code),
        );
    }
}

/// One reported row of a known task.
struct RowCheck<'a> {
    r: &'a TaskRow,
    task: &'a Task,
    lead: bool,
    report_day: NaiveDate,
}

impl RowCheck<'_> {
    fn finding(&self, error: bool, code: Code, field: Field, msg: String) -> Diagnostic {
        let d = if error {
            Diagnostic::error(code, msg)
        } else {
            Diagnostic::warning(code, msg)
        };
        d.at(&self.r.sheet, self.r.cell(field))
            .for_task(&self.task.code)
    }

    /// Status, completion date, evidence and deadlines of the row.
    fn check_values(
        &self,
        ctx: &Context,
        diags: &mut Vec<Diagnostic>,
        before: usize,
    ) -> (Option<Status>, Option<NaiveDate>) {
        let status = self.check_status(diags);
        let date = self.check_date(diags);
        let date_bad = diags[before..].iter().any(|d| d.code == Code::DateInvalid);
        if status == Some(Status::Done) {
            self.check_done(date, date_bad, diags);
        }
        if let Some(d) = date {
            self.check_dates(d, status, diags);
        }
        self.check_overdue(status, ctx, diags);
        self.check_citations(diags);
        self.check_printable(diags);
        (status, date)
    }

    /// Documents cited without the issuer's code or the date (`evidence.incomplete`).
    fn check_citations(&self, diags: &mut Vec<Diagnostic>) {
        if let Some(gaps) = super::evidence::incomplete(&self.r.evidence) {
            diags.push(
                self.finding(
                    false,
                    Code::EvidenceIncomplete,
                    Field::Evidence,
                    format!("Văn bản nêu ở nhiệm vụ {} chưa đủ số, ký hiệu, ngày: {gaps}", self.task.code),
                )
                .with_hint("Ghi đủ số, ký hiệu và ngày ban hành, ví dụ: Kế hoạch số 15/KH-UBND ngày 10/01/2019"),
            );
        }
    }

    /// The texts the report quotes, for characters no shipped font draws: the PDF will
    /// print a placeholder for them (the DOCX keeps them), so the clerk and the agency
    /// hear of it here, at the cell.
    fn check_printable(&self, diags: &mut Vec<Diagnostic>) {
        let fields = [
            (Field::Evidence, &self.r.evidence),
            (Field::Result, &self.r.result),
            (Field::Difficulties, &self.r.difficulties),
            (Field::Proposals, &self.r.proposals),
        ];
        for (field, text) in fields {
            let chars = crate::fonts::undrawable(text);
            if chars.is_empty() {
                continue;
            }
            let listed: Vec<String> = chars
                .iter()
                .take(5)
                .map(|c| format!("“{c}” (U+{:04X})", *c as u32))
                .collect();
            diags.push(
                self.finding(
                    false,
                    Code::TextUnprintable,
                    field,
                    format!(
                        "Ô có ký tự không in được trong văn bản PDF: {}; bản PDF sẽ in “{}” thay cho ký tự này",
                        listed.join(", "),
                        crate::fonts::PLACEHOLDER
                    ),
                )
                .with_hint("Xóa ký tự (biểu tượng cảm xúc…) hoặc thay bằng chữ"),
            );
        }
    }

    fn check_status(&self, diags: &mut Vec<Diagnostic>) -> Option<Status> {
        let (r, code) = (self.r, &self.task.code);
        let status = parse_status(&r.status_text);
        if r.status_text.is_empty() {
            diags.push(
                self.finding(
                    true,
                    Code::StatusMissing,
                    Field::Status,
                    format!("Nhiệm vụ {code} chưa ghi tình trạng"),
                )
                .with_hint(STATUS_HINT),
            );
        } else if status.is_none()
            && is_verdict(&r.status_text)
            && let Some((read, words)) = status_in_text(&r.result)
        {
            diags.push(
                self.finding(
                    false,
                    Code::StatusInterpreted,
                    Field::Status,
                    format!(
                        "Tình trạng \"{}\" của nhiệm vụ {code} không phải là một tình trạng; đọc là \"{}\" theo kết quả thực hiện (\"{words}\")",
                        r.status_text,
                        read.label(),
                    ),
                )
                .with_hint(STATUS_HINT),
            );
            return Some(read);
        } else if status.is_none() {
            diags.push(
                self.finding(
                    true,
                    Code::StatusInvalid,
                    Field::Status,
                    format!(
                        "Tình trạng \"{}\" của nhiệm vụ {code} không hợp lệ",
                        r.status_text
                    ),
                )
                .with_hint(STATUS_HINT),
            );
        }
        status
    }

    fn check_date(&self, diags: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
        match parse_date(&self.r.date_value) {
            Ok(d) => d,
            Err(bad) => {
                diags.push(
                    self.finding(
                        true,
                        Code::DateInvalid,
                        Field::Date,
                        format!(
                            "Ngày hoàn thành \"{}\" của nhiệm vụ {} không đọc được",
                            bad.0, self.task.code
                        ),
                    )
                    .with_hint("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/01/2019"),
                );
                None
            }
        }
    }

    /// A task reported done needs its date and its evidence.
    fn check_done(&self, date: Option<NaiveDate>, date_bad: bool, diags: &mut Vec<Diagnostic>) {
        let code = &self.task.code;
        if date.is_none() && !date_bad {
            diags.push(self.finding(
                true,
                Code::DateMissing,
                Field::Date,
                format!("Nhiệm vụ {code} ghi đã hoàn thành nhưng chưa có ngày hoàn thành"),
            ));
        }
        if self.r.evidence.is_empty() {
            diags.push(
                self.finding(
                    false,
                    Code::EvidenceMissing,
                    Field::Evidence,
                    format!("Nhiệm vụ {code} đã hoàn thành nhưng chưa nêu văn bản, sản phẩm"),
                )
                .with_hint("Ví dụ: Kế hoạch số 15/KH-UBND ngày 10/01/2019"),
            );
        }
        self.check_plan_only(diags);
    }

    /// "Hoàn thành" in a task that runs on after its plan is issued ("Ban hành Kế hoạch
    /// trong tháng 01/2019 và thực hiện cả năm 2019"), with a plan as the only evidence:
    /// most likely only the plan step is done.
    fn check_plan_only(&self, diags: &mut Vec<Diagnostic>) {
        use crate::model::deadline::{MilestoneKind, plan_issued_on};
        let deadline = &self.task.deadline;
        let has_plan_step = deadline
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::Plan);
        let runs_on = deadline.completion().is_some_and(|d| d > self.report_day);
        if has_plan_step && runs_on && plan_issued_on(&self.r.evidence).is_some() {
            diags.push(
                self.finding(
                    false,
                    Code::StatusPlanOnly,
                    Field::Status,
                    format!(
                        "Nhiệm vụ {} ghi đã hoàn thành, nhưng thời hạn là “{}” và văn bản nêu là Kế hoạch",
                        self.task.code,
                        deadline.text.trim()
                    ),
                )
                .with_hint("Có phải mới hoàn thành việc ban hành Kế hoạch? Nếu vậy, ghi “Đang thực hiện” và nêu Kế hoạch ở cột văn bản, sản phẩm"),
            );
        }
    }

    /// A completion date after the report, or after the task's deadline.
    fn check_dates(&self, d: NaiveDate, status: Option<Status>, diags: &mut Vec<Diagnostic>) {
        let (task, code) = (self.task, &self.task.code);
        if d > self.report_day {
            diags.push(self.finding(
                true,
                Code::DateFuture,
                Field::Date,
                format!(
                    "Ngày hoàn thành {} của nhiệm vụ {code} sau ngày báo cáo {}",
                    d.format("%d/%m/%Y"),
                    self.report_day.format("%d/%m/%Y")
                ),
            ));
        } else if self.lead
            && status == Some(Status::Done)
            && let Some(due) = task.deadline.completion()
            && d > due
        {
            diags.push(self.finding(
                false,
                Code::DateLate,
                Field::Date,
                format!(
                    "Nhiệm vụ {code} hoàn thành ngày {}, sau thời hạn {} ({})",
                    d.format("%d/%m/%Y"),
                    due.format("%d/%m/%Y"),
                    task.deadline.text
                ),
            ));
        }
    }

    fn check_overdue(&self, status: Option<Status>, ctx: &Context, diags: &mut Vec<Diagnostic>) {
        let task = self.task;
        if self.lead
            && matches!(status, Some(Status::InProgress | Status::NotStarted))
            && let Some(due) = task.deadline.completion()
            && due < ctx.as_of
        {
            diags.push(self.finding(
                false,
                Code::TaskOverdue,
                Field::Status,
                format!(
                    "Nhiệm vụ {} chưa hoàn thành, đã quá thời hạn {} ({})",
                    task.code,
                    due.format("%d/%m/%Y"),
                    task.deadline.text
                ),
            ));
        }
    }
}

/// Lead tasks of the agency that the file does not report at all.
fn missing_lead_tasks(
    sub: &Submission,
    ctx: &Context,
    seen: &HashMap<String, u32>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(a) = sub.agency.as_deref() else {
        return;
    };
    for t in ctx.catalogue.tasks.iter().filter(|t| t.is_led_by(a)) {
        if !seen.contains_key(&t.code) {
            diags.push(
                Diagnostic::error(
                    Code::TaskMissing,
                    format!(
                        "Thiếu báo cáo nhiệm vụ {} (cơ quan chủ trì): {}",
                        t.code,
                        shorten(&t.full_title(), 80)
                    ),
                )
                .in_sheet(sub.task_sheet.as_deref().unwrap_or_default())
                .for_task(&t.code),
            );
        }
    }
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
        status_text: r.status_text.to_string(),
        completed,
        evidence: r.evidence.to_string(),
        result: r.result.to_string(),
        difficulties: r.difficulties.to_string(),
        proposals: r.proposals.to_string(),
        has_error,
        sheet: r.sheet.to_string(),
        row: r.row,
        status_cell: r.cell(Field::Status),
        date_cell: r.cell(Field::Date),
        evidence_cell: r.cell(Field::Evidence),
        evidence_disputed: false,
    }
}
