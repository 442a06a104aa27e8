//! The report's body in the outline's order ([`crate::model::outline`]): which tasks
//! each item tells (the catalogue's groups matched by their role, wherever they sit in
//! the annex), and each section's words.
//!
//! The report speaks as the People's Committee about the locality's reform: it never
//! mentions files, cells, codes, reports not received or how the Sở processed them —
//! that is the Tờ trình's business ([`crate::compose::to_trinh`]), which also lists
//! what this body had to leave out for want of data or notes.

use super::Ctx;
use super::assessment;
use super::narrative;
use super::template::fill;
use crate::aggregate::TaskSummary;
use crate::doc::Block;
use crate::model::catalogue::Task;
use crate::model::outline::{Item, Section, SectionKind};
use crate::text::fold;

pub(super) fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

pub(super) fn paragraph(text: String) -> Block {
    Block::Paragraph { text }
}

/// Which tasks each item of each section tells, by index into the catalogue.
pub(super) struct Placement {
    /// `[section][item]` → task indices, catalogue order.
    items: Vec<Vec<Vec<usize>>>,
    /// Groups no item names: (group id, its tasks), told after the results' items.
    extra: Vec<(String, Vec<usize>)>,
}

/// Where `word` stands in `title` as whole words (both folded), if it does.
fn position(title: &str, word: &str) -> Option<usize> {
    let w = fold(word);
    let padded = format!(" {} ", title_words(title));
    padded.find(&format!(" {} ", title_words(&w)))
}

/// Folded words of a title, punctuation as spaces.
fn title_words(s: &str) -> String {
    crate::text::header_key(s)
}

/// Places the catalogue's tasks in the outline's items.
pub(super) fn place(cx: &Ctx) -> Placement {
    let sections = &cx.outline.sections;
    let mut items: Vec<Vec<Vec<usize>>> = sections
        .iter()
        .map(|s| vec![Vec::new(); s.items.len()])
        .collect();
    let mut extra: Vec<(String, Vec<usize>)> = Vec::new();
    let tells_tasks = |s: &Section| matches!(s.kind, SectionKind::Direction | SectionKind::Results);
    for g in &cx.cat.groups {
        // The section whose words stand earliest in the group's title.
        let mut best: Option<(usize, usize)> = None;
        for (si, s) in sections.iter().enumerate().filter(|(_, s)| tells_tasks(s)) {
            let words = s
                .items
                .iter()
                .flat_map(|i| i.group_words(s))
                .chain(&s.groups);
            if let Some(p) = words.filter_map(|w| position(&g.title, w)).min()
                && best.is_none_or(|(bp, _)| p < bp)
            {
                best = Some((p, si));
            }
        }
        let tasks: Vec<usize> = (0..cx.cat.tasks.len())
            .filter(|&i| cx.cat.tasks[i].group == g.id)
            .collect();
        let Some((_, si)) = best else {
            extra.push((g.id.clone(), tasks));
            continue;
        };
        let s = &sections[si];
        let names_group = |i: &Item| {
            i.group_words(s)
                .iter()
                .any(|w| position(&g.title, w).is_some())
        };
        for ti in tasks {
            let title = cx.cat.tasks[ti].full_title();
            let by_topic = s.items.iter().position(|i| {
                names_group(i) && i.topics.iter().any(|w| position(&title, w).is_some())
            });
            let rest = s
                .items
                .iter()
                .position(|i| names_group(i) && i.rest)
                .or_else(|| {
                    s.items
                        .iter()
                        .position(|i| names_group(i) && i.topics.is_empty())
                });
            let any = s.items.iter().position(names_group);
            if let Some(ii) = by_topic.or(rest).or(any) {
                items[si][ii].push(ti);
            } else {
                extra.push((g.id.clone(), vec![ti]));
            }
        }
    }
    Placement { items, extra }
}

