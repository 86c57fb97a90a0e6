//! The end-user messages of member errors (`member.error.user_message`), in the
//! widget's languages: English, Spanish and French (fr and fr-CA).

use polyfin_domain::member::ConnectionStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    Fr,
}

impl Lang {
    /// From a widget language (`polyfin_domain::widget::LANGUAGES`).
    pub fn of(language: &str) -> Self {
        match language.split('-').next().unwrap_or("") {
            "es" => Self::Es,
            "fr" => Self::Fr,
            _ => Self::En,
        }
    }

    /// The `language.locale` prop the widget takes: `en`, `es` or `fr-ca`.
    pub fn widget_locale(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Fr => "fr-ca",
        }
    }
}

/// The message shown for a member in an error status, if it is one.
pub fn user_message(status: ConnectionStatus, lang: Lang) -> Option<&'static str> {
    use ConnectionStatus as S;
    let [en, es, fr] = match status {
        S::Denied => [
            "The credentials you entered are incorrect. Please try again.",
            "Las credenciales que ingresó son incorrectas. Inténtelo de nuevo.",
            "Les identifiants saisis sont incorrects. Veuillez réessayer.",
        ],
        S::Rejected => [
            "The answer you entered is incorrect. Please try again.",
            "La respuesta que ingresó es incorrecta. Inténtelo de nuevo.",
            "La réponse saisie est incorrecte. Veuillez réessayer.",
        ],
        S::Locked => [
            "Your account is locked. Please log in to your institution's website to unlock it.",
            "Su cuenta está bloqueada. Inicie sesión en el sitio web de su institución para desbloquearla.",
            "Votre compte est verrouillé. Connectez-vous au site de votre institution pour le déverrouiller.",
        ],
        S::Impeded => [
            "Your institution needs your attention. Please log in to its website.",
            "Su institución requiere su atención. Inicie sesión en su sitio web.",
            "Votre institution requiert votre attention. Connectez-vous à son site.",
        ],
        S::Expired => [
            "The answer was not provided in time. Please try again.",
            "La respuesta no se proporcionó a tiempo. Inténtelo de nuevo.",
            "La réponse n'a pas été fournie à temps. Veuillez réessayer.",
        ],
        S::Delayed | S::Degraded | S::Failed | S::Disconnected | S::Impaired => [
            "We could not connect to your institution. Please try again later.",
            "No pudimos conectarnos con su institución. Inténtelo más tarde.",
            "Nous n'avons pas pu joindre votre institution. Veuillez réessayer plus tard.",
        ],
        S::Prevented | S::Disabled | S::Discontinued | S::Closed | S::Imported => [
            "This connection can no longer be updated.",
            "Esta conexión ya no se puede actualizar.",
            "Cette connexion ne peut plus être mise à jour.",
        ],
        _ => return None,
    };
    Some(match lang {
        Lang::En => en,
        Lang::Es => es,
        Lang::Fr => fr,
    })
}

/// Verification found no checking or savings account with account numbers.
pub fn no_eligible_accounts(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "We could not find an eligible checking or savings account to verify.",
        Lang::Es => "No encontramos una cuenta de cheques o de ahorros que se pueda verificar.",
        Lang::Fr => "Nous n'avons trouvé aucun compte chèques ou épargne admissible à vérifier.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_messages() {
        assert_eq!(Lang::of("fr-CA"), Lang::Fr);
        assert_eq!(Lang::of("es"), Lang::Es);
        assert_eq!(Lang::of("en-US"), Lang::En);
        assert_eq!(Lang::Fr.widget_locale(), "fr-ca");
        assert!(user_message(ConnectionStatus::Connected, Lang::En).is_none());
        let denied = user_message(ConnectionStatus::Denied, Lang::Es).unwrap_or_default();
        assert!(denied.contains("incorrectas"));
    }
}
