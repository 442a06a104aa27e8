//! The command line, as clap parses it: plain data, no behaviour. [`super::config`]
//! merges it with vanban.toml.

use crate::doc::Formats;
use crate::model::period::Period;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Tổng hợp báo cáo cải cách hành chính và soạn văn bản theo Nghị định 30/2020/NĐ-CP",
    long_about = None
)]
pub struct Cli {
    /// Tệp cấu hình (mặc định: vanban.toml nếu có).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// Output format of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// Đọc danh mục nhiệm vụ (Excel) và in ra theo nhóm, hoặc JSON.
    Catalogue {
        /// Tệp danh mục (mặc định: theo cấu hình, hoặc inputs/danh-muc-2019.xlsx).
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
        /// Kỳ báo cáo (ghi đè cấu hình).
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// Ngày tổng hợp (ghi đè cấu hình; mặc định: hôm nay).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<NaiveDate>,
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
        period: Period,
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
        period: Option<Period>,
        /// Ngày kiểm tra (dd/mm/yyyy hoặc yyyy-mm-dd; mặc định: hôm nay).
        #[arg(long, value_parser = parse_day)]
        as_of: Option<NaiveDate>,
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
        #[command(flatten)]
        limits: LimitArgs,
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
        period: Period,
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
        doc: DocArgs,
    },
    /// Dựng một văn bản bất kỳ từ mô hình văn bản (.toml hoặc .json).
    Render {
        /// Tệp văn bản (.toml hoặc .json).
        file: PathBuf,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// Tổng hợp báo cáo CCHC của Ủy ban nhân dân (DOCX, PDF) và bảng tổng hợp Excel.
    Report {
        #[command(flatten)]
        compile: CompileArgs,
        /// Số của báo cáo (mặc định: để trống cho văn thư).
        #[arg(long)]
        number: Option<u32>,
    },
    /// Soạn công văn đôn đốc cho các cơ quan chưa nộp, nộp muộn hoặc báo cáo có lỗi.
    Remind {
        #[command(flatten)]
        compile: CompileArgs,
    },
    /// Ghi tệp hiệu chỉnh của kỳ (hieu-chinh.xlsx): mỗi phát hiện một dòng để Sở quyết
    /// định (Chấp nhận / Sửa thành / Không tổng hợp); --format json in danh sách.
    Review {
        #[command(flatten)]
        compile: CompileArgs,
    },
    /// Mở trang làm việc trên trình duyệt (máy chủ web cục bộ).
    Serve {
        /// Địa chỉ nghe (mặc định 127.0.0.1:8080; địa chỉ khác cần mã truy cập).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Mở trình duyệt khi máy chủ sẵn sàng.
        #[arg(long)]
        open: bool,
    },
    /// Ban hành văn bản: ghi số và ngày vào dự thảo (tệp DOCX do vanban soạn), vào sổ
    /// văn bản đi, và tạo lại DOCX, PDF đúng như dự thảo trừ số, ngày (bỏ dấu dự thảo).
    #[command(name = "ban-hanh")]
    BanHanh {
        /// Dự thảo: tệp DOCX do vanban soạn (hoặc mô hình văn bản .json, .toml).
        draft: PathBuf,
        /// Số văn bản (mặc định: số tiếp theo trong sổ văn bản đi).
        #[arg(long = "so")]
        number: Option<u32>,
        /// Ngày ban hành: 06/03/2019 (mặc định: hôm nay).
        #[arg(long = "ngay", value_parser = parse_day)]
        date: Option<NaiveDate>,
        /// Họ tên người ký, khi dự thảo để trống.
        #[arg(long = "nguoi-ky")]
        signer: Option<String>,
        /// Sổ văn bản đi (.csv, .xlsx; mặc định: [issuing] register, hoặc
        /// output/van-ban-di/so-van-ban-di.csv).
        #[arg(long = "so-di")]
        register: Option<PathBuf>,
        /// Ban hành lại một dự thảo đã vào sổ (cùng loại, trích yếu, năm) với số mới.
        #[arg(long = "lai")]
        again: bool,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// Ký số văn bản đã ban hành (PAdES, Nghị định 30/2020): người có thẩm quyền ký
    /// trước, cơ quan ký sau; văn thư ký văn bản kèm theo. Mỗi chữ ký là một lần cập nhật
    /// thêm vào tệp, chữ ký trước vẫn hợp lệ.
    Ky {
        /// Tệp PDF do vanban ban-hanh ghi (hoặc văn bản kèm theo, với --vai kem-theo).
        pdf: PathBuf,
        /// Ai ký: lanh-dao (người có thẩm quyền), co-quan (cơ quan, tổ chức),
        /// kem-theo (cơ quan ký văn bản kèm theo).
        #[arg(long = "vai", value_enum)]
        role: SignRoleArg,
        /// Khóa bí mật và chứng thư số (.p12, .pfx).
        #[arg(long)]
        p12: PathBuf,
        /// Mật khẩu tệp .p12 (mặc định: biến môi trường VANBAN_MAT_KHAU).
        #[arg(long = "mat-khau")]
        password: Option<String>,
        /// Ảnh chữ ký (lanh-dao) hoặc ảnh dấu (co-quan): PNG, nền trong suốt hoặc trắng.
        #[arg(long = "anh")]
        image: Option<PathBuf>,
        /// Đường kính thật của con dấu, mm.
        #[arg(long = "co-dau", default_value_t = 36.0)]
        seal_mm: f64,
        /// Số và ký hiệu của văn bản chính (kem-theo), ví dụ 45/BC-UBND.
        #[arg(long = "so-ky-hieu")]
        reference: Option<String>,
        /// Thời điểm ký, ISO 8601 (mặc định: bây giờ, giờ Việt Nam).
        #[arg(long = "thoi-gian")]
        time: Option<String>,
        /// Ghi tệp đã ký ra đây (mặc định: ký vào chính tệp).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Đóng gói edXML (QCVN 102:2016) văn bản đã ban hành, đã ký để gửi sang hệ thống
    /// quản lý văn bản của nơi nhận.
    Edxml {
        /// Tệp PDF đã ký (với hồ sơ ban hành .json bên cạnh).
        pdf: PathBuf,
        /// Tệp kèm theo văn bản (được đóng vào gói sau văn bản chính).
        #[arg(long = "kem-theo")]
        attachments: Vec<PathBuf>,
        /// Hạn xử lý: 20/03/2019.
        #[arg(long = "han-xu-ly", value_parser = parse_day)]
        due: Option<NaiveDate>,
        /// Thời điểm gửi, ISO 8601 (mặc định: bây giờ, giờ Việt Nam).
        #[arg(long = "thoi-gian")]
        time: Option<String>,
        /// Tệp gói (mặc định: cùng tên với tệp PDF, đuôi .edxml).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Đóng gói cả khi văn bản chưa ký số (để thử; gói ghi rõ “chưa ký số”).
        #[arg(long = "chua-ky")]
        unsigned: bool,
    },
    /// Ghi trạng thái nơi nhận báo về (thông điệp trạng thái edXML: đã đến, đã tiếp
    /// nhận…) vào sổ văn bản đi.
    #[command(name = "trang-thai")]
    TrangThai {
        /// Thông điệp trạng thái (.xml).
        status: Vec<PathBuf>,
        /// Sổ văn bản đi (mặc định: như vanban ban-hanh).
        #[arg(long = "so-di")]
        register: Option<PathBuf>,
    },
    /// Kiểm tra bảng điểm Chỉ số CCHC và xếp hạng các sở, ban, ngành, quận, huyện.
    #[command(name = "chi-so")]
    ChiSo {
        /// Bảng điểm (.xlsx, .xls, .ods); cấu hình cùng tên .toml bên cạnh nếu có.
        scores: PathBuf,
        /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
        #[arg(long)]
        registry: Option<PathBuf>,
        /// Kết quả năm trước: bảng điểm năm trước, bảng xếp hạng (-o) hoặc JSON của lệnh này.
        #[arg(long)]
        previous: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Ghi bảng xếp hạng (Excel, có biểu đồ) vào tệp này.
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

/// Who signs (`vanban ky --vai`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignRoleArg {
    /// Người có thẩm quyền: ảnh chữ ký màu xanh giữa chức vụ và họ tên.
    LanhDao,
    /// Cơ quan, tổ chức: ảnh dấu màu đỏ, đúng kích thước, trùm 1/3 chữ ký bên trái.
    CoQuan,
    /// Văn bản kèm theo: số, ký hiệu và thời gian ký ở góc trên bên phải trang đầu.
    KemTheo,
}

/// Inputs of the commands that compile a period.
#[derive(clap::Args)]
pub struct CompileArgs {
    /// Kỳ báo cáo: q1-2019, h1-2019, q3-2019, y-2019 (mặc định: theo cấu hình).
    #[arg(long, value_parser = parse_period)]
    pub period: Option<Period>,
    /// Ngày tổng hợp (mặc định: theo cấu hình, hoặc hôm nay).
    #[arg(long, value_parser = parse_day)]
    pub as_of: Option<NaiveDate>,
    /// Thư mục báo cáo của các cơ quan (mặc định: inputs/bao-cao/<kỳ>).
    #[arg(long)]
    pub submissions: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Thư mục ghi kết quả (mặc định: output/<kỳ>).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Định dạng văn bản: docx,pdf (mặc định: theo cấu hình, hoặc cả hai); thêm json
    /// để in danh sách công văn dạng JSON (lệnh remind).
    #[arg(long, value_parser = OutputFormats::parse)]
    pub format: Option<OutputFormats>,
    /// Thư mục phông chữ bổ sung.
    #[arg(long)]
    pub font_dir: Option<PathBuf>,
}

/// The documents to write, and whether to print the list of what was written as JSON.
#[derive(Debug, Clone, Copy)]
pub struct OutputFormats {
    /// `None`: as the configuration says.
    pub docs: Option<Formats>,
    pub json: bool,
}

impl OutputFormats {
    /// "docx,pdf", "pdf", "json", "json,pdf".
    pub fn parse(s: &str) -> Result<OutputFormats, String> {
        let mut json = false;
        let rest: Vec<&str> = s
            .split(',')
            .map(str::trim)
            .filter(|p| {
                let is_json = p.eq_ignore_ascii_case("json");
                json |= is_json;
                !p.is_empty() && !is_json
            })
            .collect();
        let docs = if rest.is_empty() {
            None
        } else {
            Some(Formats::parse(&rest.join(","))?)
        };
        if docs.is_none() && !json {
            return Err("cần ít nhất một định dạng: docx, pdf, json".into());
        }
        Ok(OutputFormats { docs, json })
    }
}

/// Options of the document commands.
#[derive(clap::Args)]
pub struct DocArgs {
    /// Thư mục ghi văn bản.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Định dạng: docx,pdf (mặc định: theo cấu hình, hoặc cả hai).
    #[arg(long, value_parser = Formats::parse)]
    pub format: Option<Formats>,
    /// Thư mục phông chữ bổ sung (ví dụ Times New Roman thật).
    #[arg(long)]
    pub font_dir: Option<PathBuf>,
}

/// Paths of the reference data.
#[derive(clap::Args, Default)]
pub struct DataArgs {
    /// Danh mục nhiệm vụ (mặc định: inputs/danh-muc-2019.xlsx).
    #[arg(long)]
    pub catalogue: Option<PathBuf>,
    /// Danh sách cơ quan (mặc định: inputs/co-quan.toml).
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// Danh sách chỉ tiêu số liệu (mặc định: inputs/chi-tieu.toml).
    #[arg(long)]
    pub indicators: Option<PathBuf>,
    /// Lịch báo cáo (mặc định: inputs/ky-bao-cao.toml).
    #[arg(long)]
    pub calendar: Option<PathBuf>,
}

/// Limits on each submission (default: vanban.toml `[limits]`, else 20 MB, 200 MB,
/// 2.000.000 cells).
#[derive(clap::Args, Default)]
pub struct LimitArgs {
    /// Giới hạn dung lượng tệp, MB (mặc định 20).
    #[arg(long)]
    pub max_file_mb: Option<u64>,
    /// Giới hạn dung lượng sau giải nén, MB (mặc định 200).
    #[arg(long)]
    pub max_unzipped_mb: Option<u64>,
    /// Giới hạn số ô của bảng tính (mặc định 2.000.000).
    #[arg(long)]
    pub max_cells: Option<u64>,
}

fn parse_period(s: &str) -> Result<Period, String> {
    Period::parse_id(s).ok_or_else(|| {
        format!("kỳ báo cáo \"{s}\" không hợp lệ; dùng q1-2019, h1-2019, q3-2019 hoặc y-2019")
    })
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    crate::read::values::parse_date_text(s)
        .map_err(|_| format!("ngày \"{s}\" không hợp lệ; dùng dd/mm/yyyy"))
}
