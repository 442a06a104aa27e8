//! The Chỉ số CCHC documents: the ranking annexes of the Quyết định công bố
//! ([`annex`]) and the Sở's analysis report sent with it ([`analysis`]).

pub mod analysis;
pub mod annex;

pub use annex::ranking_blocks;
