//! Raw catalogue rows made tasks: codes, agencies resolved against the registry,
//! deadlines parsed, and the findings a careful reader of the annex would note.

use super::header::{Column, Header};
use super::rows::looks_like_content;
use super::sheet::RawTask;
use crate::model::catalogue::Task;
use crate::model::finding::{Code, Diagnostic, a1};
use crate::model::registry::{AgencyRef, Registry};
use crate::read::deadline::{DeadlineProblem, parse_deadline};
use std::collections::HashMap;

/// A jump in the numbering ("5" after "3"): a task may be missing.
pub(super) fn number_gap(
    diags: &mut Vec<Diagnostic>,
    sheet: &str,
    row: u32,
    stt_col: Option<u32>,
    last: u32,
    n: u32,
) {
    if n > last + 1 {
        diags.push(
            Diagnostic::warning(
                Code::CatalogueNumberOrder,
                format!(
                    "Số thứ tự nhảy từ {last} lên {n}: có thể thiếu nhiệm vụ {}",
                    last + 1
                ),
            )
            .at(sheet, a1(row, stt_col.unwrap_or(0))),
        );
    }
}

/// True when the annex numbers its tasks from 1 again in each group (ministries'
/// programmes do): a later group starts again at 1.
fn numbered_per_group(raws: &[RawTask]) -> bool {
    raws.windows(2).any(|w| {
        w[1].group != w[0].group && !w[1].group.is_empty() && w[1].number == 1 && w[0].number >= 1
    })
}

