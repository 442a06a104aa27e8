//! The UBND's periodic CCHC report, composed from a [`Summary`]. Every number printed
//! here is computed in [`crate::aggregate`]; this module only words it.

use crate::aggregate::{GroupCounts, Submitted, Summary, TaskState};
use crate::check::{Checked, FileStatus};
use crate::compose::config::ReportConfig;
use crate::compose::vi::{date, period_words, sort_names};
use crate::compose::vi::{format_percent, format_percent_against};
use crate::doc::{Align, Appendix, Block, Column, Document, Row, Table};
use crate::model::catalogue::Catalogue;
use crate::model::indicators::Indicators;
use crate::model::period::PeriodKind;
use crate::model::registry::Registry;
use crate::model::status::Status;
use crate::text::{format_count, shorten};
use chrono::NaiveDate;

pub(crate) fn agency_name(registry: &Registry, code: &str) -> String {
    registry
        .get(code)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| code.to_string())
}

fn counts_sentence(c: &GroupCounts, period: &str) -> String {
    let mut parts = vec![format!(
        "Trong {period}, {}/{} nhiệm vụ đã hoàn thành",
        c.completed(),
        c.total
    )];
    let mut of = Vec::new();
    if c.completed_on_time > 0 {
        of.push(format!("{} nhiệm vụ đúng hạn", c.completed_on_time));
    }
    if c.completed_late > 0 {
        of.push(format!(
            "{} nhiệm vụ chậm so với thời hạn",
            c.completed_late
        ));
    }
    if !of.is_empty() {
        parts[0].push_str(&format!(", trong đó {}", of.join(", ")));
    }
    let mut rest = Vec::new();
    if c.in_progress > 0 {
        rest.push(format!("{} nhiệm vụ đang triển khai", c.in_progress));
    }
    if c.not_started > 0 {
        rest.push(format!("{} nhiệm vụ chưa triển khai", c.not_started));
    }
    if c.not_reported > 0 {
        rest.push(format!(
            "{} nhiệm vụ chưa có báo cáo của cơ quan chủ trì",
            c.not_reported
        ));
    }
    let mut s = parts.join("");
    if !rest.is_empty() {
        s.push_str("; ");
        s.push_str(&rest.join(", "));
    }
    if c.overdue > 0 {
        s.push_str(&format!(
            "; {} nhiệm vụ đã quá thời hạn mà chưa hoàn thành",
            c.overdue
        ));
    }
    s.push('.');
    s
}

pub fn state_label(s: &crate::aggregate::TaskSummary) -> String {
    let mut out = match s.state {
        TaskState::Completed { on_time: true } => "Đã hoàn thành đúng hạn".to_string(),
        TaskState::Completed { on_time: false } => {
            "Đã hoàn thành, chậm so với thời hạn".to_string()
        }
        TaskState::InProgress => "Đang thực hiện".to_string(),
        TaskState::NotStarted => "Chưa thực hiện".to_string(),
        TaskState::NotReported => "Chưa có báo cáo".to_string(),
    };
    if let Some(d) = s.completed_on
        && s.is_completed()
    {
        out.push_str(&format!(" ({})", date(d)));
    }
    if s.leads > 1 && !s.is_completed() {
        out.push_str(&format!(
            "; {}/{} cơ quan chủ trì đã hoàn thành",
            s.done, s.leads
        ));
    }
    if s.overdue {
        out.push_str("; quá hạn");
    }
    out
}