/// The body: the outline's sections, numbered as they are kept; the gaps (items with
/// nothing to say) pushed to `gaps` for the Tờ trình.
pub(super) fn body(cx: &Ctx, placement: &Placement, gaps: &mut Vec<String>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut number = 0;
    for (si, s) in cx.outline.sections.iter().enumerate() {
        let numeral = crate::text::int_to_roman(number + 1);
        let heading_text = fill(&s.heading, &|n| cx.value(n)).unwrap_or_else(|| s.heading.clone());
        let blocks = match s.kind {
            SectionKind::Direction | SectionKind::Results => tasks_section(
                cx,
                s,
                &placement.items[si],
                &placement.extra,
                &heading_text,
                gaps,
            ),
            SectionKind::Assessment => assessment::assessment(cx, s, &heading_text, gaps),
            SectionKind::Directions => assessment::directions(cx, s),
            SectionKind::Proposals => assessment::proposals(cx, s),
        };
        if blocks.is_empty() {
            gaps.push(format!("mục \"{heading_text}\""));
            continue;
        }
        number += 1;
        out.push(heading(
            1,
            &format!("{numeral}. {}", heading_text.to_uppercase()),
        ));
        out.extend(blocks);
    }
    out
}

/// The section's own sentences and notes, as paragraphs.
pub(super) fn said(cx: &Ctx, text: &[String], notes: &[String]) -> Vec<Block> {
    let mut out: Vec<Block> = text
        .iter()
        .filter_map(|t| fill(t, &|n| cx.value(n)))
        .map(paragraph)
        .collect();
    for key in notes {
        out.extend(cx.notes.get(key).iter().cloned().map(paragraph));
    }
    out
}

/// I or II: per item, its sentences, its tasks as prose, the Sở's notes. The results
/// section also tells the groups no item names, under their own titles.
fn tasks_section(
    cx: &Ctx,
    s: &Section,
    items: &[Vec<usize>],
    extra: &[(String, Vec<usize>)],
    section_heading: &str,
    gaps: &mut Vec<String>,
) -> Vec<Block> {
    let mut out = said(cx, &s.text, &s.notes);
    let mut n = 0;
    let tasks_of = |idx: &[usize]| -> Vec<(&Task, &TaskSummary)> {
        idx.iter()
            .map(|&i| (&cx.cat.tasks[i], &cx.s.tasks[i]))
            .collect()
    };
    let mut parts: Vec<(String, Vec<Block>)> = Vec::new();
    for (item, idx) in s.items.iter().zip(items) {
        let mut blocks = said(cx, &item.text, &[]);
        blocks.extend(narrative::area(cx, &tasks_of(idx)));
        blocks.extend(said(cx, &[], &item.notes));
        parts.push((item.heading.clone(), blocks));
    }
    if s.kind == SectionKind::Results {
        for (gid, idx) in extra {
            let title = cx
                .cat
                .group(gid)
                .map(|g| area_name(&g.title))
                .unwrap_or_else(|| gid.clone());
            parts.push((title, narrative::area(cx, &tasks_of(idx))));
        }
    }
    for (title, blocks) in parts {
        if blocks.is_empty() {
            gaps.push(format!("\"{title}\" (mục {section_heading})"));
            continue;
        }
        n += 1;
        out.push(heading(2, &format!("{n}. {title}")));
        out.extend(blocks);
    }
    out
}

/// "Về cải cách tài chính công" → "Cải cách tài chính công".
pub(super) fn area_name(title: &str) -> String {
    let t = title.trim();
    let t = t.strip_prefix("Về ").unwrap_or(t);
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_words_match_whole_words_loosely() {
        assert_eq!(
            position("Về hiện đại hoá nền hành chính", "hiện đại hóa"),
            Some(3)
        );
        assert!(position("Cải cách thể chế", "thể chế").is_some());
        assert!(position("Cải cách tài chính công", "chính quyền").is_none());
        assert!(position("Chỉ đạo điều hành", "đạo điều").is_some());
        assert!(position("Chỉ đạo điều hành", "điều hàn").is_none());
    }
}
