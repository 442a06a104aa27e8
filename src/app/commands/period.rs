//! `vanban report` (the UBND report and the status workbook) and `vanban remind` (the
//! reminders): one period's submissions checked, aggregated and worded.

use super::super::args::{Command, CompileArgs};
use super::super::config::{Overrides, Settings};
use super::super::{AppError, Outcome, print_written, write_file};
use super::documents::write_documents;
use super::workspace;
use crate::aggregate::Summary;
use crate::check::Checked;
use crate::model::period::Period;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

/// What both commands start from.
struct Compiled {
    settings: Settings,
    period: Period,
    ws: Workspace,
    checked: Vec<Checked>,
    summary: Summary,
    /// The period's output folder.
    dir: PathBuf,
    /// The period's submissions folder, where its review file is.
    folder: PathBuf,
    review: crate::model::review::Review,
    /// `-o` as given.
    output: Option<PathBuf>,
}

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    match command {
        Command::Report { compile, .. } if compile.format.is_some_and(|f| f.json) => Err(
            AppError::Input("định dạng json chỉ dùng với lệnh remind".into()),
        ),
        Command::Report { compile, number } => report(&self::compile(compile, config, *number)?),
        Command::Remind { compile } => remind(
            &self::compile(compile, config, None)?,
            compile.format.is_some_and(|f| f.json),
        ),
        Command::Review { compile } => review(
            &self::compile(compile, config, None)?,
            compile.format.is_some_and(|f| f.json),
        ),
        _ => unreachable!("dispatched by command"),
    }
}

/// Checks the period's submissions and aggregates them.
fn compile(
    args: &CompileArgs,
    config: Option<&Path>,
    number: Option<u32>,
) -> Result<Compiled, AppError> {
    let settings = Settings::resolve(
        config,
        &Overrides {
            data: Some(&args.data),
            period: args.period,
            as_of: args.as_of,
            formats: args.format.and_then(|f| f.docs),
            font_dir: args.font_dir.clone(),
            report_number: number,
            ..Overrides::default()
        },
    )?;
    let period = settings.period()?;
    settings.documents()?;
    let folder = args
        .submissions
        .clone()
        .unwrap_or_else(|| settings.submissions.join(period.id()));
    // Earlier periods sit beside the period's folder (`bao-cao/q1-2019` next to
    // `bao-cao/h1-2019`).
    let root = match folder.file_name() {
        Some(n) if n.to_string_lossy() == period.id() => {
            folder.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        _ => settings.submissions.clone(),
    };
    let ws = workspace(&settings, Some(period.year))?.with_history(&root, period, settings.as_of);
    // Collect, check, the register's dates, the Sở's review: one facade call.
    let pc = ws.check_period(&folder, period, settings.as_of, true)?;
    for w in &pc.warnings {
        eprintln!("vanban: cảnh báo: {w}");
    }
    let (checked, review) = (pc.checked, pc.review);
    let summary = ws.summarise(period, settings.as_of, &checked);
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| settings.period_dir(period));
    Ok(Compiled {
        settings,
        period,
        ws,
        checked,
        summary,
        dir,
        folder,
        review,
        output: args.output.clone(),
    })
}

/// `vanban review`: the period's review file written with every open finding (the
/// decisions already taken kept), or the findings listed as JSON with their ids.
fn review(c: &Compiled, json: bool) -> Result<Outcome, AppError> {
    let open = crate::xlsx::review::open_findings(&c.checked, &c.ws.registry);
    if json {
        let out = serde_json::json!({ "findings": open });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(Outcome::Clean);
    }
    let path = c
        .output
        .clone()
        .unwrap_or_else(|| c.folder.join(crate::read::review::FILE_NAME));
    let title = format!(
        "HIỆU CHỈNH SỐ LIỆU, NỘI DUNG BÁO CÁO CẢI CÁCH HÀNH CHÍNH {}",
        c.period.label().to_uppercase()
    );
    let bytes =
        crate::xlsx::review::review_workbook(&open, &c.review, &title).map_err(|source| {
            AppError::Workbook {
                what: "tệp hiệu chỉnh".into(),
                source,
            }
        })?;
    write_file(&path, &bytes)?;
    let pending = open
        .iter()
        .filter(|o| c.review.get(&o.id).is_none())
        .count();
    println!(
        "{} — {} phát hiện, {pending} chưa có quyết định",
        path.display(),
        open.len()
    );
    Ok(Outcome::Clean)
}

