//! Widget URLs (MX spec §6.1): which widgets exist, which options they take, and the
//! language a session is shown in. The options are stored with the URL's one-time
//! token for the page that will serve the widget.

use crate::supplied::InvalidField;
use crate::text;
use serde::{Deserialize, Serialize};
use time::Duration;

/// Every widget type MX hands URLs for: the six the spec names and the rest of the
/// `Type` enum of MX's web widget SDK.
pub const WIDGET_TYPES: [&str; 19] = [
    "accounts_widget",
    "budgets_widget",
    "connect_widget",
    "connections_widget",
    "debts_widget",
    "finstrong_widget",
    "goals_widget",
    "help_widget",
    "master_widget",
    "micro_pulse_carousel_widget",
    "mini_budgets_widget",
    "mini_finstrong_widget",
    "mini_pulse_carousel_widget",
    "mini_spending_widget",
    "pulse_widget",
    "settings_widget",
    "spending_widget",
    "transactions_widget",
    "trends_widget",
];

/// Widget languages (seed: `Accept-Language` on the widget URL request).
pub const LANGUAGES: [&str; 5] = ["en-US", "en-CA", "es", "fr", "fr-CA"];
pub const DEFAULT_LANGUAGE: &str = "en-US";
/// A widget URL works once, within this long (MX: "ten minutes or upon first use").
pub const URL_LIFETIME: Duration = Duration::minutes(10);

const COLOR_SCHEMES: [&str; 3] = ["light", "dark", "browser"];
const MODES: [&str; 4] = ["aggregation", "verification", "reward", "tax"];
const REFERRAL_SOURCES: [&str; 2] = ["APP", "BROWSER"];
const USE_CASES: [&str; 2] = ["MONEY_MOVEMENT", "PFM"];

/// The options of `POST /users/{u}/widget_urls` (and the deprecated Connect URL's
/// `config`), named as on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WidgetOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub widget_type: Option<String>,
    pub client_redirect_url: Option<String>,
    pub color_scheme: Option<String>,
    pub connections_use_case_filter: Option<bool>,
    pub current_institution_code: Option<String>,
    pub current_institution_guid: Option<String>,
    pub current_member_guid: Option<String>,
    pub current_microdeposit_guid: Option<String>,
    pub disable_background_agg: Option<bool>,
    pub disable_institution_search: Option<bool>,
    pub enable_app2app: Option<bool>,
    pub include_identity: Option<bool>,
    pub include_transactions: Option<bool>,
    pub insight_guid: Option<String>,
    pub iso_country_code: Option<Vec<String>>,
    pub is_mobile_webview: Option<bool>,
    pub microwidget_instance_id: Option<String>,
    pub mode: Option<String>,
    pub oauth_referral_source: Option<String>,
    pub ui_message_version: Option<i64>,
    pub ui_message_webview_url_scheme: Option<String>,
    pub update_credentials: Option<bool>,
    pub use_cases: Option<Vec<String>>,
    pub wait_for_full_aggregation: Option<bool>,
}

impl WidgetOptions {
    /// Checks the options on their own; `envelope` names the body's key in messages.
    /// Whether the member or institution named exists is the engine's to check.
    pub fn checked(mut self, envelope: &str) -> Result<Self, InvalidField> {
        let field = |name: &str| format!("{envelope}.{name}");
        let kind = self
            .widget_type
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                let f = field("widget_type");
                InvalidField::new(&f, format!("{f} is required."))
            })?
            .to_ascii_lowercase();
        if !WIDGET_TYPES.contains(&kind.as_str()) {
            let f = field("widget_type");
            return Err(InvalidField::new(
                &f,
                format!("{f} must be one of {}.", WIDGET_TYPES.join(", ")),
            ));
        }
        self.widget_type = Some(kind);
        self.color_scheme = choice(&field("color_scheme"), self.color_scheme, &COLOR_SCHEMES)?;
        self.mode = choice(&field("mode"), self.mode, &MODES)?;
        self.oauth_referral_source = choice(
            &field("oauth_referral_source"),
            self.oauth_referral_source,
            &REFERRAL_SOURCES,
        )?;
        for item in self.use_cases.iter().flatten() {
            if !USE_CASES.contains(&item.as_str()) {
                let f = field("use_cases");
                return Err(InvalidField::new(
                    &f,
                    format!("{f} items must be MONEY_MOVEMENT or PFM."),
                ));
            }
        }
        self.check_rest(&field)?;
        Ok(self)
    }

    fn check_rest(&self, field: &dyn Fn(&str) -> String) -> Result<(), InvalidField> {
        let pins = [
            &self.current_institution_code,
            &self.current_institution_guid,
            &self.current_member_guid,
        ];
        if self.disable_institution_search == Some(true) && pins.iter().all(|p| p.is_none()) {
            let f = field("disable_institution_search");
            return Err(InvalidField::new(
                &f,
                format!("{f} needs current_institution_code, current_institution_guid or current_member_guid."),
            ));
        }
        if self.ui_message_version.is_some_and(|v| v < 1) {
            let f = field("ui_message_version");
            return Err(InvalidField::new(
                &f,
                format!("{f} must be a positive version (4)."),
            ));
        }
        self.check_texts(field)
    }

    fn check_texts(&self, field: &dyn Fn(&str) -> String) -> Result<(), InvalidField> {
        if let Some(scheme) = &self.ui_message_webview_url_scheme {
            let valid = scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.len() <= 64
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if !valid {
                let f = field("ui_message_webview_url_scheme");
                return Err(InvalidField::new(
                    &f,
                    format!("{f} must be a URL scheme such as myapp."),
                ));
            }
        }
        for code in self.iso_country_code.iter().flatten() {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                let f = field("iso_country_code");
                return Err(InvalidField::new(
                    &f,
                    format!("{f} items must be two-letter codes."),
                ));
            }
        }
        for value in [
            &self.client_redirect_url,
            &self.insight_guid,
            &self.microwidget_instance_id,
            &self.current_institution_code,
        ]
        .into_iter()
        .flatten()
        {
            if value.chars().count() > text::MAX_SHORT_TEXT * 8 {
                let f = field("options");
                return Err(InvalidField::new(&f, format!("{f}: a value is too long.")));
            }
        }
        Ok(())
    }
}

