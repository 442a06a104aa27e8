//! The sections of the UBND's report to the Ministry: I. direction and management,
//! II. results per reform area, III. overall assessment (strengths, shortcomings and
//! their causes), IV. directions for the next period, V. proposals to central bodies.
//!
//! The report speaks as the People's Committee about the city's reform: it never
//! mentions files, cells, codes or how the Sở processed the submissions — that is the
//! Tờ trình's business ([`crate::compose::to_trinh`]).

use super::{Ctx, agency_name, next_window};
use crate::aggregate::{Submitted, TaskState, TaskSummary};
use crate::compose::vi::{date, sort_names};
use crate::compose::words::{
    counts_sentence, data_window_words, is_central, is_routine, item_word, late_plan_steps,
    next_period_words, routine_key, target_sentence, tasks_phrase,
};
use crate::doc::Block;
use crate::model::catalogue::Task;
use crate::text::format_count;

pub(super) fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

pub(super) fn paragraph(text: String) -> Block {
    Block::Paragraph { text }
}

/// The opening paragraph: what is reported, on which plan, over which days.
pub(super) fn opening(cx: &Ctx) -> Vec<Block> {
    let window = data_window_words(cx.s)
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    vec![paragraph(format!(
        "Thực hiện {}, {} báo cáo kết quả thực hiện công tác cải cách hành chính {}{window} như sau:",
        cx.config.plan_reference,
        cx.config.committee(),
        cx.pw
    ))]
}

