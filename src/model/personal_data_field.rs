use crate::primitives::string_enum;
use iqchannels_proto_macros::wire;

string_enum! {
    /// How a [`PersonalDataField`]'s value is checked: `ValidationRegexp`, a preset's name
    /// or, as any other value, a literal regular expression, kept verbatim
    /// (`public-api.md` §4.11).
    ///
    /// ```
    /// use iqchannels_proto::FieldValidation;
    ///
    /// assert_eq!(FieldValidation::from("email"), FieldValidation::Email);
    /// assert_eq!(FieldValidation::from("^[0-9]{4}$").as_str(), "^[0-9]{4}$"); // a pattern
    /// ```
    pub enum FieldValidation {
        /// `""`: no check.
        None = "",
        /// `"only_letters"`.
        OnlyLetters = "only_letters",
        /// `"letters_and_numbers"`.
        LettersAndNumbers = "letters_and_numbers",
        /// `"latin_and_numbers"`.
        LatinAndNumbers = "latin_and_numbers",
        /// `"nickname"`.
        Nickname = "nickname",
        /// `"only_cyrillic"`.
        OnlyCyrillic = "only_cyrillic",
        /// `"only_latin"`.
        OnlyLatin = "only_latin",
        /// `"only_numbers"`.
        OnlyNumbers = "only_numbers",
        /// `"phone"`.
        Phone = "phone",
        /// `"date_of_birth"`.
        DateOfBirth = "date_of_birth",
        /// `"email"`.
        Email = "email",
        /// `"custom"`.
        Custom = "custom",
    }
}

/// A field of a [`PersonalDataForm`](crate::PersonalDataForm) (`public-api.md` §4.11).
///
/// The widget prefills the fields named `Телефон`, `Email`, `Дата Рождения`, `Имя`, `ИНН`,
/// `Фамилия` and `Отчество` from [`ClientDetails`](crate::ClientDetails), and others from its
/// `Fields` by name or label. Every field is written.
#[wire]
pub struct PersonalDataField {
    /// `Name`.
    pub name: String,
    /// `Label`: what to show.
    pub label: String,
    /// `Required`.
    pub required: bool,
    /// `ValidationRegexp`: a preset's name or a pattern.
    pub validation_regexp: FieldValidation,
    /// `CorrespondingField`: the value the client typed (the widget takes at most 25
    /// characters).
    pub corresponding_field: String,
}

impl PersonalDataField {
    /// A field with this name and label; every other field is its zero value.
    pub fn new(name: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: label.into(),
            ..Self::default()
        }
    }
}
