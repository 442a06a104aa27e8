//! The five sections of the report: I. direction and management, II. results per
//! reform area, III. overall assessment, IV. tasks for the next period, V. proposals.

use super::{Ctx, agency_name, counts_sentence, next_window, state_label};
use crate::aggregate::{AgencyState, Submitted, Summary, TargetResult, TaskSummary};
use crate::check::FileStatus;
use crate::compose::vi::{date, format_percent, format_percent_against, sort_names};
use crate::doc::Block;
use crate::model::catalogue::Task;
use crate::text::{format_count, shorten};

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn paragraph(text: String) -> Block {
    Block::Paragraph { text }
}

/// I. Direction and management: the plan, the submissions received, the tasks done.
pub(super) fn direction(cx: &Ctx) -> Vec<Block> {
    let (s, config, pw) = (cx.s, cx.config, &cx.pw);
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
    let missing = cx.names(|a| a.submitted == Submitted::Missing);
    let deadline = s
        .deadline
        .map(|d| format!(" (thời hạn gửi báo cáo: đến hết ngày {})", date(d)))
        .unwrap_or_default();
    let basis = basis_words(s, &config.department.name);
    let mut out = vec![
        heading(1, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        paragraph(format!(
            "Thực hiện {}, {} đã chỉ đạo các sở, ban, ngành, Ủy ban nhân dân các quận, huyện triển khai các nhiệm vụ cải cách hành chính được giao và báo cáo kết quả định kỳ về {} để tổng hợp.",
            config.plan_reference,
            config.committee(),
            config.department.name
        )),
        paragraph(format!(
            "Đến ngày {}, {} đã nhận được báo cáo {pw} của {received}/{} cơ quan, đơn vị{deadline}, trong đó {late} báo cáo gửi muộn{basis}; {} cơ quan, đơn vị chưa gửi báo cáo.",
            date(s.as_of),
            config.department.name,
            s.agencies.len(),
            missing.len()
        )),
        paragraph(counts_sentence(&s.all, pw)),
    ];
    out.extend(excluded_and_unusable(cx));
    out
}

/// Reports with errors (only their clean rows are counted), files of no known agency,
/// and reports that could not be used at all.
fn excluded_and_unusable(cx: &Ctx) -> Vec<Block> {
    let s = cx.s;
    let mut out = Vec::new();
    let excluded = cx.names(|a| a.usable && a.status == Some(FileStatus::Errors));
    if !excluded.is_empty() {
        out.push(paragraph(format!(
            "Báo cáo của các cơ quan sau còn sai sót nên chỉ những nội dung không có lỗi được tổng hợp: {}.",
            excluded.join("; ")
        )));
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
        out.push(paragraph(format!(
            "Có {} tệp báo cáo không xác định được cơ quan gửi nên chưa được tổng hợp: {}.",
            names.len(),
            names.join("; ")
        )));
    }
    let unusable = cx.names(|a| a.submitted != Submitted::Missing && !a.usable);
    if !unusable.is_empty() {
        out.push(paragraph(format!(
            "Báo cáo của các cơ quan sau không sử dụng được (tệp không đọc được hoặc không đúng kỳ báo cáo) nên chưa được tổng hợp: {}.",
            unusable.join("; ")
        )));
    }
    out
}

/// II. Results per reform area: the counts of each group, then each task's line.
pub(super) fn results(cx: &Ctx) -> Vec<Block> {
    let (s, cat) = (cx.s, cx.cat);
    let mut out = vec![heading(
        1,
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
    )];
    for (gi, (gid, counts)) in s.groups.iter().enumerate() {
        let g = cat.group(gid).expect("group of the summary");
        out.push(Block::Heading {
            level: 2,
            text: format!("{}. {} (nhóm {} của Danh mục)", gi + 1, g.title, g.id),
        });
        out.push(paragraph(counts_sentence(counts, &cx.pw)));
        for (t, ts) in cat
            .tasks
            .iter()
            .zip(&s.tasks)
            .filter(|(t, _)| t.group == *gid)
        {
            out.push(Block::Bullet {
                text: task_line(cx, t, ts),
            });
        }
    }
    out
}

/// One task: its state, the leads that have not completed it, the leads' own words and
/// the partners' (quoted, not counted).
fn task_line(cx: &Ctx, t: &Task, ts: &TaskSummary) -> String {
    let registry = cx.registry;
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
    line
}

/// "Tỷ lệ …: 98,8% (1.234/1.249), chỉ tiêu 95%".
fn target_text(t: &TargetResult) -> String {
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
}

/// III. Overall assessment: targets met; targets missed, agencies that did not report
/// and the difficulties reported.
pub(super) fn assessment(cx: &Ctx, difficulties: &[String]) -> Vec<Block> {
    let s = cx.s;
    let mut out = vec![heading(1, "III. ĐÁNH GIÁ CHUNG"), heading(2, "1. Ưu điểm")];
    let achieved: Vec<&TargetResult> = s
        .targets
        .iter()
        .filter(|t| t.achieved == Some(true))
        .collect();
    let missed: Vec<&TargetResult> = s
        .targets
        .iter()
        .filter(|t| t.achieved == Some(false))
        .collect();
    if achieved.is_empty() {
        out.push(paragraph(
            "Chưa có chỉ tiêu nào của Kế hoạch đạt mức đề ra trong kỳ.".into(),
        ));
    } else {
        out.push(paragraph("Các chỉ tiêu đạt mức Kế hoạch đề ra:".into()));
        for t in achieved {
            out.push(Block::Bullet {
                text: format!("{};", target_text(t)),
            });
        }
    }
    out.push(heading(2, "2. Tồn tại, hạn chế và nguyên nhân"));
    for t in &missed {
        out.push(Block::Bullet {
            text: format!("{} (chưa đạt);", target_text(t)),
        });
    }
    let missing = cx.names(|a| a.submitted == Submitted::Missing);
    if !missing.is_empty() {
        out.push(Block::Bullet {
            text: format!(
                "{} cơ quan, đơn vị chưa gửi báo cáo {}: {};",
                missing.len(),
                cx.pw,
                missing.join(", ")
            ),
        });
    }
    for d in difficulties {
        out.push(Block::Bullet {
            text: format!("{d};"),
        });
    }
    if missed.is_empty() && missing.is_empty() && difficulties.is_empty() {
        out.push(paragraph("Không có tồn tại đáng kể trong kỳ.".into()));
    }
    out
}

/// Difficulties and proposals of usable reports, each text once with its agencies.
pub(super) fn difficulties_and_proposals(cx: &Ctx) -> (Vec<String>, Vec<String>) {
    let mut difficulties_by: Vec<(String, Vec<String>)> = Vec::new();
    let mut proposals_by: Vec<(String, Vec<String>)> = Vec::new();
    for st in cx.s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = st.checked else { continue };
        for r in cx.checked[i].tasks.iter().filter(|r| !r.has_error) {
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
    (render(difficulties_by), render(proposals_by))
}

/// IV. The tasks due in the next period, and those overdue.
pub(super) fn next_period(cx: &Ctx) -> Vec<Block> {
    let (from, to) = next_window(cx.s);
    let mut out = vec![
        heading(1, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
        paragraph(format!(
            "Tập trung chỉ đạo hoàn thành các nhiệm vụ có thời hạn từ ngày {} đến ngày {} và các nhiệm vụ đã quá hạn:",
            date(from),
            date(to)
        )),
    ];
    for (t, ts) in cx.cat.tasks.iter().zip(&cx.s.tasks) {
        if ts.is_completed() {
            continue;
        }
        let in_window = t
            .deadline
            .milestones
            .iter()
            .any(|m| m.due >= from && m.due <= to);
        if in_window || ts.overdue {
            let tag = if ts.overdue { " (quá hạn)" } else { "" };
            out.push(Block::Bullet {
                text: format!(
                    "Nhiệm vụ {}: {} — {}{tag};",
                    t.code,
                    shorten(&t.full_title(), 140),
                    t.deadline.text
                ),
            });
        }
    }
    out
}

/// V. Proposals, and the closing sentence.
pub(super) fn proposals(cx: &Ctx, proposals: &[String]) -> Vec<Block> {
    let mut out = vec![heading(1, "V. ĐỀ XUẤT, KIẾN NGHỊ")];
    if proposals.is_empty() {
        out.push(paragraph(
            "Các cơ quan, đơn vị không có đề xuất, kiến nghị trong kỳ.".into(),
        ));
    } else {
        for p in proposals {
            out.push(Block::Bullet {
                text: format!("{p};"),
            });
        }
    }
    out.push(paragraph(format!(
        "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {} của {} (chi tiết tại Phụ lục I, Phụ lục II kèm theo)./.",
        cx.pw, cx.config.city.name
    )));
    out
}

/// What lateness was judged on, for the sentence that counts late reports: the day each
/// report arrived (the register of incoming documents), the date typed on it, or both.
fn basis_words(s: &Summary, department: &str) -> String {
    use crate::model::receipt::DateBasis;
    let received: Vec<&AgencyState> = s
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
