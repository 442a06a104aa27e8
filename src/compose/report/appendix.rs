//! The report's appendices: Phụ lục I (every task, its lead, deadline, state and
//! evidence) and Phụ lục II (figures by agency, totals, targets).

use super::{agency_name, state_label};
use crate::aggregate::Summary;
use crate::doc::{Align, Block, Column, Row, Table, TableText};
use crate::model::catalogue::Catalogue;
use crate::model::indicators::Indicators;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::text::format_count;

pub(super) fn tasks_table(s: &Summary, cat: &Catalogue, registry: &Registry) -> Table {
    let columns = vec![
        Column {
            title: "STT".into(),
            width: 4.0,
            align: Align::Center,
        },
        Column {
            title: "Nội dung công việc".into(),
            width: 30.0,
            align: Align::Left,
        },
        Column {
            title: "Cơ quan chủ trì".into(),
            width: 14.0,
            align: Align::Left,
        },
        Column {
            title: "Thời hạn".into(),
            width: 14.0,
            align: Align::Left,
        },
        Column {
            title: "Tình trạng".into(),
            width: 18.0,
            align: Align::Left,
        },
        Column {
            title: "Văn bản, sản phẩm".into(),
            width: 20.0,
            align: Align::Left,
        },
    ];
    let mut rows = Vec::new();
    let mut group = None;
    for (t, ts) in cat.tasks.iter().zip(&s.tasks) {
        if group != Some(&t.group) {
            group = Some(&t.group);
            if let Some(g) = cat.group(&t.group) {
                rows.push(Row::Group {
                    text: format!("{}. {}", g.id, g.title),
                });
            }
        }
        let lead = if t.lead.agencies.len() <= 3 {
            t.lead
                .agencies
                .iter()
                .map(|c| agency_name(registry, c))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            t.lead.text.clone()
        };
        let mut evidence: Vec<String> = ts
            .lead_reports
            .iter()
            .filter_map(|l| {
                let r = l.report.as_ref()?;
                (r.status == Some(Status::Done) && !r.evidence.is_empty() && !r.evidence_disputed)
                    .then(|| {
                        if ts.leads > 1 {
                            format!("{}: {}", agency_name(registry, &l.agency), r.evidence)
                        } else {
                            r.evidence.clone()
                        }
                    })
            })
            .collect();
        if evidence.len() > 4 {
            let n = evidence.len();
            evidence.truncate(3);
            evidence.push(format!("và {} văn bản khác", n - 3));
        }
        rows.push(Row::Cells {
            cells: vec![
                t.code.clone(),
                t.full_title(),
                lead,
                t.deadline.text.clone(),
                state_label(ts),
                evidence.join("; "),
            ],
        });
    }
    Table {
        columns,
        rows,
        text: TableText::Small,
    }
}

pub(super) fn figures_blocks(
    s: &Summary,
    indicators: &Indicators,
    registry: &Registry,
) -> Vec<Block> {
    let mut columns = vec![Column {
        title: "Cơ quan".into(),
        width: 16.0,
        align: Align::Left,
    }];
    for ind in &indicators.indicators {
        columns.push(Column {
            title: short_indicator(&ind.code, &ind.name),
            width: 6.0,
            align: Align::Center,
        });
    }
    let mut rows = Vec::new();
    // Agencies in the registry's (official) order, not by their codes.
    let order = |code: &str| {
        registry
            .agencies()
            .iter()
            .position(|a| a.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut figures: Vec<_> = s.figures.iter().collect();
    figures.sort_by_key(|(code, _)| order(code));
    for (code, f) in figures {
        let mut cells = vec![agency_name(registry, code)];
        for ind in &indicators.indicators {
            cells.push(
                f.get(&ind.code)
                    .map(|v| format_count(*v))
                    .unwrap_or_else(|| "—".into()),
            );
        }
        rows.push(Row::Cells { cells });
    }
    let mut total = vec!["Tổng cộng".to_string()];
    for ind in &indicators.indicators {
        total.push(
            s.totals
                .get(&ind.code)
                .map(|v| format_count(*v))
                .unwrap_or_else(|| "—".into()),
        );
    }
    rows.push(Row::Cells { cells: total });
    let mut table = Table {
        columns,
        rows,
        text: TableText::Smallest,
    };
    table.fit_column(0, true, 0.35);
    let mut blocks = vec![Block::Table(table)];
    for t in &s.targets {
        blocks.push(Block::Bullet {
            text: format!("{}.", crate::compose::words::target_sentence(t, s)),
        });
    }
    let window = crate::compose::words::data_window_words(s)
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    let mut note = if s.figures.is_empty() {
        format!("Chưa có cơ quan, đơn vị nào gửi số liệu sử dụng được{window}")
    } else {
        format!(
            "Số liệu tổng hợp từ báo cáo của {}/{} cơ quan, đơn vị{window}",
            s.figures.len(),
            s.agencies.len()
        )
    };
    if !s.figures_excluded.is_empty() {
        let mut names: Vec<String> = s
            .figures_excluded
            .iter()
            .map(|(code, _)| agency_name(registry, code))
            .collect();
        crate::compose::vi::sort_names(&mut names);
        note.push_str(&format!(
            "; số liệu của {} đang được rà soát, chưa tính vào các cột tổng cộng",
            names.join(", ")
        ));
    }
    note.push_str("./.");
    blocks.push(Block::Paragraph { text: note });
    blocks
}

fn short_indicator(code: &str, name: &str) -> String {
    match code {
        "tthc_received" => "Hồ sơ tiếp nhận".into(),
        "tthc_online" => "Trực tuyến".into(),
        "tthc_resolved" => "Đã giải quyết".into(),
        "tthc_on_time" => "Đúng hạn".into(),
        "tthc_late" => "Quá hạn".into(),
        "tthc_pending" => "Đang giải quyết".into(),
        "dvc_level3" => "DVC mức 3".into(),
        "dvc_level4" => "DVC mức 4".into(),
        "vbqppl_issued" => "VBQPPL".into(),
        "cchc_inspections" => "Cuộc kiểm tra".into(),
        "units_inspected" => "Đơn vị được KT".into(),
        "units_total" => "Tổng đơn vị".into(),
        _ => name.to_string(),
    }
}
