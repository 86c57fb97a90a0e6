//! Micro-deposit account verification: two small deposits land in the account a
//! business day after it is initiated, and the end user proves ownership by reading
//! them back. Three wrong pairs end it for good.

use crate::ids::{ClientId, MicroDepositGuid, UserGuid};
use crate::routing::valid_aba;
use crate::supplied::InvalidField;
use crate::text;
use rust_decimal::Decimal;
use time::{Duration, OffsetDateTime, Weekday};

/// MX's statuses with the Connect widget's integer codes (connect spec §1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MicroDepositStatus {
    Initiated,
    Requested,
    Deposited,
    Verified,
    Errored,
    /// The last pair of amounts was wrong; the end user may try again.
    Denied,
    /// Too many wrong pairs: verification is over.
    Prevented,
    Conflicted,
    Rejected,
    /// Only the end user's name and email are known so far.
    Preinitiated,
}

const ALL: [MicroDepositStatus; 10] = [
    MicroDepositStatus::Initiated,
    MicroDepositStatus::Requested,
    MicroDepositStatus::Deposited,
    MicroDepositStatus::Verified,
    MicroDepositStatus::Errored,
    MicroDepositStatus::Denied,
    MicroDepositStatus::Prevented,
    MicroDepositStatus::Conflicted,
    MicroDepositStatus::Rejected,
    MicroDepositStatus::Preinitiated,
];

impl MicroDepositStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Initiated => "INITIATED",
            Self::Requested => "REQUESTED",
            Self::Deposited => "DEPOSITED",
            Self::Verified => "VERIFIED",
            Self::Errored => "ERRORED",
            Self::Denied => "DENIED",
            Self::Prevented => "PREVENTED",
            Self::Conflicted => "CONFLICTED",
            Self::Rejected => "REJECTED",
            Self::Preinitiated => "PREINITIATED",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        ALL.iter().copied().find(|s| s.name() == name)
    }

    pub fn code(self) -> u8 {
        ALL.iter()
            .position(|s| *s == self)
            .and_then(|p| u8::try_from(p).ok())
            .unwrap_or(u8::MAX)
    }

    /// Whether amounts may be submitted now.
    pub fn awaits_amounts(self) -> bool {
        matches!(self, Self::Deposited | Self::Denied)
    }

    /// Whether the details may still be corrected: nothing has been deposited yet
    /// (pre-initiated, initiated or requested), or sending failed (ERRORED).
    pub fn accepts_changes(self) -> bool {
        matches!(
            self,
            Self::Preinitiated | Self::Initiated | Self::Requested | Self::Errored
        )
    }
}

/// How many wrong pairs end a verification (PREVENTED), like a member's three failed
/// logins.
pub const MAX_ATTEMPTS: u8 = 3;
/// Deposits land this many business days after initiation.
pub const BUSINESS_DAYS_TO_DEPOSIT: u8 = 1;
pub const ACCOUNT_TYPES: [&str; 2] = ["CHECKING", "SAVINGS"];
/// Deposits whose amounts are not verified within this time after they landed expire
/// (Plaid's AUTH `VERIFICATION_EXPIRED`: "not verified 7 days after micro-deposits").
pub const VERIFICATION_WINDOW: Duration = Duration::days(7);

#[derive(Debug, Clone, PartialEq)]
pub struct MicroDeposit {
    pub guid: MicroDepositGuid,
    pub client_id: ClientId,
    pub user_guid: UserGuid,
    pub account_name: Option<String>,
    pub account_number: Option<String>,
    pub account_type: Option<String>,
    pub routing_number: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub status: MicroDepositStatus,
    /// Wrong pairs submitted so far.
    pub attempts: u8,
    pub error_message: Option<String>,
    pub deposit_expected_at: Option<OffsetDateTime>,
    pub verified_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// What a partner sends to start (or pre-initiate) a micro-deposit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MicroDepositDetails {
    pub account_name: Option<String>,
    pub account_number: Option<String>,
    pub account_type: Option<String>,
    pub routing_number: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl MicroDepositDetails {
    /// Checks the details and says where the micro-deposit starts: INITIATED with
    /// the bank details, PREINITIATED with only the end user's name and email. The
    /// SDK requires the bank fields, so empty strings count as not given.
    pub fn checked(mut self) -> Result<(Self, MicroDepositStatus), InvalidField> {
        for slot in [
            &mut self.account_name,
            &mut self.account_number,
            &mut self.account_type,
            &mut self.routing_number,
            &mut self.email,
            &mut self.first_name,
            &mut self.last_name,
        ] {
            if slot.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *slot = None;
            }
        }
        self.check_person()?;
        let bank_given = self.account_number.is_some()
            || self.routing_number.is_some()
            || self.account_type.is_some();
        let person_given =
            self.email.is_some() && self.first_name.is_some() && self.last_name.is_some();
        if !bank_given && person_given {
            return Ok((self, MicroDepositStatus::Preinitiated));
        }
        self.check_bank()?;
        Ok((self, MicroDepositStatus::Initiated))
    }

