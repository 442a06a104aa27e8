//! Composes the UBND's periodic CCHC report, the Sở Nội vụ's reminders and the status
//! workbook from a [`Summary`]. Every number printed here is computed in
//! [`crate::aggregate`]; this module only words it.

use crate::aggregate::{
    GroupCounts, Submitted, Summary, TaskState, format_count, format_percent,
    format_percent_against,
};
use crate::catalogue::Catalogue;
use crate::doc::{Align, Appendix, Block, Column, Document, Issuer, Row, Signature, Table};
use crate::indicators::Indicators;
use crate::period::{Calendar, PeriodKind};
use crate::registry::Registry;
use crate::validate::Checked;
use crate::values::Status;
use chrono::NaiveDate;
use serde::Deserialize;

/// Who issues and signs, and who receives: from the project's config file, with the
/// seed's values as defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct ReportConfig {
    /// The city's People's Committee (issuer of the report).
    pub city: Issuer,
    pub report_signature: Signature,
    pub report_recipients: Vec<String>,
    pub report_noi_nhan: Vec<String>,
    /// The Sở Nội vụ (issuer of reminders).
    pub department: Issuer,
    pub reminder_signature: Signature,
    pub reminder_noi_nhan_extra: Vec<String>,
    /// Working days given by a reminder.
    pub reminder_days: u32,
    /// The plan being reported on, as cited in the documents.
    pub plan_reference: String,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            city: Issuer {
                parent: None,
                name: "Ủy ban nhân dân thành phố Hải Phòng".into(),
                symbol: "UBND".into(),
                unit: None,
                place: "Hải Phòng".into(),
            },
            report_signature: Signature {
                lines: vec!["TM. ỦY BAN NHÂN DÂN".into(), "KT. CHỦ TỊCH".into(), "PHÓ CHỦ TỊCH".into()],
                name: String::new(),
            },
            report_recipients: vec!["Bộ Nội vụ".into()],
            report_noi_nhan: vec![
                "- Như trên;".into(),
                "- TTTU, TT HĐNDTP;".into(),
                "- CT, các PCT UBNDTP;".into(),
                "- Sở Nội vụ;".into(),
                "- CVP, PCVP UBNDTP;".into(),
                "- Lưu: VT.".into(),
            ],
            department: Issuer {
                parent: Some("UBND thành phố Hải Phòng".into()),
                name: "Sở Nội vụ".into(),
                symbol: "SNV".into(),
                unit: Some("CCHC".into()),
                place: "Hải Phòng".into(),
            },
            reminder_signature: Signature {
                lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
                name: String::new(),
            },
            reminder_noi_nhan_extra: vec!["- Giám đốc Sở (để b/c);".into()],
            reminder_days: 3,
            plan_reference: "Kế hoạch cải cách hành chính nhà nước thành phố Hải Phòng năm 2019 (ban hành kèm theo Quyết định số 3472/QĐ-UBND ngày 27/12/2018 của Ủy ban nhân dân thành phố)".into(),
        }
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The period as written inside sentences: "quý I/2019", "6 tháng đầu năm 2019".
fn period_words(s: &Summary) -> String {
    match s.period.kind {
        PeriodKind::Q1 => format!("quý I/{}", s.period.year),
        PeriodKind::H1 => format!("6 tháng đầu năm {}", s.period.year),
        PeriodKind::Q3 => format!("quý III/{}", s.period.year),
        PeriodKind::Y => format!("năm {}", s.period.year),
    }
}

/// Vietnamese-collated names (ICU4X collator, locale vi).
pub fn sort_names(names: &mut [String]) {
    use icu_collator::{Collator, options::CollatorOptions};
    match Collator::try_new(
        icu_locale_core::locale!("vi").into(),
        CollatorOptions::default(),
    ) {
        Ok(c) => names.sort_by(|a, b| c.compare(a, b)),
        Err(_) => names.sort(),
    }
}

