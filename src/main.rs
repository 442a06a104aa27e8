//! Command-line entry point: parses arguments and calls the library. Exit codes: 0 done,
//! 1 the input has errors, 2 usage error or the command could not run.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::cli;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Tổng hợp báo cáo cải cách hành chính và soạn văn bản theo Nghị định 30/2020/NĐ-CP",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

impl From<Format> for cli::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => cli::Format::Text,
            Format::Json => cli::Format::Json,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Đọc danh mục nhiệm vụ (Excel) và in ra theo nhóm, hoặc JSON.
    Catalogue {
        /// Tệp danh mục (mặc định: inputs/danh-muc-2019.xlsx).
        file: Option<PathBuf>,
        /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
        #[arg(long)]
        registry: Option<PathBuf>,
        /// Năm của kế hoạch, khi tiêu đề danh mục không ghi.
        #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2200))]
        year: Option<i32>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Ghi kết quả vào tệp thay vì in ra màn hình.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Chạy toàn bộ một kỳ: kiểm tra, tổng hợp, báo cáo, công văn đôn đốc, dự thảo quyết định.
    Run {
        /// Tệp cấu hình (mặc định: vanban.toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Kỳ báo cáo (ghi đè cấu hình).
        #[arg(long, value_parser = parse_period)]
        period: Option<vanban::period::Period>,
        /// Ngày tổng hợp (ghi đè cấu hình; mặc định: hôm nay).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<chrono::NaiveDate>,
        /// Thư mục kết quả (mặc định: output); ghi vào <thư mục>/<kỳ>/.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Chỉ in bảng tóm tắt, không hiện tiến độ.
        #[arg(short, long)]
        quiet: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Tạo dữ liệu mẫu hợp lệ cho N cơ quan (để đo tốc độ).
    Sample {
        /// Số cơ quan.
        #[arg(long, default_value_t = 35)]
        agencies: usize,
        /// Kỳ báo cáo.
        #[arg(long, value_parser = parse_period)]
        period: vanban::period::Period,
        #[command(flatten)]
        data: DataArgs,
        /// Thư mục ghi (danh sách cơ quan và thư mục bao-cao/<kỳ>/).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Kiểm tra báo cáo Excel của các cơ quan theo danh mục nhiệm vụ.
    Check {
        /// Tệp hoặc thư mục báo cáo (.xlsx, .xls, .ods).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        data: DataArgs,
        /// Kỳ báo cáo đang tổng hợp: q1-2019, h1-2019, q3-2019, y-2019.
        #[arg(long, value_parser = parse_period)]
        period: Option<vanban::period::Period>,
        /// Ngày kiểm tra (dd/mm/yyyy hoặc yyyy-mm-dd; mặc định: hôm nay).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<chrono::NaiveDate>,
        /// Cơ quan báo cáo (khi tệp không ghi).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Thư mục ghi bản sao có kết quả kiểm tra (mặc định: output/<kỳ>/kiem-tra).
        #[arg(long)]
        feedback: Option<PathBuf>,
        /// Không ghi bản sao kết quả kiểm tra.
        #[arg(long, conflicts_with = "feedback")]
        no_feedback: bool,
        /// Giới hạn dung lượng tệp, MB (mặc định 20).
        #[arg(long, default_value_t = 20)]
        max_file_mb: u64,
        /// Giới hạn dung lượng sau giải nén, MB (mặc định 200).
        #[arg(long, default_value_t = 200)]
        max_unzipped_mb: u64,
        /// Giới hạn số ô của bảng tính (mặc định 2.000.000).
        #[arg(long, default_value_t = 2_000_000)]
        max_cells: u64,
    },
    /// Tạo mẫu báo cáo Excel cho cơ quan (một cơ quan, hoặc --all).
    Template {
        /// Mã, tên hoặc tên gọi khác của cơ quan.
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        agency: Option<String>,
        /// Tạo mẫu cho mọi sở, ban, ngành, quận, huyện.
        #[arg(long)]
        all: bool,
        /// Kỳ báo cáo: q1-2019, h1-2019, q3-2019, y-2019.
        #[arg(long, value_parser = parse_period)]
        period: vanban::period::Period,
        #[command(flatten)]
        data: DataArgs,
        /// Tệp (hoặc thư mục, với --all) để ghi.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Soạn dự thảo Quyết định (DOCX, PDF) từ tệp mô tả TOML.
    Decision {
        /// Tệp mô tả quyết định (.toml).
        spec: PathBuf,
        /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
        #[arg(long)]
        registry: Option<PathBuf>,
        #[command(flatten)]
        doc: DocOptions,
    },
    /// Dựng một văn bản bất kỳ từ mô hình văn bản (.toml hoặc .json).
    Render {
        /// Tệp văn bản (.toml hoặc .json).
        file: PathBuf,
        #[command(flatten)]
        doc: DocOptions,
    },
    /// Tổng hợp báo cáo CCHC của UBND thành phố (DOCX, PDF) và bảng tổng hợp Excel.
    Report {
        #[command(flatten)]
        compile: CompileOptions,
        /// Số của báo cáo (mặc định: để trống cho văn thư).
        #[arg(long)]
        number: Option<u32>,
    },
    /// Soạn công văn đôn đốc cho các cơ quan chưa nộp, nộp muộn hoặc báo cáo có lỗi.
    Remind {
        #[command(flatten)]
        compile: CompileOptions,
    },
    /// In danh sách cơ quan (mã, tên, loại, tên gọi khác).
    Agencies {
        /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
        #[arg(long)]
        registry: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Ghi kết quả vào tệp thay vì in ra màn hình.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Inputs of the commands that compile a period.
#[derive(clap::Args)]
struct CompileOptions {
    /// Kỳ báo cáo: q1-2019, h1-2019, q3-2019, y-2019.
    #[arg(long, value_parser = parse_period)]
    period: vanban::period::Period,
    /// Ngày tổng hợp (mặc định: hôm nay).
    #[arg(long, value_parser = parse_day)]
    as_of: Option<chrono::NaiveDate>,
    /// Thư mục báo cáo của các cơ quan (mặc định: inputs/bao-cao/<kỳ>).
    #[arg(long)]
    submissions: Option<PathBuf>,
    /// Tệp cấu hình (mặc định: vanban.toml nếu có).
    #[arg(long)]
    config: Option<PathBuf>,
    #[command(flatten)]
    data: DataArgs,
    /// Thư mục ghi kết quả (mặc định: output/<kỳ>).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Định dạng văn bản: docx,pdf (mặc định cả hai).
    #[arg(long, default_value = "docx,pdf", value_parser = cli::DocFormats::parse)]
    format: cli::DocFormats,
    /// Thư mục phông chữ bổ sung.
    #[arg(long)]
    font_dir: Option<PathBuf>,
}

impl CompileOptions {
    fn args(self) -> cli::CompileArgs {
        cli::CompileArgs {
            data: self.data.paths(),
            submissions: self.submissions,
            period: self.period,
            as_of: self
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            output: self.output.clone(),
            config: self.config,
            doc: cli::DocArgs {
                output: self.output.unwrap_or_default(),
                formats: self.format,
                font_dir: self.font_dir,
                allow_missing_glyphs: false,
            },
        }
    }
}

/// Options of the document commands.
#[derive(clap::Args)]
struct DocOptions {
    /// Thư mục ghi văn bản (mặc định: output/van-ban).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Định dạng: docx,pdf (mặc định cả hai).
    #[arg(long, default_value = "docx,pdf", value_parser = cli::DocFormats::parse)]
    format: cli::DocFormats,
    /// Thư mục phông chữ bổ sung (ví dụ Times New Roman thật).
    #[arg(long)]
    font_dir: Option<PathBuf>,
    /// Vẫn ghi PDF khi phông chữ thiếu ký tự (sẽ hiện ô trống).
    #[arg(long)]
    allow_missing_glyphs: bool,
}

impl DocOptions {
    fn args(self, default_dir: &str) -> cli::DocArgs {
        cli::DocArgs {
            output: self.output.unwrap_or_else(|| PathBuf::from(default_dir)),
            formats: self.format,
            font_dir: self.font_dir,
            allow_missing_glyphs: self.allow_missing_glyphs,
        }
    }
}

/// Paths of the reference data.
#[derive(clap::Args)]
struct DataArgs {
    /// Danh mục nhiệm vụ (mặc định: inputs/danh-muc-2019.xlsx).
    #[arg(long)]
    catalogue: Option<PathBuf>,
    /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
    #[arg(long)]
    registry: Option<PathBuf>,
    /// Danh sách chỉ tiêu số liệu (mặc định: inputs/chi-tieu.toml).
    #[arg(long)]
    indicators: Option<PathBuf>,
    /// Lịch báo cáo (mặc định: inputs/ky-bao-cao.toml).
    #[arg(long)]
    calendar: Option<PathBuf>,
}

impl DataArgs {
    fn paths(self) -> cli::DataPaths {
        let d = cli::DataPaths::default();
        cli::DataPaths {
            catalogue: self.catalogue.unwrap_or(d.catalogue),
            registry: self.registry.unwrap_or(d.registry),
            indicators: self.indicators.unwrap_or(d.indicators),
            calendar: self.calendar.unwrap_or(d.calendar),
        }
    }
}

fn parse_period(s: &str) -> Result<vanban::period::Period, String> {
    vanban::period::Period::parse_id(s).ok_or_else(|| {
        format!("kỳ báo cáo \"{s}\" không hợp lệ; dùng q1-2019, h1-2019, q3-2019 hoặc y-2019")
    })
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    vanban::values::parse_date_text(s)
        .map_err(|_| format!("ngày \"{s}\" không hợp lệ; dùng dd/mm/yyyy"))
}

fn main() -> ExitCode {
    // Panics inside the spreadsheet library on malformed files are caught and reported
    // as `file.unreadable`; their message is noise on the terminal. Every other panic is
    // a bug and is printed as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if !in_calamine {
            default_hook(info);
        }
    }));
    let args = Cli::parse();
    let outcome = match args.command {
        Command::Catalogue {
            file,
            registry,
            year,
            format,
            output,
        } => cli::catalogue(&cli::CatalogueArgs {
            file: file.unwrap_or_else(|| PathBuf::from(cli::DEFAULT_CATALOGUE)),
            registry: registry.unwrap_or_else(|| PathBuf::from(cli::DEFAULT_REGISTRY)),
            year,
            format: format.into(),
            output,
        }),
        Command::Check {
            inputs,
            data,
            period,
            as_of,
            agency,
            format,
            feedback,
            no_feedback,
            max_file_mb,
            max_unzipped_mb,
            max_cells,
        } => {
            use std::io::IsTerminal;
            let feedback = if no_feedback {
                None
            } else {
                Some(feedback.unwrap_or_else(|| {
                    let folder = period
                        .map(|p| p.id())
                        .unwrap_or_else(|| "chua-ro-ky".into());
                    PathBuf::from("output").join(folder).join("kiem-tra")
                }))
            };
            cli::check(&cli::CheckArgs {
                inputs,
                data: data.paths(),
                period,
                as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                agency,
                format: format.into(),
                feedback,
                color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                limits: vanban::submission::Limits {
                    max_file_bytes: max_file_mb.saturating_mul(1024 * 1024),
                    max_unzipped_bytes: max_unzipped_mb.saturating_mul(1024 * 1024),
                    max_cells,
                },
            })
        }
        Command::Template {
            agency,
            all,
            period,
            data,
            output,
        } => cli::template(&cli::TemplateArgs {
            data: data.paths(),
            agency,
            all,
            period,
            output,
        }),
        Command::Decision {
            spec,
            registry,
            doc,
        } => cli::decision(
            &spec,
            &registry.unwrap_or_else(|| PathBuf::from(cli::DEFAULT_REGISTRY)),
            &doc.args("output/quyet-dinh"),
        ),
        Command::Render { file, doc } => cli::render(&file, &doc.args("output/van-ban")),
        Command::Run {
            config,
            period,
            as_of,
            output,
            quiet,
            format,
        } => cli::run(&cli::RunArgs {
            config,
            period,
            as_of,
            output,
            quiet,
            format: format.into(),
        }),
        Command::Sample {
            agencies,
            period,
            data,
            output,
        } => cli::sample(&cli::SampleArgs {
            data: data.paths(),
            agencies,
            period,
            output,
        }),
        Command::Report { compile, number } => cli::report(&compile.args(), number),
        Command::Remind { compile } => cli::remind(&compile.args()),
        Command::Agencies {
            registry,
            format,
            output,
        } => cli::agencies(
            &registry.unwrap_or_else(|| PathBuf::from(cli::DEFAULT_REGISTRY)),
            format.into(),
            output.as_deref(),
        ),
    };
    match outcome {
        Ok(cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cli::Outcome::InputErrors) => ExitCode::from(1),
        Err(cli::Failure::Input(msg)) => {
            eprintln!("vanban: lỗi: {msg}");
            ExitCode::from(1)
        }
        Err(cli::Failure::Run(msg)) => {
            eprintln!("vanban: lỗi: {msg}");
            ExitCode::from(2)
        }
    }
}
