//! Statement PDFs: well-formed files whose text (amounts, labels, every line) can be
//! read back. Text is read from the uncompressed content streams by the small
//! extractor below, so no external tool is needed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_documents::{
    render_statement, DocumentError, StatementDocument, StatementLine, MAX_STATEMENT_LINES,
};
use rust_decimal::Decimal;
use time::macros::{date, datetime};
use time::Duration;

fn dollars(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// A statement with `n` lines: alternating debits and credits from $1,234.56.
fn statement(n: usize) -> StatementDocument {
    let opening = dollars(123_456);
    let mut balance = opening;
    let lines: Vec<StatementLine> = (0..n)
        .map(|i| {
            let cents = i64::try_from(i).unwrap() * 37 + 1_200;
            let amount = if i % 3 == 2 {
                dollars(cents * 10)
            } else {
                -dollars(cents)
            };
            balance += amount;
            StatementLine {
                date: date!(2026 - 01 - 01) + Duration::days(i64::try_from(i % 31).unwrap()),
                description: format!("PURCHASE NUMBER {i:03} MERCHANT"),
                amount,
                balance,
            }
        })
        .collect();
    StatementDocument {
        institution_name: "MX Bank".to_owned(),
        account_name: "Everyday Checking".to_owned(),
        account_number_mask: "4821".to_owned(),
        currency_code: "USD".to_owned(),
        period_start: date!(2026 - 01 - 01),
        period_end: date!(2026 - 01 - 31),
        opening_balance: opening,
        closing_balance: balance,
        lines,
        generated_at: datetime!(2026-02-03 08:15:00 UTC),
    }
}

/// The strings shown by `Tj` operators, in order: literal `( … )` strings with their
/// escapes, and `< … >` hex strings (decoded as Latin-1, close to WinAnsi).
fn shown_text(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pdf.len() {
        match pdf[i] {
            b'(' => {
                let (bytes, end) = literal(pdf, i + 1);
                if followed_by_tj(pdf, end) {
                    out.push(bytes.iter().map(|&b| char::from(b)).collect());
                }
                i = end;
            }
            b'<' if pdf.get(i + 1) != Some(&b'<') => {
                let end = i + pdf[i..].iter().position(|&b| b == b'>').unwrap();
                let hex: Vec<u8> = pdf[i + 1..end]
                    .chunks(2)
                    .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
                    .collect();
                if followed_by_tj(pdf, end + 1) {
                    out.push(hex.iter().map(|&b| char::from(b)).collect());
                }
                i = end + 1;
            }
            b'<' => i += 2,
            _ => i += 1,
        }
    }
    out
}

/// A literal string's bytes from `start` (after its `(`) and the index after its `)`.
fn literal(pdf: &[u8], start: usize) -> (Vec<u8>, usize) {
    let (mut bytes, mut depth, mut i) = (Vec::new(), 0, start);
    while i < pdf.len() {
        match pdf[i] {
            b'\\' => {
                let next = pdf[i + 1];
                if next.is_ascii_digit() {
                    let digits: Vec<u8> = pdf[i + 1..]
                        .iter()
                        .take(3)
                        .take_while(|b| (b'0'..=b'7').contains(b))
                        .copied()
                        .collect();
                    let text = std::str::from_utf8(&digits).unwrap();
                    bytes.push(u8::from_str_radix(text, 8).unwrap());
                    i += 1 + digits.len();
                    continue;
                }
                bytes.push(match next {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    other => other,
                });
                i += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' if depth == 0 => return (bytes, i + 1),
            b')' => depth -= 1,
            _ => {}
        }
        bytes.push(pdf[i]);
        i += 1;
    }
    (bytes, i)
}

fn followed_by_tj(pdf: &[u8], at: usize) -> bool {
    pdf[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(2)
        .eq(b"Tj".iter())
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Header, trailer, and a cross-reference table whose offsets land on their objects.
fn assert_well_formed(pdf: &[u8]) {
    assert!(pdf.starts_with(b"%PDF-"));
    let end = pdf.trim_ascii_end();
    assert!(end.ends_with(b"%%EOF"));
    let text = String::from_utf8_lossy(pdf);
    let startxref: usize = text
        .rsplit("startxref")
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pdf[startxref..].starts_with(b"xref"));
    let table = String::from_utf8_lossy(&pdf[startxref..]);
    let mut rows = table.lines().skip(1);
    let header: Vec<usize> = rows
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    for (object, row) in rows.take(header[1]).enumerate().skip(1) {
        let offset: usize = row[..10].parse().unwrap();
        let expected = format!("{object} 0 obj");
        assert!(pdf[offset..].starts_with(expected.as_bytes()), "{expected}");
    }
}

fn pages(pdf: &[u8]) -> usize {
    count(pdf, b"/Type /Page") - count(pdf, b"/Type /Pages")
}

#[test]
fn an_empty_statement_is_one_page_with_its_balances() {
    let pdf = render_statement(&statement(0)).unwrap();
    assert_well_formed(&pdf);
    assert_eq!(pages(&pdf), 1);
    let text = shown_text(&pdf);
    for expected in [
        "MX Bank",
        "Everyday Checking",
        "Account ending in 4821",
        "Statement period: January 1, 2026 to January 31, 2026",
        "Opening balance",
        "Closing balance",
        "$1,234.56",
        "No transactions posted in this period.",
        "Page 1 of 1",
        "Generated 2026-02-03 08:15 UTC",
    ] {
        assert!(
            text.iter().any(|t| t == expected),
            "{expected} not in {text:?}"
        );
    }
}

#[test]
fn three_lines_show_amounts_and_running_balances() {
    let mut doc = statement(3);
    doc.lines[0].amount = dollars(-12_00);
    let pdf = render_statement(&doc).unwrap();
    assert_well_formed(&pdf);
    assert_eq!(pages(&pdf), 1);
    let text = shown_text(&pdf);
    for line in &doc.lines {
        assert!(text.contains(&line.description));
        let balance = polyfin_documents::format_money(line.balance, "USD");
        assert!(text.contains(&balance), "{balance}");
    }
    for expected in [
        "-$12.00",
        "01/01/2026",
        "Credits (1)",
        "Debits (2)",
        "Balance",
    ] {
        assert!(
            text.iter().any(|t| t == expected),
            "{expected} not in {text:?}"
        );
    }
    // The same bytes are searchable without any parsing too.
    assert!(count(&pdf, b"($1,234.56) Tj") >= 1);
}

#[test]
fn two_hundred_lines_run_over_several_pages() {
    let doc = statement(200);
    let pdf = render_statement(&doc).unwrap();
    assert_well_formed(&pdf);
    let n = pages(&pdf);
    assert!(n >= 4, "{n} pages");
    let text = shown_text(&pdf);
    for line in &doc.lines {
        let shown = text.iter().filter(|t| **t == line.description).count();
        assert_eq!(shown, 1, "{}", line.description);
    }
    for page in 1..=n {
        let footer = format!("Page {page} of {n}");
        assert!(text.contains(&footer), "{footer}");
    }
    let closing = polyfin_documents::format_money(doc.closing_balance, "USD");
    assert!(text.contains(&closing));
    // Later pages say whose statement they belong to.
    let headers = text
        .iter()
        .filter(|t| *t == "MX Bank - Everyday Checking")
        .count();
    assert_eq!(headers, n - 1);
}

#[test]
fn any_unicode_is_drawn_or_replaced() {
    let mut doc = statement(4);
    doc.lines[0].description = "Café Déjà Vu – “Paris” €".to_owned();
    doc.lines[1].description = "寿司 🍣 Sushi".to_owned();
    doc.lines[2].description = "Tab\tand (parens) and \\ backslash".to_owned();
    doc.lines[3].description = "VERY LONG DESCRIPTION ".repeat(20);
    doc.institution_name = "Crédit Agricole (US)".to_owned();
    let pdf = render_statement(&doc).unwrap();
    assert_well_formed(&pdf);
    let text = shown_text(&pdf);
    assert!(text
        .iter()
        .any(|t| t.starts_with("Caf\u{e9} D\u{e9}j\u{e0} Vu")));
    assert!(text.contains(&"?? ? Sushi".to_owned()), "{text:?}");
    assert!(text.contains(&"Tab and (parens) and \\ backslash".to_owned()));
    assert!(text.contains(&"Cr\u{e9}dit Agricole (US)".to_owned()));
    let long = text.iter().find(|t| t.starts_with("VERY LONG")).unwrap();
    assert!(long.ends_with("...") && long.len() < 80, "{long}");
}

#[test]
fn rendering_is_deterministic() {
    let doc = statement(40);
    assert_eq!(
        render_statement(&doc).unwrap(),
        render_statement(&doc).unwrap()
    );
    let mut other = doc.clone();
    other.closing_balance += Decimal::ONE;
    assert_ne!(
        render_statement(&doc).unwrap(),
        render_statement(&other).unwrap()
    );
}

#[test]
fn bad_input_is_refused() {
    let mut doc = statement(1);
    doc.period_end = date!(2025 - 12 - 31);
    assert!(matches!(
        render_statement(&doc),
        Err(DocumentError::InvalidPeriod { .. })
    ));
    let mut doc = statement(1);
    doc.lines = vec![doc.lines[0].clone(); MAX_STATEMENT_LINES + 1];
    assert!(matches!(
        render_statement(&doc),
        Err(DocumentError::TooManyLines { .. })
    ));
}