/// Resolves agencies, parses deadlines and checks each task.
pub(super) fn finish_tasks(
    raws: Vec<RawTask>,
    header: &Header,
    grid: &crate::read::sheet::Grid,
    sheet: &str,
    registry: &Registry,
    year: Option<i32>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Task> {
    let lead_col = header.col(Column::Lead).unwrap_or(0);
    let partner_col = header.col(Column::Partner).unwrap_or(lead_col);
    let deadline_col = header.col(Column::Deadline);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut tasks = Vec::with_capacity(raws.len());
    let per_group = numbered_per_group(&raws);
    for raw in raws {
        let own = format!(
            "{}{}",
            raw.number,
            raw.letter.map(String::from).unwrap_or_default()
        );
        // Numbering that starts again in each group: the code carries the group ("II.3").
        let code = if per_group && !raw.group.is_empty() {
            format!("{}.{own}", raw.group)
        } else {
            own
        };
        let at = |col: u32| a1(raw.row, col);
        if raw.group.is_empty() {
            diags.push(
                Diagnostic::warning(
                    Code::CatalogueNoGroup,
                    format!("Nhiệm vụ {code} đứng trước mọi nhóm nhiệm vụ (I, II, …)"),
                )
                .at(sheet, at(raw.cell_col))
                .for_task(&code),
            );
        }
        if let Some(&first_row) = seen.get(&code) {
            diags.push(
                Diagnostic::error(
                    Code::TaskDuplicate,
                    format!(
                        "Mã nhiệm vụ {code} bị trùng: đã có ở dòng {}",
                        first_row + 1
                    ),
                )
                .at(sheet, at(raw.cell_col))
                .for_task(&code),
            );
        } else {
            seen.insert(code.clone(), raw.row);
        }
        let lead = registry.resolve(&raw.lead);
        let partners = registry.resolve(&raw.partner);
        if let Some(d) = lead_finding(&raw, &code, &lead, registry) {
            diags.push(d.at(sheet, at(lead_col)).for_task(&code));
        }
        for (r, col) in [(&lead, lead_col), (&partners, partner_col)] {
            for phrase in &r.empty_collectives {
                diags.push(
                    Diagnostic::warning(
                        Code::TaskCollectiveEmpty,
                        format!(
                            "Nhiệm vụ {code}: \"{phrase}\" không chỉ cơ quan nào trong danh sách cơ quan (danh sách không có loại đơn vị này)"
                        ),
                    )
                    .with_hint(format!(
                        "Kiểm tra danh mục có chép từ kế hoạch của địa phương khác không; các đơn vị cấp huyện trong danh sách: {}",
                        match registry.district_words() {
                            w if w.is_empty() => "không có".to_string(),
                            w => w,
                        }
                    ))
                    .at(sheet, at(col))
                    .for_task(&code),
                );
            }
        }
        let (deadline, problem) = parse_deadline(&raw.deadline, year);
        if let Some(problem) = problem {
            let cell = at(deadline_col.unwrap_or(raw.cell_col));
            diags.push(
                deadline_finding(problem, &raw.deadline, &code)
                    .at(sheet, cell)
                    .for_task(&code),
            );
        }
        tasks.push(Task {
            code,
            group: raw.group,
            subgroup: raw.subgroup,
            parent: raw.parent,
            title: raw.title,
            lead,
            partners,
            product: raw.product,
            deadline,
            row: raw.row,
            parent_numbered: raw.parent_numbered,
            extra: header
                .extra
                .iter()
                .map(|(c, label)| (label.clone(), grid.text(raw.row, *c)))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            short: None,
        });
    }
    tasks
}

/// What is wrong with a task's lead cell, if anything: empty, a copy of the content, or
/// naming no registry agency.
fn lead_finding(
    raw: &RawTask,
    code: &str,
    lead: &AgencyRef,
    registry: &Registry,
) -> Option<Diagnostic> {
    if raw.lead.is_empty() {
        return Some(Diagnostic::warning(
            Code::TaskLeadMissing,
            format!("Nhiệm vụ {code} chưa ghi cơ quan chủ trì"),
        ));
    }
    if looks_like_content(&raw.lead, &raw.title, &raw.product) {
        let names = if lead.agencies.is_empty() {
            "không nêu được cơ quan nào".to_string()
        } else {
            format!("vẫn đọc được {} cơ quan", lead.agencies.len())
        };
        return Some(
            Diagnostic::warning(
                Code::TaskLeadSuspicious,
                format!(
                    "Ô cơ quan chủ trì của nhiệm vụ {code} có vẻ chép nhầm nội dung công việc (\"{}\"); {names}",
                    raw.lead
                ),
            )
            .with_hint("Ghi tên cơ quan chủ trì, ví dụ: Các sở, ban, ngành; UBND các quận, huyện"),
        );
    }
    if !lead.agencies.is_empty() {
        return None;
    }
    let hint = registry
        .closest(&raw.lead, 3)
        .iter()
        .map(|a| a.name.clone())
        .collect::<Vec<_>>();
    let mut d = Diagnostic::warning(
        Code::TaskLeadUnresolved,
        format!(
            "Ô cơ quan chủ trì của nhiệm vụ {code} (\"{}\") không nêu cơ quan nào trong danh sách cơ quan",
            raw.lead
        ),
    );
    if !hint.is_empty() {
        d = d.with_hint(format!("Có phải là: {}?", hint.join("; ")));
    }
    Some(d)
}

fn deadline_finding(problem: DeadlineProblem, text: &str, code: &str) -> Diagnostic {
    let message = match problem {
        DeadlineProblem::NoDate if text.is_empty() => {
            format!("Nhiệm vụ {code} chưa ghi thời gian thực hiện/hoàn thành")
        }
        DeadlineProblem::NoDate => {
            format!("Không đọc được thời hạn của nhiệm vụ {code}: \"{text}\"")
        }
        DeadlineProblem::BadDate(bad) => {
            format!("Thời hạn của nhiệm vụ {code} có ngày tháng không hợp lệ: \"{bad}\"")
        }
    };
    Diagnostic::warning(Code::DeadlineUnparsed, message).with_hint(
        "Ví dụ: Quý II/2019; Tháng 01/2019; Cả năm 2019; Giai đoạn 2019-2020; Theo tiến độ Đề án",
    )
}
