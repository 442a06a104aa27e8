//! `vanban ban-hanh` (issue a draft: number, date, register, documents again) and
//! `vanban ky` (sign an issued PDF).

use super::super::args::{Command, DocArgs, SignRoleArg};
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
            again,
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
                again: *again,
            };
            ban_hanh(&request, doc, &s)
        }
        Command::Ky {
            pdf,
            role,
            p12,
            password,
            image,
            seal_mm,
            reference,
            time,
            output,
        } => {
            let request = SignRequest {
                pdf,
                role: *role,
                p12,
                password: password.clone(),
                image: image.as_deref(),
                seal_mm: *seal_mm,
                reference: reference.clone(),
                time: time.as_deref(),
                output: output.as_deref(),
            };
            ky(&request)
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
    /// Issue a draft the register already has (same kind, subject, year) again.
    again: bool,
}

/// The register of outgoing documents the settings name.
pub(super) fn register_path(flag: Option<&PathBuf>, s: &Settings) -> PathBuf {
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
    // The same draft issued twice is the văn thư's slip, not a new document.
    // (A numbered document is refused by issue::issue with its own reason.)
    if !r.again
        && draft.number.is_none()
        && let Some(e) = register.issued_as(&draft, r.date.year())
    {
        return Err(AppError::Issue(issue::IssueError::Register {
            path: register_path.display().to_string(),
            message: format!(
                "dự thảo này đã được ban hành: {:02}/{}{} (dòng {}); \
                     ban hành lại với số mới: thêm --lai",
                e.number,
                e.notation,
                e.date
                    .map(|d| format!(" ngày {}", d.format("%d/%m/%Y")))
                    .unwrap_or_default(),
                e.row + 1
            ),
        }));
    }
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
    let mut written = write_rendered(rendered, &stem, &dir, None)?;
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

struct SignRequest<'a> {
    pdf: &'a Path,
    role: SignRoleArg,
    p12: &'a Path,
    password: Option<String>,
    image: Option<&'a Path>,
    seal_mm: f64,
    reference: Option<String>,
    time: Option<&'a str>,
    output: Option<&'a Path>,
}

/// Vietnam's time zone, in which the decree prints signing times.
fn vietnam() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset")
}

/// `--thoi-gian`: an ISO 8601 time with its zone, or now in Vietnam's time.
pub(super) fn time_arg(t: Option<&str>) -> Result<chrono::DateTime<chrono::FixedOffset>, AppError> {
    match t {
        Some(t) => chrono::DateTime::parse_from_rfc3339(t.trim()).map_err(|e| {
            AppError::Usage(format!(
                "--thoi-gian \"{t}\": {e}; ví dụ 2019-03-06T10:15:00+07:00"
            ))
        }),
        None => Ok(chrono::Utc::now().with_timezone(&vietnam())),
    }
}

fn ky(r: &SignRequest) -> Result<Outcome, AppError> {
    use crate::sign::{Appearance, Role, appearance::Ink, key::P12Signer};
    let role = match r.role {
        SignRoleArg::LanhDao => Role::Leader,
        SignRoleArg::CoQuan => Role::Organisation,
        SignRoleArg::KemTheo => Role::Attachment,
    };
    let time = time_arg(r.time)?;
    let record = Record::for_file(r.pdf);
    let (space, reference, place) = match (&record, role) {
        (Ok(rec), _) => (
            rec.signing_space,
            Some(rec.reference.clone()),
            Some(rec.document.issuer.place.clone()),
        ),
        (Err(e), Role::Leader | Role::Organisation) => return Err(AppError::Input(e.clone())),
        (Err(_), Role::Attachment) => (None, None, None),
    };
    let reference = r.reference.clone().or(reference);
    if role == Role::Attachment && reference.is_none() {
        return Err(AppError::Usage(
            "văn bản kèm theo cần số và ký hiệu của văn bản chính: --so-ky-hieu 45/BC-UBND".into(),
        ));
    }
    let ink = match (role, r.image) {
        (Role::Attachment, _) => None,
        (_, Some(path)) => Some(Ink::from_png(path).map_err(sign_error)?),
        (_, None) => {
            return Err(AppError::Usage(
                "cần ảnh chữ ký (lanh-dao) hoặc ảnh dấu (co-quan): --anh tệp.png".into(),
            ));
        }
    };
    let password = r
        .password
        .clone()
        .or_else(|| std::env::var("VANBAN_MAT_KHAU").ok())
        .unwrap_or_default();
    let signer = P12Signer::open(r.p12, &password).map_err(sign_error)?;
    let original = std::fs::read(r.pdf)
        .map_err(|e| AppError::Input(format!("không đọc được {}: {e}", r.pdf.display())))?;
    let appearance = Appearance {
        role,
        image: ink.as_ref(),
        seal_mm: r.seal_mm,
        space,
        reference,
        place,
    };
    let signed = crate::sign::sign(&original, &appearance, &signer, &time).map_err(sign_error)?;
    let out = r.output.unwrap_or(r.pdf);
    write_file(out, &signed)?;
    println!(
        "đã ký ({}) lúc {}: {}",
        match role {
            Role::Leader => "người có thẩm quyền",
            Role::Organisation => "cơ quan, tổ chức",
            Role::Attachment => "văn bản kèm theo",
        },
        crate::sign::iso_time(&time),
        out.display()
    );
    Ok(Outcome::Clean)
}

fn sign_error(e: crate::sign::SignError) -> AppError {
    AppError::Input(e.to_string())
}