fn agency_name(registry: &Registry, code: &str) -> String {
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

fn state_label(s: &crate::aggregate::TaskSummary) -> String {
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
            .filter(|a| a.usable && a.status == Some(crate::validate::FileStatus::Errors))
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
            "Thực hiện {}, Ủy ban nhân dân thành phố đã chỉ đạo các sở, ban, ngành, Ủy ban nhân dân các quận, huyện triển khai các nhiệm vụ cải cách hành chính được giao và báo cáo kết quả định kỳ về Sở Nội vụ để tổng hợp.",
            config.plan_reference
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
                short(&t.full_title(), 120),
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
                        let said = short(r.result.trim_end_matches(['.', ' ', ';']), 300);
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
                        short(r.result.trim_end_matches(['.', ' ', ';']), 200)
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
                    short(&t.full_title(), 140),
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
            "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {} của Ủy ban nhân dân thành phố Hải Phòng (chi tiết tại Phụ lục I, Phụ lục II kèm theo)./.",
            pw
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
        crate::deadline::end_of_month(ty, tm).unwrap_or(s.as_of),
    )
}

fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
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
        _ => short(name, 24),
    }
}

/// One reminder (Công văn of the Sở Nội vụ) for an agency that needs one.
pub fn reminder_document(
    s: &Summary,
    agency: &crate::aggregate::AgencyState,
    checked: Option<&Checked>,
    cat: &Catalogue,
    calendar: &Calendar,
    config: &ReportConfig,
) -> Document {
    let pw = period_words(s);
    let due_text = calendar.deadline_text(s.period).unwrap_or_default();
    let new_deadline = crate::aggregate::add_working_days(s.as_of, config.reminder_days);
    let mut body = vec![Block::Paragraph {
        text: format!(
            "Thực hiện {}, các cơ quan, đơn vị gửi báo cáo kết quả thực hiện công tác cải cách hành chính {} về Sở Nội vụ {} để tổng hợp, báo cáo Ủy ban nhân dân thành phố và Bộ Nội vụ.",
            config.plan_reference, pw, due_text
        ),
    }];
    match (agency.submitted, checked) {
        (Submitted::Missing, _) => body.push(Block::Paragraph {
            text: format!("Đến ngày {}, Sở Nội vụ chưa nhận được báo cáo {} của quý cơ quan.", date(s.as_of), pw),
        }),
        (Submitted::Late, _) => body.push(Block::Paragraph {
            text: format!(
                "Báo cáo {} của quý cơ quan{} gửi sau thời hạn nêu trên, ảnh hưởng đến tiến độ tổng hợp chung của thành phố.",
                pw,
                agency.report_date.map(|d| format!(" (ngày {})", date(d))).unwrap_or_default()
            ),
        }),
        _ => {}
    }
    if let Some(c) = checked {
        let errors: Vec<&crate::diag::Diagnostic> =
            c.diagnostics.iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            let file = std::path::Path::new(&c.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            body.push(Block::Paragraph {
                text: format!(
                    "Qua kiểm tra, báo cáo của quý cơ quan (tệp “{file}”) còn {} nội dung cần bổ sung, sửa đổi:",
                    errors.len()
                ),
            });
            for d in errors {
                let place = match (&d.sheet, &d.cell) {
                    (Some(sh), Some(ce)) => format!(" (trang “{sh}”, ô {ce})"),
                    (Some(sh), None) => format!(" (trang “{sh}”)"),
                    _ => String::new(),
                };
                let mut text = format!("{}{place}", d.message.trim_end_matches('.'));
                if d.code == "task.unknown" || d.code == "task.missing" {
                    // The message already names the task.
                } else if let Some(code) = task_code_in(&d.message)
                    && let Some(t) = cat.task(&code)
                {
                    text.push_str(&format!(" — {}", short(&t.full_title(), 100)));
                }
                if let Some(h) = &d.hint {
                    text.push_str(&format!(" ({h})"));
                }
                text.push(';');
                body.push(Block::Bullet { text });
            }
        }
    }
    let has_errors = checked.is_some_and(|c| c.diagnostics.iter().any(|d| d.is_error()));
    if agency.submitted == Submitted::Late && !has_errors {
        // Received, only late: nothing to send again.
        body.push(Block::Paragraph {
            text: "Sở Nội vụ đề nghị quý cơ quan rút kinh nghiệm, gửi báo cáo định kỳ đúng thời hạn trong các kỳ tiếp theo để bảo đảm tiến độ tổng hợp, báo cáo Ủy ban nhân dân thành phố./.".into(),
        });
    } else {
        body.push(Block::Paragraph {
            text: format!(
                "Sở Nội vụ đề nghị quý cơ quan khẩn trương hoàn thiện, gửi báo cáo {} về Sở Nội vụ trước ngày {} (kèm tệp Excel theo mẫu) để tổng hợp, báo cáo Ủy ban nhân dân thành phố theo quy định./.",
                pw,
                date(new_deadline)
            ),
        });
    }
    let mut noi_nhan = vec!["- Như trên;".to_string()];
    noi_nhan.extend(config.reminder_noi_nhan_extra.iter().cloned());
    noi_nhan.push("- Lưu: VT, CCHC.".into());
    Document {
        kind: "Công văn".into(),
        issuer: config.department.clone(),
        number: None,
        date: None,
        year: Some(
            s.as_of
                .format("%Y")
                .to_string()
                .parse()
                .unwrap_or(s.period.year),
        ),
        title: format!("đôn đốc gửi báo cáo kết quả thực hiện công tác cải cách hành chính {pw}"),
        authority: None,
        recipients: vec![agency.name.clone()],
        body,
        signature: config.reminder_signature.clone(),
        noi_nhan,
        appendices: vec![],
    }
}

