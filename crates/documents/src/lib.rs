//! Documents Polyfin produces for end users: account statements as PDF (MX serves
//! them at `GET …/statements/{guid}.pdf`).
//!
//! Rendering is a pure function of its input: the same statement gives the same
//! bytes, so a statement's `content_hash` (SHA-256 of the PDF) is stable. The PDF uses
//! only the base-14 Helvetica fonts (no font files, nothing read from the system) and
//! leaves its content streams uncompressed, so its text is searchable as is.

mod money;
mod render;
mod text;

pub use money::format_money;
use rust_decimal::Decimal;
use time::{Date, OffsetDateTime};

/// A multi-account report (e.g. a Plaid Asset Report) as one PDF: each section is an
/// account printed like a statement (its period, opening and closing balance, lines
/// with running balances) under the heading `heading`, each starting on a new page.
#[derive(Debug, Clone)]
pub struct ReportDocument {
    pub heading: String,
    pub title: String,
    pub author: String,
    pub sections: Vec<StatementDocument>,
    pub generated_at: OffsetDateTime,
}

/// Renders `report`; at least one page even without sections.
pub fn render_report(report: &ReportDocument) -> Result<Vec<u8>, DocumentError> {
    for s in &report.sections {
        if s.period_end < s.period_start {
            return Err(DocumentError::InvalidPeriod {
                start: s.period_start,
                end: s.period_end,
            });
        }
    }
    let lines: usize = report.sections.iter().map(|s| s.lines.len()).sum();
    if lines > MAX_STATEMENT_LINES {
        return Err(DocumentError::TooManyLines {
            lines,
            max: MAX_STATEMENT_LINES,
        });
    }
    let info = render::DocumentInfo {
        title: &report.title,
        author: &report.author,
        generated_at: report.generated_at,
    };
    let empty;
    let sections = if report.sections.is_empty() {
        empty = [StatementDocument {
            institution_name: report.author.clone(),
            account_name: "No accounts".to_owned(),
            account_number_mask: String::new(),
            currency_code: "USD".to_owned(),
            period_start: report.generated_at.date(),
            period_end: report.generated_at.date(),
            opening_balance: Decimal::ZERO,
            closing_balance: Decimal::ZERO,
            lines: Vec::new(),
            generated_at: report.generated_at,
        }];
        &empty[..]
    } else {
        &report.sections[..]
    };
    Ok(render::sections_pdf(&report.heading, sections, &info))
}

/// One account's statement for one period, ready to print.
#[derive(Debug, Clone)]
pub struct StatementDocument {
    pub institution_name: String,
    pub account_name: String,
    /// The last digits of the account number (usually four); empty prints none.
    pub account_number_mask: String,
    pub currency_code: String,
    pub period_start: Date,
    pub period_end: Date,
    pub opening_balance: Decimal,
    pub closing_balance: Decimal,
    /// In the order printed (by date, oldest first, as statements read).
    pub lines: Vec<StatementLine>,
    pub generated_at: OffsetDateTime,
}

/// One transaction on a statement.
#[derive(Debug, Clone)]
pub struct StatementLine {
    pub date: Date,
    /// Any Unicode: characters Helvetica cannot draw print as `?`.
    pub description: String,
    /// Signed: positive credits, negative debits.
    pub amount: Decimal,
    /// The running balance after this line.
    pub balance: Decimal,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("the statement period ends ({end}) before it starts ({start})")]
    InvalidPeriod { start: Date, end: Date },
    /// A guard against absurd input: a statement this long is a bug upstream.
    #[error("a statement has at most {max} lines, not {lines}")]
    TooManyLines { lines: usize, max: usize },
}

/// The most lines one statement may carry (about 2,000 pages).
pub const MAX_STATEMENT_LINES: usize = 100_000;

/// Renders `statement` as a PDF: a header with the institution, account and period,
/// a summary (opening balance, credits, debits, closing balance) and the table of
/// lines, over as many US Letter pages as the lines need.
pub fn render_statement(statement: &StatementDocument) -> Result<Vec<u8>, DocumentError> {
    if statement.period_end < statement.period_start {
        return Err(DocumentError::InvalidPeriod {
            start: statement.period_start,
            end: statement.period_end,
        });
    }
    if statement.lines.len() > MAX_STATEMENT_LINES {
        return Err(DocumentError::TooManyLines {
            lines: statement.lines.len(),
            max: MAX_STATEMENT_LINES,
        });
    }
    Ok(render::statement_pdf(statement))
}
