//! III. Assessment, IV. directions and V. proposals: an assessment that explains.
//!
//! Each shortcoming names its tasks; each cause printed is tied to a shortcoming — an
//! agency's stated difficulty on one of those very tasks, or the Sở's own notes — so
//! no cause stands alone that explains nothing listed. Directions come from the tasks
//! due in the next period and those overdue; requests to the Bộ from the tasks that wait
//! on a central body, the agencies' proposals to central bodies, and the Sở's notes.

use super::Ctx;
use super::narrative::{late_items, lower_first, pad};
use super::next_window;
use super::sections::{heading, paragraph, said};
use super::template::{Value, fill};
use crate::aggregate::{Submitted, TaskState, TaskSummary};
use crate::compose::words::{is_central, target_sentence};
use crate::doc::Block;
use crate::model::catalogue::Task;
use crate::model::outline::{Part, Section};

/// A shortcoming and the tasks it is about (none for a target or the reporting).
struct Shortcoming {
    text: String,
    tasks: Vec<usize>,
}

fn bullet(text: String) -> Block {
    Block::Bullet { text }
}

/// III: its items in the outline's order, each filled from data by its part, then the
/// Sở's notes. An item with nothing is left out (and said in the Tờ trình).
pub(super) fn assessment(
    cx: &Ctx,
    s: &Section,
    section_heading: &str,
    gaps: &mut Vec<String>,
) -> Vec<Block> {
    let shortcomings = shortcomings(cx);
    let mut out = said(cx, &s.text, &s.notes);
    let mut n = 0;
    for item in &s.items {
        let mut blocks: Vec<Block> = said(cx, &item.text, &[]);
        let mut told_gap = false;
        match item.part {
            Some(Part::Strengths) => blocks.extend(strengths(cx).into_iter().map(bullet)),
            Some(Part::Shortcomings) => {
                blocks.extend(shortcomings.iter().map(|x| bullet(format!("{};", x.text))))
            }
            Some(Part::Causes) => {
                let (causes, unexplained) = causes(cx, &shortcomings);
                blocks.extend(causes.into_iter().map(bullet));
                if !unexplained.is_empty() {
                    told_gap = true;
                    gaps.push(format!(
                        "nguyên nhân của việc chậm tiến độ: {}",
                        unexplained.join("; ")
                    ));
                }
            }
            None => {}
        }
        for key in &item.notes {
            blocks.extend(cx.notes.get(key).iter().map(|t| bullet(t.clone())));
        }
        if blocks.is_empty() {
            if !told_gap {
                gaps.push(format!("\"{}\" (mục {section_heading})", item.heading));
            }
            continue;
        }
        n += 1;
        out.push(heading(2, &format!("{n}. {}", item.heading)));
        out.extend(blocks);
    }
    out
}

fn strengths(cx: &Ctx) -> Vec<String> {
    let s = cx.s;
    let mut out = Vec::new();
    let on_time: Vec<String> = cx
        .cat
        .tasks
        .iter()
        .zip(&s.tasks)
        .filter(|(_, ts)| ts.state == (TaskState::Completed { on_time: true }))
        .map(|(t, _)| t.short_title(0))
        .collect();
    if !on_time.is_empty() {
        out.push(format!(
            "Hoàn thành đúng tiến độ {} nhiệm vụ của Kế hoạch: {};",
            pad(on_time.len()),
            on_time.join("; ")
        ));
    }
    for t in s.targets.iter().filter(|t| t.achieved == Some(true)) {
        out.push(format!("{};", target_sentence(t, s)));
    }
    let all_on_time = s.agencies.iter().all(|a| a.submitted == Submitted::OnTime);
    if all_on_time && !s.agencies.is_empty() {
        out.push(
            "Các cơ quan, đơn vị thực hiện nghiêm chế độ báo cáo định kỳ về cải cách hành chính;"
                .into(),
        );
    }
    out
}

fn shortcomings(cx: &Ctx) -> Vec<Shortcoming> {
    let s = cx.s;
    let mut out = Vec::new();
    let idx: Vec<usize> = (0..cx.cat.tasks.len()).collect();
    let late: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| {
            let ts = &s.tasks[i];
            ts.state == (TaskState::Completed { on_time: false })
                || ts.overdue
                || ts.start_missed.is_some()
                || ts.plan.as_ref().is_some_and(|p| p.late)
        })
        .collect();
    if !late.is_empty() {
        let pairs: Vec<(&Task, &TaskSummary)> = late
            .iter()
            .map(|&i| (&cx.cat.tasks[i], &s.tasks[i]))
            .collect();
        out.push(Shortcoming {
            text: format!(
                "Một số nhiệm vụ chậm so với thời hạn của Kế hoạch: {}",
                late_items(&pairs).join("; ")
            ),
            tasks: late,
        });
    }
    for t in s.targets.iter().filter(|t| t.achieved == Some(false)) {
        out.push(Shortcoming {
            text: target_sentence(t, s),
            tasks: Vec::new(),
        });
    }
    let late_reports = s
        .agencies
        .iter()
        .filter(|a| matches!(a.submitted, Submitted::Late | Submitted::Missing))
        .count();
    if late_reports > 0 {
        out.push(Shortcoming {
            text: "Việc thực hiện chế độ báo cáo định kỳ về cải cách hành chính của một số cơ quan, đơn vị chưa nghiêm, chưa đúng thời hạn".into(),
            tasks: Vec::new(),
        });
    }
    out
}