fn report(c: &Compiled) -> Result<Outcome, AppError> {
    let s = &c.settings;
    use crate::compose::period::Kind;
    let documents = s.documents()?;
    // The fonts are read and the template parsed while the documents are composed.
    let (made, writers) = rayon::join(
        || {
            c.ws.period_documents(
                &c.summary,
                &c.checked,
                documents,
                s.report_number,
                &[Kind::Report, Kind::ToTrinh],
            )
        },
        || AppError::writers(s),
    );
    let (made, unused) = made.map_err(crate::workspace::LoadError::from)?;
    crate::app::pipeline::warn_unused_notes(&unused);
    let writers = writers?;
    for w in crate::compose::to_trinh::draft_warnings(&c.summary, &c.ws.calendar, s.documents()?) {
        eprintln!("vanban: cảnh báo: {w}");
    }
    let items: Vec<_> = made
        .iter()
        .map(|d| {
            let dir = c.dir.join(d.kind.entry().folder);
            (&d.document, d.stem.as_str(), dir)
        })
        .collect();
    // The status workbook needs no layout: built while the documents are rendered.
    let (written, wb) = rayon::join(
        || write_documents(&items, &writers),
        || c.ws.status_workbook(&c.summary),
    );
    for files in written? {
        print_written(&files);
    }
    let wb = wb.map_err(|source| AppError::Workbook {
        what: "bảng tổng hợp".into(),
        source,
    })?;
    let path = c
        .dir
        .join("kiem-tra")
        .join(format!("tong-hop-{}.xlsx", c.period.id()));
    write_file(&path, &wb)?;
    print_written(&[path]);
    Ok(Outcome::Clean)
}

fn remind(c: &Compiled, json: bool) -> Result<Outcome, AppError> {
    use crate::compose::period::Kind;
    let s = &c.settings;
    let dir = c.dir.join(Kind::Letter.entry().folder);
    let documents = s.documents()?;
    // The fonts are read and the template parsed while the letters are composed.
    let (writers, letters) = rayon::join(
        || AppError::writers(s),
        || {
            c.ws.period_documents(&c.summary, &c.checked, documents, None, &[Kind::Letter])
        },
    );
    let writers = writers?;
    let (letters, _) = letters.map_err(crate::workspace::LoadError::from)?;
    #[derive(serde::Serialize)]
    struct Listed<'a> {
        /// The letter's first written file (DOCX when written), and all of them.
        file: String,
        files: Vec<String>,
        kind: crate::compose::reminder::LetterKind,
        recipients: &'a [String],
    }
    let letters: Vec<_> = letters
        .iter()
        .filter_map(|l| {
            l.letter
                .as_ref()
                .map(|(kind, recipients)| (l, kind, recipients))
        })
        .collect();
    let items: Vec<_> = letters
        .iter()
        .map(|(l, _, _)| (&l.document, l.stem.as_str(), dir.clone()))
        .collect();
    let written = write_documents(&items, &writers)?;
    let mut listed = Vec::new();
    for ((_, kind, recipients), files) in letters.iter().zip(written) {
        let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        listed.push(Listed {
            file: files.first().cloned().unwrap_or_default(),
            files,
            kind: **kind,
            recipients,
        });
    }
    if json {
        let out = serde_json::json!({ "letters": listed });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        println!("đã ghi {} công văn vào {}", letters.len(), dir.display());
    }
    Ok(Outcome::Clean)
}
