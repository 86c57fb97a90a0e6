//! Where a member's data comes from. Aggregated members are fed by a connector;
//! manual members hold what the end user typed in; managed members hold what the
//! partner sends through the `managed_*` routes. A member's accounts and transactions
//! share its origin, so every list can show `is_manual` and
//! `member_is_managed_by_user` without a join.

use crate::ids::InstitutionGuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Origin {
    #[default]
    Aggregated,
    Manual,
    Managed,
}

impl Origin {
    /// What `GET /users/{u}/members` lists: the members the end user manages. Partner
    /// managed members have their own list (`GET /users/{u}/managed_members`).
    pub const USER_MANAGED: [Origin; 2] = [Origin::Aggregated, Origin::Manual];

    pub fn name(self) -> &'static str {
        match self {
            Self::Aggregated => "aggregated",
            Self::Manual => "manual",
            Self::Managed => "managed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Aggregated, Self::Manual, Self::Managed]
            .into_iter()
            .find(|o| o.name() == name)
    }

    /// Only aggregated members have credentials and run jobs.
    pub fn is_aggregated(self) -> bool {
        self == Self::Aggregated
    }

    pub fn is_manual(self) -> bool {
        self == Self::Manual
    }

    /// MX's `is_managed_by_user`: false only for partner-managed data.
    pub fn is_managed_by_user(self) -> bool {
        self != Self::Managed
    }

    /// The origins that pass MX's `is_manual` and `member_is_managed_by_user` list
    /// filters; both absent means every origin.
    pub fn matching(is_manual: Option<bool>, managed_by_user: Option<bool>) -> Vec<Origin> {
        [Self::Aggregated, Self::Manual, Self::Managed]
            .into_iter()
            .filter(|o| is_manual.is_none_or(|m| o.is_manual() == m))
            .filter(|o| managed_by_user.is_none_or(|m| o.is_managed_by_user() == m))
            .collect()
    }
}

/// The institution every user's manual member belongs to. It is not in the
/// catalogue: nobody can search for it or connect to it.
pub const MANUAL_INSTITUTION_CODE: &str = "manual_institution";
pub const MANUAL_INSTITUTION_NAME: &str = "Manual Institution";

/// The guid of an institution by code. The manual institution's starts with
/// `INS-MANUAL`, which is how the Connect widget recognises the manual member.
pub fn institution_guid(code: &str) -> InstitutionGuid {
    if code == MANUAL_INSTITUTION_CODE {
        InstitutionGuid::from_stored("INS-MANUAL-b6f3c1a2-5d0e-4c87-9a41-7e2f08d6c913".to_owned())
    } else {
        InstitutionGuid::derived(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_filters_select_origins() {
        assert_eq!(Origin::matching(None, None).len(), 3);
        assert_eq!(Origin::matching(Some(true), None), [Origin::Manual]);
        assert_eq!(
            Origin::matching(Some(false), None),
            [Origin::Aggregated, Origin::Managed]
        );
        assert_eq!(Origin::matching(None, Some(false)), [Origin::Managed]);
        assert_eq!(
            Origin::matching(Some(true), Some(false)),
            Vec::<Origin>::new()
        );
    }

    #[test]
    fn names_round_trip() {
        for origin in [Origin::Aggregated, Origin::Manual, Origin::Managed] {
            assert_eq!(Origin::parse(origin.name()), Some(origin));
        }
        assert_eq!(Origin::parse("MANUAL"), None);
    }

    #[test]
    fn manual_institution_guid_is_recognisable_and_parses() {
        let guid = institution_guid(MANUAL_INSTITUTION_CODE);
        assert!(guid.as_str().starts_with("INS-MANUAL"));
        assert_eq!(InstitutionGuid::parse(guid.as_str()), Some(guid));
        assert_eq!(
            institution_guid("mxbank"),
            InstitutionGuid::derived("mxbank")
        );
    }
}
