//! The Asset Report as a document: one statement-like section per account over the
//! report's window, opening from the computed balance history, lines oldest first.

use super::report::{is_debt, AssetReport, ReportAccount, ReportItem};
use polyfin_documents::{ReportDocument, StatementDocument, StatementLine};
use polyfin_domain::Decimal;
use time::Duration;

pub(super) fn document(report: &AssetReport) -> ReportDocument {
    let sections = report
        .items
        .iter()
        .flat_map(|item| item.accounts.iter().map(move |a| section(report, item, a)))
        .collect();
    let author = report
        .items
        .first()
        .map(|i| i.institution_name.clone())
        .unwrap_or_else(|| "Polyfin".to_owned());
    ReportDocument {
        heading: "Asset Report".to_owned(),
        title: format!("Asset Report {}", report.asset_report_id),
        author,
        sections,
        generated_at: report.date_generated,
    }
}

fn section(report: &AssetReport, item: &ReportItem, a: &ReportAccount) -> StatementDocument {
    let end = report.date_generated.date();
    let start = end - Duration::days(i64::from(report.days_requested));
    // Lines in the statement's sign: what raises the printed balance is positive.
    let debt = is_debt(&a.kind);
    let mut posted: Vec<_> = a.transactions.iter().filter(|t| !t.pending).collect();
    posted.sort_by(|x, y| {
        x.date
            .cmp(&y.date)
            .then(x.transaction_id.cmp(&y.transaction_id))
    });
    let closing = a.current.unwrap_or(Decimal::ZERO);
    let signed = |amount: Decimal| if debt { amount } else { -amount };
    let moved: Decimal = posted.iter().map(|t| signed(t.amount)).sum();
    let opening = closing - moved;
    let mut balance = opening;
    let lines = posted
        .iter()
        .map(|t| {
            balance += signed(t.amount);
            StatementLine {
                date: t.date,
                description: t.name.clone(),
                amount: signed(t.amount),
                balance,
            }
        })
        .collect();
    StatementDocument {
        institution_name: item.institution_name.clone(),
        account_name: a.name.clone(),
        account_number_mask: a.mask.clone().unwrap_or_default(),
        currency_code: a.iso_currency_code.clone(),
        period_start: start,
        period_end: end,
        opening_balance: opening,
        closing_balance: closing,
        lines,
        generated_at: report.date_generated,
    }
}