/// The periodic report of the UBND thành phố.
pub fn report_document(
    s: &Summary,
    cat: &Catalogue,
    registry: &Registry,
    indicators: &Indicators,
    checked: &[Checked],
    config: &ReportConfig,
    number: Option<u32>,
) -> Document {
    let pw = period_words(s);
    let mut body = Vec::new();
    let expected = s.agencies.len();
    let received = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::Missing)
        .count();
    let late = s
        .agencies
        .iter()
        .filter(|a| a.submitted == Submitted::Late)
        .count();
    let mut missing: Vec<String> = s
        .agencies
        .iter()
        .filter(|a| a.submitted == Submitted::Missing)
        .map(|a| a.name.clone())
        .collect();
    sort_names(&mut missing);
    let excluded: Vec<String> = {
        let mut v: Vec<String> = s
            .agencies
            .iter()
            .filter(|a| a.usable && a.status == Some(FileStatus::Errors))
            .map(|a| a.name.clone())
            .collect();
        sort_names(&mut v);
        v
    };
    let unusable: Vec<String> = {
        let mut v: Vec<String> = s
            .agencies
            .iter()
            .filter(|a| a.submitted != Submitted::Missing && !a.usable)
            .map(|a| a.name.clone())
            .collect();
        sort_names(&mut v);
        v
    };

    body.push(Block::Heading {
        level: 1,
        text: "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH".into(),
    });
    body.push(Block::Paragraph {
        text: format!(
            "Thực hiện {}, {} đã chỉ đạo các sở, ban, ngành, Ủy ban nhân dân các quận, huyện triển khai các nhiệm vụ cải cách hành chính được giao và báo cáo kết quả định kỳ về {} để tổng hợp.",
            config.plan_reference,
            config.committee(),
            config.department.name
        ),
    });
    let deadline = s
        .deadline
        .map(|d| format!(" (thời hạn gửi báo cáo: đến hết ngày {})", date(d)))
        .unwrap_or_default();
    body.push(Block::Paragraph {
        text: format!(
            "Đến ngày {}, Sở Nội vụ đã nhận được báo cáo {} của {}/{} cơ quan, đơn vị{deadline}, trong đó {} báo cáo gửi muộn; {} cơ quan, đơn vị chưa gửi báo cáo.",
            date(s.as_of),
            pw,
            received,
            expected,
            late,
            missing.len()
        ),
    });
    body.push(Block::Paragraph {
        text: counts_sentence(&s.all, &pw),
    });
    if !excluded.is_empty() {
        body.push(Block::Paragraph {
            text: format!(
                "Báo cáo của các cơ quan sau còn sai sót nên chỉ những nội dung không có lỗi được tổng hợp: {}.",
                excluded.join("; ")
            ),
        });
    }
    if !s.unattributed.is_empty() {
        let names: Vec<String> = s
            .unattributed
            .iter()
            .map(|f| {
                std::path::Path::new(f)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| f.clone())
            })
            .collect();
        body.push(Block::Paragraph {
            text: format!(
                "Có {} tệp báo cáo không xác định được cơ quan gửi nên chưa được tổng hợp: {}.",
                names.len(),
                names.join("; ")
            ),
        });
    }
    if !unusable.is_empty() {
        body.push(Block::Paragraph {
            text: format!(
                "Báo cáo của các cơ quan sau không sử dụng được (tệp không đọc được hoặc không đúng kỳ báo cáo) nên chưa được tổng hợp: {}.",
                unusable.join("; ")
            ),
        });
    }

    body.push(Block::Heading {
        level: 1,
        text: "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH".into(),
    });
    for (gi, (gid, counts)) in s.groups.iter().enumerate() {
        let g = cat.group(gid).expect("group of the summary");
        body.push(Block::Heading {
            level: 2,
            text: format!("{}. {} (nhóm {} của Danh mục)", gi + 1, g.title, g.id),
        });
        body.push(Block::Paragraph {
            text: counts_sentence(counts, &pw),
        });
        for (t, ts) in cat
            .tasks
            .iter()
            .zip(&s.tasks)
            .filter(|(t, _)| t.group == *gid)
        {
            let mut line = format!(
                "Nhiệm vụ {} ({}): {}",
                t.code,
                shorten(&t.full_title(), 120),
                state_label(ts).to_lowercase()
            );
            if ts.leads > 1 && !ts.is_completed() {
                let mut names: Vec<String> = ts
                    .not_done()
                    .iter()
                    .map(|c| agency_name(registry, c))
                    .collect();
                sort_names(&mut names);
                if names.len() <= 10 {
                    line.push_str(&format!("; chưa hoàn thành: {}", names.join(", ")));
                } else {
                    let silent = ts
                        .lead_reports
                        .iter()
                        .filter(|l| l.report.is_none())
                        .count();
                    line.push_str(&format!(
                        "; {} cơ quan chưa hoàn thành, trong đó {silent} cơ quan chưa có báo cáo sử dụng được",
                        names.len()
                    ));
                }
            }
            line.push('.');
            // The lead agencies' own words (one lead: quoted; several: the first two).
            let quotes: Vec<String> = ts
                .lead_reports
                .iter()
                .filter_map(|l| {
                    let r = l.report.as_ref()?;
                    (!r.result.is_empty()).then(|| {
                        let ev = if r.evidence.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", r.evidence)
                        };
                        let said = shorten(r.result.trim_end_matches(['.', ' ', ';']), 300);
                        format!("{}: “{}”{ev}", agency_name(registry, &l.agency), said)
                    })
                })
                .take(2)
                .collect();
            if !quotes.is_empty() {
                line.push_str(&format!(" {}.", quotes.join("; ")));
            }
            // Partners' reports are quoted, not counted.
            let partners: Vec<String> = ts
                .partner_reports
                .iter()
                .take(2)
                .map(|(code, r)| {
                    format!(
                        "{}: “{}”",
                        agency_name(registry, code),
                        shorten(r.result.trim_end_matches(['.', ' ', ';']), 200)
                    )
                })
                .collect();
            if !partners.is_empty() {
                line.push_str(&format!(" Cơ quan phối hợp — {}.", partners.join("; ")));
            }
            body.push(Block::Bullet { text: line });
        }
    }

    body.push(Block::Heading {
        level: 1,
        text: "III. ĐÁNH GIÁ CHUNG".into(),
    });
    body.push(Block::Heading {
        level: 2,
        text: "1. Ưu điểm".into(),
    });
    let achieved: Vec<&crate::aggregate::TargetResult> = s
        .targets
        .iter()
        .filter(|t| t.achieved == Some(true))
        .collect();
    let missed: Vec<&crate::aggregate::TargetResult> = s
        .targets
        .iter()
        .filter(|t| t.achieved == Some(false))
        .collect();
    let target_text = |t: &crate::aggregate::TargetResult| {
        format!(
            "{}: {} ({}/{}), chỉ tiêu {}",
            t.name,
            t.value
                .map(|v| format_percent_against(v, t.min))
                .unwrap_or_else(|| "—".into()),
            format_count(t.numerator),
            format_count(t.denominator),
            format_percent(t.min)
        )
    };
    if achieved.is_empty() {
        body.push(Block::Paragraph {
            text: "Chưa có chỉ tiêu nào của Kế hoạch đạt mức đề ra trong kỳ.".into(),
        });
    } else {
        body.push(Block::Paragraph {
            text: "Các chỉ tiêu đạt mức Kế hoạch đề ra:".into(),
        });
        for t in achieved {
            body.push(Block::Bullet {
                text: format!("{};", target_text(t)),
            });
        }
    }
    body.push(Block::Heading {
        level: 2,
        text: "2. Tồn tại, hạn chế và nguyên nhân".into(),
    });
    for t in &missed {
        body.push(Block::Bullet {
            text: format!("{} (chưa đạt);", target_text(t)),
        });
    }
    if !missing.is_empty() {
        body.push(Block::Bullet {
            text: format!(
                "{} cơ quan, đơn vị chưa gửi báo cáo {}: {};",
                missing.len(),
                pw,
                missing.join(", ")
            ),
        });
    }
    // Difficulties and proposals of usable reports, each text once with its agencies.
    let mut difficulties_by: Vec<(String, Vec<String>)> = Vec::new();
    let mut proposals_by: Vec<(String, Vec<String>)> = Vec::new();
    for st in s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = st.checked else { continue };
        for r in checked[i].tasks.iter().filter(|r| !r.has_error) {
            for (text, list) in [
                (&r.difficulties, &mut difficulties_by),
                (&r.proposals, &mut proposals_by),
            ] {
                let t = text.trim().trim_end_matches(['.', ';', ' ']).to_string();
                if t.is_empty() {
                    continue;
                }
                match list.iter_mut().find(|(x, _)| *x == t) {
                    Some((_, who)) => {
                        if !who.contains(&st.name) {
                            who.push(st.name.clone());
                        }
                    }
                    None => list.push((t, vec![st.name.clone()])),
                }
            }
        }
    }
    let render = |list: Vec<(String, Vec<String>)>| -> Vec<String> {
        list.into_iter()
            .map(|(t, mut who)| {
                sort_names(&mut who);
                format!("{t} ({})", who.join(", "))
            })
            .collect()
    };
    let difficulties = render(difficulties_by);
    let proposals = render(proposals_by);
    for d in &difficulties {
        body.push(Block::Bullet {
            text: format!("{d};"),
        });
    }
    if missed.is_empty() && missing.is_empty() && difficulties.is_empty() {
        body.push(Block::Paragraph {
            text: "Không có tồn tại đáng kể trong kỳ.".into(),
        });
    }

    body.push(Block::Heading {
        level: 1,
        text: "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI".into(),
    });
    let (from, to) = next_window(s);
    body.push(Block::Paragraph {
        text: format!("Tập trung chỉ đạo hoàn thành các nhiệm vụ có thời hạn từ ngày {} đến ngày {} và các nhiệm vụ đã quá hạn:", date(from), date(to)),
    });
    for (t, ts) in cat.tasks.iter().zip(&s.tasks) {
        if ts.is_completed() {
            continue;
        }
        let in_window = t
            .deadline
            .milestones
            .iter()
            .any(|m| m.due >= from && m.due <= to);
        if in_window || ts.overdue {
            let due = t.deadline.text.clone();
            let tag = if ts.overdue { " (quá hạn)" } else { "" };
            body.push(Block::Bullet {
                text: format!(
                    "Nhiệm vụ {}: {} — {}{tag};",
                    t.code,
                    shorten(&t.full_title(), 140),
                    due
                ),
            });
        }
    }

    body.push(Block::Heading {
        level: 1,
        text: "V. ĐỀ XUẤT, KIẾN NGHỊ".into(),
    });
    if proposals.is_empty() {
        body.push(Block::Paragraph {
            text: "Các cơ quan, đơn vị không có đề xuất, kiến nghị trong kỳ.".into(),
        });
    } else {
        for p in &proposals {
            body.push(Block::Bullet {
                text: format!("{p};"),
            });
        }
    }
    body.push(Block::Paragraph {
        text: format!(
            "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {} của {} (chi tiết tại Phụ lục I, Phụ lục II kèm theo)./.",
            pw, config.city.name
        ),
    });

    let reference = format!(
        "(Kèm theo Báo cáo số {}/BC-{} của {})",
        number
            .map(|n| format!("{n:02}"))
            .unwrap_or_else(|| "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}".into()),
        config.city.symbol,
        config.city.name
    );
    let appendices = vec![
        Appendix {
            label: Some("Phụ lục I".into()),
            kind: None,
            title: format!(
                "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {}",
                s.period.title_phrase().to_uppercase()
            ),
            reference: Some(reference.clone()),
            issuer_header: false,
            landscape: true,
            body: vec![Block::Table(tasks_table(s, cat, registry))],
            signature: None,
        },
        Appendix {
            label: Some("Phụ lục II".into()),
            kind: None,
            title: format!(
                "SỐ LIỆU CẢI CÁCH HÀNH CHÍNH {} THEO CƠ QUAN",
                s.period.title_phrase().to_uppercase()
            ),
            reference: Some(reference),
            issuer_header: false,
            landscape: true,
            body: figures_blocks(s, indicators, registry),
            signature: None,
        },
    ];

    Document {
        kind: "Báo cáo".into(),
        issuer: config.city.clone(),
        number,
        date: None,
        year: Some(
            s.as_of
                .format("%Y")
                .to_string()
                .parse()
                .unwrap_or(s.period.year),
        ),
        title: format!(
            "Kết quả thực hiện công tác cải cách hành chính {}",
            s.period.title_phrase()
        ),
        authority: None,
        recipients: config.report_recipients.clone(),
        body,
        signature: config.report_signature.clone(),
        noi_nhan: config.report_noi_nhan.clone(),
        appendices,
    }
}