/// The causes: for each task of a shortcoming, the difficulties its leads stated (each
/// text once), then the Sở's notes (printed by the caller). Returns the causes and the
/// tasks of shortcomings left without one.
fn causes(cx: &Ctx, shortcomings: &[Shortcoming]) -> (Vec<String>, Vec<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut unexplained = Vec::new();
    for i in shortcomings.iter().flat_map(|x| &x.tasks) {
        let (t, ts) = (&cx.cat.tasks[*i], &cx.s.tasks[*i]);
        let said: Vec<String> = ts
            .lead_reports
            .iter()
            .filter_map(|l| l.report.as_ref())
            .filter(|r| !r.has_error)
            .map(|r| {
                r.difficulties
                    .trim()
                    .trim_end_matches(['.', ';', ' '])
                    .to_string()
            })
            .filter(|d| !d.is_empty())
            .collect();
        if said.is_empty() {
            unexplained.push(t.short_title(0));
            continue;
        }
        for d in said {
            let line = format!(
                "Đối với nhiệm vụ {}: {};",
                lower_first(&t.short_title(0)),
                lower_first(&d)
            );
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    let noted = !cx.notes.get("nguyen-nhan").is_empty();
    if noted {
        unexplained.clear();
    }
    (out, unexplained)
}

/// IV: the sentences, then the tasks due in the next period and those overdue.
pub(super) fn directions(cx: &Ctx, s: &Section) -> Vec<Block> {
    let (from, to) = next_window(cx.s);
    let mut bullets = Vec::new();
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
            bullets.push(bullet(format!(
                "{} (thời hạn: {}{tag});",
                t.short_title(0),
                t.deadline.text.trim()
            )));
        }
    }
    if bullets.is_empty() && cx.notes.get("phuong-huong").is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Block> = s
        .text
        .iter()
        .filter_map(|t| fill(t, &|n| cx.value(n)))
        .map(paragraph)
        .collect();
    if bullets.is_empty() {
        // The sentence announces a list; without one the notes say it all.
        out.clear();
    }
    out.extend(bullets);
    for key in &s.notes {
        out.extend(cx.notes.get(key).iter().map(|t| bullet(t.clone())));
    }
    out
}

/// V: requests for tasks waiting on central bodies, the agencies' proposals to central
/// bodies, the Sở's notes; the closing sentence is the report's.
pub(super) fn proposals(cx: &Ctx, s: &Section) -> Vec<Block> {
    let mut items: Vec<String> = Vec::new();
    for (t, ts) in cx.cat.tasks.iter().zip(&cx.s.tasks) {
        if ts.is_completed() {
            continue;
        }
        let Some(request) = &s.request else { break };
        let Some(awaited) = awaited(t, &s.waits_on) else {
            continue;
        };
        let task = lower_first(&t.short_title(0));
        let value = |n: &str| match n {
            "awaited" => Some(Value::text(awaited.clone())),
            "task" => Some(Value::text(task.clone())),
            _ => cx.value(n),
        };
        if let Some(text) = fill(request, &value) {
            items.push(format!("{};", text.trim_end_matches(['.', ';'])));
        }
    }
    for p in &cx.proposals {
        if is_central(p) {
            let line = format!("{p};");
            if !items.contains(&line) {
                items.push(line);
            }
        }
    }
    let mut out: Vec<Block> = said(cx, &s.text, &[]);
    if items.is_empty() && s.notes.iter().all(|k| cx.notes.get(k).is_empty()) {
        return Vec::new();
    }
    out.extend(items.into_iter().map(bullet));
    for key in &s.notes {
        out.extend(cx.notes.get(key).iter().map(|t| bullet(t.clone())));
    }
    out
}

/// "Nghị định mới thay thế Nghị định số 24/2014/NĐ-CP …": what a task waits on, from its
/// title (to the end of the clause) or its deadline (the words alone).
fn awaited(t: &Task, waits_on: &[String]) -> Option<String> {
    let words: Vec<String> = waits_on.iter().map(|w| w.to_lowercase()).collect();
    // Searched at each character of the text itself, so the index is the text's; only
    // as many characters as a word has are lowercased there (lowercasing the whole rest
    // at every character made the search quadratic in the title).
    let starts_with = |here: &str, w: &str| {
        let mut lower = here.chars().flat_map(char::to_lowercase);
        w.chars().all(|c| lower.next() == Some(c))
    };
    let find = |text: &str| -> Option<(usize, usize)> {
        text.char_indices().find_map(|(i, _)| {
            words
                .iter()
                .find(|w| starts_with(&text[i..], w))
                .map(|w| (i, w.chars().count()))
        })
    };
    let title = t.full_title();
    if let Some((i, _)) = find(&title) {
        let rest = &title[i..];
        let end = rest.find([';', '(']).unwrap_or(rest.len());
        return Some(rest[..end].trim().trim_end_matches(['.', ',']).to_string());
    }
    let deadline = &t.deadline.text;
    if let Some((i, chars)) = find(deadline) {
        return Some(deadline[i..].chars().take(chars).collect());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(title: &str, deadline: &str) -> Task {
        Task::with_titles("9", None, title, deadline)
    }

    #[test]
    fn what_a_task_waits_on_is_found_in_any_case() {
        let words = vec!["Sau khi Bộ Nội vụ".to_string()];
        // In the title: from the words to the first ";" or "(", as written.
        let t = task(
            "Triển khai Đề án SAU KHI BỘ NỘI VỤ ban hành hướng dẫn (dự kiến quý II)",
            "",
        );
        assert_eq!(
            awaited(&t, &words).as_deref(),
            Some("SAU KHI BỘ NỘI VỤ ban hành hướng dẫn")
        );
        // Else in the deadline: as many characters as the words have.
        let t = task("Triển khai Đề án", "Sau khi bộ Nội vụ hướng dẫn");
        assert_eq!(awaited(&t, &words).as_deref(), Some("Sau khi bộ Nội vụ"));
        assert_eq!(awaited(&task("Triển khai", "Quý II"), &words), None);
    }
}