    fn check_person(&self) -> Result<(), InvalidField> {
        if let Some(email) = &self.email {
            text::check_email("micro_deposit.email", email)?;
        }
        for (field, value) in [
            ("micro_deposit.account_name", &self.account_name),
            ("micro_deposit.first_name", &self.first_name),
            ("micro_deposit.last_name", &self.last_name),
        ] {
            if let Some(value) = value {
                text::check_len(field, value, text::MAX_SHORT_TEXT)?;
            }
        }
        Ok(())
    }

    fn check_bank(&mut self) -> Result<(), InvalidField> {
        let missing = |field: &str| InvalidField::new(field, format!("{field} is required."));
        let number = self
            .account_number
            .as_deref()
            .ok_or_else(|| missing("micro_deposit.account_number"))?;
        // ACH account numbers (DFI account numbers) are up to 17 digits.
        if !(4..=17).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InvalidField::new(
                "micro_deposit.account_number",
                "micro_deposit.account_number must be 4 to 17 digits.",
            ));
        }
        let kind = self
            .account_type
            .as_deref()
            .ok_or_else(|| missing("micro_deposit.account_type"))?
            .trim()
            .to_ascii_uppercase();
        if !ACCOUNT_TYPES.contains(&kind.as_str()) {
            return Err(InvalidField::new(
                "micro_deposit.account_type",
                "micro_deposit.account_type must be CHECKING or SAVINGS.",
            ));
        }
        self.account_type = Some(kind);
        let routing = self
            .routing_number
            .as_deref()
            .ok_or_else(|| missing("micro_deposit.routing_number"))?;
        if !valid_aba(routing) {
            return Err(InvalidField::new(
                "micro_deposit.routing_number",
                "micro_deposit.routing_number is not a valid ABA routing number.",
            ));
        }
        Ok(())
    }
}

/// Why a micro-deposit's details could not be changed.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeRefused {
    /// The deposits were sent (or verification is over): `status` says which.
    NotChangeable(MicroDepositStatus),
    Invalid(InvalidField),
}

impl From<InvalidField> for ChangeRefused {
    fn from(error: InvalidField) -> Self {
        Self::Invalid(error)
    }
}

/// What a verification attempt led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyOutcome {
    Verified,
    Denied,
    Prevented,
    /// Amounts cannot be taken in this status (not deposited yet, or over).
    NotAwaiting(MicroDepositStatus),
}

impl MicroDeposit {
    /// The two amounts deposited: fixed by the guid, so they never change and need
    /// not be stored; distinct, each between $0.01 and $0.99.
    pub fn amounts(&self) -> (Decimal, Decimal) {
        deposit_amounts(self.guid.as_str())
    }

    /// Corrects the details of a micro-deposit whose deposits have not been sent:
    /// given fields replace the stored ones (empty strings are "not given"), and the
    /// result is checked as a new one would be. New bank details (or the first ones,
    /// for a pre-initiated micro-deposit, or a retry after ERRORED) start the deposits
    /// over from `now`; a corrected name or email alone changes nothing else.
    pub fn apply(
        &mut self,
        changes: MicroDepositDetails,
        now: OffsetDateTime,
    ) -> Result<(), ChangeRefused> {
        if !self.status.accepts_changes() {
            return Err(ChangeRefused::NotChangeable(self.status));
        }
        let keep = |given: Option<String>, stored: &Option<String>| {
            given
                .filter(|v| !v.trim().is_empty())
                .or_else(|| stored.clone())
        };
        let merged = MicroDepositDetails {
            account_name: keep(changes.account_name, &self.account_name),
            account_number: keep(changes.account_number, &self.account_number),
            account_type: keep(changes.account_type, &self.account_type),
            routing_number: keep(changes.routing_number, &self.routing_number),
            email: keep(changes.email, &self.email),
            first_name: keep(changes.first_name, &self.first_name),
            last_name: keep(changes.last_name, &self.last_name),
        };
        let (checked, status) = merged.checked()?;
        let bank_changed = checked.account_number != self.account_number
            || checked.routing_number != self.routing_number
            || checked.account_type != self.account_type;
        let restart = status == MicroDepositStatus::Initiated
            && (bank_changed || self.status != MicroDepositStatus::Initiated);
        self.account_name = checked.account_name;
        self.account_number = checked.account_number;
        self.account_type = checked.account_type;
        self.routing_number = checked.routing_number;
        self.email = checked.email;
        self.first_name = checked.first_name;
        self.last_name = checked.last_name;
        if restart {
            self.status = MicroDepositStatus::Initiated;
            self.deposit_expected_at = Some(deposits_land_at(now));
            self.error_message = None;
            self.attempts = 0;
        }
        self.updated_at = now;
        Ok(())
    }