/// One of `allowed`, matched without regard to case and stored in the allowed form.
fn choice(
    field: &str,
    value: Option<String>,
    allowed: &[&str],
) -> Result<Option<String>, InvalidField> {
    match value {
        None => Ok(None),
        Some(v) => allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v.trim()))
            .map(|a| Some((*a).to_owned()))
            .ok_or_else(|| {
                InvalidField::new(
                    field,
                    format!("{field} must be one of {}.", allowed.join(", ")),
                )
            }),
    }
}

/// The widget language for an `Accept-Language` header: the first tag a widget
/// speaks (a region-less match counts: `fr-FR` gives `fr`), else en-US. Never an error.
pub fn language(accept_language: Option<&str>) -> &'static str {
    let tags = accept_language
        .unwrap_or("")
        .split(',')
        .map(|part| part.split(';').next().unwrap_or("").trim());
    for tag in tags {
        if let Some(exact) = LANGUAGES.iter().find(|l| l.eq_ignore_ascii_case(tag)) {
            return exact;
        }
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(close) = LANGUAGES.iter().find(|l| l.eq_ignore_ascii_case(primary)) {
            return close;
        }
        if primary.eq_ignore_ascii_case("en") {
            return DEFAULT_LANGUAGE;
        }
    }
    DEFAULT_LANGUAGE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(kind: &str) -> WidgetOptions {
        WidgetOptions {
            widget_type: Some(kind.into()),
            ..Default::default()
        }
    }

    #[test]
    fn every_type_is_accepted_and_unknown_ones_are_not() {
        for kind in WIDGET_TYPES {
            assert!(options(kind).checked("widget_url").is_ok(), "{kind}");
        }
        let unknown = options("nope_widget")
            .checked("widget_url")
            .expect_err("unknown");
        assert_eq!(unknown.field, "widget_url.widget_type");
        let missing = WidgetOptions::default()
            .checked("widget_url")
            .expect_err("missing");
        assert_eq!(missing.field, "widget_url.widget_type");
    }

    #[test]
    fn choices_and_combinations() {
        let mut o = options("connect_widget");
        o.color_scheme = Some("DARK".into());
        assert_eq!(
            o.checked("widget_url")
                .expect("dark")
                .color_scheme
                .as_deref(),
            Some("dark")
        );
        let mut o = options("connect_widget");
        o.mode = Some("sideways".into());
        assert_eq!(o.checked("config").expect_err("mode").field, "config.mode");
        let mut o = options("connect_widget");
        o.disable_institution_search = Some(true);
        assert_eq!(
            o.clone().checked("widget_url").expect_err("alone").field,
            "widget_url.disable_institution_search"
        );
        o.current_institution_code = Some("mxbank".into());
        assert!(o.checked("widget_url").is_ok());
    }

    #[test]
    fn languages() {
        assert_eq!(language(None), "en-US");
        assert_eq!(language(Some("fr-CA")), "fr-CA");
        assert_eq!(language(Some("fr-FR,fr;q=0.9")), "fr");
        assert_eq!(language(Some("de-DE, es;q=0.5")), "es");
        assert_eq!(language(Some("en-GB")), "en-US");
        assert_eq!(language(Some("en-ca")), "en-CA");
        assert_eq!(language(Some("*")), "en-US");
    }
}
