//! Everything the sandbox emits is something enrichment understands.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use polyfin_connectors::sandbox::generate;
use polyfin_connectors::FetchRequest;
use polyfin_domain::category::Taxonomy;
use polyfin_domain::transaction::TransactionKind;
use polyfin_enrich::enrich;
use time::macros::datetime;
use time::Duration;

#[test]
fn every_sandbox_transaction_gets_a_category() {
    let taxonomy = Taxonomy::standard();
    let uncategorized = &taxonomy.uncategorized().guid;
    let now = datetime!(2026-03-04 15:30 UTC);
    let request = FetchRequest {
        now,
        from: now.date() - Duration::days(120),
        include_transactions: true,
        extras: Default::default(),
    };
    let mut seen = 0;
    let mut with_merchant = 0;
    for i in 0..20 {
        let data = generate(&format!("enrich-{i}"), &request);
        for t in &data.transactions {
            let e = enrich(
                &t.raw_description,
                t.merchant_category_code,
                t.kind,
                t.amount,
            );
            assert_ne!(
                &e.category_guid, uncategorized,
                "{:?}: {}",
                t.kind, t.raw_description
            );
            assert!(!e.description.is_empty());
            let category = taxonomy.get_by_guid(e.category_guid.as_str()).unwrap();
            if t.raw_description.contains("PAYROLL") || t.raw_description.contains("DIR DEP") {
                assert_eq!(category.name, "Paycheck", "{}", t.raw_description);
                assert!(e.flags.is_income && e.flags.is_direct_deposit && e.flags.is_recurring);
            }
            if t.raw_description.contains("TRANSFER") || t.raw_description.contains("THANK YOU") {
                assert!(
                    !e.flags.is_expense && !e.flags.is_income,
                    "{}",
                    t.raw_description
                );
            }
            if t.kind == TransactionKind::Debit && t.merchant_category_code.is_some() {
                assert!(e.flags.is_expense, "{}", t.raw_description);
            }
            with_merchant += usize::from(e.merchant_name.is_some());
            seen += 1;
        }
    }
    assert!(seen > 2_000, "only {seen} transactions");
    assert!(
        with_merchant * 2 > seen,
        "{with_merchant} of {seen} have a merchant"
    );
}
