//! What the development server starts with beyond its channels and operators: the
//! `support` channel's greeting, its personal-data policy link and form, and the rating
//! poll offered with `support`'s ratings; `sales` asks for the full personal-data form at
//! sign-up and sends each new chat an info request. One place, so that the start-up
//! sequences' tests and `docs/devserver.md` can say what each flow shows.

use std::collections::BTreeMap;

use iqchannels_proto::{
    FieldValidation, GreetingSettings, PersonalDataField, PersonalDataForm,
    PersonalDataRequestType, PollQuestionScale, PollQuestionType, RatingPoll, RatingPollAnswer,
    RatingPollAnswerId, RatingPollId, RatingPollQuestion, RatingPollQuestionId,
};

/// The seeded rating poll, offered with the ratings of `support`'s chats.
pub(crate) const POLL_ID: RatingPollId = RatingPollId::new(1);

/// The channel whose ratings carry the poll and whose greeting asks for a name only.
pub(crate) const SUPPORT: &str = "support";

/// The channel that asks for the full personal-data form.
pub(crate) const SALES: &str = "sales";

/// The personal-data policy link of every channel.
pub(crate) const POLICY_LINK: &str = "https://example.com/personal-data-policy";

/// The sign-up greeting of channel `name`.
pub(crate) fn greeting(name: &str) -> GreetingSettings {
    let mut greeting = GreetingSettings::default();
    if name == SALES {
        greeting.greeting = Some("Tell us about yourself and a manager will answer".to_owned());
        greeting.greeting_bold = Some("Sales".to_owned());
        greeting.personal_data_request_type = PersonalDataRequestType::FullForm;
    } else {
        greeting.greeting = Some("Hello! Ask us anything".to_owned());
        greeting.greeting_bold = Some("Support".to_owned());
        greeting.personal_data_request_type = PersonalDataRequestType::Default;
    }
    greeting
}

/// The personal-data form of every channel (the widget prefills fields with these names
/// from the client's details).
pub(crate) fn personal_data_form() -> PersonalDataForm {
    let field = |name: &str, required: bool, validation: FieldValidation| {
        let mut field = PersonalDataField::new(name, name);
        field.required = required;
        field.validation_regexp = validation;
        field
    };
    PersonalDataForm::new(vec![
        field("Имя", true, FieldValidation::OnlyLetters),
        field("Email", false, FieldValidation::Email),
        field("Телефон", false, FieldValidation::Phone),
    ])
}

/// The rating poll: an offer first, then one question of each kind; the stars answer
/// the chat's rating.
pub(crate) fn poll() -> RatingPoll {
    let question = |id: i64, text: &str, kind: PollQuestionType| {
        let mut question = RatingPollQuestion::new(RatingPollQuestionId::new(id));
        question.text = text.to_owned();
        question.kind = kind;
        question
    };
    let answer = |id: i64, text: &str, fcr: Option<bool>| {
        let mut answer = RatingPollAnswer::new(RatingPollAnswerId::new(id));
        answer.text = text.to_owned();
        answer.fcr = fcr;
        answer
    };
    let mut stars = question(1, "How did the operator do?", PollQuestionType::Stars);
    stars.as_ticket_rating = true;
    let mut fcr = question(2, "Was your question solved?", PollQuestionType::Fcr);
    fcr.answers = vec![answer(1, "Yes", Some(true)), answer(2, "No", Some(false))];
    let mut list = question(3, "How did you find us?", PollQuestionType::OneOfList);
    list.answers = vec![
        answer(3, "A search engine", None),
        answer(4, "A friend", None),
        answer(5, "An advertisement", None),
    ];
    let mut scale = question(4, "Would you recommend us?", PollQuestionType::Scale);
    let mut labels = BTreeMap::new();
    labels.insert("0".to_owned(), "Never".to_owned());
    labels.insert("10".to_owned(), "Certainly".to_owned());
    let mut range = PollQuestionScale::default();
    range.from_value = 0;
    range.to_value = 10;
    range.items = Some(labels);
    scale.scale = Some(range);
    let input = question(5, "Anything else?", PollQuestionType::Input);
    let mut poll = RatingPoll::new(POLL_ID);
    poll.feedback_thanks = true;
    poll.feedback_thanks_text = "Thank you for your answers".to_owned();
    poll.show_offer = true;
    poll.questions = vec![stars, fcr, list, scale, input];
    poll
}