    /// INITIATED becomes DEPOSITED once the deposits have landed.
    pub fn land(&mut self, now: OffsetDateTime) -> bool {
        let due = self.deposit_expected_at.is_some_and(|at| at <= now);
        if self.status == MicroDepositStatus::Initiated && due {
            self.status = MicroDepositStatus::Deposited;
            self.updated_at = now;
            return true;
        }
        false
    }

    /// DEPOSITED or DENIED becomes ERRORED once `VERIFICATION_WINDOW` has passed since
    /// the deposits landed without the right pair. ERRORED takes corrected (or the
    /// same) details again, which sends new deposits.
    pub fn expire(&mut self, now: OffsetDateTime) -> bool {
        let over = self
            .deposit_expected_at
            .is_some_and(|landed| landed + VERIFICATION_WINDOW <= now);
        if self.status.awaits_amounts() && over {
            self.status = MicroDepositStatus::Errored;
            self.error_message = Some(format!(
                "The deposit amounts were not verified within {} days; submit the account \
                 details again to send new deposits.",
                VERIFICATION_WINDOW.whole_days()
            ));
            self.updated_at = now;
            return true;
        }
        false
    }

    /// Checks a pair of amounts, in either order.
    pub fn verify(
        &mut self,
        first: Decimal,
        second: Decimal,
        now: OffsetDateTime,
    ) -> VerifyOutcome {
        if !self.status.awaits_amounts() {
            return VerifyOutcome::NotAwaiting(self.status);
        }
        let (a, b) = self.amounts();
        self.updated_at = now;
        if (first == a && second == b) || (first == b && second == a) {
            self.status = MicroDepositStatus::Verified;
            self.verified_at = Some(now);
            self.error_message = None;
            return VerifyOutcome::Verified;
        }
        self.attempts = self.attempts.saturating_add(1);
        if self.attempts >= MAX_ATTEMPTS {
            self.status = MicroDepositStatus::Prevented;
            self.error_message = Some(format!(
                "The deposit amounts were entered incorrectly {MAX_ATTEMPTS} times."
            ));
            VerifyOutcome::Prevented
        } else {
            self.status = MicroDepositStatus::Denied;
            self.error_message = Some("The deposit amounts do not match.".to_owned());
            VerifyOutcome::Denied
        }
    }
}

/// A submitted amount must look like a micro-deposit: cents between $0.01 and $0.99.
pub fn check_submitted_amount(field: &str, amount: Decimal) -> Result<(), InvalidField> {
    let cents = amount * Decimal::ONE_HUNDRED;
    let in_range = amount >= Decimal::new(1, 2) && amount <= Decimal::new(99, 2);
    if in_range && cents.fract().is_zero() {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            format!("{field} must be an amount between 0.01 and 0.99."),
        ))
    }
}

fn deposit_amounts(guid: &str) -> (Decimal, Decimal) {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let hash = guid.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let first = hash % 99 + 1;
    let mut second = (hash / 99) % 99 + 1;
    if second == first {
        second = first % 99 + 1;
    }
    let cents = |c: u64| Decimal::new(i64::try_from(c).unwrap_or(1), 2);
    (cents(first), cents(second))
}