/// "Nhiệm vụ 15b …" → "15b".
fn task_code_in(message: &str) -> Option<String> {
    let i = message
        .find("nhiệm vụ ")
        .or_else(|| message.find("Nhiệm vụ "))?;
    let rest = &message[i + "nhiệm vụ ".len()..];
    let code: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    crate::catalogue::normalize_task_code(&code)
}

/// The status workbook: tasks × lead agencies, agencies, figures.
pub fn status_workbook(
    s: &Summary,
    cat: &Catalogue,
    indicators: &Indicators,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{
        ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
        FormatAlign, Workbook,
    };
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(s.period.year.clamp(1900, 9999) as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp CCHC {}", s.period.label()))
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color("#D9E1F2");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let green = Format::new().set_background_color("#C6EFCE");
    let yellow = Format::new().set_background_color("#FFEB9C");
    let red = Format::new().set_background_color("#FFC7CE");

    // Tasks × lead agencies.
    let ws = book.add_worksheet();
    ws.set_name("Nhiệm vụ")?;
    let heads = [
        "Mã",
        "Nhóm",
        "Nội dung công việc",
        "Thời hạn",
        "Tình trạng",
        "Hoàn thành",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let first_agency_col = heads.len() as u16;
    for (i, a) in s.agencies.iter().enumerate() {
        ws.write_string_with_format(0, first_agency_col + i as u16, &a.code, &head)?;
    }
    for (r, (t, ts)) in cat.tasks.iter().zip(&s.tasks).enumerate() {
        let row = 1 + r as u32;
        ws.write_string(row, 0, &t.code)?;
        ws.write_string(row, 1, &t.group)?;
        ws.write_string_with_format(row, 2, t.full_title(), &wrap)?;
        ws.write_string(row, 3, &t.deadline.text)?;
        ws.write_string(row, 4, state_label(ts))?;
        ws.write_string(row, 5, format!("{}/{}", ts.done, ts.leads))?;
        for (i, a) in s.agencies.iter().enumerate() {
            let Some(l) = ts.lead_reports.iter().find(|l| l.agency == a.code) else {
                continue;
            };
            let v = match l.report.as_ref().and_then(|r| r.status) {
                Some(Status::Done) => "Đã HT",
                Some(Status::InProgress) => "Đang TH",
                Some(Status::NotStarted) => "Chưa TH",
                None => "Chưa BC",
            };
            ws.write_string(row, first_agency_col + i as u16, v)?;
        }
    }
    let last_row = cat.tasks.len() as u32;
    let last_col = first_agency_col + s.agencies.len() as u16 - 1;
    for (text, fmt) in [("Đã HT", &green), ("Đang TH", &yellow), ("Chưa", &red)] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(text.into()))
            .set_format(fmt);
        ws.add_conditional_format(1, first_agency_col, last_row, last_col, &cf)?;
    }
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 24)?;
    ws.set_column_width(4, 30)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    ws.set_freeze_panes(1, 3)?;

    // Agencies.
    let ws = book.add_worksheet();
    ws.set_name("Cơ quan")?;
    let heads = [
        "Mã",
        "Cơ quan",
        "Nộp báo cáo",
        "Ngày báo cáo",
        "Kết quả kiểm tra",
        "Lỗi",
        "Cảnh báo",
        "Nhiệm vụ chủ trì",
        "Đã hoàn thành",
        "Cần đôn đốc",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (r, a) in s.agencies.iter().enumerate() {
        let row = 1 + r as u32;
        ws.write_string(row, 0, &a.code)?;
        ws.write_string(row, 1, &a.name)?;
        ws.write_string(row, 2, a.submitted.label())?;
        ws.write_string(row, 3, a.report_date.map(date).unwrap_or_default())?;
        ws.write_string(row, 4, a.status.map(|s| s.label()).unwrap_or("—"))?;
        ws.write_number(row, 5, a.errors as f64)?;
        ws.write_number(row, 6, a.warnings as f64)?;
        ws.write_number(row, 7, a.tasks_lead as f64)?;
        ws.write_number(row, 8, a.tasks_done as f64)?;
        ws.write_string(row, 9, if a.needs_reminder() { "Có" } else { "" })?;
    }
    let last = s.agencies.len() as u32;
    for (text, fmt) in [("đúng hạn", &green), ("muộn", &yellow), ("chưa nộp", &red)] {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(text.into()))
            .set_format(fmt);
        ws.add_conditional_format(1, 2, last, 2, &cf)?;
    }
    ws.set_column_width(1, 45)?;
    ws.set_column_width(4, 16)?;
    ws.autofilter(0, 0, last, 9)?;
    ws.set_freeze_panes(1, 2)?;

    // Figures.
    let ws = book.add_worksheet();
    ws.set_name("Số liệu")?;
    ws.write_string_with_format(0, 0, "Cơ quan", &head)?;
    for (c, ind) in indicators.indicators.iter().enumerate() {
        ws.write_string_with_format(0, 1 + c as u16, &ind.code, &head)?;
    }
    let mut row = 1;
    for (code, f) in &s.figures {
        ws.write_string(row, 0, code)?;
        for (c, ind) in indicators.indicators.iter().enumerate() {
            if let Some(v) = f.get(&ind.code) {
                ws.write_number(row, 1 + c as u16, *v as f64)?;
            }
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Tổng cộng", &head)?;
    for (c, ind) in indicators.indicators.iter().enumerate() {
        if let Some(v) = s.totals.get(&ind.code) {
            ws.write_number(row, 1 + c as u16, *v as f64)?;
        }
    }
    ws.autofilter(
        0,
        0,
        row.saturating_sub(1).max(1),
        indicators.indicators.len() as u16,
    )?;
    ws.set_freeze_panes(1, 1)?;
    book.save_to_buffer()
}
