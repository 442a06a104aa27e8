//! `vanban ban-hanh` (issue a draft: number, date, register, documents again).

use super::super::args::{Command, DocArgs};
use super::super::config::{Overrides, Settings};
use super::super::{AppError, Outcome, print_written, write_file};
use super::documents::write_rendered;
use crate::issue::record::Record;
use crate::issue::register::Register;
use crate::issue::{self, Issue};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    match command {
        Command::BanHanh {
            draft,
            number,
            date,
            signer,
            register,
            doc,
        } => {
            let s = Settings::resolve(
                config,
                &Overrides {
                    formats: doc.format,
                    font_dir: doc.font_dir.clone(),
                    ..Overrides::default()
                },
            )?;
            let request = Request {
                draft,
                number: *number,
                date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
                signer: signer.clone(),
                register: register.clone(),
            };
            ban_hanh(&request, doc, &s)
        }
        _ => unreachable!("dispatched by command"),
    }
}

struct Request<'a> {
    draft: &'a Path,
    number: Option<u32>,
    date: NaiveDate,
    signer: Option<String>,
    register: Option<PathBuf>,
}

/// The register of outgoing documents the settings name.
fn register_path(flag: Option<&PathBuf>, s: &Settings) -> PathBuf {
    flag.cloned()
        .or(s.issuing.register.clone())
        .unwrap_or_else(|| issued_root(s).join("so-van-ban-di.csv"))
}

/// Where issued documents go: `[issuing] output`, else `<output>/van-ban-di`.
fn issued_root(s: &Settings) -> PathBuf {
    s.issuing
        .output
        .clone()
        .unwrap_or_else(|| s.output.join("van-ban-di"))
}

fn ban_hanh(r: &Request, doc: &DocArgs, s: &Settings) -> Result<Outcome, AppError> {
    let draft = issue::draft::load(r.draft)?;
    let register_path = register_path(r.register.as_ref(), s);
    let mut register = Register::open(&register_path)?;
    let per_kind = s.issuing.numbering.as_deref().is_some_and(|n| {
        matches!(
            crate::text::header_key(n).as_str(),
            "theo loai" | "per kind"
        )
    });
    let number = r
        .number
        .unwrap_or_else(|| register.next_number(&draft, r.date.year(), per_kind));
    let issued = issue::issue(
        &draft,
        &Issue {
            number,
            date: r.date,
            signer: r.signer.clone(),
        },
    )?;
    let stem = issue::file_stem(&issued);
    // Refused before anything is written: a number already given.
    register.record(&issued, &format!("{stem}.pdf"))?;
    let dir = doc
        .output
        .clone()
        .unwrap_or_else(|| issued_root(s).join(r.date.year().to_string()));
    let writers = AppError::writers(s)?;
    let (rendered, space) = writers.render_measured(&issued, true);
    let mut written = write_rendered(rendered, &stem, &dir)?;
    let record = Record {
        reference: issue::reference(&issued),
        issued: r.date,
        files: written
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect(),
        signing_space: space,
        document: issued,
    };
    let record_path = dir.join(format!("{stem}.json"));
    write_file(&record_path, &record.to_json())?;
    written.push(record_path);
    register.save()?;
    println!(
        "đã ban hành {} ngày {}",
        record.reference,
        r.date.format("%d/%m/%Y")
    );
    print_written(&written);
    println!("đã vào sổ văn bản đi {}", register_path.display());
    Ok(Outcome::Clean)
}
