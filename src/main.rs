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
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Ghi kết quả vào tệp thay vì in ra màn hình.
        #[arg(short, long)]
        output: Option<PathBuf>,
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

fn main() -> ExitCode {
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
