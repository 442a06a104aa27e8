//! The catalogue sheet read row by row, the way a person reads the annex: group
//! headings, parents of a)/b) series, sub-items, subgroups, continuation rows and
//! ordinary tasks. [`SheetReader`] holds what the reader remembers between rows.

use super::header::{Column, Header, title_year};
use super::rows::{RowCells, group_heading, is_numbering_row, row_cells, row_sub_item, stt_number};
use super::tasks::{finish_tasks, number_gap};
use crate::model::catalogue::{Catalogue, Group};
use crate::model::finding::{Code, Diagnostic, a1};
use crate::model::registry::Registry;
use crate::read::sheet::Grid;
use crate::text::{item_letter_index, roman_to_int, starts_lowercase};

/// The parent of a series of sub-items (a numbered row, or a subgroup heading).
struct Parent {
    number: Option<u32>,
    title: Option<String>,
    last_letter: Option<usize>,
    /// The series' parent is a subgroup heading whose scope ends with the series.
    scoped_subgroup: bool,
    /// Details written on the parent row, inherited by sub-items that leave them empty.
    defaults: Option<Defaults>,
    /// The number stood on the parent row.
    numbered: bool,
}

impl Parent {
    fn empty(number: Option<u32>) -> Parent {
        Parent {
            number,
            title: None,
            last_letter: None,
            scoped_subgroup: false,
            defaults: None,
            numbered: false,
        }
    }
}

struct Defaults {
    lead: String,
    partner: String,
    product: String,
    deadline: String,
}

/// Raw task fields before agency resolution and deadline parsing.
pub(super) struct RawTask {
    pub(super) parent_numbered: bool,
    pub(super) number: u32,
    pub(super) letter: Option<char>,
    pub(super) group: String,
    pub(super) subgroup: Option<String>,
    pub(super) parent: Option<String>,
    pub(super) title: String,
    pub(super) lead: String,
    pub(super) partner: String,
    pub(super) product: String,
    pub(super) deadline: String,
    pub(super) row: u32,
    /// Column of the cell that names the task (STT, or content), for diagnostics.
    pub(super) cell_col: u32,
}

/// What the reader remembers between rows.
struct SheetReader<'a> {
    grid: &'a Grid,
    header: &'a Header,
    sheet: String,
    content_col: u32,
    stt_col: Option<u32>,
    diags: Vec<Diagnostic>,
    groups: Vec<Group>,
    raws: Vec<RawTask>,
    group: String,
    subgroup: Option<String>,
    parent: Option<Parent>,
    last_number: u32,
}

pub(super) fn read_sheet(
    grid: &Grid,
    header: &Header,
    registry: &Registry,
    year: Option<i32>,
) -> Catalogue {
    let mut r = SheetReader {
        grid,
        header,
        sheet: grid.name.clone(),
        content_col: header.col(Column::Content).unwrap_or(0),
        stt_col: header.col(Column::Stt),
        diags: Vec::new(),
        groups: Vec::new(),
        raws: Vec::new(),
        group: String::new(),
        subgroup: None,
        parent: None,
        last_number: 0,
    };
    let year = year.or_else(|| title_year(grid, header.row));
    r.header_findings(year);
    let rows: Vec<u32> = (header.row + 1..grid.end_row())
        .filter(|&row| !grid.row_is_blank(row))
        .collect();
    for (pos, &row) in rows.iter().enumerate() {
        if is_numbering_row(grid, row) {
            continue;
        }
        let next_is_sub_item = rows
            .get(pos + 1)
            .is_some_and(|&next| row_sub_item(&row_cells(grid, header, next)).is_some());
        r.row(row, next_is_sub_item);
    }
    let SheetReader {
        sheet,
        content_col,
        mut diags,
        groups,
        raws,
        ..
    } = r;
    let tasks = finish_tasks(raws, header, grid, &sheet, registry, year, &mut diags);
    if tasks.is_empty() {
        diags.push(
            Diagnostic::error(
                Code::CatalogueEmpty,
                "Không đọc được nhiệm vụ nào dưới dòng tiêu đề của danh mục",
            )
            .at(&sheet, a1(header.row, content_col)),
        );
    }
    Catalogue {
        year,
        groups,
        tasks,
        diagnostics: diags,
        source: String::new(),
        sheet,
    }
}