/// The window of the next period: the months after this period up to the next one's end.
fn next_window(s: &Summary) -> (NaiveDate, NaiveDate) {
    let y = s.period.year;
    let (fm, tm, ty) = match s.period.kind {
        PeriodKind::Q1 => (4, 6, y),
        PeriodKind::H1 => (7, 9, y),
        PeriodKind::Q3 => (10, 12, y),
        PeriodKind::Y => (1, 3, y + 1),
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

fn tasks_table(s: &Summary, cat: &Catalogue, registry: &Registry) -> Table {
    let columns = vec![
        Column {
            title: "Mã".into(),
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
                (r.status == Some(Status::Done) && !r.evidence.is_empty()).then(|| {
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
        size: 10.0,
    }
}

fn figures_blocks(s: &Summary, indicators: &Indicators, registry: &Registry) -> Vec<Block> {
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
    for (code, f) in &s.figures {
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
    let mut blocks = vec![Block::Table(Table {
        columns,
        rows,
        size: 9.0,
    })];
    for t in &s.targets {
        let verdict = match t.achieved {
            Some(true) => "đạt",
            Some(false) => "chưa đạt",
            None => "chưa có số liệu",
        };
        blocks.push(Block::Bullet {
            text: format!(
                "{}: {} ({}/{}); chỉ tiêu Kế hoạch {}: {}.",
                t.name,
                t.value
                    .map(|v| format_percent_against(v, t.min))
                    .unwrap_or_else(|| "—".into()),
                format_count(t.numerator),
                format_count(t.denominator),
                format_percent(t.min),
                verdict
            ),
        });
    }
    let counted = s.figures.len();
    blocks.push(Block::Paragraph {
        text: format!(
            "Số liệu tổng hợp từ báo cáo của {} cơ quan, đơn vị có số liệu hợp lệ; số liệu sai lệch không được cộng vào tổng./.",
            counted
        ),
    });
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
        _ => shorten(name, 24),
    }
}
