//! The submission's metadata: who reports, for which period, on which day.

use super::Context;
use crate::model::finding::{Code, Diagnostic};
use crate::read::submission::Submission;

pub(super) fn check_meta(sub: &Submission, ctx: &Context, diags: &mut Vec<Diagnostic>) {
    if let Some(d) = sub.report_date
        && d > ctx.as_of
    {
        diags.push(
            Diagnostic::error(
                Code::DateFuture,
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
                Code::MetaAgencyUnknown,
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
        (None, None) if !sub.agency_candidates.is_empty() => {
            let names: Vec<String> = sub
                .agency_candidates
                .iter()
                .filter_map(|c| ctx.registry.get(c))
                .map(|a| format!("{} ({})", a.name, a.code))
                .collect();
            diags.push(
                Diagnostic::error(
                    Code::MetaMissing,
                    "Không xác định được cơ quan báo cáo: tên tệp ứng với nhiều cơ quan",
                )
                .with_hint(format!(
                    "Tên tệp ứng với: {}. Ghi \"Cơ quan: …\" trong báo cáo, hoặc dùng --agency",
                    names.join("; ")
                )),
            )
        }
        (None, None) => diags.push(
            Diagnostic::error(Code::MetaMissing, "Không xác định được cơ quan báo cáo").with_hint(
                "Ghi \"Cơ quan: …\" ở trang Thông tin hoặc phía trên bảng, hoặc dùng --agency",
            ),
        ),
    }
    match (sub.period, &sub.period_text) {
        (None, Some(l)) => {
            let mut d = Diagnostic::error(
                Code::MetaMissing,
                format!("Không đọc được kỳ báo cáo \"{}\"", l.text),
            )
            .with_hint("Ví dụ: Quý I/2019; 6 tháng đầu năm 2019; Quý III/2019; Năm 2019");
            if let (Some(s), Some(c)) = (&l.sheet, &l.cell) {
                d = d.at(s, c.clone());
            }
            diags.push(d);
        }
        (None, None) => diags.push(
            Diagnostic::error(Code::MetaMissing, "Không xác định được kỳ báo cáo")
                .with_hint("Ghi \"Kỳ báo cáo: Quý I/2019\" ở trang Thông tin, hoặc dùng --period"),
        ),
        (Some(found), loc) => {
            if let Some(run) = ctx.period
                && found != run
            {
                let mut d = Diagnostic::error(
                    Code::MetaPeriodMismatch,
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
