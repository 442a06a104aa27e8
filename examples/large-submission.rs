//! Writes a legitimate but huge submission for the memory benchmark (`benches/limits.sh`):
//! one agency's correct form with its lead tasks' rows repeated, as a fill-down leaves it.
//!
//! `cargo run --release --example large-submission -- [--plain] ROWS OUT.xlsx [AGENCY]`
//!
//! Without `--plain` the file is vanban's own form (formats, drop-downs, three sheets);
//! with it, one plain sheet as another program exports it — about a third of the bytes
//! per cell, so the cell limit is reached before the size limits; `--distinct` makes
//! two texts of every row different (nothing to share between rows).

use std::path::PathBuf;
use vanban::Workspace;
use vanban::model::period::{Period, PeriodKind};
use vanban::workspace::Paths;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    let plain = args.next_if(|a| a == "--plain").is_some();
    let distinct = args.next_if(|a| a == "--distinct").is_some();
    let usage = "cách dùng: large-submission [--plain [--distinct]] SỐ_DÒNG TỆP.xlsx [MÃ_CƠ_QUAN]";
    let rows: usize = args.next().ok_or(usage)?.parse()?;
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let code = args.next().unwrap_or_else(|| "SNV".into());
    let reference = Workspace::load(&Paths::default(), None)?;
    let agency = reference
        .registry
        .get(&code)
        .ok_or_else(|| format!("không có cơ quan {code} trong danh sách"))?;
    let period = Period {
        kind: PeriodKind::Q1,
        year: 2019,
    };
    let bytes = if plain {
        plain_sheet(&reference.catalogue, agency, rows, distinct)?
    } else {
        vanban::sample::submissions::repeated_rows_submission(
            &reference.catalogue,
            &reference.indicators,
            &reference.calendar,
            agency,
            period,
            rows,
        )?
    };
    vanban::output::write_atomic(&out, &bytes)?;
    println!(
        "đã ghi {} ({} byte, {rows} dòng)",
        out.display(),
        bytes.len()
    );
    Ok(())
}

/// One sheet, no formats: the agency and period lines, the header, then the agency's
/// lead tasks reported again and again.
fn plain_sheet(
    cat: &vanban::Catalogue,
    agency: &vanban::Agency,
    rows: usize,
    distinct: bool,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name("Báo cáo")?;
    ws.write_string(0, 0, format!("Cơ quan: {}", agency.name))?;
    ws.write_string(1, 0, "Kỳ báo cáo: Quý I/2019")?;
    let header = [
        "Mã nhiệm vụ",
        "Nội dung công việc",
        "Vai trò",
        "Tình trạng",
        "Ngày hoàn thành",
        "Văn bản, sản phẩm",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h)?;
    }
    let lead: Vec<&vanban::Task> = cat
        .tasks
        .iter()
        .filter(|t| t.is_led_by(&agency.code))
        .collect();
    for (i, t) in lead.iter().cycle().take(rows).enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, &t.code)?;
        ws.write_string(r, 1, t.full_title())?;
        ws.write_string(r, 2, "Chủ trì")?;
        ws.write_string(r, 3, "Đang thực hiện")?;
        ws.write_string(r, 4, "")?;
        if distinct {
            // Every row different, as a log pasted into the table would be.
            ws.write_string(r, 5, format!("Kế hoạch số {}/KH-SNV", 12 + i))?;
            ws.write_string(r, 6, format!("Đã triển khai đến {} phòng, đơn vị", i + 1))?;
        } else {
            ws.write_string(r, 5, "Kế hoạch số 12/KH-SNV")?;
            ws.write_string(r, 6, "Đã triển khai đến các phòng, đơn vị")?;
        }
        ws.write_string(r, 7, "Không")?;
        ws.write_string(r, 8, "Không")?;
    }
    book.save_to_buffer()
}
