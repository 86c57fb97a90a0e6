//! Images of cleared checks, served as SVG for `check.imageFront_url` and
//! `check.imageBack_url` (spec §3.5): the front shows what the drawer wrote and the
//! MICR line; the back the payee's endorsement and the bank's clearing stamp.

use super::BankInfo;
use polyfin_ledger::{Account, TransactionView};

/// Which side of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSide {
    Front,
    Back,
}

impl CheckSide {
    pub fn parse(raw: &str) -> Option<CheckSide> {
        match raw {
            "front" => Some(CheckSide::Front),
            "back" => Some(CheckSide::Back),
            _ => None,
        }
    }
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

fn text(x: u32, y: u32, size: u32, content: &str) -> String {
    format!(
        r#"<text x="{x}" y="{y}" font-family="monospace" font-size="{size}">{}</text>"#,
        escape(content)
    )
}

/// The SVG of one side of a check row (`row.check_number` is set).
pub fn check_image(
    bank: &BankInfo,
    account: &Account,
    row: &TransactionView,
    side: CheckSide,
) -> String {
    let number = row.check_number.unwrap_or_default();
    let date = polyfin_domain::clock::format_date(row.created_on);
    let amount = polyfin_ledger::money::format_amount(row.amount.abs());
    let lines = match side {
        CheckSide::Front => vec![
            text(24, 36, 16, &account.title),
            text(520, 36, 16, &format!("No. {number}")),
            text(24, 60, 12, &bank.name),
            text(440, 84, 14, &format!("Date {date}")),
            text(
                24,
                120,
                14,
                &format!(
                    "Pay to the order of  {}",
                    row.memo.as_deref().unwrap_or("Cash")
                ),
            ),
            text(520, 120, 16, &format!("${amount}")),
            text(
                24,
                170,
                12,
                &format!("Memo  {}", row.description.as_deref().unwrap_or("")),
            ),
            text(
                24,
                232,
                18,
                &format!(
                    "⑆{}⑆ {}⑈ {number:04}",
                    bank.routing_number, account.masked_number
                ),
            ),
        ],
        CheckSide::Back => vec![
            text(24, 40, 12, "ENDORSE HERE"),
            text(24, 70, 14, "For deposit only"),
            text(
                24,
                200,
                12,
                &format!(
                    "PAID {} {} {}",
                    bank.name.to_uppercase(),
                    bank.routing_number,
                    row.posted_on
                        .map(polyfin_domain::clock::format_date)
                        .unwrap_or_default()
                ),
            ),
        ],
    };
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="680" height="260" viewBox="0 0 680 260">"#,
            r##"<rect x="2" y="2" width="676" height="256" rx="8" fill="#F4F1E6" stroke="#7A7A7A"/>"##,
            "{}</svg>"
        ),
        lines.concat()
    )
}