impl SheetReader<'_> {
    /// The year, the STT column and columns that are not part of the annex layout.
    fn header_findings(&mut self, year: Option<i32>) {
        let sheet = self.sheet.clone();
        if year.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    Code::CatalogueYearMissing,
                    "Không xác định được năm của kế hoạch từ tiêu đề danh mục (\"… năm 2019\"); các thời hạn ghi tháng/quý không kèm năm sẽ không đọc được",
                )
                .in_sheet(&sheet)
                .with_hint("Dùng tùy chọn --year"),
            );
        }
        if self.stt_col.is_none() {
            self.diags.push(
                Diagnostic::warning(
                    Code::CatalogueNoNumberColumn,
                    "Danh mục không có cột Stt: nhiệm vụ được đánh số theo thứ tự dòng",
                )
                .at(&sheet, a1(self.header.row, 0)),
            );
        }
        let row = self.header.row;
        for (col, t) in &self.header.extra {
            self.diags.push(
                Diagnostic::info(
                    Code::CatalogueExtraColumn,
                    format!("Cột \"{t}\" không thuộc mẫu danh mục: giữ lại cùng mỗi nhiệm vụ, không bắt buộc"),
                )
                .at(&sheet, a1(row, *col)),
            );
        }
    }

    /// One data row.
    fn row(&mut self, row: u32, next_is_sub_item: bool) {
        let cells = row_cells(self.grid, self.header, row);
        let heading = heading_of(&cells);
        if let Some((col, text)) = &heading
            && self.group_row(row, *col, text)
        {
            return;
        }
        let number = stt_number(cells.stt_value.as_ref(), &cells.stt);
        if cells.content.is_empty() && !cells.has_details() {
            self.diags.push(
                Diagnostic::warning(
                    Code::CatalogueRowUnrecognised,
                    format!(
                        "Dòng {} chỉ có số thứ tự \"{}\", không có nội dung: bỏ qua",
                        row + 1,
                        cells.stt
                    ),
                )
                .at(&self.sheet, a1(row, self.stt_col.unwrap_or(0))),
            );
            return;
        }
        let continues_previous = number.is_none()
            && row_sub_item(&cells).is_none()
            && !self.raws.is_empty()
            && (cells.content.is_empty() || starts_lowercase(&cells.content))
            && heading.as_ref().is_none_or(|_| !cells.bold);
        if continues_previous {
            self.continuation(&cells);
            return;
        }
        if let Some((letter, rest)) = row_sub_item(&cells) {
            self.sub_item(row, cells, number, letter, rest);
            return;
        }
        // Not a sub-item: a series in progress ends here.
        if let Some(p) = self.parent.take()
            && p.scoped_subgroup
        {
            self.subgroup = None;
        }
        if next_is_sub_item && (number.is_some() || !cells.has_details()) {
            self.parent_row(row, cells, number);
        } else if !cells.has_details() && number.is_none() {
            // An un-numbered heading inside a group.
            self.subgroup = Some(cells.content);
        } else {
            self.ordinary(row, cells, number);
        }
    }

    /// A group heading "II. …": opens the group. False when the heading is not one.
    fn group_row(&mut self, row: u32, col: u32, text: &str) -> bool {
        let Some((id, title)) = group_heading(text) else {
            return false;
        };
        if self.groups.iter().any(|g| g.id == id) {
            self.diags.push(
                Diagnostic::warning(
                    Code::CatalogueGroupDuplicate,
                    format!("Nhóm nhiệm vụ {id} xuất hiện lần thứ hai"),
                )
                .at(&self.sheet, a1(row, col)),
            );
        } else {
            self.groups.push(Group {
                id: id.clone(),
                title,
                heading: text.to_string(),
            });
        }
        self.group = id;
        self.subgroup = None;
        self.parent = None;
        true
    }

    /// The rest of the task above, split over two rows (a page break in Word, or a line
    /// wrapped into its own row). Cells merged down from the row above are not new text.
    fn continuation(&mut self, cells: &RowCells) {
        let last = self.raws.last_mut().expect("checked non-empty");
        for (col, field, extra) in [
            (Column::Content, &mut last.title, &cells.content),
            (Column::Lead, &mut last.lead, &cells.lead),
            (Column::Partner, &mut last.partner, &cells.partner),
            (Column::Product, &mut last.product, &cells.product),
            (Column::Deadline, &mut last.deadline, &cells.deadline),
        ] {
            if !extra.is_empty() && !cells.merged.contains(&col) {
                if !field.is_empty() {
                    field.push(' ');
                }
                field.push_str(extra);
            }
        }
    }

    /// A sub-item "a) …" of the current parent (or of a number on this row).
    fn sub_item(
        &mut self,
        row: u32,
        cells: RowCells,
        number: Option<(u32, Option<char>)>,
        letter: char,
        rest: String,
    ) {
        let (row_number, _) = number.unzip();
        let n = self.series_number(row, row_number, letter);
        let (sheet, content_col, stt_col) = (self.sheet.clone(), self.content_col, self.stt_col);
        let last_number = self.last_number;
        let p = self.parent.as_mut().expect("series_number sets the parent");
        let idx = item_letter_index(letter).unwrap_or(0);
        let expected = p.last_letter.map_or(0, |l| l + 1);
        if idx != expected {
            self.diags.push(
                Diagnostic::warning(
                    Code::CatalogueLetterOrder,
                    format!(
                        "Mục {n}{letter}) không đúng thứ tự chữ cái (cần mục {n}{})",
                        crate::text::VIETNAMESE_ITEM_LETTERS[expected.min(23)]
                    ),
                )
                .at(&sheet, a1(row, content_col)),
            );
        }
        p.last_letter = Some(idx);
        if n != last_number && n != last_number + 1 && p.last_letter == Some(0) {
            number_gap(&mut self.diags, &sheet, row, stt_col, last_number, n);
        }
        self.last_number = n;
        // Cells left empty take the parent row's (a lead merged or written once for the
        // whole series).
        let inherit = |own: String, pick: fn(&Defaults) -> &String| {
            if own.is_empty() {
                p.defaults
                    .as_ref()
                    .map(|d| pick(d).clone())
                    .unwrap_or_default()
            } else {
                own
            }
        };
        let raw = RawTask {
            parent_numbered: p.numbered,
            number: n,
            letter: Some(letter),
            group: self.group.clone(),
            subgroup: self.subgroup.clone(),
            parent: p.title.clone(),
            title: rest,
            lead: inherit(cells.lead, |d| &d.lead),
            partner: inherit(cells.partner, |d| &d.partner),
            product: inherit(cells.product, |d| &d.product),
            deadline: inherit(cells.deadline, |d| &d.deadline),
            row,
            cell_col: if row_number.is_some() {
                stt_col.unwrap_or(content_col)
            } else {
                content_col
            },
        };
        self.raws.push(raw);
    }

    /// The number of the series a sub-item belongs to: the parent's, the row's own (a
    /// new series "7 | a) …"), or the next in sequence (with a warning).
    fn series_number(&mut self, row: u32, row_number: Option<u32>, letter: char) -> u32 {
        let p = self.parent.get_or_insert(Parent::empty(None));
        if let Some(n) = row_number
            && p.number != Some(n)
        {
            if p.number.is_some() {
                // A new numbered series without a parent row ("7 | a) …").
                *p = Parent::empty(Some(n));
            } else {
                p.number = Some(n);
            }
        }
        if let Some(n) = p.number {
            return n;
        }
        let n = self.last_number + 1;
        p.number = Some(n);
        self.diags.push(
            Diagnostic::warning(
                Code::CatalogueNumberInferred,
                format!(
                    "Mục \"{letter})\" không có số thứ tự: được đánh số {n}{letter} theo thứ tự"
                ),
            )
            .at(&self.sheet, a1(row, self.content_col)),
        );
        n
    }

    /// The parent heading of the sub-items that follow (3, 15, 26, "Kiểm tra…").
    fn parent_row(&mut self, row: u32, cells: RowCells, number: Option<(u32, Option<char>)>) {
        let is_subgroup = number.is_none() && cells.bold;
        if is_subgroup {
            self.subgroup = Some(cells.content.clone());
        }
        if let Some((n, _)) = number {
            if n != self.last_number + 1 {
                number_gap(
                    &mut self.diags,
                    &self.sheet,
                    row,
                    self.stt_col,
                    self.last_number,
                    n,
                );
            }
            self.last_number = n - 1;
        }
        let defaults = cells.has_details().then(|| Defaults {
            lead: cells.lead.clone(),
            partner: cells.partner.clone(),
            product: cells.product.clone(),
            deadline: cells.deadline.clone(),
        });
        self.parent = Some(Parent {
            number: number.map(|(n, _)| n),
            title: Some(cells.content),
            last_letter: None,
            scoped_subgroup: is_subgroup,
            defaults,
            numbered: number.is_some(),
        });
    }

    /// An ordinary task row.
    fn ordinary(&mut self, row: u32, cells: RowCells, number: Option<(u32, Option<char>)>) {
        let (n, letter) = match number {
            Some(n) => n,
            None if self.stt_col.is_none() => (self.last_number + 1, None),
            None => {
                let n = self.last_number + 1;
                self.diags.push(
                    Diagnostic::warning(
                        Code::CatalogueNumberInferred,
                        format!("Nhiệm vụ không có số thứ tự: được đánh số {n} theo thứ tự"),
                    )
                    .at(&self.sheet, a1(row, self.stt_col.unwrap_or(0))),
                );
                (n, None)
            }
        };
        if n != self.last_number + 1 && letter.is_none() {
            number_gap(
                &mut self.diags,
                &self.sheet,
                row,
                self.stt_col,
                self.last_number,
                n,
            );
        }
        self.last_number = n;
        self.raws.push(RawTask {
            parent_numbered: false,
            number: n,
            letter,
            group: self.group.clone(),
            subgroup: self.subgroup.clone(),
            parent: None,
            title: cells.content,
            lead: cells.lead,
            partner: cells.partner,
            product: cells.product,
            deadline: cells.deadline,
            row,
            cell_col: self.stt_col.unwrap_or(self.content_col),
        });
    }
}

/// Headings: a row with one text only, or a roman numeral in the STT column.
fn heading_of(cells: &RowCells) -> Option<(u32, String)> {
    cells.sole_text.clone().or_else(|| {
        (!cells.has_details()
            && group_heading(&format!("{}. {}", cells.stt, cells.content)).is_some()
            && roman_to_int(cells.stt.trim_end_matches(['.', '-', ' '])).is_some())
        .then(|| {
            (
                0,
                format!(
                    "{}. {}",
                    cells.stt.trim_end_matches(['.', '-']),
                    cells.content
                ),
            )
        })
    })
}
