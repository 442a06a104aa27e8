//! `vanban edxml` (the package of an issued, signed document) and `vanban trang-thai`
//! (recipients' status messages into the register).

use super::super::args::Command;
use super::super::config::{Overrides, Settings};
use super::super::{AppError, Outcome, write_file};
use super::issuing::{register_path, time_arg};
use crate::edxml::{self, Organ, envelope::Sending};
use crate::issue::record::Record;
use crate::issue::register::{Register, parse_reference};
use crate::model::registry::Registry;
use chrono::Datelike;
use std::path::Path;

pub(super) fn run(command: &Command, config: Option<&Path>) -> Result<Outcome, AppError> {
    let s = Settings::resolve(config, &Overrides::default())?;
    match command {
        Command::Edxml {
            pdf,
            attachments,
            due,
            time,
            output,
            unsigned,
        } => {
            let time = time_arg(time.as_deref())?;
            package(
                pdf,
                attachments,
                *due,
                time,
                output.as_deref(),
                *unsigned,
                &s,
            )
        }
        Command::TrangThai { status, register } => {
            let path = register_path(register.as_ref(), &s);
            let mut reg = Register::open(&path)?;
            let mut outcome = Outcome::Clean;
            for file in status {
                let bytes = std::fs::read(file).map_err(|e| {
                    AppError::Input(format!("không đọc được {}: {e}", file.display()))
                })?;
                let st = edxml::status::read(&bytes)
                    .map_err(|e| AppError::Input(format!("{}: {e}", file.display())))?;
                let Some((number, notation)) = parse_reference(&st.for_code) else {
                    eprintln!(
                        "vanban: cảnh báo: {}: số, ký hiệu “{}” không đọc được",
                        file.display(),
                        st.for_code
                    );
                    outcome = Outcome::InputErrors;
                    continue;
                };
                let year = st
                    .for_date
                    .map(|d| d.year())
                    .unwrap_or_else(|| chrono::Local::now().year());
                let entry = reg.find(number, &notation, year).cloned();
                let Some(entry) = entry else {
                    eprintln!(
                        "vanban: cảnh báo: {}: văn bản {} không có trong sổ văn bản đi",
                        file.display(),
                        st.for_code
                    );
                    outcome = Outcome::InputErrors;
                    continue;
                };
                // One line per recipient: a newer status replaces the recipient's last.
                let who = st.line();
                let prefix = who.split(':').next().unwrap_or("").to_string();
                let mut lines: Vec<String> = reg
                    .status(&entry)
                    .split(" | ")
                    .filter(|l| !l.is_empty() && l.split(':').next() != Some(prefix.as_str()))
                    .map(str::to_string)
                    .collect();
                lines.push(who.clone());
                reg.set_status(number, &notation, year, &lines.join(" | "));
                println!("{}: {who}", st.for_code);
            }
            reg.save()?;
            println!("đã ghi vào sổ văn bản đi {}", path.display());
            Ok(outcome)
        }
        _ => unreachable!("dispatched by command"),
    }
}

fn package(
    pdf: &Path,
    attachments: &[std::path::PathBuf],
    due: Option<chrono::NaiveDate>,
    time: chrono::DateTime<chrono::FixedOffset>,
    output: Option<&Path>,
    unsigned: bool,
    s: &Settings,
) -> Result<Outcome, AppError> {
    let record = Record::for_file(pdf).map_err(AppError::Input)?;
    let read = |p: &Path| {
        std::fs::read(p)
            .map_err(|e| AppError::Input(format!("không đọc được {}: {e}", p.display())))
    };
    let signed = read(pdf)?;
    let pages = crate::sign::pdf::Pdf::parse(&signed)
        .and_then(|p| p.pages())
        .map(|p| p.len() as u32)
        .map_err(|e| AppError::Input(format!("{}: {e}", pdf.display())))?;
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    // A văn bản điện tử goes out signed by the leader and the organisation (NĐ 30/2020,
    // Điều 13): an unsigned file is refused unless asked for, and then says so.
    let roles = crate::sign::signed_roles(&signed)
        .map_err(|e| AppError::Input(format!("{}: {e}", pdf.display())))?;
    let description = match (roles.is_empty(), unsigned) {
        (false, _) => "Văn bản điện tử đã ký số",
        (true, true) => "Văn bản điện tử chưa ký số",
        (true, false) => {
            return Err(AppError::Input(format!(
                "{} chưa được ký số: vanban ky --vai lanh-dao, rồi --vai co-quan, trước khi gửi \
                 (hoặc --chua-ky để đóng gói thử)",
                pdf.display()
            )));
        }
    };
    if !roles.is_empty() && !roles.contains(&crate::sign::Role::Organisation) {
        eprintln!(
            "vanban: cảnh báo: {} chưa có chữ ký số của cơ quan, tổ chức (vanban ky --vai co-quan)",
            pdf.display()
        );
    }
    let mut files = vec![(name(pdf), signed, description.to_string())];
    for a in attachments {
        files.push((name(a), read(a)?, "Văn bản kèm theo".to_string()));
    }
    let registry = Registry::load(&s.paths.registry).ok();
    let ids = &s.issuing.organ_ids;
    let resolve = |recipient: &str| -> Option<String> {
        let key = crate::text::fold(recipient);
        if let Some((_, id)) = ids.iter().find(|(k, _)| crate::text::fold(k) == key) {
            return Some(id.clone());
        }
        let code = registry.as_ref()?.lookup(recipient)?.code.clone();
        ids.get(&code).cloned()
    };
    let doc = &record.document;
    let from = Organ {
        id: s.issuing.organ_id.clone().unwrap_or_default(),
        name: doc.issuer.name.clone(),
        in_charge: doc.issuer.parent.clone().unwrap_or_default(),
        ..Organ::default()
    };
    let (envelope, unresolved) = edxml::envelope::envelope(
        &record,
        Sending {
            from,
            resolve: &resolve,
            time,
            due_date: due,
            pages,
            files,
        },
    );
    let problems = envelope.problems();
    if !problems.is_empty() {
        return Err(AppError::Input(format!(
            "gói edXML của {} chưa gửi được: {}",
            record.reference,
            problems.join("; ")
        )));
    }
    let out = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| pdf.with_extension("edxml"));
    write_file(&out, &edxml::write(&envelope))?;
    println!(
        "đã ghi gói edXML {} ({} nơi nhận, {} tệp)",
        out.display(),
        envelope.to.len(),
        envelope.attachments.len()
    );
    for u in &unresolved {
        eprintln!(
            "vanban: cảnh báo: “{u}” chưa có mã định danh ([issuing.organ_ids]): gửi bằng đường khác"
        );
    }
    Ok(Outcome::Clean)
}