/// When deposits made at `at` land: the same time of day, `BUSINESS_DAYS_TO_DEPOSIT`
/// weekdays later (a weekend does not count).
pub fn deposits_land_at(at: OffsetDateTime) -> OffsetDateTime {
    let mut day = at;
    let mut left = BUSINESS_DAYS_TO_DEPOSIT;
    while left > 0 {
        day += Duration::days(1);
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn initiated() -> MicroDeposit {
        let now = datetime!(2024-06-07 10:00 UTC);
        MicroDeposit {
            guid: MicroDepositGuid::generate(),
            client_id: ClientId::generate(),
            user_guid: UserGuid::generate(),
            account_name: None,
            account_number: Some("123456789".into()),
            account_type: Some("CHECKING".into()),
            routing_number: Some("091000019".into()),
            email: None,
            first_name: None,
            last_name: None,
            status: MicroDepositStatus::Initiated,
            attempts: 0,
            error_message: None,
            deposit_expected_at: Some(deposits_land_at(now)),
            verified_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn amounts_are_stable_distinct_cents() {
        for _ in 0..500 {
            let guid = MicroDepositGuid::generate();
            let (a, b) = deposit_amounts(guid.as_str());
            assert_eq!((a, b), deposit_amounts(guid.as_str()));
            assert_ne!(a, b);
            for amount in [a, b] {
                check_submitted_amount("x", amount).expect("a cent amount under a dollar");
            }
        }
    }

    #[test]
    fn weekends_do_not_count() {
        let friday = datetime!(2024-06-07 10:00 UTC);
        assert_eq!(deposits_land_at(friday), datetime!(2024-06-10 10:00 UTC));
        let tuesday = datetime!(2024-06-11 10:00 UTC);
        assert_eq!(deposits_land_at(tuesday), datetime!(2024-06-12 10:00 UTC));
    }

    #[test]
    fn lifecycle_to_verified_and_to_prevented() {
        let mut md = initiated();
        let (a, b) = md.amounts();
        let early = md.created_at + Duration::hours(1);
        assert_eq!(
            md.verify(a, b, early),
            VerifyOutcome::NotAwaiting(MicroDepositStatus::Initiated)
        );
        assert!(!md.land(early));
        let later = md.created_at + Duration::days(3);
        assert!(md.land(later));
        let mut wrong = md.clone();
        assert_eq!(md.verify(b, a, later), VerifyOutcome::Verified);
        // Any cent amount outside the pair: `1.00 - a` would equal `a` when a is 0.50.
        let bad = (1..100)
            .map(|cents| Decimal::new(cents, 2))
            .find(|x| *x != a && *x != b)
            .unwrap_or_default();
        assert_eq!(wrong.verify(bad, b, later), VerifyOutcome::Denied);
        assert_eq!(wrong.verify(bad, b, later), VerifyOutcome::Denied);
        assert_eq!(wrong.verify(bad, b, later), VerifyOutcome::Prevented);
        assert_eq!(
            wrong.verify(a, b, later),
            VerifyOutcome::NotAwaiting(MicroDepositStatus::Prevented)
        );
    }

    #[test]
    fn unverified_deposits_expire_after_the_window_and_can_be_sent_again() {
        let mut md = initiated();
        let landed = md.deposit_expected_at.unwrap_or(md.created_at);
        assert!(!md.expire(landed + VERIFICATION_WINDOW), "not landed yet");
        assert!(md.land(landed));
        let bad = Decimal::new(100, 2);
        let (_, b) = md.amounts();
        assert_eq!(md.verify(bad, b, landed), VerifyOutcome::Denied);
        let just_before = landed + VERIFICATION_WINDOW - Duration::seconds(1);
        assert!(!md.expire(just_before));
        assert_eq!(md.status, MicroDepositStatus::Denied);
        assert!(md.expire(landed + VERIFICATION_WINDOW));
        assert_eq!(md.status, MicroDepositStatus::Errored);
        assert!(!md.expire(landed + VERIFICATION_WINDOW), "only once");
        let again = landed + Duration::days(8);
        md.apply(MicroDepositDetails::default(), again)
            .expect("ERRORED takes the details again");
        assert_eq!(md.status, MicroDepositStatus::Initiated);
        assert_eq!(md.attempts, 0);

        let mut verified = initiated();
        assert!(verified.land(landed));
        let (a, b) = verified.amounts();
        assert_eq!(verified.verify(a, b, landed), VerifyOutcome::Verified);
        assert!(!verified.expire(landed + Duration::days(30)));
        assert_eq!(verified.status, MicroDepositStatus::Verified);
    }

    #[test]
    fn preinitiated_needs_only_the_person() {
        let person = MicroDepositDetails {
            email: Some("a@b.co".into()),
            first_name: Some("A".into()),
            last_name: Some("B".into()),
            account_number: Some(String::new()),
            ..Default::default()
        };
        let (_, status) = person.clone().checked().expect("pre-initiated");
        assert_eq!(status, MicroDepositStatus::Preinitiated);
        let routing = MicroDepositDetails {
            account_number: Some("12345678".into()),
            account_type: Some("checking".into()),
            routing_number: Some("091000018".into()),
            ..person
        };
        assert_eq!(
            routing.checked().expect_err("bad ABA").field,
            "micro_deposit.routing_number"
        );
        let nothing = MicroDepositDetails::default()
            .checked()
            .expect_err("nothing given");
        assert_eq!(nothing.field, "micro_deposit.account_number");
    }

    #[test]
    fn codes_match_the_widget() {
        assert_eq!(MicroDepositStatus::Initiated.code(), 0);
        assert_eq!(MicroDepositStatus::Prevented.code(), 6);
        assert_eq!(MicroDepositStatus::Preinitiated.code(), 9);
    }
}