/// I. Direction and management: the plan and its tasks, then the results of the
/// direction group (communication, inspection, the indexes) and the inspection figures.
pub(super) fn direction(cx: &Ctx) -> Vec<Block> {
    let (s, cat) = (cx.s, cx.cat);
    let mut out = vec![
        heading(1, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        paragraph(format!(
            "{} đã ban hành {} gồm {} thuộc {} lĩnh vực; giao nhiệm vụ cụ thể cho các sở, ban, ngành, Ủy ban nhân dân các quận, huyện; chỉ đạo các cơ quan, đơn vị xây dựng kế hoạch cải cách hành chính của cơ quan, đơn vị mình và báo cáo kết quả định kỳ.",
            cx.config.committee(),
            cx.config.plan_reference,
            tasks_phrase(&cat.tasks),
            cat.groups.len()
        )),
        paragraph(format!(
            "Trong {}, {} các nhiệm vụ của Kế hoạch: {}.",
            cx.pw,
            "kết quả thực hiện",
            counts_sentence(&s.all, item_word(&cat.tasks))
        )),
    ];
    if let Some((gid, _)) = s.groups.first() {
        out.extend(group_body(cx, gid, true));
    }
    out.extend(inspection_sentence(cx));
    out
}

/// "Các cơ quan, đơn vị đã thực hiện 22 cuộc kiểm tra tại 47/135 cơ quan, đơn vị trực
/// thuộc (34,8%, tính trên 12/35 cơ quan có số liệu)".
fn inspection_sentence(cx: &Ctx) -> Option<Block> {
    let t = cx.s.targets.iter().find(|t| t.code == "inspection_rate")?;
    let inspections = cx.s.totals.get("cchc_inspections").copied();
    let v = t.value?;
    let count = inspections
        .map(|n| format!("{} cuộc kiểm tra cải cách hành chính tại ", format_count(n)))
        .unwrap_or_default();
    Some(paragraph(format!(
        "Công tác kiểm tra cải cách hành chính: các cơ quan, đơn vị đã thực hiện {count}{}/{} cơ quan, đơn vị trực thuộc ({}, tính trên {}/{} cơ quan, đơn vị có số liệu).",
        format_count(t.numerator),
        format_count(t.denominator),
        crate::compose::vi::format_percent(v),
        t.agencies,
        cx.s.agencies.len()
    )))
}

/// II. Results per reform area (every group but the direction group of section I),
/// then the key figures.
pub(super) fn results(cx: &Ctx) -> Vec<Block> {
    let mut out = vec![heading(
        1,
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
    )];
    for (i, (gid, _)) in cx.s.groups.iter().skip(1).enumerate() {
        let Some(g) = cx.cat.group(gid) else { continue };
        out.push(heading(2, &format!("{}. {}", i + 1, area_name(&g.title))));
        out.extend(group_body(cx, gid, false));
    }
    out.extend(figures_paragraphs(cx));
    out
}

/// "Về cải cách tài chính công" → "Cải cách tài chính công".
fn area_name(title: &str) -> String {
    let t = title.trim();
    let t = t.strip_prefix("Về ").unwrap_or(t);
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The counts of a group, its tasks one line each, and one collective line for the
/// partners that only cooperated.
fn group_body(cx: &Ctx, gid: &str, in_direction: bool) -> Vec<Block> {
    let tasks: Vec<(&Task, &TaskSummary)> = cx
        .cat
        .tasks
        .iter()
        .zip(&cx.s.tasks)
        .filter(|(t, _)| t.group == gid)
        .collect();
    let counts =
        cx.s.groups
            .iter()
            .find(|(g, _)| g == gid)
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
    let unit = item_word(tasks.iter().map(|(t, _)| *t));
    let mut out = Vec::new();
    if !in_direction {
        out.push(paragraph(format!(
            "Lĩnh vực này có {}; {}.",
            tasks_phrase(tasks.iter().map(|(t, _)| *t)),
            counts_sentence(&counts, unit)
        )));
    }
    let mut routine_partners: Vec<String> = Vec::new();
    for (t, ts) in &tasks {
        out.push(Block::Bullet {
            text: task_line(cx, t, ts, &mut routine_partners),
        });
    }
    if !routine_partners.is_empty() {
        sort_names(&mut routine_partners);
        routine_partners.dedup();
        let who = if routine_partners.len() <= NAMED_PARTNERS {
            format!("Các cơ quan phối hợp ({})", routine_partners.join(", "))
        } else {
            format!("{} cơ quan, đơn vị phối hợp", routine_partners.len())
        };
        out.push(paragraph(format!(
            "{who} đã tham gia thực hiện các nhiệm vụ trên theo đề nghị của cơ quan chủ trì."
        )));
    }
    out
}

/// Partners that only cooperated are named up to this many; more are counted.
const NAMED_PARTNERS: usize = 5;

/// One task: its short title, its state, a late plan step, the leads not yet done, the
/// leads' own words, and substantive partner lines (routine ones go to `routine`).
fn task_line(cx: &Ctx, t: &Task, ts: &TaskSummary, routine: &mut Vec<String>) -> String {
    let title = t.short_title(110);
    let sep = if title.contains(':') { " —" } else { ":" };
    let mut line = format!("{title}{sep} {}", state_words(ts));
    if let Some(p) = ts.plan.as_ref().filter(|p| p.late) {
        line.push_str(&format!(
            "; ban hành Kế hoạch chậm so với thời hạn ({}){}",
            p.due_text,
            p.issued
                .map(|d| format!(", ban hành ngày {}", date(d)))
                .unwrap_or_default()
        ));
    }
    if ts.leads > 1 && !ts.is_completed() {
        let not_done = ts.not_done();
        line.push_str(&format!(
            "; {}/{} cơ quan chủ trì đã hoàn thành",
            ts.leads - not_done.len(),
            ts.leads
        ));
    }
    line.push('.');
    let quotes: Vec<String> = ts
        .lead_reports
        .iter()
        .filter_map(|l| {
            let r = l.report.as_ref()?;
            if r.result.trim().is_empty() || restates_status(&r.result) {
                return None;
            }
            let ev = if r.evidence.is_empty() || r.evidence_disputed {
                String::new()
            } else {
                format!(" ({})", r.evidence)
            };
            let said = crate::text::first_sentences(r.result.trim(), 300)
                .trim_end_matches(['.', ' ', ';'])
                .to_string();
            Some(if ts.leads > 1 {
                format!("{}: {said}{ev}", agency_name(cx.registry, &l.agency))
            } else {
                format!("{said}{ev}")
            })
        })
        .take(2)
        .collect();
    if !quotes.is_empty() {
        line.push_str(&format!(" Kết quả: {}.", quotes.join("; ")));
    }
    let mut substantive = Vec::new();
    for (code, r) in &ts.partner_reports {
        let repeated = cx.repeated(&routine_key(&r.result));
        if is_routine(&r.result, repeated) {
            routine.push(agency_name(cx.registry, code));
        } else {
            substantive.push(format!(
                "{}: {}",
                agency_name(cx.registry, code),
                crate::text::first_sentences(r.result.trim(), 200)
                    .trim_end_matches(['.', ' ', ';'])
            ));
        }
    }
    if !substantive.is_empty() {
        substantive.truncate(2);
        line.push_str(&format!(" Cơ quan phối hợp — {}.", substantive.join("; ")));
    }
    line
}

/// "Đang triển khai thực hiện theo kế hoạch": a result that only repeats the state.
fn restates_status(result: &str) -> bool {
    let key = routine_key(result);
    let words = key.split_whitespace().count();
    words <= 8
        && [
            "dang trien khai",
            "dang thuc hien",
            "da hoan thanh",
            "chua trien khai",
        ]
        .iter()
        .any(|p| key.starts_with(p))
}

fn state_words(ts: &TaskSummary) -> String {
    let mut out = match ts.state {
        TaskState::Completed { on_time: true } => "đã hoàn thành đúng tiến độ".to_string(),
        TaskState::Completed { on_time: false } => {
            "đã hoàn thành, chậm so với thời hạn".to_string()
        }
        // The plan step done, the task running on: "đã ban hành Kế hoạch (ngày …), đang
        // triển khai".
        TaskState::InProgress => match ts.plan.as_ref().and_then(|p| p.issued) {
            // One lead: its plan is the task's (with several, one plan says little).
            Some(d) if ts.leads == 1 && !ts.plan.as_ref().is_some_and(|p| p.late) => {
                format!("đã ban hành Kế hoạch (ngày {}), đang triển khai", date(d))
            }
            _ => "đang triển khai".to_string(),
        },
        TaskState::NotStarted => match &ts.start_missed {
            Some(when) => format!("chưa triển khai theo thời hạn ({when})"),
            None if ts.overdue => "chưa triển khai".to_string(),
            None => "chưa đến thời điểm triển khai".to_string(),
        },
        TaskState::NotReported => "chưa có kết quả báo cáo".to_string(),
    };
    if let Some(d) = ts.completed_on.filter(|_| ts.is_completed()) {
        out.push_str(&format!(" (ngày {})", date(d)));
    }
    if ts.overdue {
        out.push_str(", đã quá thời hạn");
    }
    out
}

/// The key figures, each total with the number of agencies it covers.
fn figures_paragraphs(cx: &Ctx) -> Vec<Block> {
    let s = cx.s;
    let get = |k: &str| s.totals.get(k).copied();
    let (Some(received), Some(resolved)) = (get("tthc_received"), get("tthc_resolved")) else {
        return Vec::new();
    };
    let mut text = format!(
        "Kết quả giải quyết thủ tục hành chính (tổng hợp từ báo cáo của {}/{} cơ quan, đơn vị có số liệu{}): tổng số hồ sơ tiếp nhận {} hồ sơ",
        s.figures.len(),
        s.agencies.len(),
        if s.cumulative {
            ", số liệu lũy kế"
        } else {
            ""
        },
        format_count(received)
    );
    if let Some(o) = get("tthc_online") {
        text.push_str(&format!(" (trực tuyến {})", format_count(o)));
    }
    text.push_str(&format!("; đã giải quyết {} hồ sơ", format_count(resolved)));
    if let Some(t) = get("tthc_on_time") {
        text.push_str(&format!(", trong đó đúng hạn {}", format_count(t)));
    }
    if let Some(l) = get("tthc_late").filter(|l| *l > 0) {
        text.push_str(&format!(", quá hạn {}", format_count(l)));
    }
    if let Some(p) = get("tthc_pending") {
        text.push_str(&format!("; đang giải quyết {} hồ sơ", format_count(p)));
    }
    text.push('.');
    vec![
        heading(2, &format!("{}. Một số kết quả chủ yếu", s.groups.len())),
        paragraph(text),
    ]
}

/// III. Overall assessment: strengths; shortcomings; their causes.
pub(super) fn assessment(cx: &Ctx, difficulties: &[String]) -> Vec<Block> {
    let s = cx.s;
    let mut out = vec![heading(1, "III. ĐÁNH GIÁ CHUNG"), heading(2, "1. Ưu điểm")];
    let unit = item_word(&cx.cat.tasks);
    if s.all.completed_on_time > 0 {
        out.push(Block::Bullet {
            text: format!(
                "{} {unit} của Kế hoạch đã hoàn thành đúng tiến độ;",
                s.all.completed_on_time
            ),
        });
    }
    for t in s.targets.iter().filter(|t| t.achieved == Some(true)) {
        out.push(Block::Bullet {
            text: format!("{};", target_sentence(t, s)),
        });
    }
    let all_on_time = s.agencies.iter().all(|a| a.submitted == Submitted::OnTime);
    if all_on_time && !s.agencies.is_empty() {
        out.push(Block::Bullet {
            text: format!(
                "Tất cả {n}/{n} cơ quan, đơn vị đã báo cáo kết quả đúng thời hạn;",
                n = s.agencies.len()
            ),
        });
    }
    if out.len() == 2 {
        out.push(paragraph(
            "Các nhiệm vụ của Kế hoạch đang được các cơ quan, đơn vị triển khai theo tiến độ."
                .into(),
        ));
    }
    out.push(heading(2, "2. Tồn tại, hạn chế"));
    let before = out.len();
    out.extend(shortcomings(cx));
    if out.len() == before {
        out.push(paragraph(
            "Trong kỳ chưa phát sinh tồn tại, hạn chế đáng kể.".into(),
        ));
    }
    out.push(heading(2, "3. Nguyên nhân"));
    if difficulties.is_empty() {
        out.push(paragraph(
            "Các cơ quan, đơn vị chưa nêu khó khăn, vướng mắc trong kỳ.".into(),
        ));
    } else {
        for d in difficulties {
            out.push(Block::Bullet {
                text: format!("{d};"),
            });
        }
    }
    out
}

fn shortcomings(cx: &Ctx) -> Vec<Block> {
    let s = cx.s;
    let unit = item_word(&cx.cat.tasks);
    let mut out = Vec::new();
    let named = |pred: &dyn Fn(&TaskSummary) -> bool| -> Vec<String> {
        cx.cat
            .tasks
            .iter()
            .zip(&s.tasks)
            .filter(|(_, ts)| pred(ts))
            .map(|(t, _)| {
                format!(
                    "{} (thời hạn: {})",
                    t.short_title(90),
                    t.deadline.text.trim()
                )
            })
            .collect()
    };
    let late = named(&|ts| ts.state == TaskState::Completed { on_time: false });
    if !late.is_empty() {
        out.push(Block::Bullet {
            text: format!(
                "{} {unit} hoàn thành chậm so với thời hạn của Kế hoạch: {};",
                late.len(),
                late.join("; ")
            ),
        });
    }
    let overdue = named(&|ts| ts.overdue);
    if !overdue.is_empty() {
        out.push(Block::Bullet {
            text: format!(
                "{} {unit} đã quá thời hạn nhưng chưa hoàn thành: {};",
                overdue.len(),
                overdue.join("; ")
            ),
        });
    }
    for (t, ts) in cx.cat.tasks.iter().zip(&s.tasks) {
        if let Some(when) = &ts.start_missed {
            out.push(Block::Bullet {
                text: format!(
                    "{}: chưa triển khai theo thời hạn ({when});",
                    t.short_title(90)
                ),
            });
        }
    }
    for (t, ts) in late_plan_steps(cx.cat, s) {
        if let Some(p) = &ts.plan {
            out.push(Block::Bullet {
                text: format!(
                    "{}: ban hành Kế hoạch chậm so với thời hạn ({});",
                    t.short_title(90),
                    p.due_text
                ),
            });
        }
    }
    for t in s.targets.iter().filter(|t| t.achieved == Some(false)) {
        out.push(Block::Bullet {
            text: format!("{};", target_sentence(t, s)),
        });
    }
    let reported = s
        .agencies
        .iter()
        .filter(|a| a.submitted != Submitted::Missing)
        .count();
    let late = s
        .agencies
        .iter()
        .filter(|a| a.submitted == Submitted::Late)
        .count();
    if reported < s.agencies.len() || late > 0 {
        let mut text = format!(
            "Việc thực hiện chế độ báo cáo định kỳ của một số cơ quan, đơn vị chưa nghiêm: {}/{} cơ quan, đơn vị đã gửi báo cáo",
            reported,
            s.agencies.len()
        );
        if late > 0 {
            text.push_str(&format!(", trong đó {late} cơ quan gửi muộn"));
        }
        text.push(';');
        out.push(Block::Bullet { text });
    }
    out
}

/// Difficulties and proposals of usable reports, each text once.
pub fn difficulties_and_proposals(
    s: &crate::aggregate::Summary,
    checked: &[crate::check::Checked],
) -> (Vec<String>, Vec<String>) {
    let mut difficulties: Vec<String> = Vec::new();
    let mut proposals: Vec<String> = Vec::new();
    for st in s.agencies.iter().filter(|a| a.usable) {
        let Some(i) = st.checked else { continue };
        for r in checked[i].tasks.iter().filter(|r| !r.has_error) {
            for (text, list) in [
                (&r.difficulties, &mut difficulties),
                (&r.proposals, &mut proposals),
            ] {
                let t = text.trim().trim_end_matches(['.', ';', ' ']).to_string();
                if !t.is_empty() && !list.contains(&t) {
                    list.push(t);
                }
            }
        }
    }
    (difficulties, proposals)
}

/// IV. Directions for the next period: the tasks due in it and those overdue.
pub(super) fn next_period(cx: &Ctx) -> Vec<Block> {
    let (from, to) = next_window(cx.s);
    let mut out = vec![
        heading(
            1,
            &format!(
                "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {}",
                next_period_words(cx.s).to_uppercase()
            ),
        ),
        paragraph(format!(
            "Tiếp tục chỉ đạo các cơ quan, đơn vị triển khai đồng bộ các nhiệm vụ của Kế hoạch; tập trung hoàn thành các nhiệm vụ có thời hạn từ ngày {} đến ngày {} và các nhiệm vụ đã quá thời hạn:",
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
            let tag = if ts.overdue {
                "; đã quá thời hạn"
            } else {
                ""
            };
            out.push(Block::Bullet {
                text: format!(
                    "{} (thời hạn: {}{tag});",
                    t.short_title(120),
                    t.deadline.text.trim()
                ),
            });
        }
    }
    out
}

/// V. Proposals to central bodies only, and the closing sentence.
pub(super) fn proposals(cx: &Ctx, proposals: &[String]) -> Vec<Block> {
    let mut out = vec![heading(1, "V. ĐỀ XUẤT, KIẾN NGHỊ")];
    let central: Vec<&String> = proposals.iter().filter(|p| is_central(p)).collect();
    if central.is_empty() {
        out.push(paragraph(format!(
            "Trong kỳ, {} không có đề xuất, kiến nghị với các bộ, ngành Trung ương.",
            cx.config.committee()
        )));
    } else {
        for p in central {
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
